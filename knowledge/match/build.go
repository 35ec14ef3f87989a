package match

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/faqbot/faqbot/knowledge/text"
)

// Building an index reads every text of every doc once: GOMAXPROCS
// goroutines analyse runs of docs into word ids (analyse), and the
// counting that follows works on those ids with plain arrays rather than
// on strings with maps. Analysing (cleaning, tokenizing, stemming) was most
// of the time a large base took to load, and each answer was analysed
// twice.

// A word is one canonical word of the docs' texts.
type word struct {
	canon, stem string
	stop        bool
}

// builder holds what building an index needs and the index does not.
type builder struct {
	x    *Index
	docs []Doc
	// texts holds each doc's texts as ids, content words only (no
	// stopwords): its phrasings, then its keywords, then its answer, are
	// texts[textLo[di]:textLo[di+1]]. They hold word ids until terms
	// turns them into term ids.
	texts  [][]int32
	textLo []int32
	keys   [][]string   // per doc, its phrasings' keys
	feats  [][][]uint32 // per doc, its phrasings' and keywords' classifier features; nil for a base too large to train on
	words  []word       // word id → the word
	byWord map[string]int32
	docLen []float32
	// Per word id: in a title, question or keyword once spelt (see spell),
	// and how many docs use it.
	phrVoc []bool
	df     []int32
	// Per term id: its stem, how many docs use it, in their phrasings
	// and anywhere, how many phrasings use it, and how many titles.
	stems                     []string
	postN, nearN, phrN, title []int32
	careful                   []bool     // per word id: see spelled
	carefulFix                *corrector // see fixCareful
}

func newBuilder(docs []Doc, v *text.Vocabulary) *builder {
	x := &Index{v: v, ndocs: len(docs), terms: map[string]int32{}, exact: map[string]int32{}, subject: map[string]bool{}, notCovered: make([]bool, len(docs))}
	for i, d := range docs {
		x.notCovered[i] = d.NotCovered
	}
	for _, w := range SubjectWords {
		x.subject[v.Remember(w)] = true
	}
	return &builder{x: x, docs: docs, docLen: make([]float32, len(docs))}
}

// The kinds of a doc's texts, for how much a word in one counts.
type textKind uint8

const (
	kindTitle textKind = iota
	kindQuestion
	kindKeyword
	kindBody
)

// kind returns the kind of text ti of doc d (see builder.texts).
func kind(d *Doc, ti int) textKind {
	switch {
	case ti == 0 && !d.NotCovered && len(d.Phrasings) > 0:
		return kindTitle
	case ti < len(d.Phrasings):
		return kindQuestion
	case ti < len(d.Phrasings)+len(d.Keywords):
		return kindKeyword
	}
	return kindBody
}

// docTexts returns doc di's texts.
func (b *builder) docTexts(di int) [][]int32 { return b.texts[b.textLo[di]:b.textLo[di+1]] }

// minPart is the fewest docs worth a goroutine of their own.
const minPart = 64

// parts splits [0, n) into contiguous runs, one per goroutine.
func parts(n int) [][2]int {
	k := max(1, min(runtime.GOMAXPROCS(0), n/minPart))
	out := make([][2]int, k)
	for i := range out {
		out[i] = [2]int{i * n / k, (i + 1) * n / k}
	}
	return out
}

// An analyser analyses a run of docs for one goroutine, with a word table
// of its own.
type analyser struct {
	v     *text.Vocabulary // remembers stems for this goroutine only
	learn bool             // work out the classifier's features too
	ids   map[string]int32
	words []word
	arena []int32    // the texts' word ids, one after another
	ends  []int      // where each text ends in arena
	feats [][]uint32 // the current doc's classifier features, with learn
	// an and terms are one text's analysis and terms, reused text after
	// text: most of what a load allocated was these, thrown away at once.
	an    text.Analyzer
	terms []text.Term
}

// An Analysis is docs analysed for an index: the first and slowest step
// of building one, which a caller may take ahead to read the phrasings'
// exact-match keys (Keys) before it builds the index (Index). The loader
// checks that no two entries share a phrasing that way, without analysing
// every phrasing a second time.
type Analysis struct {
	docs  []Doc
	v     *text.Vocabulary
	parts []*analyser
	keys  [][]string   // per doc, its phrasings' keys
	feats [][][]uint32 // per doc, the classifier's features of its phrasings and keywords, when it will be trained
}

