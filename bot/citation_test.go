package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

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
// lists it by (each answer used to number its own from 1), and both show
// every source, within Discord's limits.
func TestCitationNumbersMatchSources(t *testing.T) {
	snap, probs, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	list := renderSources(snap)
	checkLimits(t, list)
	inList := map[string]string{} // source line → its number in /sources
	for _, line := range embedLines(list.Embeds[0]) {
		num, rest, _ := strings.Cut(line, " ")
		inList[rest] = num
	}
	if got, want := len(inList), len(snap.Sources()); got != want {
		t.Errorf("/sources shows %d sources, want all %d", got, want)
	}
	checked := 0
	for _, e := range snap.Entries() {
		m := renderEntry(e, "", answerOpts{})
		checkLimits(t, m)
		for _, line := range embedLines(&discordgo.MessageEmbed{Fields: m.Embeds[0].Fields}) {
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

// embedLines returns the lines of an embed's description and fields.
func embedLines(e *discordgo.MessageEmbed) []string {
	var lines []string
	if e.Description != "" {
		lines = strings.Split(e.Description, "\n")
	}
	for _, f := range e.Fields {
		lines = append(lines, strings.Split(f.Value, "\n")...)
	}
	return lines
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		name, text  string
		first, rest int
		want        []string
	}{
		{"empty", "", 10, 5, nil},
		{"fits", "ab\ncd", 10, 5, []string{"ab\ncd"}},
		{"runs on", "abcd\nefgh\nij", 9, 5, []string{"abcd\nefgh", "ij"}},
		{"rest is smaller", "abc\ndef\nghi", 7, 3, []string{"abc\ndef", "ghi"}},
		{"long line is cut", "abcdefgh\nij", 5, 5, []string{"abcd…", "ij"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := splitLines(tc.text, tc.first, tc.rest); fmt.Sprint(got) != fmt.Sprint(tc.want) || len(got) != len(tc.want) {
				t.Errorf("splitLines(%q, %d, %d) = %q, want %q", tc.text, tc.first, tc.rest, got, tc.want)
			}
		})
	}
}
