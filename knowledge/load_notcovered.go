package knowledge

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// notCoveredFile lists questions members ask that no entry answers, by
// topic: the matcher learns from them what to say no to.
const notCoveredFile = "not-covered.yaml"

// A NotCovered topic is something members ask about that the knowledge
// base does not answer ("cost and insurance"), with their questions.
type NotCovered struct {
	Topic string
	// Unnamed is set by "named: false": the reply does not say "I don't
	// have information about <topic> yet" (for a catch-all such as "this
	// server and other things", which reads badly in that sentence); the
	// gap is still recorded under the topic.
	Unnamed   bool
	Questions []string
	Line      int   // the topic's line in not-covered.yaml
	Lines     []int // each question's line
}

// readNotCovered reads not-covered.yaml.
func (l *loader) readNotCovered() {
	data, _, ok := l.readFile(notCoveredFile)
	if !ok {
		return
	}
	r := &yamlReader{file: notCoveredFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	f := r.fields(n, notCoveredFile, "topics")
	ts := f["topics"]
	if ts == nil {
		return
	}
	if ts.Kind != yaml.SequenceNode {
		r.probs.add(r.file, r.line(ts), "topics must be a list of `- topic: ...` items, each with its questions")
		return
	}
	seen := map[string]int{}
	for _, item := range ts.Content {
		tf := r.fields(item, "each topic", "topic", "named", "questions")
		var t NotCovered
		t.Topic, _ = r.str(tf["topic"], "topic")
		t.Line = r.line(item)
		if n := tf["named"]; n != nil {
			switch v, _ := r.str(n, "named"); strings.ToLower(v) {
			case "false", "no":
				t.Unnamed = true
			case "true", "yes":
			default:
				r.probs.add(r.file, r.line(n), "named must be true or false, not %q (false: the reply does not name the topic)", v)
			}
		}
		qs, _ := r.items(tf["questions"], "questions", false)
		switch {
		case t.Topic == "":
			r.probs.add(r.file, t.Line, "each topic needs a name (`topic: cost and insurance`): the bot says it in its reply")
			continue
		case strings.ContainsAny(t.Topic, "%\n"):
			r.probs.add(r.file, t.Line, "the topic name %q must be one line without %%", t.Topic)
			continue
		case len(qs) == 0:
			r.probs.add(r.file, t.Line, "topic %q has no questions; add the questions members ask about it", t.Topic)
			continue
		case seen[t.Topic] > 0:
			r.probs.add(r.file, t.Line, "topic %q is already on line %d; put its questions together", t.Topic, seen[t.Topic])
			continue
		}
		seen[t.Topic] = t.Line
		for _, q := range qs {
			t.Questions = append(t.Questions, q.text)
			t.Lines = append(t.Lines, q.line)
		}
		l.notCovered = append(l.notCovered, t)
	}
}
