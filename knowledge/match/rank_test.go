package match

import (
	"slices"
	"testing"

	"github.com/faqbot/faqbot/knowledge/text"
)

// A word of one member's story in one phrasing ("my grandkids joke about
// it") is not what the entry speaks of: asking about it finds no coverage
// there. A word of the title, the keywords, the answer or of many
// phrasings is.
func TestCoverageCountsWhatAnEntrySpeaksOf(t *testing.T) {
	docs := []Doc{
		{Phrasings: []string{"can ketamine cause hallucinations", "whats a k hole my grandkids joke about it", "seeing things after ketamine"},
			Keywords: []string{"khole"}, Body: "Ketamine can make people see or hear things."},
		{Phrasings: []string{"is ketamine addictive", "can you get hooked on ketamine"}, Body: "Ketamine can be misused."},
	}
	v := text.NewVocabulary(nil, nil, []string{"a", "about", "it", "my", "can", "is", "you", "on", "whats", "me", "tell", "does"})
	x := New(docs, v)
	rank := func(q string) Candidate {
		aq := text.Analyze(q)
		v.Annotate(aq)
		x.Annotate(aq)
		top := x.Rank(aq).Top
		if len(top) == 0 {
			t.Fatalf("%q: no candidates", q)
		}
		return top[0]
	}
	if c := rank("tell me a joke?"); c.Doc == 0 && c.Coverage > 0 {
		t.Errorf("tell me a joke: coverage %.2f of the entry whose one phrasing tells a joke, want 0 (missing %v)", c.Coverage, c.Missing)
	} else if c.Doc == 0 && !slices.Contains(c.Missing, "joke") {
		t.Errorf("tell me a joke: missing %v, want joke", c.Missing)
	}
	if c := rank("does ketamine make you see things?"); c.Doc != 0 || c.Coverage < 1 {
		t.Errorf("seeing things: doc %d coverage %.2f, want doc 0 fully covered", c.Doc, c.Coverage)
	}
}
