package match

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/faqbot/faqbot/knowledge/text"
)

// Typo tolerance limits: words shorter than minFuzzyLen are never
// corrected, and only the first maxFuzzyLen letters of a word go to the
// fuzzy matcher (its adjacency bonus doubles with each letter).
const (
	minFuzzyLen = 5
	maxFuzzyLen = 24
	minSplitLen = 3
)

// Annotate sets the kind of each of q's terms, reading a misspelling of
// one of the knowledge base's words as that word (Term.Fix) and a
// run-together word as its parts. An ordinary English word is never
// "corrected": "horse" is not a misspelling of "worse".
func (x *Index) Annotate(q *text.Query) {
	out := q.Terms[:0:0]
	terms := x.joinSplit(q.Terms)
	for _, t := range terms {
		switch {
		case t.Stop:
			t.Kind = text.Filler
		case isNumber(t.Canon):
			t.Kind = text.Number
		case x.known(t.Stem):
			t.Kind = text.KB
		case text.IsGeneric(t.Canon):
			t.Kind = text.Filler // an everyday word: names no topic
		case text.IsWord(t.Canon):
			t.Kind = text.English
		default:
			if parts := x.split(t.Canon); parts != nil {
				for _, p := range parts {
					c := x.v.Canonical(p)
					out = append(out, text.Term{Canon: c, Stem: x.v.Stem(c), Word: t.Word, Sent: t.Sent, Kind: text.KB, Fix: p})
				}
				continue
			}
			if c := x.fix.correct(t.Canon); c != "" {
				t.Fix = c
				c = x.v.Canonical(c) // an alias ("spravato") stands for its word
				t.Canon, t.Stem, t.Kind = c, x.v.Stem(c), text.KB
			} else {
				t.Kind = text.Unknown
			}
		}
		out = append(out, t)
	}
	q.Terms = out
}

// joinSplit joins a knowledge-base word that voice-to-text or a slip of
// the thumb split in two or three ("nar can", "meth a done", "es
// ketamine"): the pieces are read as the word when together they spell it
// exactly and one of them means nothing to the base alone. Only exact
// spellings join: "is ketamine" is close to "esketamine", but is not it.
func (x *Index) joinSplit(ts []text.Term) []text.Term {
	var out []text.Term
	for i := 0; i < len(ts); i++ {
		if n, t := x.joinAt(ts, i); n > 0 {
			if out == nil {
				out = append(make([]text.Term, 0, len(ts)), ts[:i]...)
			}
			out = append(out, t)
			i += n - 1
			continue
		}
		if out != nil {
			out = append(out, ts[i])
		}
	}
	if out == nil {
		return ts
	}
	return out
}

// minJoinLen is the fewest letters a joined word needs: shorter ones
// ("k", "subs") are made by chance from everyday words.
const minJoinLen = 6

// joinAt returns how many terms from ts[i] join into one knowledge-base
// word (3, 2 or 0) and the term they make.
func (x *Index) joinAt(ts []text.Term, i int) (int, text.Term) {
	var buf [64]byte
	for n := 3; n >= 2; n-- {
		if i+n > len(ts) {
			continue
		}
		joined := buf[:0]
		lone := false // a piece the base does not know on its own
		for j := i; j < i+n; j++ {
			t := ts[j]
			if t.Sent != ts[i].Sent || j > i && t.Word != ts[j-1].Word+1 {
				joined = nil
				break
			}
			joined = append(joined, t.Canon...)
			lone = lone || t.Stop || !x.known(t.Stem)
		}
		if len(joined) < minJoinLen || !lone {
			continue
		}
		w := string(joined)
		if text.IsWord(w) || !x.fix.has(w) {
			// An English word is made by chance ("for getting" is not
			// "forgetting"): only names join.
			continue
		}
		c := x.v.Canonical(w)
		if st := x.v.Stem(c); x.known(st) {
			return n, text.Term{Canon: c, Stem: st, Word: ts[i].Word, Sent: ts[i].Sent}
		}
	}
	return 0, text.Term{}
}

