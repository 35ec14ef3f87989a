package knowledge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// A Case is one labelled question, as in shared/eval/public.jsonl.
type Case struct {
	Group string   `json:"g"`
	Q     string   `json:"q"`
	IDs   []string `json:"ids,omitempty"`   // any of these entries is a correct answer
	Kinds []Kind   `json:"kinds,omitempty"` // any of these kinds is correct
}

// ReadCases reads labelled questions, one JSON object per line.
func ReadCases(r io.Reader) ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if len(c.IDs) == 0 && len(c.Kinds) == 0 {
			return nil, fmt.Errorf("line %d: a case needs \"ids\" or \"kinds\"", n)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// Passes reports whether r is a correct reply to c: its kind is one of
// c.Kinds, or it answers with one of c.IDs (the personal-advice reply
// that shows one of them as the general entry counts: the member gets the
// entry, under the reminder to ask their own prescriber).
func (c Case) Passes(r Reply) bool {
	for _, k := range c.Kinds {
		if r.Kind == k {
			return true
		}
	}
	if r.Kind == KindAnswer || r.Kind == KindPersonalAdvice && r.Entry != nil {
		for _, id := range c.IDs {
			if r.Entry.ID == id {
				return true
			}
		}
	}
	return false
}

// reciprocalRank is 1/rank of the first correct entry among those the reply
// offers (the answer, or the suggestions in order), or 0.
func (c Case) reciprocalRank(r Reply) float64 {
	var offered []*Entry
	if r.Entry != nil {
		offered = append(offered, r.Entry)
	}
	for _, s := range r.Suggestions {
		offered = append(offered, s.Entry)
	}
	for i, e := range offered {
		for _, id := range c.IDs {
			if e.ID == id {
				return 1 / float64(i+1)
			}
		}
	}
	return 0
}

// An EvalReport scores a set of cases.
type EvalReport struct {
	Groups   []GroupScore
	MRR      float64 // mean reciprocal rank over cases with ids
	Failures []Failure
}

// GroupScore is the accuracy of one group of cases, and how the cases it
// failed went: a confident wrong answer (or a missed crisis) is the worst
// failure, a "Did you mean…" that offers a right entry the mildest.
type GroupScore struct {
	Group   string
	Passed  int
	Total   int
	Wrong   int // failed with an answer, or missed a crisis
	Offered int // failed, but a right entry is among the suggestions
}

// Accuracy is the share of cases passed.
func (g GroupScore) Accuracy() float64 {
	if g.Total == 0 {
		return 0
	}
	return float64(g.Passed) / float64(g.Total)
}

// A Failure is a case the engine got wrong.
type Failure struct {
	Case  Case
	Reply Reply
}

// Evaluate answers every case and scores the replies.
func (s *Snapshot) Evaluate(cases []Case, opts Options) EvalReport {
	var rep EvalReport
	groups := map[string]*GroupScore{}
	var rrSum float64
	var rrN int
	for _, c := range cases {
		r := s.Answer(c.Q, opts)
		g := groups[c.Group]
		if g == nil {
			g = &GroupScore{Group: c.Group}
			groups[c.Group] = g
		}
		g.Total++
		switch {
		case c.Passes(r):
			g.Passed++
		case r.Entry != nil && (r.Kind == KindAnswer || r.Kind == KindPersonalAdvice) || slices.Contains(c.Kinds, KindCrisis):
			g.Wrong++
		case c.reciprocalRank(r) > 0:
			g.Offered++
		}
		if !c.Passes(r) {
			rep.Failures = append(rep.Failures, Failure{c, r})
		}
		if len(c.IDs) > 0 {
			rrSum += c.reciprocalRank(r)
			rrN++
		}
	}
	for _, name := range keys(groups) {
		rep.Groups = append(rep.Groups, *groups[name])
	}
	sort.Slice(rep.Groups, func(i, j int) bool { return rep.Groups[i].Group < rep.Groups[j].Group })
	if rrN > 0 {
		rep.MRR = rrSum / float64(rrN)
	}
	return rep
}