// Analyse analyses every text of docs once, in GOMAXPROCS goroutines, for
// an index whose questions are annotated with v.
func Analyse(docs []Doc, v *text.Vocabulary) *Analysis {
	a := &Analysis{docs: docs, v: v, keys: make([][]string, len(docs))}
	if len(docs) <= maxLearnDocs {
		a.feats = make([][][]uint32, len(docs))
	}
	a.parts = analyseDocs(docs, v, a.keys, a.feats)
	return a
}

// Keys returns the exact-match keys of doc's phrasings (Vocabulary.Key
// of their terms), in order.
func (a *Analysis) Keys(doc int) []string { return a.keys[doc] }

// Index builds the index of the analysed docs followed by more, which it
// analyses first (the not-covered topics: a few).
func (a *Analysis) Index(more []Doc) *Index {
	docs := slices.Concat(a.docs, more)
	keys := slices.Concat(a.keys, make([][]string, len(more)))
	var feats [][][]uint32
	if a.feats != nil && len(docs) <= maxLearnDocs {
		feats = slices.Concat(a.feats, make([][][]uint32, len(more)))
	}
	parts := slices.Concat(a.parts, analyseDocs(more, a.v, keys[len(a.docs):], feats[min(len(a.docs), len(feats)):]))
	b := newBuilder(docs, a.v)
	b.keys, b.feats = keys, feats
	b.merge(parts)
	return b.build()
}

// analyseDocs analyses docs in parallel, each goroutine a run of them,
// and sets keys[i] to doc i's phrasings' keys, and feats[i] (when feats
// is not nil) to the classifier's features of its phrasings and keywords.
func analyseDocs(docs []Doc, v *text.Vocabulary, keys [][]string, feats [][][]uint32) []*analyser {
	ps := parts(len(docs))
	as := make([]*analyser, len(ps))
	var wg sync.WaitGroup
	for i, p := range ps {
		a := &analyser{v: v, ids: map[string]int32{}, learn: feats != nil}
		if len(ps) > 1 {
			// v is shared: each goroutine remembers stems in a copy.
			a.v = v.Fork()
		}
		as[i] = a
		wg.Go(func() {
			for di := p[0]; di < p[1]; di++ {
				keys[di] = a.doc(&docs[di])
				if a.learn {
					feats[di], a.feats = a.feats, nil
				}
			}
			a.an, a.terms = text.Analyzer{}, nil // an Analysis is kept; its scratch is not
		})
	}
	wg.Wait()
	return as
}

// doc analyses one doc's texts and returns its phrasings' keys; with
// learn set, it leaves the classifier's features of its phrasings and
// keywords in a.feats.
func (a *analyser) doc(d *Doc) []string {
	keys := make([]string, 0, len(d.Phrasings))
	for _, p := range d.Phrasings {
		keys = append(keys, a.v.Key(a.text(p, a.learn)))
	}
	for _, k := range d.Keywords {
		a.text(k, a.learn)
	}
	a.text(d.Body, false)
	return keys
}

// text analyses s, adds its content words to the arena as one text, and
// returns its terms; with learn, it adds the classifier's features of s
// to a.feats.
func (a *analyser) text(s string, learn bool) []text.Term {
	q := a.an.Analyze(s)
	a.terms = a.v.AppendTerms(a.terms[:0], q.Words)
	ts := a.terms
	if learn {
		a.feats = append(a.feats, features(ts, q.Sentences))
	}
	for _, t := range ts {
		id, ok := a.ids[t.Canon]
		if !ok {
			id = int32(len(a.words))
			a.ids[t.Canon] = id
			a.words = append(a.words, word{t.Canon, t.Stem, t.Stop})
			a.v.Keep(t.Canon, t.Stem) // Snowball runs once per word
		}
		if !t.Stop {
			a.arena = append(a.arena, id)
		}
	}
	a.ends = append(a.ends, len(a.arena))
	return ts
}

