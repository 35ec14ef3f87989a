package knowledge

import (
	"math"
	"slices"
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

// subjectShare is the share of entries whose titles must use a word for it
// to count as a subject word of the knowledge base ("ketamine" in "Is
// ketamine addictive?", "What is ketamine?", …).
const subjectShare = 0.6

// Typo tolerance limits: words shorter than minFuzzyLen are never
// corrected, and only the first maxFuzzyLen letters of a word go to the
// fuzzy matcher (its adjacency bonus doubles with each letter).
const (
	minFuzzyLen = 5
	maxFuzzyLen = 24
)

// A posting is an entry that uses a term, with the term's BM25 weight in
// that entry (before the term's idf): tf·(k1+1) / (tf + k1·(1−b+b·len/avglen)).
// It does not depend on the question, so it is worked out once, at load.
type posting struct {
	doc int32
	bm  float32
}

// A pairWeight is a pair of adjacent words in a phrasing (see pairKey) and
// its weight. Pairs are kept per phrasing rather than in the inverted
// index: they are many, nearly all unique, and a phrasing can only share a
// pair with a question that already shares both words.
type pairWeight struct {
	key uint64
	w   float32
}

type phrPosting struct {
	phr int32
	w   float32
}

// index is the word-level search structure of a Snapshot. It is immutable
// after newIndex.
type index struct {
	terms   map[string]int32 // stem → term id
	idf     []float32
	post    [][]posting // term → entries, with field-weighted term frequency
	docLen  []float32   // weighted length of each entry
	avgLen  float32
	phrEnt  []int32        // phrasing → entry
	phrNorm []float32      // phrasing → vector length
	phrPost [][]phrPosting // term → phrasings
	pairs   []pairWeight   // the pairs of adjacent words of every phrasing, in order
	pairOff []int32        // phrasing i's pairs are pairs[pairOff[i]:pairOff[i+1]]
	exact   map[string]int32
	vocab   map[string]int32    // surface word → number of entries using it
	phrVoc  map[string]bool     // words of titles, questions and keywords: what typos are corrected to
	byFirst map[byte][]string   // phrVoc words by first letter, for fuzzy
	deletes map[string][]string // one-letter deletions → phrVoc words
	subject map[string]bool     // stems that name the subject
	maxIDF  float32
	toks    tokCache // every word seen while indexing; read-only after newIndex
}

// analyze is analyzeText using the index's token cache, which it only
// reads (questions are answered concurrently).
func (x *index) analyze(s string) analyzed {
	return analyzeTokens(applyPhrases(tokens(s)), x.toks.peek)
}

// stem returns w's stem, from the cache when indexing saw the word.
func (x *index) stem(w string) string { return x.toks.peek(w).stem }

// phraseKey is phraseKey using the index's token cache.
func (x *index) phraseKey(s string) string {
	return phraseKeyTokens(applyPhrases(tokens(truncateRunes(s, maxQuestionRunes))), x.toks.peek)
}

// analyzed is a text reduced to what scoring uses.
type analyzed struct {
	words []string // canonical content words (stopwords removed), in order
	stems []string // their stems, in order
}

// analyzeText cleans, tokenises and reduces text. It is used for both the
// knowledge base and questions, so both sides meet on the same terms.
func analyzeText(s string) analyzed { return analyzeWith(s, nil) }

// A tokInfo is what scoring needs to know about a word as typed.
type tokInfo struct {
	canon string // the knowledge base's word for it (see canonical)
	stem  string // the stem of canon
	stop  bool   // canon is a stopword
}

// tokCache remembers tokInfo by word: working it out (synonyms, stopwords,
// Snowball stemming) is most of the cost of indexing.
type tokCache map[string]tokInfo

// get returns w's tokInfo, remembering it when c is not nil.
func (c tokCache) get(w string) tokInfo {
	if ti, ok := c[w]; ok {
		return ti
	}
	canon := canonical(w)
	ti := tokInfo{canon: canon, stem: stem(canon), stop: stopwords[canon]}
	if c != nil {
		c[w] = ti
	}
	return ti
}

// peek is get for a cache shared by concurrent readers: it never writes.
func (c tokCache) peek(w string) tokInfo {
	if ti, ok := c[w]; ok {
		return ti
	}
	return tokCache(nil).get(w)
}

// analyzeWith is analyzeText with a token cache (nil for none).
func analyzeWith(s string, cache tokCache) analyzed {
	return analyzeTokens(applyPhrases(tokens(s)), cache.get)
}

func analyzeTokens(ws []string, info func(string) tokInfo) analyzed {
	a := analyzed{words: make([]string, 0, len(ws)), stems: make([]string, 0, len(ws))}
	for _, w := range ws {
		ti := info(w)
		if ti.stop {
			continue
		}
		a.words = append(a.words, ti.canon)
		a.stems = append(a.stems, ti.stem)
	}
	return a
}

// phraseKey is the exact-match key of a phrasing: every word, stopwords
// included, canonical and stemmed.
func phraseKey(s string) string { return phraseKeyWith(s, nil) }

func phraseKeyWith(s string, cache tokCache) string {
	return phraseKeyTokens(applyPhrases(tokens(truncateRunes(s, maxQuestionRunes))), cache.get)
}

func phraseKeyTokens(ws []string, info func(string) tokInfo) string {
	for i, w := range ws {
		ws[i] = info(w).stem
	}
	return strings.Join(ws, " ")
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// pairW is the weight of a pair of adjacent words: bigramWeight times the
// lighter word's idf, so a rare pairing of common words ("ketamine
// treating") counts for little.
func (x *index) pairW(a, b int32) float32 {
	return bigramWeight * min(x.idf[a], x.idf[b])
}

func newIndex(entries []*Entry, toks tokCache) *index {
	x := &index{
		terms:   map[string]int32{},
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
	var tf []float32  // term id → weighted frequency in the current entry
	var inDoc []int32 // term ids with tf > 0
	type wordStat struct {
		df, last int32 // entries using the word; the last one seen
	}
	vocab := map[string]*wordStat{}
	titleDF := map[string]int{} // stem → entries whose titles use it
	if toks == nil {
		toks = tokCache{}
	}
	x.toks = toks
	phrStems := make([][][]string, len(entries)) // entry → phrasing → stems
	x.docLen = make([]float32, len(entries))
	bump := func(id int32, w float32) {
		for int(id) >= len(tf) {
			tf = append(tf, 0)
		}
		if tf[id] == 0 {
			inDoc = append(inDoc, id)
		}
		tf[id] += w
	}
	// Per word as written: everything indexing needs, found with one map
	// lookup per word (most of the cost of indexing is per word).
	type buildTok struct {
		tokInfo
		term int32     // the stem's term id; -1 for a stopword
		stat *wordStat // of the canonical word
	}
	words := map[string]*buildTok{}
	lookup := func(w string) *buildTok {
		bt := words[w]
		if bt == nil {
			bt = &buildTok{tokInfo: toks.get(w), term: -1}
			if !bt.stop {
				bt.term = termID(bt.stem)
				bt.stat = vocab[bt.canon]
				if bt.stat == nil {
					bt.stat = &wordStat{last: -1}
					vocab[bt.canon] = bt.stat
				}
			}
			words[w] = bt
		}
		return bt
	}
	for di, e := range entries {
		inDoc = inDoc[:0]
		// addText counts a text's words for entry di; for phrasings it
		// returns their stems and records the exact-match key.
		addText := func(s string, weight float32, phrasing bool) []string {
			ws := applyPhrases(tokens(s))
			var stems []string
			for _, w := range ws {
				bt := lookup(w)
				if bt.term < 0 {
					continue
				}
				bump(bt.term, weight)
				x.docLen[di] += weight
				if bt.stat.last != int32(di) {
					bt.stat.last = int32(di)
					bt.stat.df++
				}
				if phrasing {
					x.phrVoc[bt.canon] = true
					stems = append(stems, bt.stem)
				}
			}
			return stems
		}
		for i, p := range e.Phrasings() {
			w := float32(weightQuestion)
			if i == 0 {
				w = weightTitle
			}
			stems := addText(p, w, true)
			phrStems[di] = append(phrStems[di], stems)
			key := ""
			if i < len(e.keys) {
				key = e.keys[i] // worked out by Load's checks
			} else {
				key = phraseKeyWith(p, toks)
			}
			if key != "" {
				x.exact[key] = int32(di)
			}
			if i == len(e.keys)-1 {
				e.keys = nil // in x.exact now; no need to keep a copy
			}
			if i == 0 {
				seen := map[string]bool{}
				for _, st := range stems {
					if !seen[st] {
						seen[st] = true
						titleDF[st]++
					}
				}
			}
		}
		for _, k := range e.Keywords {
			phrStems[di] = append(phrStems[di], addText(k, weightKeyword, true))
		}
		addText(e.Body, weightBody, false)
		for _, t := range inDoc {
			x.post[t] = append(x.post[t], posting{doc: int32(di), bm: tf[t]}) // tf for now; see below
			tf[t] = 0
		}
	}
	for w, ws := range vocab {
		x.vocab[w] = ws.df
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
	for _, ps := range x.post {
		for i := range ps {
			f, norm := ps[i].bm, bm25K1*(1-bm25B+bm25B*x.docLen[ps[i].doc]/x.avgLen)
			ps[i].bm = f * (bm25K1 + 1) / (f + norm)
		}
	}
	x.docLen = nil // only needed above
	x.post = compact(x.post)
	for st, df := range titleDF {
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
			if len(x.pairOff) == 0 {
				x.pairOff = append(x.pairOff, 0)
			}
			start := len(x.pairs)
			for i := 0; i+1 < len(stems); i++ {
				a, b := x.terms[stems[i]], x.terms[stems[i+1]]
				k := pairKey(a, b)
				if slices.ContainsFunc(x.pairs[start:], func(p pairWeight) bool { return p.key == k }) {
					continue
				}
				w := x.pairW(a, b)
				norm += w * w
				x.pairs = append(x.pairs, pairWeight{k, w})
			}
			x.pairOff = append(x.pairOff, int32(len(x.pairs)))
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
	x.phrPost = compact(x.phrPost)
	x.pairs = slices.Clip(slices.Clone(x.pairs))
	return x
}

// compact moves lists grown by append into one array of exactly their
// total size: a snapshot lives long, and append's spare capacity would
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
