// Package match ranks a knowledge base's entries against an analysed
// question.
//
// An [Index] is built once per knowledge base from its entries ([Doc]s).
// [Index.Annotate] says what each of a question's words is to the
// knowledge base (one of its words, an ordinary English word, a misspelling
// of one of its words, or unknown); [Index.Rank] then scores every entry
// with three signals and says how much of the question each covers:
//
//   - BM25 over an entry's title, questions, keywords and answer;
//   - the cosine similarity of the question to the entry's closest single
//     phrasing, with pairs of adjacent words for word order;
//   - a classifier trained on the entries' phrasings when the index is
//     built (see learn.go), which learns which words tell entries apart.
//
// Words in the sentences that ask count more than the story around them.
// The package knows nothing of files or Discord: it reads [text.Query]s.
package match

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/faqbot/faqbot/knowledge/text"
)

// A Doc is one entry as the matcher sees it.
type Doc struct {
	Phrasings []string // the title first, then the other questions
	Keywords  []string
	Body      string
	// NotCovered marks a topic the knowledge base does not answer: its
	// phrasings are members' questions about it, and a question closest
	// to them is one to say no to. It has no title and no body.
	NotCovered bool
}

// BM25 parameters, the usual values.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Field weights: how many times a word counts when it appears in each part
// of an entry.
const (
	weightTitle    = 3
	weightQuestion = 2
	weightKeyword  = 3
	weightBody     = 1
)

// bigramWeight discounts a pair of adjacent words against single words.
const bigramWeight = 0.5

// subjectShare is the share of entries whose titles must use a word for it
// to count as a subject word of the knowledge base ("ketamine").
const subjectShare = 0.6

type posting struct {
	doc int32
	bm  float32 // the term's BM25 weight in the doc, before idf
}

type phrPosting struct {
	phr int32
	w   float32
}

// A phrasing is what scoring reads of one title, question or keyword
// phrase, kept together because a large base's question touches tens of
// thousands of them in no order a cache can guess.
type phrasing struct {
	doc            int32
	norm           float32
	pairLo, pairHi int32 // its pairs are pairs[pairLo:pairHi]
}

type pairWeight struct {
	key uint64
	w   float32
}

// An Index is the search structure of one knowledge base. It is immutable
// once built and safe for concurrent use.
type Index struct {
	v       *text.Vocabulary
	ndocs   int
	terms   map[string]int32 // stem → term id
	idf     []float32
	post    [][]posting // term → docs using it, sorted by doc
	phr     []phrasing
	phrPost [][]phrPosting
	pairs   []pairWeight
	exact   map[string]int32
	fix     corrector
	subject map[string]bool // stems that name the knowledge base's subject
	// subjectDocs holds, per term id of a subject stem, a bitset of the
	// docs using it: every touched doc is checked against the subjects a
	// question names (see required), and a bit test is what keeps that
	// cheap on a large base.
	subjectDocs map[int32][]uint64
	maxIDF      float32
	pool        sync.Pool   // of *scratch sized for this index
	learned     *classifier // nil when the base is too large to train on at load
	// incidental holds, per doc, the sorted ids of the terms it uses in
	// few of its member-style phrasings (fewer than one in incidentalShare,
	// or one) and nowhere else (not its title, keywords or answer): words
	// of members' stories ("my grandkids joke about it"), which the entry
	// does not speak of.
	incidental [][]int32
	// notCovered marks the docs that are topics the base does not cover.
	notCovered []bool
}

// SubjectWords name what a knowledge base is about beyond its titles: a
// question naming one of them is about the base's subject even when it
// also uses words the base does not know.
var SubjectWords = []string{"ketamine", "esketamine", "buprenorphine", "methadone", "naltrexone"}