// merge numbers the words of every analyser in one table, in order, and
// lays out b.texts. The vocabulary keeps every word's stem, so a question
// using the word needs no Snowball.
func (b *builder) merge(as []*analyser) {
	b.byWord = map[string]int32{}
	n := 0
	for _, a := range as {
		n += len(a.ends)
	}
	b.texts = make([][]int32, 0, n)
	for _, a := range as {
		global := make([]int32, len(a.words))
		for i, w := range a.words {
			g, ok := b.byWord[w.canon]
			if !ok {
				g = int32(len(b.words))
				b.byWord[w.canon] = g
				b.words = append(b.words, w)
				b.x.v.Keep(w.canon, w.stem)
			}
			global[i] = g
		}
		for i, id := range a.arena {
			a.arena[i] = global[id]
		}
		start := 0
		for _, end := range a.ends {
			b.texts = append(b.texts, a.arena[start:end:end])
			start = end
		}
	}
	b.textLo = make([]int32, len(b.docs)+1)
	for di, d := range b.docs {
		b.textLo[di+1] = b.textLo[di] + int32(len(d.Phrasings)+len(d.Keywords)+1)
	}
}

// spelled marks the words of what moderators write with care (titles,
// keywords, answers), for spell.
func (b *builder) spelled() {
	b.careful = make([]bool, len(b.words))
	for di := range b.docs {
		for ti, t := range b.docTexts(di) {
			if kind(&b.docs[di], ti) == kindQuestion {
				continue
			}
			for _, w := range t {
				b.careful[w] = true
			}
		}
	}
}

// fixCareful returns a corrector over the careful words, made the first
// time a phrasing's word needs one: most bases' phrasings use few words
// their answers do not, and the corrector of a large base's answers is
// megabytes of garbage.
func (b *builder) fixCareful() *corrector {
	if b.carefulFix == nil {
		df := map[string]int32{}
		for w, careful := range b.careful {
			if careful {
				df[b.words[w].canon] = 1 // each word counts once: ties go by spelling
			}
		}
		c := newCorrector(df)
		b.carefulFix = &c
	}
	return b.carefulFix
}

// spell returns the word a word of a member-style phrasing is read as:
// a misspelt word ("efective") as the word the entries spell right
// ("effective"). Phrasings are written with members' typos on purpose, for
// the classifier, but a typo must not become a word of the index, or a
// member's own typo ("efects") is no longer corrected. Dictionary words
// and numbers are left as they are.
func (b *builder) spell(w int32) int32 {
	c := b.words[w].canon
	if b.careful[w] || text.IsWord(c) || isNumber(c) {
		return w
	}
	if fix := b.fixCareful().correct(c); fix != "" && fix != c {
		return b.byWord[fix] // a careful word: in the table
	}
	return w
}

// terms turns the texts' word ids into term ids (a phrasing's words once
// spelt), numbering the terms, and counts the docs using each word and
// each term.
func (b *builder) terms() {
	spelt := make([]int32, len(b.words))
	for w := range spelt {
		spelt[w] = -1
	}
	termOf := make([]int32, len(b.words))
	for w := range termOf {
		termOf[w] = -1
	}
	b.phrVoc, b.df = make([]bool, len(b.words)), make([]int32, len(b.words))
	wordSeen := make([]int32, len(b.words)) // the last doc using it, plus one
	var termSeen []int32
	for di := range b.docs {
		for ti, t := range b.docTexts(di) {
			phrasing := kind(&b.docs[di], ti) != kindBody
			for i, w := range t {
				if phrasing {
					if spelt[w] < 0 {
						spelt[w] = b.spell(w)
					}
					w = spelt[w]
					b.phrVoc[w] = true
				}
				if wordSeen[w] != int32(di+1) {
					wordSeen[w] = int32(di + 1)
					b.df[w]++
				}
				if termOf[w] < 0 {
					termOf[w] = b.termID(b.words[w].stem)
					if len(termSeen) < len(b.stems) {
						termSeen = append(termSeen, 0)
					}
				}
				id := termOf[w]
				if termSeen[id] != int32(di+1) {
					termSeen[id] = int32(di + 1)
					b.postN[id]++
				}
				t[i] = id
			}
		}
	}
}

