package knowledge

import (
	"math"
	"sort"
	"strings"

	"github.com/sahilm/fuzzy"
)

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

// bigramWeight discounts a pair of adjacent words against single words:
// pairs reward word order, but a pair seen in one phrasing should not
// outweigh the words themselves.
const bigramWeight = 0.5

// subjectShare is the share of entries whose phrasings must use a word for
// it to count as a subject word of the knowledge base.
const subjectShare = 0.7

// Typo tolerance limits: words shorter than minFuzzyLen are never
// corrected, and only the first maxFuzzyLen letters of a word go to the
// fuzzy matcher (its adjacency bonus doubles with each letter).
const (
	minFuzzyLen = 5
	maxFuzzyLen = 24
)

type posting struct {
	doc int32
	tf  float32
}

type phrPosting struct {
	phr int32
	w   float32
}

// index is the word-level search structure of a Snapshot. It is immutable
// after newIndex.
type index struct {
	terms   map[string]int32 // stem → term id
	pairs   map[uint64]int32 // two adjacent stems' term ids → term id of the pair
	idf     []float32
	post    [][]posting // term → entries, with field-weighted term frequency
	docLen  []float32   // weighted length of each entry
	avgLen  float32
	phrEnt  []int32        // phrasing → entry
	phrNorm []float32      // phrasing → vector length
	phrPost [][]phrPosting // term → phrasings
	exact   map[string]int32
	vocab   map[string]int32    // surface word → number of entries using it
	phrVoc  map[string]bool     // words of titles, questions and keywords: what typos are corrected to
	byFirst map[byte][]string   // phrVoc words by first letter, for fuzzy
	deletes map[string][]string // one-letter deletions → phrVoc words
	subject map[string]bool     // stems that name the subject
	maxIDF  float32
	stems   map[string]string // every word seen while indexing → its stem; read-only
}

// analyze is analyzeText using the index's stem cache, which it only
// reads (questions are answered concurrently).
func (x *index) analyze(s string) analyzed {
	ws := applyPhrases(words(clean(s)))
	var a analyzed
	for _, w := range ws {
		w = canonical(w)
		if stopwords[w] {
			continue
		}
		a.words = append(a.words, w)
		a.stems = append(a.stems, x.stem(w))
	}
	return a
}

// stem returns w's stem, from the cache when indexing saw the word.
func (x *index) stem(w string) string {
	if st, ok := x.stems[w]; ok {
		return st
	}
	return stem(w)
}

// phraseKey is phraseKey using the index's stem cache.
func (x *index) phraseKey(s string) string {
	ws := applyPhrases(words(clean(truncateRunes(s, maxQuestionRunes))))
	for i, w := range ws {
		ws[i] = x.stem(canonical(w))
	}
	return strings.Join(ws, " ")
}

// analyzed is a text reduced to what scoring uses.
type analyzed struct {
	words []string // canonical content words (stopwords removed), in order
	stems []string // their stems, in order
}

// analyzeText cleans, tokenises and reduces text. It is used for both the
// knowledge base and questions, so both sides meet on the same terms.
func analyzeText(s string) analyzed { return analyzeWith(s, nil) }

// analyzeWith is analyzeText with a stem cache (nil for none): stemming is
// most of the cost of indexing.
func analyzeWith(s string, stems map[string]string) analyzed {
	ws := applyPhrases(words(clean(s)))
	var a analyzed
	for _, w := range ws {
		w = canonical(w)
		if stopwords[w] {
			continue
		}
		a.words = append(a.words, w)
		a.stems = append(a.stems, cachedStem(w, stems))
	}
	return a
}

func cachedStem(w string, cache map[string]string) string {
	if cache == nil {
		return stem(w)
	}
	st, ok := cache[w]
	if !ok {
		st = stem(w)
		cache[w] = st
	}
	return st
}

// phraseKey is the exact-match key of a phrasing: every word, stopwords
// included, canonical and stemmed.
func phraseKey(s string) string { return phraseKeyWith(s, nil) }

