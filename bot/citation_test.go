package bot

import (
	"testing"

	"github.com/faqbot/faqbot/knowledge"
)

// An undated page says so in the citation, with the year it was read.
func TestSourceLineUndated(t *testing.T) {
	s := knowledge.Source{Title: "Lifesaving Naloxone", Publisher: "CDC", Checked: "2026-12-01", URL: "https://www.cdc.gov/n"}
	if got, want := sourceLine(s), "[Lifesaving Naloxone](https://www.cdc.gov/n) — CDC, undated, checked 2026"; got != want {
		t.Errorf("sourceLine = %q, want %q", got, want)
	}
	s.Publisher = ""
	if got, want := sourceLine(s), "[Lifesaving Naloxone](https://www.cdc.gov/n) (undated, checked 2026)"; got != want {
		t.Errorf("sourceLine without publisher = %q, want %q", got, want)
	}
}
