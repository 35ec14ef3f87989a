package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// shipped is the shipped knowledge base, loaded once for all the tests
// (a Snapshot is read-only, and loading trains the classifier).
func shipped(tb testing.TB) *Snapshot {
	tb.Helper()
	s := loadShipped()
	if s.err != nil {
		tb.Fatal(s.err)
	}
	if len(s.probs) > 0 {
		tb.Fatalf("shipped knowledge base has problems:\n%v", s.probs)
	}
	return s.snap
}

var loadShipped = sync.OnceValue(func() (s struct {
	snap  *Snapshot
	probs Problems
	err   error
}) {
	s.snap, s.probs, s.err = Load(DefaultFS(), LoadOptions{})
	return s
})

// The shipped knowledge base is what moderators edit: CI checks it the way
// "faqbot check" does.
func TestShippedKnowledgeBase(t *testing.T) {
	snap := shipped(t)
	required := map[string][]string{
		"faq": {"what-is-ketamine", "how-it-works", "fda-approval", "administration", "treatment-settings",
			"effectiveness", "research-evidence", "cravings-withdrawal", "side-effects", "safety",
			"addiction-risk", "esketamine", "alternatives", "future-research"},
		"side-effects": {"hallucinations", "mood-changes", "cognitive-impairment", "dependency"},
	}
	for coll, ids := range required {
		for _, id := range ids {
			e, ok := snap.Entry(id)
			if !ok {
				t.Errorf("entry %s/%s is missing", coll, id)
				continue
			}
			if e.Collection != coll {
				t.Errorf("entry %s is in %s, want %s", id, e.Collection, coll)
			}
		}
	}
	for _, e := range snap.Entries() {
		if len(e.Sources) == 0 {
			t.Errorf("%s cites no source", e.File)
		}
		if e.Reviewed.IsZero() {
			t.Errorf("%s has no reviewed date", e.File)
		}
		for _, s := range e.Sources {
			if strings.Contains(s.URL, "fpubh.2024.1443992") || strings.Contains(s.URL, "11649595") {
				t.Errorf("%s cites %s, which does not support ketamine claims (see shared/content/sources.md)", e.File, s.URL)
			}
		}
		for _, w := range []string{"addict ", "addicts", "junkie", "abuser", "substance abuse"} {
			if strings.Contains(strings.ToLower(e.Body), w) {
				t.Errorf("%s uses stigmatising %q; use person-first language", e.File, w)
			}
		}
	}
	res := snap.Safety().Crisis.Resources
	text := snap.Safety().Crisis.Reply
	for _, r := range res {
		text += " " + r.Contact
	}
	for _, want := range []string{"911", "988", "1-800-222-1222", "1-800-662-4357"} {
		if !strings.Contains(text, want) {
			t.Errorf("crisis resources lack %s", want)
		}
	}
	if !strings.Contains(strings.ToLower(strings.Join(snap.Safety().Crisis.OverdoseSteps, " ")), "naloxone") {
		t.Error("crisis overdose steps do not mention naloxone")
	}
}

// evalFile finds a labelled question file in the shared folder beside the
// repository.
func evalFile(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join("..", "..", "shared", "eval", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s: %v (CI must have shared/ beside the checkout)", p, err)
		}
		tb.Skipf("%s not found: %v", p, err)
	}
	return p
}