func (b *builder) termID(stem string) int32 {
	id, ok := b.x.terms[stem]
	if !ok {
		id = int32(len(b.stems))
		b.x.terms[stem] = id
		b.stems = append(b.stems, stem)
		b.postN, b.nearN = append(b.postN, 0), append(b.nearN, 0)
		b.phrN, b.title = append(b.phrN, 0), append(b.title, 0)
	}
	return id
}

// counter holds one doc's counts while count works through it, by term
// id; touched lists the terms to clear after the doc.
type counter struct {
	tf      []float32
	speaks  []int32 // the texts using it, a title, keyword or answer as three
	seen    []int32 // the last text using it, plus one
	inPhr   []int32 // the last doc using it in a phrasing, plus one
	touched []int32
}

// count counts every doc's terms, field-weighted, into postings (tf for
// now; see weigh), and finds each doc's incidental terms.
func (b *builder) count() {
	x := b.x
	nt := len(b.stems)
	x.post = lists[posting](b.postN)
	x.incidental = make([][]int32, len(b.docs))
	var incidental []int32 // every doc's, one after another
	at := make([]int, len(b.docs)+1)
	c := counter{tf: make([]float32, nt), speaks: make([]int32, nt), seen: make([]int32, nt), inPhr: make([]int32, nt)}
	nText := int32(0)
	for di := range b.docs {
		d := &b.docs[di]
		for ti, t := range b.docTexts(di) {
			nText++
			k := kind(d, ti)
			weight, main := float32(weightQuestion), false
			switch k {
			case kindTitle:
				weight, main = weightTitle, true
			case kindKeyword:
				weight, main = weightKeyword, true
			case kindBody:
				weight, main = weightBody, true
			}
			for _, id := range t {
				if c.seen[id] != nText {
					c.seen[id] = nText
					c.speaks[id]++
					if main {
						c.speaks[id] += 2
					}
					if k == kindTitle {
						b.title[id]++
					}
					if k != kindBody {
						b.phrN[id]++
						if c.inPhr[id] != int32(di+1) {
							c.inPhr[id] = int32(di + 1)
							b.nearN[id]++
						}
					}
				}
				if c.tf[id] == 0 {
					c.touched = append(c.touched, id)
				}
				c.tf[id] += weight
				b.docLen[di] += weight
			}
		}
		incidental = b.flush(&c, di, incidental)
		at[di+1] = len(incidental)
	}
	// One array of its exact size, cut per doc: 10,000 small lists, each
	// grown by append, had a third more memory than they used.
	incidental = slices.Clip(slices.Clone(incidental))
	for di := range b.docs {
		x.incidental[di] = incidental[at[di]:at[di+1]:at[di+1]]
	}
}

// flush adds doc di's counts to the postings and its incidental terms to
// incidental, and clears the counts.
func (b *builder) flush(c *counter, di int, incidental []int32) []int32 {
	x, d := b.x, &b.docs[di]
	start := len(incidental)
	for _, id := range c.touched {
		x.post[id] = append(x.post[id], posting{doc: int32(di), bm: c.tf[id]})
		if c.speaks[id] < int32(max(2, len(d.Phrasings)/incidentalShare)) && !d.NotCovered {
			incidental = append(incidental, id)
		}
		c.tf[id], c.speaks[id] = 0, 0
	}
	slices.Sort(incidental[start:])
	c.touched = c.touched[:0]
	return incidental
}

// lists returns empty lists with room for ns[i] items each, cut from one
// array: an index lives long, and lists grown by append would keep their
// spare capacity.
func lists[T any](ns []int32) [][]T {
	total := 0
	for _, n := range ns {
		total += int(n)
	}
	all := make([]T, total)
	out := make([][]T, len(ns))
	for i, n := range ns {
		out[i], all = all[:0:n], all[n:]
	}
	return out
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
	for id, df := range b.title {
		if x.ndocs >= 5 && float64(df) >= subjectShare*n {
			x.subject[b.stems[id]] = true
		}
	}
}

