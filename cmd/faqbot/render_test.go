package main

import (
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/knowledge"
)

// "Last reviewed" is said only of an answer that has a review date, in the
// console and in --json alike.
func TestLastReviewedOnlyWhenReviewed(t *testing.T) {
	e := &knowledge.Entry{ID: "x", Title: "Is ketamine addictive?", Body: "It can be misused."}
	r := knowledge.Reply{Kind: knowledge.KindAnswer, Entry: e, Disclaimer: "Not medical advice."}
	if out := renderText(r); strings.Contains(out, "Last reviewed") {
		t.Errorf("unreviewed entry renders %q, want no \"Last reviewed\"", out)
	}
	if got := replyJSON(r).Reviewed; got != "" {
		t.Errorf("unreviewed entry: json reviewed = %q, want none", got)
	}
	e.Reviewed = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if out := renderText(r); !strings.Contains(out, "Last reviewed 2026-12-01") {
		t.Errorf("reviewed entry renders %q, want \"Last reviewed 2026-12-01\"", out)
	}
	if got, want := replyJSON(r).Reviewed, "2026-12-01"; got != want {
		t.Errorf("json reviewed = %q, want %q", got, want)
	}
}

// --json gives each source the number /sources lists it by, as the
// console does.
func TestSourceNumbersInJSONAndConsole(t *testing.T) {
	e := &knowledge.Entry{ID: "x", Title: "Is ketamine addictive?", Body: "It can be misused.",
		Sources: []knowledge.Source{{ID: "jhu", Title: "What to Know About Ketamine", Year: 2024, URL: "https://j", Number: 8}}}
	r := knowledge.Reply{Kind: knowledge.KindAnswer, Entry: e}
	if got := replyJSON(r).Sources; len(got) != 1 || got[0].Number != 8 {
		t.Errorf("json sources = %+v, want number 8", got)
	}
	if out := renderText(r); !strings.Contains(out, "\n[8] What to Know About Ketamine") {
		t.Errorf("console = %q, want the source as [8]", out)
	}
}