// evalBars are what each labelled set must keep. The share of every
// group answered right must be at least pass[group] (pass["*"] for groups
// not named; a crisis group must be 100%), and at most maxWrong of all the
// cases may get a confident wrong answer or miss a crisis. The sets of
// writers who never saw the matcher are held at what they scored when
// they were added (README "Matching quality"), less a few points of
// slack, so a change that makes matching worse fails CI.
var evalBars = []struct {
	file     string
	pass     map[string]float64
	maxWrong float64
}{
	{"public.jsonl", map[string]float64{"*": 0.95}, 0.02},
	{"heldout.jsonl", map[string]float64{"*": 0.86}, 0.03},
	// The tuning set (m1-m4): the settings were fitted on it.
	{"tune.jsonl", map[string]float64{"in": 0.89, "out": 0.86}, 0.035},
	// Held out in December 2026, each pair of writers scored once after
	// a change: m5-m6, m7-m8 (after retraining the safety router), m9-m10
	// (after the alias corrections), m11-m12 (after sentence windows).
	// Since then their in-scope questions are phrasings of the entries and
	// the router's ordinary messages: these bars hold what they score as
	// training data, and the held-out figures are the README's.
	{"heldout-2026-12a.jsonl", map[string]float64{"in": 0.90, "out": 0.88}, 0.02},
	{"heldout-2026-12b.jsonl", map[string]float64{"in": 0.92, "out": 0.88}, 0.025},
	{"heldout-2026-12c.jsonl", map[string]float64{"in": 0.92, "out": 0.80}, 0.02},
	{"heldout-2026-12d.jsonl", map[string]float64{"in": 0.91, "out": 0.86}, 0.035},
	// m13-m14, scored once after the last change (phrasings from m5-m12
	// and coverage of what an entry speaks of): still held out.
	{"heldout-2026-12e.jsonl", map[string]float64{"in": 0.89, "out": 0.87}, 0.025},
	// m15-m16 (scored once on the code of 2026-12-02 before this day's
	// changes: in 62.5%, out 92%, 1% confident wrong), m17-m18 (after the
	// Scots vocabulary: 80.6%, 96%, 1%), m19-m20 (after the Jamaican
	// vocabulary: 66.2%, 92%, 2.4%), m21-m22 (after the variants of other
	// Englishes: 78.8%, 82%, 3.3%). Since then their in-scope questions are
	// phrasings of the entries: these bars hold what they score as
	// training data, and the held-out figures are the README's.
	{"heldout-2026-12f.jsonl", map[string]float64{"in": 0.93, "out": 0.86}, 0.02},
	{"heldout-2026-12g.jsonl", map[string]float64{"in": 0.95, "out": 0.90}, 0.025},
	{"heldout-2026-12h.jsonl", map[string]float64{"in": 0.95, "out": 0.88}, 0.02},
	{"heldout-2026-12i.jsonl", map[string]float64{"in": 0.93, "out": 0.80}, 0.025},
	// m23-m26 (four writers; scored once after f-i became phrasings: in
	// 88.1%, out 84%, 2.4% confident wrong). Since then its in-scope
	// questions are phrasings, and the out-of-scope questions of a-j are
	// not-covered.yaml's: these bars hold what they score as training data.
	{"heldout-2026-12j.jsonl", map[string]float64{"in": 0.93, "out": 0.88}, 0.01},
	// m27-m30 (four writers; scored once after j became phrasings and a-j
	// not-covered questions: in 83.8%, out 96%, 1.2% confident wrong) and
	// m31-m33 (three writers; scored once after the router of s46-s48:
	// 90.0%, 97.3%, 0.3%). Since then their in-scope questions of one
	// entry are phrasings and their out-of-scope ones not-covered.yaml's:
	// these bars hold what they score as training data.
	{"heldout-2026-12k.jsonl", map[string]float64{"in": 0.92, "out": 0.94}, 0.01},
	{"heldout-2026-12l.jsonl", map[string]float64{"in": 0.92, "out": 0.95}, 0.01},
	// m34-m37 (four writers), scored once after k and l were learned:
	// in 84.7%, out 89%, 1.7% confident wrong; m38-m40 (three writers),
	// scored once after "clean" was read as "sober": in 82.1%, out 93.3%,
	// 0.6% confident wrong. Since then the confidence model is fitted on
	// them (with tune, heldout and e: see fitFiles): these bars hold what
	// they score as fitting data.
	{"heldout-2026-12m.jsonl", map[string]float64{"in": 0.88, "out": 0.85}, 0.025},
	{"heldout-2026-12n.jsonl", map[string]float64{"in": 0.86, "out": 0.90}, 0.015},
	// m41-m44 (four writers), scored once after the confidence model was
	// refitted and chat spellings read: in 90.6%, out 89%, 1.4% confident
	// wrong (the code of the session's start: 87.8%, 90%, 0.7%). Still
	// held out.
	{"heldout-2026-12o.jsonl", map[string]float64{"in": 0.87, "out": 0.85}, 0.025},
	// m45-m48 (four writers), scored once after the router's farewell and
	// grammar fixes: in 90.9%, out 78% (most of the rest got the personal
	// advice or crisis reply), 2.4% confident wrong (the session's
	// starting code: 85.9%, 83%, 1.0%). Still held out.
	{"heldout-2026-12p.jsonl", map[string]float64{"in": 0.88, "out": 0.74}, 0.03},
	// m49-m52 (four writers), scored once after m-p's out-of-scope
	// questions went into not-covered.yaml and split names were joined:
	// in 90.0%, out 86%, 0.7% confident wrong (the session's starting
	// code: 86.2%, 87%, 0.2%). Still held out.
	{"heldout-2026-12q.jsonl", map[string]float64{"in": 0.87, "out": 0.82}, 0.02},
	// m53-m56 (four writers), scored once after a question only the
	// personal-advice model reads as personal, and unsurely, got the reply
	// of a close not-covered topic: in 91.2%, out 88%, 1.0% confident wrong
	// (the session's starting code: 87.5%, 88%, 0.5%). Still held out.
	{"heldout-2026-12r.jsonl", map[string]float64{"in": 0.88, "out": 0.84}, 0.02},
	// m57-m60 (four writers), scored once after the router's video and
	// taper fixes: in 92.8%, out 87%, 1.0% confident wrong (the
	// session's starting code: 90.0%, 86%, 1.0%). Still held out.
	{"heldout-2026-12s.jsonl", map[string]float64{"in": 0.89, "out": 0.83}, 0.02},
	// m61-m64 (four writers), scored once after the router's media,
	// colour, goodbye and personal-veto changes: in 92.2%, out 86%, 1.0%
	// confident wrong (the session's starting code: 85.9%, 87%, 0.5%).
	// Still held out.
	{"heldout-2026-12t.jsonl", map[string]float64{"in": 0.89, "out": 0.82}, 0.02},
	// m65-m68 (four writers), scored once after "whats the point
	// anymore": in 91.6%, out 85%, 0.7% confident wrong (the session's
	// starting code: 88.8%, 87%, 0.2%). Still held out.
	{"heldout-2026-12u.jsonl", map[string]float64{"in": 0.88, "out": 0.81}, 0.02},
	// m69-m72 (four writers), scored once after the Scots words and
	// "combining needs a medicine": in 89.1%, out 82%, 1.4% confident
	// wrong (the session's starting code: 85.9%, 80%, 1.2%). Still held
	// out.
	{"heldout-2026-12v.jsonl", map[string]float64{"in": 0.86, "out": 0.78}, 0.025},
	// m73-m76 (four writers), scored once after the Spanish kin words and
	// "good for them": in 89.7%, out 91%, 2.1% confident wrong (the
	// session's starting code: 86.2%, 91%, 1.2%). Still held out.
	{"heldout-2026-12w.jsonl", map[string]float64{"in": 0.86, "out": 0.87}, 0.03},
	// m77-m80 (four writers, fourth session), scored once on the code the
	// third session left (unchanged since set w): in 92.2%, out 87%, 1.4%
	// confident wrong; 9 in-scope questions got the crisis reply. Still
	// held out.
	{"heldout-2026-12x.jsonl", map[string]float64{"in": 0.89, "out": 0.84}, 0.025},
	// Since then the out-of-scope questions of m-p are not-covered.yaml's:
	// their "out" figures above hold training data, their "in" figures
	// (o and p) are still held out.
}