// phrasingVectors makes each title, question and keyword its own short
// document for cosine similarity, with its pairs of adjacent words, and
// keeps per term the smallest norm of each doc's phrasings using it.
func (b *builder) phrasingVectors() {
	x := b.x
	x.phrPost = lists[int32](b.phrN)
	x.near = lists[nearDoc](b.nearN)
	// Sized before they are filled: grown by append, they left several
	// times their size in garbage, and a load's peak memory with it.
	nPhr, nPairs := 0, 0
	b.eachPhrasing(func(_ int, ids []int32) {
		nPhr, nPairs = nPhr+1, nPairs+len(ids)-1
	})
	x.phr, x.pairs = make([]phrasing, 0, nPhr), make([]uint64, 0, nPairs)
	p := phrasingAdder{b: b, seen: make([]int32, len(b.stems))}
	b.eachPhrasing(p.add)
}

// A phrasingAdder adds phrasings to the index, in order.
type phrasingAdder struct {
	b    *builder
	seen []int32 // per term, the last phrasing using it, plus one
	uniq []int32 // the current phrasing's terms, each once
}

func (p *phrasingAdder) add(di int, ids []int32) {
	x := p.b.x
	pi := int32(len(x.phr))
	var norm float32
	p.uniq = p.uniq[:0]
	for _, id := range ids {
		if p.seen[id] == pi+1 {
			continue
		}
		p.seen[id] = pi + 1
		p.uniq = append(p.uniq, id)
		w := x.idf[id]
		norm += w * w
		x.phrPost[id] = append(x.phrPost[id], pi)
	}
	start := len(x.pairs)
	for i := 0; i+1 < len(ids); i++ {
		a, c := ids[i], ids[i+1]
		k := pairKey(a, c)
		if slices.Contains(x.pairs[start:], k) {
			continue
		}
		w := x.pairW(a, c)
		norm += w * w
		x.pairs = append(x.pairs, k)
	}
	ph := phrasing{doc: int32(di), norm: float32(math.Sqrt(float64(norm))), pairLo: int32(start), pairHi: int32(len(x.pairs))}
	x.phr = append(x.phr, ph)
	for _, id := range p.uniq {
		// Docs come in order: the doc's entry, if any, is the last.
		if n := len(x.near[id]); n > 0 && x.near[id][n-1].doc == ph.doc {
			x.near[id][n-1].norm = min(x.near[id][n-1].norm, ph.norm)
		} else {
			x.near[id] = append(x.near[id], nearDoc{ph.doc, ph.norm})
		}
	}
}

// eachPhrasing calls f with every doc's non-empty titles, questions and
// keywords, in order.
func (b *builder) eachPhrasing(f func(di int, ids []int32)) {
	for di := range b.docs {
		for ti, ids := range b.docTexts(di) {
			if len(ids) > 0 && kind(&b.docs[di], ti) != kindBody {
				f(di, ids)
			}
		}
	}
}

// exactKeys keeps each phrasing's key for exact matching; a later doc's
// phrasing wins a key two share.
func (b *builder) exactKeys() {
	n := 0
	for _, d := range b.docs {
		n += len(d.Phrasings)
	}
	b.x.exact = make(map[string]int32, n)
	for di := range b.docs {
		for _, k := range b.keys[di] {
			if k != "" {
				b.x.exact[k] = int32(di)
			}
		}
	}
}

// correctable returns the words a misspelling may be read as, each with
// how many docs use it: the words of titles, questions and keywords, and
// the vocabulary's aliases of them. An alias never reaches the index (the
// vocabulary turns "spravato" into "esketamine" first), so without it
// "spravado" would be read as nothing. An alias counts as used as widely
// as the word it stands for.
func (b *builder) correctable() map[string]int32 {
	words := map[string]int32{}
	for w, in := range b.phrVoc {
		if in {
			words[b.words[w].canon] = b.df[w]
		}
	}
	dfOf := func(canon string) int32 {
		if w, ok := b.byWord[canon]; ok {
			return b.df[w]
		}
		return 0
	}
	for from, to := range b.x.v.Synonyms() {
		if w, ok := b.byWord[to]; ok && b.phrVoc[w] && !strings.Contains(from, " ") {
			words[from] = max(dfOf(from), dfOf(to))
		}
	}
	return words
}
