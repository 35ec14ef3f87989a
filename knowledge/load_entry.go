package knowledge

import (
	"bytes"
	"errors"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// oldTemplateAnswer starts the answer of the template older versions of
// "faqbot new" wrote; an entry still saying it was never written.
const oldTemplateAnswer = "Write the answer here"

// splitFrontMatter splits an entry file into its front matter and body. It
// returns the line the body starts on.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, err error) {
	const fence = "---"
	rest, ok := bytes.CutPrefix(data, []byte(fence+"\n"))
	if !ok {
		return nil, nil, 0, errors.New(`must start with a line "---", then the fields (title, questions, ...), then another "---" line, then the answer`)
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var ln []byte
		if end < 0 {
			ln = rest[off:]
		} else {
			ln = rest[off : off+end]
		}
		if string(bytes.TrimRight(ln, " \t")) == fence {
			next := off + len(ln) + 1
			if next > len(rest) {
				next = len(rest)
			}
			return rest[:off], rest[next:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, errors.New(`the fields at the top are not closed: add a line "---" after them, before the answer`)
}

// readEntry parses one entry file and, when it has no errors, adds the
// entry to l.entries.
func (l *loader) readEntry(file, collection, id string, mod time.Time, data []byte) {
	front, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		l.probs.add(file, 1, "%v", err)
		return
	}
	r := &yamlReader{file: file, lineOffset: 1, probs: &l.probs, slow: l.slow, top: entryFields}
	n := r.parseFront(string(front))
	if n == nil {
		return
	}
	f := r.fields(n, "the front matter", entryFields...)
	if f == nil {
		return
	}
	e := &Entry{ID: id, Collection: collection, File: file}
	if l.modTimes != nil {
		l.modTimes[e] = mod
	}
	ok := l.readTitle(r, f, e)
	ok = l.readLists(r, f, e) && ok
	ok = l.readDates(r, f, e) && ok
	ok = l.readBody(file, string(body), bodyLine, e) && ok
	if ok {
		ownStrings(e)
		l.entries = append(l.entries, e)
	}
}

// ownStrings copies the entry's title, questions, keywords and related ids
// into one string of their own. Cut from the front matter, they kept all
// of it (field names, sources, dates) alive as long as the entry: a
// megabyte or two of a large base. (Its sources are the ones sources.yaml
// gives, once the ids are checked.)
func ownStrings(e *Entry) {
	lists := [][]string{e.Questions, e.Keywords, e.Related}
	n := len(e.Title)
	for _, l := range lists {
		for _, s := range l {
			n += len(s)
		}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(e.Title)
	for _, l := range lists {
		for _, s := range l {
			b.WriteString(s)
		}
	}
	all := b.String()
	cut := func(s string) string {
		s, all = all[:len(s)], all[len(s):]
		return s
	}
	e.Title = cut(e.Title)
	for _, l := range lists {
		for i, s := range l {
			l[i] = cut(s)
		}
	}
}

func (l *loader) readTitle(r *yamlReader, f map[string]*yaml.Node, e *Entry) bool {
	v, ok := r.str(f["title"], "title")
	if ok && v != "" {
		e.Title = v
		e.Lines.Title = int32(r.line(f["title"]))
		return true
	}
	if f["title"] == nil || ok {
		l.probs.add(e.File, 1, "missing title: add a line like `title: Is ketamine addictive?` with the question this entry answers")
	}
	return false
}

// readLists reads questions, keywords, sources and related.
func (l *loader) readLists(r *yamlReader, f map[string]*yaml.Node, e *Entry) bool {
	for key, at := range map[string]*int32{"questions": &e.Lines.Questions, "keywords": &e.Lines.Keywords, "sources": &e.Lines.Sources, "related": &e.Lines.Related} {
		if n := f[key]; n != nil {
			*at = int32(r.line(n))
		}
	}
	qs, ok := r.items(f["questions"], "questions", false)
	// Every entry keeps these: sized exactly, not grown by append.
	e.Lines.Phrasings = append(make([]int32, 0, 1+len(qs)), e.Lines.Title)
	if len(qs) > 0 {
		e.Questions = make([]string, 0, len(qs))
	}
	for _, q := range qs {
		e.Questions = append(e.Questions, q.text)
		e.Lines.Phrasings = append(e.Lines.Phrasings, int32(q.line))
	}
	kws, kok := r.items(f["keywords"], "keywords", true)
	if len(kws) > 0 {
		e.Keywords = make([]string, 0, len(kws))
	}
	for _, k := range kws {
		e.Keywords = append(e.Keywords, k.text)
	}
	srcs, sok := r.items(f["sources"], "sources", true)
	sok = l.noRepeats(e.File, "source", srcs) && sok
	if len(srcs) == 0 && sok {
		l.probs.add(e.File, max(int(e.Lines.Sources), 1), "no sources: add `sources: [id]` with at least one id from sources.yaml that supports this answer")
		sok = false
	}
	e.Sources = make([]Source, 0, len(srcs))
	for _, s := range srcs {
		e.Sources = append(e.Sources, Source{ID: s.text})
	}
	rel, rok := r.items(f["related"], "related", true)
	rok = l.noRepeats(e.File, "related entry", rel) && rok
	for _, x := range rel {
		if x.text == e.ID {
			l.probs.add(e.File, x.line, "related lists this entry itself; list other entries only")
			rok = false
			continue
		}
		e.Related = append(e.Related, x.text)
	}
	return ok && kok && sok && rok
}

// noRepeats reports an item given twice in one list.
func (l *loader) noRepeats(file, what string, its []item) bool {
	first := map[string]int{}
	ok := true
	for _, it := range its {
		if at, dup := first[it.text]; dup {
			l.probs.add(file, it.line, "%s %q is listed twice (also on line %d); keep one", what, it.text, at)
			ok = false
			continue
		}
		first[it.text] = it.line
	}
	return ok
}

func (l *loader) readDates(r *yamlReader, f map[string]*yaml.Node, e *Entry) bool {
	ok := true
	if d, good, given := l.date(r, f["reviewed"], "reviewed"); good {
		e.Reviewed, e.Lines.Reviewed = d, int32(r.line(f["reviewed"]))
	} else {
		if !given {
			l.probs.add(e.File, 1, "missing reviewed date: add `reviewed: %s` with the date a moderator last checked this answer", time.Now().Format(dateLayout))
		}
		ok = false
	}
	if d, good, given := l.date(r, f["review_due"], "review_due"); good {
		e.ReviewDue, e.Lines.ReviewDue = d, int32(r.line(f["review_due"]))
	} else if given {
		ok = false
	}
	return ok
}

// date reads a YYYY-MM-DD field. given is false when the field is absent
// (or empty); a bad date is reported.
func (l *loader) date(r *yamlReader, n *yaml.Node, key string) (d time.Time, ok, given bool) {
	v, isStr := r.str(n, key)
	if n == nil {
		return time.Time{}, false, false
	}
	if !isStr {
		return time.Time{}, false, true
	}
	if v == "" {
		return time.Time{}, false, false
	}
	d, err := time.Parse(dateLayout, v)
	if err != nil {
		l.probs.add(r.file, r.line(n), "%s must be a date written YYYY-MM-DD, e.g. %s; got %q", key, time.Now().Format(dateLayout), v)
		return time.Time{}, false, true
	}
	return d, true, true
}

// readBody checks the answer below the front matter.
func (l *loader) readBody(file, body string, bodyLine int, e *Entry) bool {
	e.Body = strings.TrimSpace(body)
	e.Lines.Body = int32(bodyLine + leadingLines(body))
	switch n := utf8.RuneCountInString(e.Body); {
	case n == 0:
		l.probs.add(file, bodyLine, "the answer is empty: write it below the closing --- line")
		return false
	case strings.HasPrefix(e.Body, oldTemplateAnswer):
		l.probs.add(file, int(e.Lines.Body), "the answer is still the template's text; replace it with the answer")
		return false
	case n > MaxAnswerLength:
		l.probs.add(file, bodyLine, "the answer is %d characters, over Discord's limit of %d; shorten it by %d or split it into two entries", n, MaxAnswerLength, n-MaxAnswerLength)
		return false
	}
	return true
}

// leadingLines counts the blank lines before the first text of s.
func leadingLines(s string) int {
	t := strings.TrimLeft(s, " \t\r\n")
	return strings.Count(s[:len(s)-len(t)], "\n")
}

// ParseEntry parses one entry file on its own: file is its path in the
// knowledge base ("faq/safety.md"), which gives its collection and id.
// The entry's sources hold only their ids, and nothing that spans files
// (unknown ids, shared phrasings) is checked: that needs Load. The entry
// is nil when the file has errors.
func ParseEntry(file string, data []byte) (*Entry, Problems) {
	l := &loader{toks: defaultVocabulary()}
	dir, name := path.Split(file)
	id := strings.TrimSuffix(name, ".md")
	l.readEntry(file, strings.TrimSuffix(dir, "/"), id, time.Time{}, normalize(data))
	l.probs.ps.Sort()
	if len(l.entries) == 0 {
		return nil, l.probs.ps
	}
	return l.entries[0], l.probs.ps
}

// FindPhrasing returns the entry and phrasing that q is the same question
// as, by the exact match that answers a phrasing with its entry (case,
// punctuation, spelling variants and word endings aside).
func (s *Snapshot) FindPhrasing(q string) (e *Entry, phrasing string, ok bool) {
	// The knowledge base's own vocabulary, as the loader's duplicate check
	// uses, and the keys it worked out then.
	key := phraseKeyWith(q, s.vocab)
	if key == "" {
		return nil, "", false
	}
	for _, e := range s.entries {
		for i, k := range e.keys {
			if k == key {
				return e, e.Phrasings()[i], true
			}
		}
	}
	return nil, "", false
}
