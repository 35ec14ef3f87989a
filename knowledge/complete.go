package knowledge

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/faqbot/faqbot/knowledge/text"
)

// MaxChoices is the most autocomplete choices Discord shows.
const MaxChoices = 25

// maxChoiceLen is the longest choice name Discord accepts, in characters.
const maxChoiceLen = 100

// maxCompleteRunes bounds the typed text given to the fuzzy matcher, whose
// adjacency bonus doubles per letter and overflows on long matches.
const maxCompleteRunes = 40

// A Choice is one autocomplete suggestion: an entry and the text shown.
type Choice struct {
	ID   string // entry id
	Name string // title or matching phrasing, at most 100 characters
}

// completer ranks titles and phrasings as the user types.
type completer struct {
	texts   []string // lower-cased phrasings and keywords
	shown   []string // what to show for each text
	entries []string // entry id for each text
	isTitle []bool
	titles  []Choice // all titles, in entry order
}

func newCompleter(entries []*Entry) *completer {
	c := &completer{}
	for _, e := range entries {
		c.titles = append(c.titles, Choice{ID: e.ID, Name: shorten(e.Title, maxChoiceLen)})
		for i, p := range e.Phrasings() {
			c.add(e.ID, p, p, i == 0)
		}
		for _, k := range e.Keywords {
			c.add(e.ID, k, e.Title, false) // a keyword finds the entry, shown by its title
		}
	}
	return c
}

func (c *completer) add(id, text, shown string, title bool) {
	c.texts = append(c.texts, strings.ToLower(text))
	c.shown = append(c.shown, shorten(shown, maxChoiceLen))
	c.entries = append(c.entries, id)
	c.isTitle = append(c.isTitle, title)
}

// Complete returns up to MaxChoices entries for what the user has typed so
// far, best first, one choice per entry. Empty input lists the titles.
func (s *Snapshot) Complete(typed string) []Choice {
	c := s.complete
	typed = strings.TrimSpace(strings.Join(strings.Fields(text.Clean(typed)), " "))
	if typed == "" {
		return append([]Choice(nil), c.titles[:min(len(c.titles), MaxChoices)]...)
	}
	pattern := truncateRunes(typed, maxCompleteRunes)
	type ranked struct {
		i     int
		score int
	}
	var rs []ranked
	for _, m := range fuzzy.FindNoSort(pattern, c.texts) {
		score := m.Score
		if strings.Contains(c.texts[m.Index], pattern) {
			score += 1000 // a literal substring beats a scattered subsequence
		}
		if c.isTitle[m.Index] {
			score += 5
		}
		rs = append(rs, ranked{m.Index, score})
	}
	if len(rs) == 0 {
		// The fuzzy matcher needs every letter in order; fall back to the
		// word-level engine for reworded or misspelt text.
		m := s.idx.Rank(s.Analyze(typed))
		out := make([]Choice, 0, len(m.Top))
		for _, t := range m.Top {
			if t.NotCovered {
				continue
			}
			e := s.entries[t.Doc]
			out = append(out, Choice{ID: e.ID, Name: shorten(e.Title, maxChoiceLen)})
		}
		return out
	}
	sort.SliceStable(rs, func(a, b int) bool { return rs[a].score > rs[b].score })
	seen := map[string]bool{}
	var out []Choice
	for _, r := range rs {
		id := c.entries[r.i]
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, Choice{ID: id, Name: c.shown[r.i]})
		if len(out) == MaxChoices {
			break
		}
	}
	return out
}

// shorten cuts s to at most n characters, ending with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return truncateRunes(s, n-1) + "…"
}