// New builds the index of docs. Phrase keys for exact matching are worked
// out with v, which must be the vocabulary questions are annotated with.
func New(docs []Doc, v *text.Vocabulary) *Index {
	b := newBuilder(docs, v)
	b.count()
	x := b.x
	b.weigh()
	x.subjectDocs = map[int32][]uint64{}
	for st := range x.subject {
		if id, ok := x.terms[st]; ok {
			bits := make([]uint64, (x.ndocs+63)/64)
			for _, p := range x.post[id] {
				bits[p.doc/64] |= 1 << (p.doc % 64)
			}
			x.subjectDocs[id] = bits
		}
	}
	b.phrasingVectors()
	x.fix = newCorrector(b.correctable(), b.df)
	x.post = compact(x.post)
	x.phrPost = compact(x.phrPost)
	x.pairs = slices.Clip(slices.Clone(x.pairs))
	if len(docs) <= maxLearnDocs {
		x.learned = train(docs, v, x)
	}
	return x
}

// builder holds what building an index needs and the index does not.
type builder struct {
	x        *Index
	docs     []Doc
	phrStems [][][]string // doc → phrasing → stems
	docLen   []float32
	titleDF  map[string]int
	// careful are the words of titles, keywords and answers, and
	// carefulFix a corrector over them (see spell).
	careful    map[string]bool
	carefulFix corrector
	phrVoc     map[string]bool  // canonical words of titles, questions and keywords
	bodies     [][]text.Term    // see bodyTerms
	df         map[string]int32 // canonical word → docs using it
}

func newBuilder(docs []Doc, v *text.Vocabulary) *builder {
	x := &Index{v: v, ndocs: len(docs), terms: map[string]int32{}, exact: map[string]int32{}, subject: map[string]bool{}, notCovered: make([]bool, len(docs))}
	for i, d := range docs {
		x.notCovered[i] = d.NotCovered
	}
	for _, w := range SubjectWords {
		x.subject[v.Remember(w)] = true
	}
	return &builder{x: x, docs: docs, phrStems: make([][][]string, len(docs)), docLen: make([]float32, len(docs)),
		titleDF: map[string]int{}, phrVoc: map[string]bool{}, df: map[string]int32{}}
}

func (b *builder) termID(stem string) int32 {
	id, ok := b.x.terms[stem]
	if !ok {
		id = int32(len(b.x.post))
		b.x.terms[stem] = id
		b.x.post = append(b.x.post, nil)
		b.x.phrPost = append(b.x.phrPost, nil)
	}
	return id
}

// terms returns the terms of s, remembering every word's stem: Snowball
// runs once per word of the base, not once per use.
func (b *builder) terms(s string) []text.Term {
	ts := b.x.v.Terms(text.Analyze(s).Words)
	for _, t := range ts {
		b.x.v.Keep(t.Canon, t.Stem)
	}
	return ts
}

// bodyTerms returns the terms of doc di's answer. They are worked out
// again each time rather than kept: kept, the answers of a large base
// doubled the memory a load peaks at.
func (b *builder) bodyTerms(di int) []text.Term { return b.terms(b.docs[di].Body) }

// spelled collects the words of what moderators write with care (titles,
// keywords, answers) and a corrector over them, for spell.
func (b *builder) spelled() {
	words, df := map[string]bool{}, map[string]int32{}
	for di, d := range b.docs {
		texts := slices.Clone(d.Keywords)
		if !d.NotCovered && len(d.Phrasings) > 0 {
			texts = append(texts, d.Phrasings[0])
		}
		count := func(ts []text.Term) {
			for _, t := range ts {
				if !t.Stop && !words[t.Canon] {
					words[t.Canon] = true
					df[t.Canon]++
				}
			}
		}
		count(b.bodyTerms(di))
		for _, s := range texts {
			count(b.terms(s))
		}
	}
	b.careful, b.carefulFix = words, newCorrector(words, df)
}