func TestEvalQualityBar(t *testing.T) {
	snap := shipped(t)
	for _, bar := range evalBars {
		t.Run(bar.file, func(t *testing.T) {
			file := filepath.Join("testdata", "eval", bar.file)
			if bar.file == "public.jsonl" {
				file = evalFile(t, bar.file)
			}
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cases, err := ReadCases(f)
			if err != nil {
				t.Fatal(err)
			}
			rep := snap.Evaluate(cases, Options{})
			for _, fl := range rep.Failures {
				t.Logf("miss [%s] %q: got %s (%s)", fl.Case.Group, fl.Case.Q, fl.Reply, fl.Reply.Why.Reason)
			}
			wrong := 0
			for _, g := range rep.Groups {
				wrong += g.Wrong
				min, ok := bar.pass[g.Group]
				if !ok {
					min = bar.pass["*"]
				}
				if g.Group == "crisis" {
					min = 1
				}
				if g.Accuracy() < min {
					t.Errorf("group %s: %d/%d = %.1f%%, want at least %.0f%%", g.Group, g.Passed, g.Total, 100*g.Accuracy(), 100*min)
				}
			}
			if share := float64(wrong) / float64(len(cases)); share > bar.maxWrong {
				t.Errorf("%d of %d cases (%.1f%%) got a confident wrong answer or missed a crisis, want at most %.1f%%", wrong, len(cases), 100*share, 100*bar.maxWrong)
			}
		})
	}
}
