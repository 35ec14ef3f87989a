package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/faqbot/faqbot/knowledge/safety"
)

const testNotCovered = `topics:
  - topic: cost and insurance
    questions:
      - how much does a ketamine infusion cost
      - does insurance pay for ketamine
      - is ketamine cheap
`

// A question closest to a not-covered topic gets the no-match reply that
// names the topic, asked as listed or in other words.
func TestNotCoveredTopicAnswered(t *testing.T) {
	snap := loadNotCovered(t, testNotCovered)
	if got := snap.NotCovered(); len(got) != 1 || got[0].Topic != "cost and insurance" || len(got[0].Questions) != 3 || got[0].Lines[1] != 5 {
		t.Fatalf("NotCovered = %+v", got)
	}
	for _, q := range []string{"does insurance pay for ketamine", "is ketamine covered by insurance"} {
		r := snap.Answer(q, Options{})
		if r.Kind != KindNoMatch || r.Topic != "cost and insurance" || !strings.Contains(r.Text, "cost and insurance") {
			t.Errorf("Answer(%q) = %s, topic %q; want no_match naming cost and insurance", q, r, r.Topic)
		}
	}
	if r := snap.Answer("is ketamine addictive", Options{}); r.Kind != KindAnswer {
		t.Errorf("an entry's own question got %s with the topic loaded", r)
	}
}

// A topic with "named: false" is not named in the reply (a catch-all
// reads badly in "I don't have information about … yet"), but the reply
// still says the question is not covered and records the topic.
func TestNotCoveredTopicUnnamed(t *testing.T) {
	snap := loadNotCovered(t, "topics:\n  - topic: other things\n    named: false\n    questions:\n      - whats the weather tomorrow\n      - who won the game last night\n")
	r := snap.Answer("whats the weather tomorrow", Options{})
	if r.Kind != KindNoMatch || r.Topic != "" || strings.Contains(r.Text, "other things") || r.Why.NotCovered != "other things" {
		t.Errorf("Answer = %s, topic %q, not covered %q, text %q; want no_match not naming the topic, recorded under it", r, r.Topic, r.Why.NotCovered, r.Text)
	}
}

func TestNotCoveredFileProblems(t *testing.T) {
	tests := []struct {
		name, data string
		line       int
		want       string
	}{
		{"not a list", "topics: cost\n", 1, "topics must be a list"},
		{"no name", "topics:\n  - questions: [how much is it]\n", 2, "each topic needs a name"},
		{"no questions", "topics:\n  - topic: cost\n", 2, `topic "cost" has no questions`},
		{"twice", "topics:\n  - topic: cost\n    questions: [a b]\n  - topic: cost\n    questions: [c d]\n", 4, `topic "cost" is already on line 2`},
		{"named not a bool", "topics:\n  - topic: cost\n    named: maybe\n    questions: [a b]\n", 3, `named must be true or false, not "maybe"`},
		{"entry's question", "topics:\n  - topic: cost\n    questions:\n      - Is ketamine addictive?\n", 4, `"Is ketamine addictive?" is listed as not covered (cost), but it is also the title of faq/addictive.md`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := testKB()
			fsys["not-covered.yaml"] = file(tc.data)
			snap, probs, err := Load(fsys, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, p := range probs {
				found = found || p.File == "not-covered.yaml" && p.Line == tc.line && strings.Contains(p.Msg, tc.want)
			}
			if !found {
				t.Errorf("problems = %v, want not-covered.yaml:%d %q", probs, tc.line, tc.want)
			}
			// Nothing else is lost: the entries still answer.
			if r := snap.Answer("Is ketamine addictive?", Options{}); r.Kind != KindAnswer {
				t.Errorf("with a broken not-covered.yaml the entry's title gets %s", r)
			}
		})
	}
}

// loadNotCovered loads the test knowledge base with data as its
// not-covered.yaml, which must load without problems.
func loadNotCovered(t *testing.T, data string) *Snapshot {
	t.Helper()
	fsys := testKB()
	fsys["not-covered.yaml"] = file(data)
	snap, probs, err := Load(fsys, LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	return snap
}

func file(data string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(data)} }

// A question that only the personal-advice model, and only just, reads as
// asking for advice, and that is closest to a not-covered topic, gets that
// topic's reply; when a personal-advice rule fired, or the model is sure,
// the personal-advice reply stands.
func TestPersonalByModelNearNotCoveredTopic(t *testing.T) {
	snap := loadNotCovered(t, testNotCovered)
	q := snap.Analyze("does insurance pay for ketamine")
	for _, tc := range []struct {
		d    safety.Decision
		want Kind
	}{
		{safety.Decision{Outcome: safety.Personal, PersonalProb: 0.2}, KindNoMatch},
		{safety.Decision{Outcome: safety.Personal, PersonalProb: 0.9}, KindPersonalAdvice},
		{safety.Decision{Outcome: safety.Personal, PersonalRule: true}, KindPersonalAdvice},
	} {
		r := snap.reply(q, tc.d, Options{}.withDefaults())
		if r.Kind != tc.want || tc.want == KindNoMatch && r.Topic != "cost and insurance" {
			t.Errorf("reply(%+v) = %s, topic %q; want %s", tc.d, r, r.Topic, tc.want)
		}
	}
}
