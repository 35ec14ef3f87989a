package lint

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/faqbot/faqbot/knowledge"
)

// The shipped knowledge base is clean by the one definition the bot
// serves by (CI also runs faqbot check on it).
func TestShippedKnowledgeBaseIsClean(t *testing.T) {
	snap, probs, err := Check(knowledge.DefaultFS(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if errs := probs.Errors(); len(errs) > 0 {
		t.Errorf("the shipped knowledge base has errors:\n%v", errs)
	}
	for _, p := range probs {
		t.Logf("warning: %s", p)
	}
	if snap.Len() == 0 {
		t.Error("the shipped knowledge base has no entries")
	}
}

func wantError(t *testing.T, probs knowledge.Problems, file string, line int, text string) {
	t.Helper()
	for _, p := range probs.Errors() {
		if p.File == file && (line == 0 || p.Line == line) && strings.Contains(p.Msg, text) {
			return
		}
	}
	t.Errorf("errors = %v\nwant one in %s:%d containing %q", probs, file, line, text)
}

func check(t *testing.T, fsys fstest.MapFS, o Options) knowledge.Problems {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	_, probs, err := Check(fsys, o)
	if err != nil {
		t.Fatal(err)
	}
	return probs
}

// A phrasing that the personal-advice check catches fails the check, at
// its line: the bot would not answer it with its entry.
func TestCheckSelfTest(t *testing.T) {
	fsys := testKB()
	setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: What is ketamine?\nquestions:\n  - what does ketamine do\n  - should I stop taking ketamine", 1))(fsys)
	probs := check(t, fsys, Options{})
	wantError(t, probs, "faq/other.md", 5, `self-test: asking "should I stop taking ketamine" gets the personal-advice reply, not this entry`)
	if n := len(probs.Errors()); n != 1 {
		t.Errorf("Check = %v, want exactly the one self-test error", probs)
	}
}

// The example questions that safety.yaml's replies offer members are
// asked too, with the bot's own thresholds.
func TestCheckSafetyExamples(t *testing.T) {
	fsys := testKB()
	help := "help:\n  reply: |\n    I can answer:\n    - Is ketamine addictive?\n    - Is ketamine habit forming?\n"
	setFile("safety.yaml", goodSafety+help)(fsys)
	snap, _, _ := knowledge.Load(fsys, knowledge.LoadOptions{})
	loose := snap.Answer("Is ketamine habit forming?", knowledge.Options{})
	strict := snap.Answer("Is ketamine habit forming?", knowledge.Options{Threshold: 1})
	if loose.Kind != knowledge.KindAnswer || strict.Kind == knowledge.KindAnswer {
		t.Fatalf("fixture: Answer = %s by default and %s at threshold 1 (only exact questions); want an answer only by default", loose, strict)
	}
	if probs := check(t, fsys, Options{}); len(probs) > 0 {
		t.Errorf("with the default thresholds Check = %v, want no problems", probs)
	}
	probs := check(t, fsys, Options{Match: knowledge.Options{Threshold: 1}})
	wantWarning(t, probs, "safety.yaml", 12, `the example question "Is ketamine habit forming?" gets`)
}

// One mistake gives one message: the self-test and the content checks do
// not run on a base with errors, where they would repeat them (a bad date
// read as "last reviewed 0001-01-01", the sources of a file that does not
// parse reported as uncited).
func TestCheckOneMistakeOneMessage(t *testing.T) {
	tests := []struct {
		name string
		edit func(fstest.MapFS)
	}{
		{"bad date", setFile("faq/other.md", strings.Replace(otherEntry, "2026-11-25", "25/11/2026", 1))},
		{"unreadable file", func(m fstest.MapFS) {
			setFile("sources.yaml", goodSources+"spare:\n  title: Spare\n  year: 2020\n  url: https://example.org/\n")(m)
			setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu, spare", 1))(m)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := testKB()
			tc.edit(fsys)
			probs := check(t, fsys, Options{})
			if len(probs) != 1 || len(probs.Errors()) != 1 {
				t.Errorf("Check = %v, want exactly one error", probs)
			}
		})
	}
}
