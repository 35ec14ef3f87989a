package match

import (
	"maps"
	"math"
	"slices"

	"github.com/faqbot/faqbot/knowledge/text"
)

// The weights of the question's words and of the three signals. They
// were set on the project's tuning questions (knowledge/testdata/eval/tune)
// and checked on its held-out ones; see README "Matching quality".
const (
	// storyWeight is how much a word counts in a sentence that does not
	// ask, in a message where another sentence does: "so my brother has
	// been on methadone two years… what would it even do for him".
	storyWeight = 0.35
	// fuzzyWeight discounts a word that had to be corrected.
	fuzzyWeight = 0.85
	// unknownWeight and englishWeight weigh a word the knowledge base
	// does not know, as a share of its rarest word's weight: it lowers
	// every entry's score, an unknown name more than an everyday word.
	unknownWeight = 0.5
	englishWeight = 0.6
	// The blend of the signals into one score from 0 to 1.
	blendPhrasing = 0.45
	blendBM25     = 0.25
	blendLearned  = 0.30

	// pruneShare: a common word weighing less than this share of the
	// question's heaviest word is left out of the sums.
	pruneShare = 0.2
	// maxTop is how many candidates a Result keeps.
	maxTop = 4
)

// A Result is how the entries score against one question.
type Result struct {
	// Top are the best candidates, best first.
	Top []Candidate
	// Uncovered are the question's content words (in the sentences that
	// ask) that no entry uses: what the knowledge base does not cover.
	Uncovered []string
	// Subject is true when the question names the knowledge base's
	// subject (a word in most titles, or one of SubjectWords).
	Subject bool
	// Unknown counts the question's words the knowledge base does not
	// know and that are not ordinary English.
	Unknown int
}

// A Candidate is one entry's score and its parts.
type Candidate struct {
	Doc        int
	NotCovered bool    // a topic the knowledge base does not cover, not an entry
	Score      float64 // the blend, 0 to 1
	Phrasing   float64 // cosine similarity to the closest phrasing
	BM25       float64 // BM25, as a share of what a perfect entry would score
	Learned    float64 // the classifier's probability
	Coverage   float64 // share of the asking words' weight this entry uses
	Missing    []string
	// Lacks are the substances the question asks about (a medicine or
	// drug other than the base's subject: "aspirin", "xanax") that this
	// entry does not speak of. An entry that lacks one does not answer the
	// question, however well its other words match.
	Lacks []string
}

// A qterm is a question word the knowledge base knows, with its weight.
type qterm struct {
	id      int32
	w       float32
	ask     bool // in a sentence that asks
	word    string
	sent    int  // its sentence
	generic bool // an everyday English word: it does not count in coverage
	// substance: it names a drug or medicine other than the subject, in
	// a sentence that asks (see Candidate.Lacks).
	substance bool
}

// query is a question reduced to what scoring uses.
type query struct {
	terms   []qterm
	pairs   []qpair
	other   []qterm // content words the base does not know (id -1)
	norm2   float32 // squared length, unknown words included
	ideal   float32 // the BM25 score a perfect entry would reach
	subject bool
	unknown int
}

type qpair struct {
	key  uint64
	w    float32
	a, b int32
}

// sentenceWeights returns each sentence's weight: 1, or storyWeight for a
// sentence that does not ask when another one does.
func sentenceWeights(q *text.Query) []float32 {
	ws := make([]float32, len(q.Sentences))
	asks := false
	for _, s := range q.Sentences {
		asks = asks || s.Question
	}
	for i, s := range q.Sentences {
		ws[i] = 1
		if asks && !s.Question && len(q.Sentences) > 1 {
			ws[i] = storyWeight
		}
	}
	return ws
}