// spell reads a misspelt word of a member-style phrasing ("efective") as
// the word the entries spell right ("effective"): phrasings are written
// with members' typos on purpose, for the classifier, but a typo must not
// become a word of the index, or a member's own typo ("efects") is no
// longer corrected. Dictionary words and numbers are left as they are.
func (b *builder) spell(t text.Term) text.Term {
	if b.careful[t.Canon] || text.IsWord(t.Canon) || isNumber(t.Canon) {
		return t
	}
	if c := b.carefulFix.correct(t.Canon); c != "" && c != t.Canon {
		t.Canon, t.Stem = c, b.x.v.Stem(c)
	}
	return t
}

// count counts every doc's terms, field-weighted, and records phrasings.
func (b *builder) count() {
	b.spelled()
	tf := map[int32]float32{}
	seenCanon := map[string]bool{}
	// speaks counts, per term, the member-style phrasings using it; a
	// term of the title, keywords or answer counts as many.
	speaks := map[int32]int{}
	seen := map[int32]bool{}
	b.x.incidental = make([][]int32, len(b.docs))
	for di, d := range b.docs {
		clear(tf)
		clear(seenCanon)
		clear(speaks)
		main := false // the text being added is the title, a keyword or the answer
		add := func(ts []text.Term, weight float32, phrasing bool) []string {
			var stems []string
			clear(seen)
			for _, t := range ts {
				if t.Stop {
					continue
				}
				if phrasing {
					t = b.spell(t)
				}
				b.x.v.Keep(t.Canon, t.Stem)
				id := b.termID(t.Stem)
				if !seen[id] {
					seen[id] = true
					speaks[id]++
					if main {
						speaks[id] += 2
					}
				}
				tf[id] += weight
				b.docLen[di] += weight
				if !seenCanon[t.Canon] {
					seenCanon[t.Canon] = true
					b.df[t.Canon]++
				}
				if phrasing {
					b.phrVoc[t.Canon] = true
					stems = append(stems, t.Stem)
				}
			}
			return stems
		}
		for i, p := range d.Phrasings {
			title := i == 0 && !d.NotCovered
			w := float32(weightQuestion)
			if title {
				w = weightTitle
			}
			main = title
			ts := b.terms(p)
			b.phrStems[di] = append(b.phrStems[di], add(ts, w, true))
			if key := b.x.v.Key(ts); key != "" {
				b.x.exact[key] = int32(di)
			}
			if title {
				for _, st := range uniq(b.phrStems[di][0]) {
					b.titleDF[st]++
				}
			}
		}
		main = true
		for _, k := range d.Keywords {
			b.phrStems[di] = append(b.phrStems[di], add(b.terms(k), weightKeyword, true))
		}
		add(b.bodyTerms(di), weightBody, false)
		for t, f := range tf {
			b.x.post[t] = append(b.x.post[t], posting{doc: int32(di), bm: f}) // tf for now; see weigh
			if speaks[t] < max(2, len(d.Phrasings)/incidentalShare) && !d.NotCovered {
				b.x.incidental[di] = append(b.x.incidental[di], t)
			}
		}
		slices.Sort(b.x.incidental[di])
	}
	for _, ps := range b.x.post {
		sort.Slice(ps, func(i, j int) bool { return ps[i].doc < ps[j].doc })
	}
}

// weigh works out idf and each posting's BM25 weight, and the subject
// words: stems in the titles of most entries.
func (b *builder) weigh() {
	x := b.x
	n := float64(x.ndocs)
	x.idf = make([]float32, len(x.post))
	for t, ps := range x.post {
		df := float64(len(ps))
		x.idf[t] = float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
		x.maxIDF = max(x.maxIDF, x.idf[t])
	}
	var total float32
	for _, l := range b.docLen {
		total += l
	}
	avg := total / float32(max(x.ndocs, 1))
	for _, ps := range x.post {
		for i := range ps {
			f, norm := ps[i].bm, bm25K1*(1-bm25B+bm25B*b.docLen[ps[i].doc]/avg)
			ps[i].bm = f * (bm25K1 + 1) / (f + norm)
		}
	}
	for st, df := range b.titleDF {
		if x.ndocs >= 5 && float64(df) >= subjectShare*n {
			x.subject[st] = true
		}
	}
}