func phraseKeyWith(s string, cache map[string]string) string {
	ws := applyPhrases(words(clean(truncateRunes(s, maxQuestionRunes))))
	for i, w := range ws {
		ws[i] = cachedStem(canonical(w), cache)
	}
	return strings.Join(ws, " ")
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// pairID returns the term id of two adjacent stems, if the pair occurs.
func (x *index) pairID(a, b string) (int32, bool) {
	ia, ok := x.terms[a]
	if !ok {
		return 0, false
	}
	ib, ok := x.terms[b]
	if !ok {
		return 0, false
	}
	id, ok := x.pairs[pairKey(ia, ib)]
	return id, ok
}

func newIndex(entries []*Entry, stemCache map[string]string) *index {
	x := &index{
		terms:   map[string]int32{},
		pairs:   map[uint64]int32{},
		exact:   map[string]int32{},
		vocab:   map[string]int32{},
		phrVoc:  map[string]bool{},
		byFirst: map[byte][]string{},
		deletes: map[string][]string{},
		subject: map[string]bool{},
	}
	for w := range subjectWords {
		x.subject[stem(w)] = true
	}
	newTerm := func() int32 {
		x.post = append(x.post, nil)
		x.phrPost = append(x.phrPost, nil)
		return int32(len(x.post) - 1)
	}
	termID := func(t string) int32 {
		id, ok := x.terms[t]
		if !ok {
			id = newTerm()
			x.terms[t] = id
		}
		return id
	}
	pairID := func(a, b int32) int32 {
		k := pairKey(a, b)
		id, ok := x.pairs[k]
		if !ok {
			id = newTerm()
			x.pairs[k] = id
		}
		return id
	}
	tf := map[int32]float32{}
	phraseDF := map[string]int{} // stem → entries whose phrasings use it
	if stemCache == nil {
		stemCache = map[string]string{}
	}
	x.stems = stemCache
	phrStems := make([][][]string, len(entries)) // entry → phrasing → stems
	x.docLen = make([]float32, len(entries))
	for di, e := range entries {
		clear(tf)
		seenWord := map[string]bool{}
		seenPhr := map[string]bool{}
		addText := func(s string, weight float32, phrasing, bigrams bool) analyzed {
			a := analyzeWith(s, stemCache)
			prev := int32(-1)
			for _, t := range a.stems {
				id := termID(t)
				tf[id] += weight
				x.docLen[di] += weight
				if bigrams && prev >= 0 {
					tf[pairID(prev, id)] += weight * bigramWeight
					x.docLen[di] += weight * bigramWeight
				}
				prev = id
			}
			for _, w := range a.words {
				if !seenWord[w] {
					seenWord[w] = true
					x.vocab[w]++
				}
			}
			if phrasing {
				for _, w := range a.words {
					x.phrVoc[w] = true
				}
				for _, st := range a.stems {
					if !seenPhr[st] {
						seenPhr[st] = true
						phraseDF[st]++
					}
				}
			}
			return a
		}
		for i, p := range e.Phrasings() {
			w := float32(weightQuestion)
			if i == 0 {
				w = weightTitle
			}
			phrStems[di] = append(phrStems[di], addText(p, w, true, true).stems)
			x.exact[phraseKeyWith(p, stemCache)] = int32(di)
		}
		for _, k := range e.Keywords {
			phrStems[di] = append(phrStems[di], addText(k, weightKeyword, true, true).stems)
		}
		addText(e.Body, weightBody, false, false)
		for t, f := range tf {
			x.post[t] = append(x.post[t], posting{doc: int32(di), tf: f})
		}
	}
	n := float64(len(entries))
	x.idf = make([]float32, len(x.post))
	for t, ps := range x.post {
		df := float64(len(ps))
		x.idf[t] = float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
		x.maxIDF = max(x.maxIDF, x.idf[t])
	}
	var total float32
	for _, l := range x.docLen {
		total += l
	}
	if len(entries) > 0 {
		x.avgLen = total / float32(len(entries))
	}
	for st, df := range phraseDF {
		if len(entries) >= 5 && float64(df) >= subjectShare*n {
			x.subject[st] = true
		}
	}
	// Phrasing vectors for cosine similarity: each title, question and
	// keyword is its own short document.
	seen := map[int32]bool{}
	for di := range entries {
		for _, stems := range phrStems[di] {
			if len(stems) == 0 {
				continue
			}
			pi := int32(len(x.phrEnt))
			var norm float32
			clear(seen)
			add := func(id int32, scale float32) {
				if seen[id] {
					return
				}
				seen[id] = true
				w := x.idf[id] * scale
				norm += w * w
				x.phrPost[id] = append(x.phrPost[id], phrPosting{phr: pi, w: w})
			}
			for _, t := range stems {
				add(x.terms[t], 1)
			}
			for i := 0; i+1 < len(stems); i++ {
				if p, ok := x.pairID(stems[i], stems[i+1]); ok {
					add(p, x.pairScale(stems[i], stems[i+1]))
				}
			}
			x.phrEnt = append(x.phrEnt, int32(di))
			x.phrNorm = append(x.phrNorm, float32(math.Sqrt(float64(norm))))
		}
	}
	// Typos are corrected only to words of titles, questions and keywords:
	// those are what people ask about, while answer texts are full of
	// everyday words ("week") that a misspelt name ("weed") would land on.
	for w := range x.phrVoc {
		if len(w) >= minFuzzyLen {
			x.byFirst[w[0]] = append(x.byFirst[w[0]], w)
			for i := range len(w) {
				d := w[:i] + w[i+1:]
				x.deletes[d] = append(x.deletes[d], w)
			}
		}
	}
	for _, ws := range x.byFirst {
		sort.Strings(ws)
	}
	return x
}

// pairScale is the weight of a pair of adjacent words relative to the
// pair's own idf: bigramWeight, scaled down when either word is common, so
// a rare pairing of common words ("ketamine treating") counts for little.
func (x *index) pairScale(a, b string) float32 {
	ia, ib := x.terms[a], x.terms[b]
	p, ok := x.pairID(a, b)
	if !ok || x.idf[p] == 0 {
		return 0
	}
	return bigramWeight * min(x.idf[ia], x.idf[ib]) / x.idf[p]
}

// correct returns the vocabulary word a misspelt word most likely stands
// for, or "" if none is close enough. It finds candidates with the fuzzy
// subsequence matcher (letters left out: "adictive" → "addictive") and a
// one-deletion index (a letter changed, added or two swapped: "ketamime",
// "ketammine", "ketmaine"), then keeps the closest by edit distance, and
// among those the most widely used.
func (x *index) correct(w string) string {
	if x.phrVoc[w] {
		return w
	}
	n := len(w)
	if n < minFuzzyLen || n > 40 {
		return ""
	}
	maxD := 2
	if n <= 5 {
		maxD = 1
	}
	best, bestD, bestDF := "", maxD+1, int32(0)
	consider := func(c string) {
		d := editDistance(w, c, maxD+1)
		if d < bestD || d == bestD && x.vocab[c] > bestDF {
			best, bestD, bestDF = c, d, x.vocab[c]
		}
	}
	if n <= maxFuzzyLen {
		for _, m := range fuzzy.FindNoSort(w, x.byFirst[w[0]]) {
			if len(m.Str)-n <= maxD {
				consider(m.Str)
			}
		}
	}
	for _, c := range x.deletes[w] { // w has one letter missing
		consider(c)
	}
	for i := range n {
		d := w[:i] + w[i+1:]
		if _, ok := x.vocab[d]; ok { // w has one letter too many
			consider(d)
		}
		for _, c := range x.deletes[d] { // one letter changed or swapped
			consider(c)
		}
	}
	if bestD > maxD {
		return ""
	}
	return best
}

// split returns the two vocabulary words a run-together word is made of
// ("sideeffects" → "side", "effects"), or nil.
func (x *index) split(w string) []string {
	if len(w) < 2*minSplitLen || len(w) > 40 {
		return nil
	}
	for i := minSplitLen; i <= len(w)-minSplitLen; i++ {
		a, b := w[:i], w[i:]
		if x.phrVoc[a] && x.phrVoc[b] {
			return []string{a, b}
		}
	}
	return nil
}

// minSplitLen is the shortest part split finds in a run-together word.
const minSplitLen = 3