// prepare weighs the question's annotated terms.
func (x *Index) prepare(q *text.Query) query {
	sw := sentenceWeights(q)
	var r query
	seen := map[int32]int{}
	var prev int32 = -1
	var prevW float32
	for _, t := range q.Terms {
		w := float32(1)
		if t.Sent < len(sw) {
			w = sw[t.Sent]
		}
		ask := w == 1
		switch t.Kind {
		case text.KB:
			id := x.terms[t.Stem]
			if t.Fix != "" {
				w *= fuzzyWeight
			}
			r.subject = r.subject || x.subject[t.Stem]
			if prev >= 0 {
				pw := x.pairW(prev, id) * min(prevW, w)
				r.pairs = append(r.pairs, qpair{pairKey(prev, id), pw, prev, id})
				r.norm2 += pw * pw
			}
			prev, prevW = id, w
			if i, dup := seen[id]; dup {
				r.terms[i].ask = r.terms[i].ask || ask
				continue
			}
			seen[id] = len(r.terms)
			qw := x.idf[id] * w
			sub := ask && !x.subject[t.Stem] && text.IsSubstance(t.Canon)
			r.terms = append(r.terms, qterm{id, qw, ask, t.Canon, t.Sent, text.IsGeneric(t.Canon), sub})
			r.norm2 += qw * qw
			r.ideal += qw * (bm25K1 + 1)
		case text.English, text.Unknown:
			prev = -1
			share := float32(englishWeight)
			if t.Kind == text.Unknown {
				share = unknownWeight
				if len(t.Canon) >= 3 {
					r.unknown++
				}
			}
			u := share * x.maxIDF * w
			r.other = append(r.other, qterm{-1, u, ask, t.Canon, t.Sent, false, ask && text.IsSubstance(t.Canon)})
			if t.Kind == text.Unknown {
				// An unknown name lowers every score; an everyday English
				// word only lowers coverage (see Candidate.Coverage).
				r.norm2 += u * u
				r.ideal += u * (bm25K1 + 1)
			}
		}
	}
	return r
}

// A phrAcc accumulates one phrasing's dot product with the question, and
// which of the question's words it has (a bit each).
type phrAcc struct {
	dot  float32
	mask uint64
}

// scratch holds per-question accumulators, reused across questions.
type scratch struct {
	bm25, cos []float32
	phr       []phrAcc // per phrasing
	touched   []int32
	touchedPh []int32
}

func (x *Index) scratch() (*scratch, func()) {
	sc, _ := x.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{bm25: make([]float32, x.ndocs), cos: make([]float32, x.ndocs), phr: make([]phrAcc, len(x.phr))}
	}
	return sc, func() { x.pool.Put(sc) }
}

// Rank scores the entries against an annotated question.
func (x *Index) Rank(q *text.Query) Result {
	r := x.prepare(q)
	res := Result{Subject: r.subject, Unknown: r.unknown, Uncovered: uncovered(r.other)}
	if len(r.terms) == 0 {
		return res
	}
	sc, done := x.scratch()
	defer done()
	terms := x.prune(r.terms)
	qnorm := float32(math.Sqrt(float64(r.norm2)))
	sc.touched = x.sumBM25(sc, terms)
	x.sumNear(sc, terms, qnorm)
	sc.touchedPh = x.sumPhrasings(sc, terms, r, qnorm)
	var learned []float64
	if x.learned != nil {
		learned = x.learned.predict(q)
	}
	res.Top = x.top(sc, r, learned)
	return res
}

// prune leaves out common words of low weight when rarer words carry the
// question: they barely move any score but touch most entries.
func (x *Index) prune(ts []qterm) []qterm {
	var maxW float32
	for _, t := range ts {
		maxW = max(maxW, t.w)
	}
	common := x.ndocs / 8
	kept := make([]qterm, 0, len(ts))
	for _, t := range ts {
		if t.w < pruneShare*maxW && len(x.post[t.id]) > common {
			continue
		}
		kept = append(kept, t)
	}
	return kept
}