// phrasingVectors makes each title, question and keyword its own short
// document for cosine similarity, with its pairs of adjacent words.
func (b *builder) phrasingVectors() {
	x := b.x
	seen := map[int32]bool{}
	for di := range b.docs {
		for _, stems := range b.phrStems[di] {
			if len(stems) == 0 {
				continue
			}
			pi := int32(len(x.phr))
			var norm float32
			clear(seen)
			for _, st := range stems {
				id := x.terms[st]
				if seen[id] {
					continue
				}
				seen[id] = true
				w := x.idf[id]
				norm += w * w
				x.phrPost[id] = append(x.phrPost[id], phrPosting{phr: pi, w: w})
			}
			start := len(x.pairs)
			for i := 0; i+1 < len(stems); i++ {
				a, c := x.terms[stems[i]], x.terms[stems[i+1]]
				k := pairKey(a, c)
				if slices.ContainsFunc(x.pairs[start:], func(p pairWeight) bool { return p.key == k }) {
					continue
				}
				w := x.pairW(a, c)
				norm += w * w
				x.pairs = append(x.pairs, pairWeight{k, w})
			}
			x.phr = append(x.phr, phrasing{doc: int32(di), norm: float32(math.Sqrt(float64(norm))), pairLo: int32(start), pairHi: int32(len(x.pairs))})
		}
	}
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// pairW is the weight of a pair of adjacent words: bigramWeight times the
// lighter word's idf, so a rare pairing of common words counts for little.
func (x *Index) pairW(a, b int32) float32 { return bigramWeight * min(x.idf[a], x.idf[b]) }

// incidentalShare: a word of one phrasing in ten or more is one an entry
// speaks of, even if its answer does not use it ("pee" for the bladder).
const incidentalShare = 10

// speaksOf reports whether doc speaks of term id: uses it in its title,
// keywords or answer, or in enough of its phrasings.
func (x *Index) speaksOf(id int32, doc int32) bool {
	if !x.has(id, doc) {
		return false
	}
	_, incidental := slices.BinarySearch(x.incidental[doc], id)
	return !incidental
}

// has reports whether doc uses term id anywhere.
func (x *Index) has(id int32, doc int32) bool {
	ps := x.post[id]
	i := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= doc })
	return i < len(ps) && ps[i].doc == doc
}

// NotCovered reports whether doc is a topic the knowledge base does not
// cover.
func (x *Index) NotCovered(doc int) bool { return x.notCovered[doc] }

// Exact returns the doc whose title or question the query is, word for
// word after folding case, punctuation, synonyms and stems.
func (x *Index) Exact(q *text.Query) (int, bool) {
	d, ok := x.exact[x.v.Key(q.Terms)]
	return int(d), ok
}

// compact moves lists grown by append into one array of exactly their
// total size: an index lives long, and append's spare capacity would
// otherwise stay with it.
func compact[T any](lists [][]T) [][]T {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	all := make([]T, 0, n)
	for i, l := range lists {
		start := len(all)
		all = append(all, l...)
		lists[i] = all[start:len(all):len(all)]
	}
	return lists
}

func uniq(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// correctable returns the words a misspelling may be read as: the words of
// titles, questions and keywords, and the vocabulary's aliases of them.
// An alias never reaches the index (the vocabulary turns "spravato" into
// "esketamine" first), so without it "spravado" would be read as nothing.
// An alias counts as used as widely as the word it stands for.
func (b *builder) correctable() map[string]bool {
	words := maps.Clone(b.phrVoc)
	for from, to := range b.x.v.Synonyms() {
		if b.phrVoc[to] && !strings.Contains(from, " ") {
			words[from] = true
			b.df[from] = max(b.df[from], b.df[to])
		}
	}
	return words
}
