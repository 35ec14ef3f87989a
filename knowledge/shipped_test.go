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

// The quality bar: every crisis case, and at least 95% of each other group
// of the public set. The held-out set (written without looking at the
// matcher) guards against tuning to the public sentences; its bar for
// in-scope questions is lower (see README "Matching quality").
func TestEvalQualityBar(t *testing.T) {
	snap := shipped(t)
	bars := map[string]float64{"public.jsonl": 0.95, "heldout.jsonl": 0.90}
	for _, file := range []string{evalFile(t, "public.jsonl"), filepath.Join("testdata", "eval", "heldout.jsonl")} {
		t.Run(filepath.Base(file), func(t *testing.T) {
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
			for _, g := range rep.Groups {
				min := bars[filepath.Base(file)]
				if g.Group == "crisis" {
					min = 1
				}
				if g.Accuracy() < min {
					t.Errorf("group %s: %d/%d = %.1f%%, want at least %.0f%%", g.Group, g.Passed, g.Total, 100*g.Accuracy(), 100*min)
				}
			}
		})
	}
}
