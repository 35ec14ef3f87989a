package knowledge

import (
	"strings"
	"testing"
)

// undatedSource is a page with no date of its own, read on 2026-12-01.
const undatedSource = `cdc:
  title: Lifesaving Naloxone
  publisher: Centers for Disease Control and Prevention
  checked: 2026-12-01
  url: https://www.cdc.gov/stop-overdose/caring/naloxone.html
`

// An undated page is cited as undated, with the year it was read, never
// with a made-up year of publication.
func TestUndatedSource(t *testing.T) {
	fsys := testKB()
	setFile("sources.yaml", goodSources+undatedSource)(fsys)
	setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu, cdc]", 1))(fsys)
	snap, probs, err := Load(fsys, LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v; want no problems", probs, err)
	}
	e, _ := snap.Entry("other")
	if len(e.Sources) != 2 {
		t.Fatalf("sources = %v, want jhu and cdc", e.Sources)
	}
	if got, want := e.Sources[0].Date(), "2024"; got != want {
		t.Errorf("dated source: Date() = %q, want %q", got, want)
	}
	cdc := e.Sources[1]
	if got, want := cdc.Date(), "undated, checked 2026"; got != want {
		t.Errorf("undated source: Date() = %q, want %q", got, want)
	}
	if got, want := cdc.Citation(), "Lifesaving Naloxone. Centers for Disease Control and Prevention, undated, checked 2026"; got != want {
		t.Errorf("Citation() = %q, want %q", got, want)
	}
}

func TestUndatedSourceProblems(t *testing.T) {
	tests := []struct {
		name, sources string
		line          int
		want          string
	}{
		{"neither year nor checked", strings.Replace(undatedSource, "  checked: 2026-12-01\n", "", 1), 6, "or for an undated page `checked:"},
		{"checked not a date", strings.Replace(undatedSource, "2026-12-01", "last week", 1), 9, `checked must be the date the page was read, written YYYY-MM-DD (or just the year), got "last week"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := testKB()
			setFile("sources.yaml", goodSources+tc.sources)(fsys)
			_, probs, err := Load(fsys, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range probs.Errors() {
				if p.File == "sources.yaml" && p.Line == tc.line && strings.Contains(p.Msg, tc.want) {
					return
				}
			}
			t.Errorf("problems = %v\nwant one at sources.yaml:%d containing %q", probs, tc.line, tc.want)
		})
	}
}

// A source's Number is its place in Snapshot.Sources, in every entry that
// cites it.
func TestSourceNumbers(t *testing.T) {
	snap := shipped(t)
	byID := map[string]int{}
	for i, s := range snap.Sources() {
		if s.Number != i+1 {
			t.Errorf("Sources()[%d] %s has Number %d, want %d", i, s.ID, s.Number, i+1)
		}
		byID[s.ID] = s.Number
	}
	for _, e := range snap.Entries() {
		for _, s := range e.Sources {
			if s.Number != byID[s.ID] || s.Number == 0 {
				t.Errorf("%s cites %s as %d, want %d", e.ID, s.ID, s.Number, byID[s.ID])
			}
		}
	}
}
