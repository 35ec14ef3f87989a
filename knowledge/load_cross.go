package knowledge

import (
	"fmt"
	"sort"

	"github.com/faqbot/faqbot/knowledge/match"
)

// crossCheck checks what spans files: duplicate ids, source and related
// ids, and phrasings shared by two entries (or given twice in one). The
// phrasings are compared by their keys, which analysing the entries for
// the index gives: analysing is most of the cost of loading a large base,
// and is done once.
func (l *loader) crossCheck() {
	byID := make(map[string]*Entry, len(l.entries))
	kept := l.entries[:0]
	sort.Slice(l.entries, func(i, j int) bool { return l.entries[i].File < l.entries[j].File })
	for _, e := range l.entries {
		if first, dup := byID[e.ID]; dup {
			l.probs.add(e.File, 0, "entry id %q is already used by %s; ids must be unique across collections, so rename one file", e.ID, first.File)
			continue
		}
		byID[e.ID] = e
		kept = append(kept, e)
	}
	l.entries = kept
	for _, e := range l.entries {
		l.checkRefs(e, byID)
	}
	docs := make([]match.Doc, len(l.entries))
	for i, e := range l.entries {
		docs[i] = entryDoc(e)
	}
	l.analysis = match.Analyse(docs, l.toks)
	for i, e := range l.entries {
		e.keys = l.analysis.Keys(i)
	}
	l.checkPhrasings()
	if l.sources != nil {
		for _, e := range l.entries {
			ok := e.Sources[:0]
			for _, s := range e.Sources {
				if s.Title != "" {
					ok = append(ok, s)
				}
			}
			e.Sources = ok
		}
	}
}

// checkRefs resolves an entry's source ids and checks its related ids.
// Ids of entries that failed to load are not reported again: their own
// files' problems say what to fix.
func (l *loader) checkRefs(e *Entry, byID map[string]*Entry) {
	for i, s := range e.Sources {
		src, ok := l.sources[s.ID]
		if !ok {
			if l.sources != nil {
				l.probs.add(e.File, int(e.Lines.Sources), "unknown source id %q; use an id from sources.yaml or add the reference there%s", s.ID, didYouMean(s.ID, keys(l.sources)))
			}
			continue
		}
		e.Sources[i] = src
	}
	if l.incomplete {
		return // a collection could not be read: its ids are unknown
	}
	for _, rid := range e.Related {
		if _, ok := byID[rid]; !ok && !l.broken[rid] {
			l.probs.add(e.File, int(e.Lines.Related), "related id %q does not exist; use the file name of another entry, without .md%s", rid, didYouMean(rid, keys(byID)))
		}
	}
}

// A phrasingAt is one phrasing of an entry: Phrasings()[i].
type phrasingAt struct {
	e *Entry
	i int
}

func (p phrasingAt) text() string { return p.e.Phrasings()[p.i] }
func (p phrasingAt) line() int    { return p.e.Lines.Phrasing(p.i) }

// where describes the phrasing for a problem about another file's.
func (p phrasingAt) where() string {
	if p.i == 0 {
		return fmt.Sprintf("the title of %s (line %d)", p.e.File, p.line())
	}
	return fmt.Sprintf("a question of %s (line %d)", p.e.File, p.line())
}

// checkPhrasings reports phrasings with the same exact-match key: a
// question can have only one answer. Each clash is reported once, at the
// phrasing most likely to be the new one: a question rather than a title,
// then the more recently changed file.
func (l *loader) checkPhrasings() {
	n := 0
	for _, e := range l.entries {
		n += len(e.keys)
	}
	owner := make(map[string]phrasingAt, n)
	for _, e := range l.entries {
		for i := range e.keys {
			p := phrasingAt{e, i}
			key := e.keys[i]
			if key == "" {
				l.probs.add(e.File, p.line(), "the phrasing %q has no words to match; remove it", p.text())
				continue
			}
			first, dup := owner[key]
			if !dup {
				owner[key] = p
				continue
			}
			if first.e == e {
				l.probs.add(e.File, p.line(), "%q is the same question as line %d of this entry; remove one", p.text(), first.line())
				continue
			}
			blame, other := p, first
			if l.culprit(first, p) {
				blame, other = first, p
				owner[key] = p
			}
			l.probs.add(blame.e.File, blame.line(), "the phrasing %q is also %s; a question can have only one answer, so keep it in one entry", blame.text(), other.where())
		}
	}
	l.checkNotCovered(owner)
}

// checkNotCovered reports the questions of not-covered.yaml that are also
// an entry's title or question, and leaves them out: the entry answers
// them.
func (l *loader) checkNotCovered(owner map[string]phrasingAt) {
	for ti := range l.notCovered {
		t := &l.notCovered[ti]
		var qs []string
		var lines []int
		for i, q := range t.Questions {
			if p, ok := owner[phraseKeyWith(q, l.toks)]; ok {
				l.probs.warn(notCoveredFile, t.Lines[i], "%q is listed as not covered (%s), but it is also %s, which answers it; remove it from this file", q, t.Topic, p.where())
				continue
			}
			qs, lines = append(qs, q), append(lines, t.Lines[i])
		}
		t.Questions, t.Lines = qs, lines
	}
}

// culprit reports whether a (met first) rather than b should be reported
// for a clash between them.
func (l *loader) culprit(a, b phrasingAt) bool {
	if (a.i == 0) != (b.i == 0) {
		return b.i == 0 // a is the question
	}
	return l.modTimes[a.e].After(l.modTimes[b.e])
}

func didYouMean(s string, candidates []string) string {
	if near := closest(s, candidates); near != "" {
		return fmt.Sprintf(" (did you mean %q?)", near)
	}
	return ""
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
