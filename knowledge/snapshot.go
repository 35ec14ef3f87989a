package knowledge

import (
	"regexp"
	"sort"

	"github.com/faqbot/faqbot/knowledge/match"
	"github.com/faqbot/faqbot/knowledge/text"
)

// A Snapshot is a loaded knowledge base. It is immutable after Load and
// safe for concurrent use.
type Snapshot struct {
	entries     []*Entry
	byID        map[string]*Entry
	collections []string
	sources     []Source // sorted by id
	safety      Safety
	vocab       *text.Vocabulary
	idx         *match.Index
	complete    *completer
	notCovered  []NotCovered     // after the entries among the index's docs
	avoid       []AvoidTerm      // from language.yaml; nil for the defaults
	avoidPats   []*regexp.Regexp // AvoidTerms' patterns, compiled once
}

// newSnapshot builds the snapshot of entries and notCovered; analysis is
// the entries analysed with toks for the index (see loader.crossCheck).
func newSnapshot(entries []*Entry, notCovered []NotCovered, sources map[string]Source, safety Safety, toks tokCache, analysis *match.Analysis) *Snapshot {
	s := &Snapshot{
		entries: entries,
		byID:    make(map[string]*Entry, len(entries)),
		safety:  safety,
	}
	seen := map[string]bool{}
	for _, e := range entries {
		s.byID[e.ID] = e
		if !seen[e.Collection] {
			seen[e.Collection] = true
			s.collections = append(s.collections, e.Collection)
		}
	}
	sort.Slice(s.collections, func(i, j int) bool {
		// faq first: it is the overview; the rest alphabetically.
		a, b := s.collections[i], s.collections[j]
		if (a == "faq") != (b == "faq") {
			return a == "faq"
		}
		return a < b
	})
	// One numbering for every citation: a source's number is its place in
	// the full list, and an entry's copies of its sources carry the same
	// number, so "[3]" under an answer is "[3]" in /sources.
	num := make(map[string]int, len(sources))
	for i, id := range keys(sources) {
		src := sources[id]
		src.Number = i + 1
		num[id] = src.Number
		s.sources = append(s.sources, src)
	}
	for _, e := range entries {
		for i := range e.Sources {
			e.Sources[i].Number = num[e.Sources[i].ID]
		}
	}
	s.vocab = toks
	s.notCovered = notCovered
	docs := make([]match.Doc, 0, len(notCovered))
	for _, t := range notCovered {
		docs = append(docs, match.Doc{Phrasings: t.Questions, NotCovered: true})
	}
	// The completer first: its garbage is collected more cheaply before
	// the index is there (a large base's load peaked at its end).
	s.complete = newCompleter(entries)
	s.idx = analysis.Index(docs)
	return s
}

// entryDoc is entry e as the index sees it.
func entryDoc(e *Entry) match.Doc {
	return match.Doc{Phrasings: e.Phrasings(), Keywords: e.Keywords, Body: e.Body}
}

// Entries returns every entry, sorted by file. The caller must not modify
// the slice.
func (s *Snapshot) Entries() []*Entry { return s.entries }

// NotCovered returns the topics of not-covered.yaml, in file order.
func (s *Snapshot) NotCovered() []NotCovered { return s.notCovered }

// Entry returns the entry with the given id.
func (s *Snapshot) Entry(id string) (*Entry, bool) {
	e, ok := s.byID[id]
	return e, ok
}

// Collections returns the collection names, "faq" first.
func (s *Snapshot) Collections() []string { return s.collections }

// Collection returns the entries of one collection, sorted by file.
func (s *Snapshot) Collection(name string) []*Entry {
	var out []*Entry
	for _, e := range s.entries {
		if e.Collection == name {
			out = append(out, e)
		}
	}
	return out
}

// Sources returns every source in sources.yaml, sorted by id.
func (s *Snapshot) Sources() []Source { return s.sources }

// Safety returns the crisis policy and fixed replies.
func (s *Snapshot) Safety() Safety { return s.safety }

// Len returns the number of entries.
func (s *Snapshot) Len() int { return len(s.entries) }

// docOf is e's document number in the index: its place among the entries.
func (s *Snapshot) docOf(e *Entry) int {
	for i, x := range s.entries {
		if x == e {
			return i
		}
	}
	return -1
}
