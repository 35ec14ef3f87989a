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
	"slices"
	"sort"
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

// A nearDoc is a doc whose phrasings use a term, with the smallest norm
// of those phrasings: of the phrasings that share only this word with a
// question, that one is the closest (see sumNear).
type nearDoc struct {
	doc  int32
	norm float32
}

// A phrasing is what scoring reads of one title, question or keyword
// phrase, kept together because a large base's question touches tens of
// thousands of them in no order a cache can guess.
type phrasing struct {
	doc            int32
	norm           float32
	pairLo, pairHi int32 // its pairs are pairs[pairLo:pairHi]
}

// An Index is the search structure of one knowledge base. It is immutable
// once built and safe for concurrent use.
type Index struct {
	v     *text.Vocabulary
	ndocs int
	terms map[string]int32 // stem → term id
	idf   []float32
	post  [][]posting // term → docs using it, sorted by doc
	near  [][]nearDoc // term → docs whose phrasings use it, sorted by doc
	phr   []phrasing
	// phrPost lists, per term, the phrasings using it. A term weighs its
	// idf in every phrasing, so the weight is not kept with each.
	phrPost [][]int32
	// pairs holds each phrasing's pairs of adjacent terms (pairKey); a
	// pair weighs pairW, worked out when a question has it.
	pairs   []uint64
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
func New(docs []Doc, v *text.Vocabulary) *Index { return Analyse(docs, v).Index(nil) }

// build builds the index of the merged analysis.
func (b *builder) build() *Index {
	b.spelled()
	b.terms()
	b.count()
	b.exactKeys()
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
	x.fix = newCorrector(b.correctable())
	x.pairs = slices.Clip(x.pairs) // sized for every pair; a phrasing's repeated pairs are few
	if b.feats != nil {
		x.learned = train(b.feats)
	}
	return x
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
