package safety

import (
	"flag"
	"testing"

	"github.com/faqbot/faqbot/knowledge/text"
)

var debugMsg = flag.String("msg", "", "TestDebug: explain how this message is checked")

// TestDebug explains a message: go test ./knowledge/safety -run TestDebug -msg '…' -v
func TestDebug(t *testing.T) {
	if *debugMsg == "" {
		t.Skip("no -msg")
	}
	q := text.Analyze(*debugMsg)
	m := newMessage(q)
	t.Logf("words: %q", m.words)
	for si, s := range q.Sentences {
		t.Logf("sentence %d %q ctx=%05b question=%v laugh=%v", si, q.Text(s), m.ctx[si], s.Question, s.Laugh)
	}
	for i := range rules {
		r := &rules[i]
		for si, s := range q.Sentences {
			if r.pat.match(m.hits, s.Start, s.End) {
				why := ""
				if m.ctx[si]&r.cancel != 0 {
					why = "cancelled by context"
				}
				if r.unless != nil && r.unless.match(m.hits, s.Start, s.End) {
					why += " cancelled by unless"
				}
				t.Logf("rule %s (%s %.1f) in sentence %d %s", r.name, r.concept, r.weight, si, why)
			}
		}
	}
	m.crisis()
	fs := m.features()
	t.Logf("crisis model p=%.3f (threshold %.2f), best sentence window p=%.3f (threshold %.2f), personal model p=%.3f (threshold %.2f)", crisisModel.prob(fs), modelThreshold, m.windowProb(), windowThreshold, personalModel.prob(fs), personalThreshold)
	for i := range personalPats {
		for _, s := range q.Sentences {
			if personalPats[i].match(m.hits, s.Start, s.End) {
				t.Logf("personal pattern %q", personalPats[i].src)
			}
		}
	}
	for i := range helpPats {
		for _, s := range q.Sentences {
			if helpPats[i].match(m.hits, s.Start, s.End) {
				t.Logf("help pattern %q", helpPats[i].src)
			}
		}
	}
	t.Logf("decision: %+v", Check(q))
}
