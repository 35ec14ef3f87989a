package bot

import (
	"strings"
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

// A source has one number: the one under an answer is the one /sources
// lists it by. (Each answer used to number its own sources from 1.)
func TestCitationNumbersMatchSources(t *testing.T) {
	snap, probs, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	inList := map[string]string{} // source line → its number in /sources
	for _, line := range strings.Split(renderSources(snap).Embeds[0].Description, "\n") {
		num, rest, _ := strings.Cut(line, " ")
		inList[rest] = num
	}
	checked := 0
	for _, e := range snap.Entries() {
		if len(e.Sources) < 2 {
			continue
		}
		field := renderEntry(e, "", answerOpts{}).Embeds[0].Fields[0].Value
		for _, line := range strings.Split(field, "\n") {
			num, rest, _ := strings.Cut(line, " ")
			want, ok := inList[rest]
			if !ok {
				t.Errorf("%s cites %q, which /sources does not list", e.ID, rest)
				continue
			}
			if num != want {
				t.Errorf("%s cites %q as %s; /sources lists it as %s", e.ID, rest, num, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no entry with two or more sources to check")
	}
}