func (x *Index) known(stem string) bool {
	_, ok := x.terms[stem]
	return ok
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// split returns the two phrasing words a run-together word is made of
// ("sideeffects" → "side", "effects"), or nil.
func (x *Index) split(w string) []string {
	if len(w) < 2*minSplitLen || len(w) > 40 {
		return nil
	}
	for i := minSplitLen; i <= len(w)-minSplitLen; i++ {
		a, b := w[:i], w[i:]
		if x.fix.has(a) && x.fix.has(b) {
			return []string{a, b}
		}
	}
	return nil
}

// A corrector reads misspellings as the words of titles, questions and
// keywords: those are what people ask about, while answer texts are full
// of everyday words ("week") that a misspelt name ("weed") would land on.
type corrector struct {
	// df holds the vocabulary: each word, with the docs using it (ties go
	// to the commoner word).
	df map[string]int32
	// byFirst holds the vocabulary's words of minFuzzyLen letters or
	// more by first letter, shortest first: correct reads only the words
	// of lengths that can be kept.
	byFirst map[byte][]string
	deletes map[string][]string // one-letter deletions → vocab words
}

func newCorrector(df map[string]int32) corrector {
	c := corrector{df: df, byFirst: map[byte][]string{}, deletes: map[string][]string{}}
	for w := range df {
		if len(w) < minFuzzyLen {
			continue
		}
		c.byFirst[w[0]] = append(c.byFirst[w[0]], w)
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			c.deletes[d] = append(c.deletes[d], w)
		}
	}
	for _, ws := range c.byFirst {
		slices.SortFunc(ws, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
		})
	}
	for _, ws := range c.deletes {
		sort.Strings(ws)
	}
	return c
}

func (c *corrector) has(w string) bool {
	_, ok := c.df[w]
	return ok
}

// correct returns the vocabulary word a misspelt word most likely stands
// for, or "" if none is close enough. It finds candidates with the fuzzy
// subsequence matcher (letters left out: "adictive" → "addictive") and a
// one-deletion index (a letter changed, added or two swapped: "ketamime",
// "ketammine", "ketmaine"), then keeps the closest by edit distance, and
// among those the most widely used.
func (c *corrector) correct(w string) string {
	if c.has(w) {
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
	consider := func(cand string) {
		d := text.EditDistance(w, cand, maxD+1)
		if d < bestD || d == bestD && (c.df[cand] > bestDF || c.df[cand] == bestDF && cand < best) {
			best, bestD, bestDF = cand, d, c.df[cand]
		}
	}
	if n <= maxFuzzyLen {
		for _, m := range fuzzy.FindNoSort(w, c.fuzzyCandidates(w, n+maxD)) {
			if len(m.Str)-n <= maxD {
				consider(m.Str)
			}
		}
	}
	for _, cand := range c.deletes[w] { // w has one letter missing
		consider(cand)
	}
	var buf [40]byte
	for i := range n {
		d := append(append(buf[:0], w[:i]...), w[i+1:]...) // looked up without a string made
		if _, ok := c.df[string(d)]; ok {                  // w has one letter too many
			consider(string(d))
		}
		for _, cand := range c.deletes[string(d)] { // one letter changed or swapped
			consider(cand)
		}
	}
	if bestD > maxD {
		return ""
	}
	return best
}

// fuzzyCandidates returns the words the fuzzy matcher may match w with
// and correct may keep: of at most longest bytes, and of at least as many
// as w has runes (a match is one of the word's runes for each of w's).
// The matcher reads each word on its own, so it finds the same of these
// as of all the words, and is far quicker.
func (c *corrector) fuzzyCandidates(w string, longest int) []string {
	ws, runes := c.byFirst[w[0]], utf8.RuneCountInString(w)
	lo := sort.Search(len(ws), func(i int) bool { return len(ws[i]) >= runes })
	hi := sort.Search(len(ws), func(i int) bool { return len(ws[i]) > longest })
	return ws[lo:max(lo, hi)]
}