// sumBM25 sums each doc's BM25 score in sc.bm25.
func (x *Index) sumBM25(sc *scratch, ts []qterm) []int32 {
	touched := sc.touched[:0]
	bm25 := sc.bm25 // a local slice: sc's field would be loaded for every posting
	for _, t := range ts {
		for _, p := range x.post[t.id] {
			if bm25[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			bm25[p.doc] += t.w * p.bm
		}
	}
	return touched
}

// sumNear keeps in sc.cos the cosine similarity of each doc's closest
// phrasing that has one of the question's words: a phrasing sharing only
// that word with the question has its dot product, and of those the one
// of smallest norm is closest. sumPhrasings works out the phrasings that
// share more, far fewer: a large base's question touches tens of
// thousands of phrasings, and working each one's cosine out was most of
// the time a question took.
func (x *Index) sumNear(sc *scratch, ts []qterm, qnorm float32) {
	cos := sc.cos
	for _, t := range ts {
		dot := t.w * x.idf[t.id] // as sumPhrasings adds it up
		for _, n := range x.near[t.id] {
			cos[n.doc] = max(cos[n.doc], dot/(qnorm*n.norm))
		}
	}
}

// sumPhrasings works out the cosine similarity to the question of each
// phrasing that has more than one of its words, or a pair of one word,
// and keeps each doc's best in sc.cos (see sumNear for the others). Each
// phrasing remembers which of the question's words it has (a bit each),
// so its word pairs are only looked at when it has both words of one of
// the question's pairs.
func (x *Index) sumPhrasings(sc *scratch, ts []qterm, r query, qnorm float32) []int32 {
	bit := func(id int32) uint64 {
		for i, t := range ts[:min(len(ts), 64)] {
			if t.id == id {
				return 1 << i
			}
		}
		return 0
	}
	needs := make([]uint64, len(r.pairs))
	var self uint64 // the words of the question's pairs of a word with itself
	for i, p := range r.pairs {
		if ba, bb := bit(p.a), bit(p.b); ba != 0 && bb != 0 {
			needs[i] = ba | bb
			if p.a == p.b {
				self |= ba
			}
		}
	}
	// With more than 64 words, the masks do not say which phrasings have
	// one word only.
	all := len(ts) > 64
	touched := sc.touchedPh[:0]
	if len(ts) == 1 && self == 0 {
		return touched
	}
	accs := sc.phr // a local slice, as in sumBM25
	for i, t := range ts {
		var b uint64
		if i < 64 {
			b = 1 << i
		}
		pw := x.idf[t.id]
		for _, pi := range x.phrPost[t.id] {
			a := &accs[pi]
			if a.dot == 0 {
				touched = append(touched, pi)
			}
			a.dot += t.w * pw
			a.mask |= b
		}
	}
	for _, pi := range touched {
		dot, mask := accs[pi].dot, accs[pi].mask
		accs[pi] = phrAcc{}
		if !all && mask&(mask-1) == 0 && mask&self == 0 {
			continue // one word of the question: sumNear has it
		}
		ph := x.phr[pi]
		for i, qp := range r.pairs {
			if needs[i] == 0 || mask&needs[i] != needs[i] {
				continue
			}
			for _, k := range x.pairs[ph.pairLo:ph.pairHi] {
				if k == qp.key {
					dot += qp.w * x.pairW(qp.a, qp.b)
				}
			}
		}
		c := dot / (qnorm * ph.norm)
		if d := ph.doc; c > sc.cos[d] {
			sc.cos[d] = c
		}
	}
	return touched
}

// top blends the signals of every touched doc, keeps the best, and clears
// the scratch accumulators.
func (x *Index) top(sc *scratch, r query, learned []float64) []Candidate {
	required := x.required(r.terms)
	best := make([]Candidate, 0, maxTop+1)
	bm25, cos := sc.bm25, sc.cos[:len(sc.bm25)] // local slices, as in sumBM25
	for _, d := range sc.touched {
		phr, bm := float64(cos[d]), float64(bm25[d]/r.ideal)
		bm25[d], cos[d] = 0, 0
		if !hasAll(d, required) {
			continue // does not speak of every subject the question names
		}
		var l float64
		if learned != nil {
			l = learned[d]
		}
		score := blendPhrasing*phr + blendBM25*bm + blendLearned*l
		if learned == nil {
			score /= blendPhrasing + blendBM25
		}
		if len(best) == maxTop && score < best[maxTop-1].Score {
			continue // most docs of a large base: cheaper than insertTop
		}
		best = insertTop(best, Candidate{Doc: int(d), NotCovered: x.notCovered[d], Score: score, Phrasing: phr, BM25: bm, Learned: l})
	}
	for i := range best {
		best[i].Coverage, best[i].Missing = x.coverage(int32(best[i].Doc), r)
		best[i].Lacks = x.lacks(int32(best[i].Doc), r)
	}
	return best
}

// Lacks returns the substances the question asks about that doc does not
// speak of (see Candidate.Lacks), for any doc, ranked or not.
func (x *Index) Lacks(q *text.Query, doc int) []string {
	return x.lacks(int32(doc), x.prepare(q))
}

// lacks returns the asked substances doc does not speak of.
func (x *Index) lacks(doc int32, r query) []string {
	var out []string
	for _, t := range r.terms {
		if t.substance && !x.has(t.id, doc) && !slices.Contains(out, t.word) {
			out = append(out, t.word)
		}
	}
	for _, t := range r.other {
		if t.substance && !slices.Contains(out, t.word) {
			out = append(out, t.word)
		}
	}
	return out
}

func insertTop(best []Candidate, c Candidate) []Candidate {
	if len(best) == maxTop && !better(c, best[len(best)-1]) {
		return best
	}
	i, _ := slices.BinarySearchFunc(best, c, func(a, b Candidate) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	best = slices.Insert(best, i, c)
	if len(best) > maxTop {
		best = best[:maxTop]
	}
	return best
}

func better(a, b Candidate) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Doc < b.Doc
}

// required returns the doc bitsets of the question's subject words that
// not every doc uses: an entry answers "side effects of suboxone" only if
// it speaks of suboxone.
func (x *Index) required(ts []qterm) [][]uint64 {
	var out [][]uint64
	for _, t := range ts {
		if bits, ok := x.subjectDocs[t.id]; ok && len(x.post[t.id]) < x.ndocs {
			out = append(out, bits)
		}
	}
	return out
}

func hasAll(doc int32, required [][]uint64) bool {
	for _, bits := range required {
		if bits[doc/64]&(1<<(doc%64)) == 0 {
			return false
		}
	}
	return true
}

// coverage returns the share of an asking sentence's content weight that
// doc uses, in the asking sentence it covers best (a message may ask two
// things, and an entry answers one), and the content words it lacks there.
// Everyday words do not count: only what names a topic. A word of one
// member's story in one phrasing is not what the entry speaks of.
func (x *Index) coverage(doc int32, r query) (float64, []string) {
	type part struct {
		have, all float32
		missing   []string
	}
	parts := map[int]*part{}
	get := func(s int) *part {
		if parts[s] == nil {
			parts[s] = &part{}
		}
		return parts[s]
	}
	for _, t := range r.terms {
		if !t.ask || t.generic {
			continue
		}
		p := get(t.sent)
		p.all += t.w
		if x.speaksOf(t.id, doc) {
			p.have += t.w
		} else {
			p.missing = append(p.missing, t.word)
		}
	}
	for _, t := range r.other {
		if t.ask {
			p := get(t.sent)
			p.all += t.w
			p.missing = append(p.missing, t.word)
		}
	}
	// In sentence order, so a tie goes to the first sentence every time.
	best, bestMissing := -1.0, []string(nil)
	for _, s := range slices.Sorted(maps.Keys(parts)) {
		p := parts[s]
		if p.all == 0 {
			continue
		}
		if c := float64(p.have / p.all); c > best || c == best && len(p.missing) < len(bestMissing) {
			best, bestMissing = c, p.missing
		}
	}
	if best < 0 {
		return 0, nil // nothing in the question names a topic: "what time is it"
	}
	return best, bestMissing
}

// uncovered returns the asking content words that no entry uses.
func uncovered(other []qterm) []string {
	var out []string
	for _, t := range other {
		if t.ask && !slices.Contains(out, t.word) {
			out = append(out, t.word)
		}
	}
	return out
}
