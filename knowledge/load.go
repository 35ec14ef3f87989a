package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

const (
	// MaxAnswerLength is the longest answer body, in characters: Discord's
	// embed description limit.
	MaxAnswerLength = 4096
	// DefaultMaxFileSize is the largest knowledge file Load reads.
	DefaultMaxFileSize = 256 << 10

	sourcesFile  = "sources.yaml"
	safetyFile   = "safety.yaml"
	languageFile = "language.yaml"
	dateLayout   = "2006-01-02"
)

var (
	idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	// checkedRE is a source's checked date: a year, or a year, month and day.
	checkedRE = regexp.MustCompile(`^(19|20|21)\d\d(-[01]\d-[0-3]\d)?$`)

	entryFields  = []string{"title", "questions", "keywords", "sources", "reviewed", "review_due", "related"}
	sourceFields = []string{"title", "authors", "publisher", "year", "checked", "url", "doi"}
)

// LoadOptions tune Load. The zero value is ready to use.
type LoadOptions struct {
	// MaxFileSize is the largest file read, in bytes. The default is
	// DefaultMaxFileSize.
	MaxFileSize int64
}

// Load reads a knowledge base from fsys and builds a Snapshot of it.
//
// Problems in the files are returned as Problems, one per mistake, each
// naming the file and line and saying what to change; the Snapshot then
// holds the entries that could be read, so a caller that serves answers must
// refuse it when Problems.Errors is not empty. The error is non-nil only when
// the knowledge base cannot be read at all (the folder is missing or
// unreadable); the Snapshot is then nil.
func Load(fsys fs.FS, opts LoadOptions) (*Snapshot, Problems, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("read knowledge base: %w", err)
	}
	l := loader{fsys: fsys, opts: opts}
	var hasSources, hasSafety bool
	for _, d := range top {
		name := d.Name()
		switch {
		case skipName(name):
		case d.IsDir():
			if err := l.readCollection(name); err != nil {
				return nil, nil, err
			}
		case name == sourcesFile:
			hasSources = true
			l.readSources()
		case name == safetyFile:
			hasSafety = true
			l.readSafety()
		case name == languageFile:
			l.readLanguage()
		case strings.HasSuffix(name, ".md"):
			l.probs.add(name, 0, "entries must live in a collection folder such as faq/ or side-effects/; move this file into one")
		}
	}
	if !hasSources {
		l.probs.add(sourcesFile, 0, "missing: every knowledge base needs a sources.yaml listing the references entries cite")
	}
	if !hasSafety {
		l.probs.add(safetyFile, 0, "missing: every knowledge base needs a safety.yaml with the crisis reply and resources")
	}
	l.toks = defaultVocabulary()
	l.crossCheck()
	snap := newSnapshot(l.entries, l.sources, l.safety, l.toks)
	snap.avoid = l.avoid
	l.probs.ps.sort()
	return snap, l.probs.ps, nil
}

// skipName reports whether a file or folder is not part of the knowledge
// base: hidden files, editor leftovers and files starting with "_" (such as
// _template.md).
func skipName(name string) bool {
	return strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

type loader struct {
	fsys    fs.FS
	opts    LoadOptions
	probs   problemList
	entries []*Entry
	lines   map[*Entry]entryLines
	sources map[string]Source
	srcLine map[string]int
	safety  Safety
	toks    tokCache // shared by the checks and the index
	avoid   []AvoidTerm
}

// entryLines remembers where things are in an entry file, for problems
// found after parsing.
type entryLines struct {
	sources, related int
	phrasing         map[string]int
}

func (l *loader) readFile(name string) ([]byte, bool) {
	info, err := fs.Stat(l.fsys, name)
	if err != nil {
		l.probs.add(name, 0, "cannot be read (%v); check that it exists, is readable, and is not a link to outside the knowledge folder", unwrapPath(err))
		return nil, false
	}
	if !info.Mode().IsRegular() {
		l.probs.add(name, 0, "is not a regular file; replace it with a plain text file")
		return nil, false
	}
	if info.Size() > l.opts.MaxFileSize {
		l.probs.add(name, 0, "is %d bytes, over the limit of %d; shorten it or split it into several entries", info.Size(), l.opts.MaxFileSize)
		return nil, false
	}
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.probs.add(name, 0, "cannot be read (%v)", unwrapPath(err))
		return nil, false
	}
	if !utf8.Valid(data) {
		l.probs.add(name, 0, "is not valid UTF-8 text; save it as UTF-8 in your editor")
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), true
}

// unwrapPath drops the path an fs error repeats, since problems already
// name the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) readCollection(dir string) error {
	list, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.probs.add(dir, 0, "folder cannot be read (%v)", unwrapPath(err))
		return nil
	}
	if !idRE.MatchString(dir) {
		l.probs.add(dir, 0, "collection folder names use lower-case letters, digits and dashes; rename it")
		return nil
	}
	var files []entryFile
	for _, d := range list {
		name := d.Name()
		if skipName(name) || d.IsDir() || !strings.HasSuffix(name, ".md") {
			continue
		}
		file := path.Join(dir, name)
		id := strings.TrimSuffix(name, ".md")
		if !idRE.MatchString(id) {
			l.probs.add(file, 0, "file names are entry ids: use lower-case letters, digits and dashes, e.g. %q", suggestID(id)+".md")
			continue
		}
		files = append(files, entryFile{file, id})
	}
	// Files are read and parsed in parallel, each into a loader of its
	// own, then merged in order (parsing is most of the cost of loading a
	// large knowledge base).
	subs := make([]*loader, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			sub := &loader{fsys: l.fsys, opts: l.opts}
			if data, ok := sub.readFile(f.file); ok {
				sub.readEntry(f.file, dir, f.id, data)
			}
			subs[i] = sub
		}()
	}
	wg.Wait()
	for _, sub := range subs {
		l.probs.ps = append(l.probs.ps, sub.probs.ps...)
		l.entries = append(l.entries, sub.entries...)
		for e, ln := range sub.lines {
			if l.lines == nil {
				l.lines = map[*Entry]entryLines{}
			}
			l.lines[e] = ln
		}
	}
	return nil
}

// An entryFile is an entry's file and id.
type entryFile struct{ file, id string }

func suggestID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

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

func (l *loader) readEntry(file, collection, id string, data []byte) {
	front, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		l.probs.add(file, 1, "%v", err)
		return
	}
	r := yamlReader{file: file, lineOffset: 1, probs: &l.probs}
	n := r.parse(front)
	if n == nil {
		return
	}
	f := r.fields(n, "the front matter", entryFields...)
	if f == nil {
		return
	}
	e := &Entry{ID: id, Collection: collection, File: file}
	lines := entryLines{phrasing: map[string]int{}}
	bad := false
	if v, ok := r.str(f["title"], "title"); ok && v != "" {
		e.Title = v
		e.titleLine = r.line(f["title"])
		lines.phrasing[v] = e.titleLine
	} else {
		if f["title"] == nil || ok {
			l.probs.add(file, 1, "missing title: add a line like `title: Is ketamine addictive?` with the question this entry answers")
		}
		bad = true
	}
	e.Questions = r.list(f["questions"], "questions")
	if q := f["questions"]; q != nil {
		for i, v := range e.Questions {
			ln := r.line(q)
			if q.Kind == yaml.SequenceNode && i < len(q.Content) {
				ln = r.line(q.Content[i])
			}
			lines.phrasing[v] = ln
		}
	}
	e.Keywords = r.list(f["keywords"], "keywords")
	ids := r.list(f["sources"], "sources")
	if len(ids) == 0 {
		l.probs.add(file, 1, "no sources: add `sources: [id]` with at least one id from sources.yaml that supports this answer")
		bad = true
	}
	for _, sid := range ids {
		e.Sources = append(e.Sources, Source{ID: sid})
	}
	if f["sources"] != nil {
		lines.sources = r.line(f["sources"])
	}
	e.Related = r.list(f["related"], "related")
	if f["related"] != nil {
		lines.related = r.line(f["related"])
	}
	if d, ok := l.date(r, f["reviewed"], "reviewed"); ok {
		e.Reviewed = d
	} else if f["reviewed"] == nil {
		l.probs.add(file, 1, "missing reviewed date: add `reviewed: %s` with the date a moderator last checked this answer", time.Now().Format(dateLayout))
		bad = true
	}
	if d, ok := l.date(r, f["review_due"], "review_due"); ok {
		e.ReviewDue = d
	}
	e.Body = strings.TrimSpace(string(body))
	e.bodyLine = bodyLine + leadingLines(string(body))
	switch n := utf8.RuneCountInString(e.Body); {
	case n == 0:
		l.probs.add(file, bodyLine, "the answer is empty: write it below the closing --- line")
		bad = true
	case n > MaxAnswerLength:
		l.probs.add(file, bodyLine, "the answer is %d characters, over Discord's limit of %d; shorten it by %d or split it into two entries", n, MaxAnswerLength, n-MaxAnswerLength)
		bad = true
	}
	if bad {
		return
	}
	if l.lines == nil {
		l.lines = map[*Entry]entryLines{}
	}
	l.lines[e] = lines
	l.entries = append(l.entries, e)
}

func (l *loader) date(r yamlReader, n *yaml.Node, key string) (time.Time, bool) {
	v, ok := r.str(n, key)
	if !ok {
		return time.Time{}, false
	}
	d, err := time.Parse(dateLayout, v)
	if err != nil {
		l.probs.add(r.file, r.line(n), "%s must be a date written YYYY-MM-DD, e.g. %s; got %q", key, time.Now().Format(dateLayout), v)
		return time.Time{}, false
	}
	return d, true
}

func (l *loader) readSources() {
	data, ok := l.readFile(sourcesFile)
	if !ok {
		return
	}
	r := yamlReader{file: sourcesFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	l.sources = map[string]Source{}
	l.srcLine = map[string]int{}
	top := r.fields(n, "sources.yaml")
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := k.Value
		if _, ok := top[id]; !ok {
			continue // duplicate, already reported
		}
		if !idRE.MatchString(id) {
			l.probs.add(sourcesFile, r.line(k), "source id %q must use lower-case letters, digits and dashes", id)
			continue
		}
		f := r.fields(v, fmt.Sprintf("source %q", id), sourceFields...)
		if f == nil {
			continue
		}
		s := Source{ID: id}
		s.Title, _ = r.str(f["title"], "title")
		s.Authors, _ = r.str(f["authors"], "authors")
		s.Publisher, _ = r.str(f["publisher"], "publisher")
		s.URL, _ = r.str(f["url"], "url")
		s.DOI, _ = r.str(f["doi"], "doi")
		line := r.line(k)
		if s.Title == "" {
			l.probs.add(sourcesFile, line, "source %q has no title; add `title: ...`", id)
		}
		if y, ok := r.str(f["year"], "year"); ok {
			if _, err := fmt.Sscanf(y, "%d", &s.Year); err != nil || s.Year < 1900 || s.Year > 2100 {
				l.probs.add(sourcesFile, r.line(f["year"]), "source %q: year must be a four-digit year, got %q", id, y)
			}
		} else if f["year"] == nil && f["checked"] == nil {
			l.probs.add(sourcesFile, line, "source %q has no year; add `year: 2024`, or for an undated page `checked: %s` with the date it was read", id, time.Now().Format(dateLayout))
		}
		if c, ok := r.str(f["checked"], "checked"); ok {
			s.Checked = c
			if !checkedRE.MatchString(c) {
				l.probs.add(sourcesFile, r.line(f["checked"]), "source %q: checked must be the date the page was read, written YYYY-MM-DD (or just the year), got %q", id, c)
			}
		}
		if s.URL == "" {
			l.probs.add(sourcesFile, line, "source %q has no url; add `url: https://...` so readers can check it", id)
		} else if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			l.probs.add(sourcesFile, r.line(f["url"]), "source %q: url %q is not a full web address; it must start with https://", id, s.URL)
		}
		l.sources[id] = s
		l.srcLine[id] = line
	}
}

func (l *loader) readSafety() {
	data, ok := l.readFile(safetyFile)
	if !ok {
		return
	}
	r := yamlReader{file: safetyFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	f := r.fields(n, "safety.yaml", "crisis", "personal_advice", "no_match", "help", "safety_note")
	if f == nil {
		return
	}
	reply := func(key string, required bool) string {
		n := f[key]
		if n == nil {
			if required {
				l.probs.add(safetyFile, 1, "missing %s: add a %s section with a reply", key, key)
			}
			return ""
		}
		sub := r.fields(n, key, "reply", "resources", "overdose_steps", "topic")
		if key == "no_match" {
			l.safety.NoMatch.Topic, _ = r.str(sub["topic"], "no_match.topic")
		}
		v, _ := r.str(sub["reply"], key+".reply")
		if v == "" && required {
			l.probs.add(safetyFile, r.line(n), "%s.reply is empty; write the text the bot sends", key)
		}
		return v
	}
	l.safety.Crisis.Reply = reply("crisis", true)
	l.safety.PersonalAdvice.Reply = reply("personal_advice", true)
	l.safety.NoMatch.Reply = reply("no_match", false)
	l.safety.Help.Reply = reply("help", false)
	l.safety.Note.Reply = strings.TrimSpace(reply("safety_note", false))
	if c := f["crisis"]; c != nil && c.Kind == yaml.MappingNode {
		sub := r.fields(c, "crisis", "reply", "resources", "overdose_steps")
		l.safety.Crisis.OverdoseSteps = r.list(sub["overdose_steps"], "crisis.overdose_steps")
		if rs := sub["resources"]; rs != nil && rs.Kind == yaml.SequenceNode {
			for _, item := range rs.Content {
				rf := r.fields(item, "each crisis resource", "name", "contact", "url")
				var res Resource
				res.Name, _ = r.str(rf["name"], "name")
				res.Contact, _ = r.str(rf["contact"], "contact")
				res.URL, _ = r.str(rf["url"], "url")
				if res.Name == "" || res.Contact == "" {
					l.probs.add(safetyFile, r.line(item), "each crisis resource needs a name and a contact (a phone number or what to do)")
					continue
				}
				l.safety.Crisis.Resources = append(l.safety.Crisis.Resources, res)
			}
		}
		if len(l.safety.Crisis.Resources) == 0 {
			l.probs.add(safetyFile, r.line(c), "crisis.resources is empty: list at least one emergency number, e.g. `- {name: Emergency, contact: Call 911}`")
		}
	}
}

// crossCheck checks what spans files: duplicate ids, source and related
// ids, and phrasings shared by two entries.
func (l *loader) crossCheck() {
	byID := map[string]*Entry{}
	kept := l.entries[:0]
	for _, e := range l.entries {
		if first, dup := byID[e.ID]; dup {
			l.probs.add(e.File, 0, "entry id %q is already used by %s; ids must be unique across collections, so rename one file", e.ID, first.File)
			continue
		}
		byID[e.ID] = e
		kept = append(kept, e)
	}
	l.entries = kept
	sort.Slice(l.entries, func(i, j int) bool { return l.entries[i].File < l.entries[j].File })

	owner := map[string]*Entry{}
	for _, e := range l.entries {
		ln := l.lines[e]
		for i, s := range e.Sources {
			src, ok := l.sources[s.ID]
			if !ok {
				if l.sources != nil {
					l.probs.add(e.File, ln.sources, "unknown source id %q; use an id from sources.yaml or add the reference there%s", s.ID, didYouMean(s.ID, keys(l.sources)))
				}
				continue
			}
			e.Sources[i] = src
		}
		for _, rid := range e.Related {
			if _, ok := byID[rid]; !ok {
				l.probs.add(e.File, ln.related, "related id %q does not exist; use the file name of another entry, without .md%s", rid, didYouMean(rid, keys(byID)))
			}
		}
		for _, p := range e.Phrasings() {
			key := phraseKeyWith(p, l.toks)
			e.keys = append(e.keys, key)
			if key == "" {
				l.probs.add(e.File, ln.phrasing[p], "the phrasing %q has no words to match; remove it", p)
				continue
			}
			if other, dup := owner[key]; dup && other != e {
				l.probs.add(e.File, ln.phrasing[p], "the phrasing %q is also in %s; a question can only have one answer, so keep it in one entry", p, other.File)
				continue
			}
			owner[key] = e
		}
	}
	if l.sources != nil {
		for _, e := range l.entries {
			var ok []Source
			for _, s := range e.Sources {
				if s.Title != "" {
					ok = append(ok, s)
				}
			}
			e.Sources = ok
		}
	}
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

// leadingLines counts the blank lines before the first text of s.
func leadingLines(s string) int {
	t := strings.TrimLeft(s, " \t\r\n")
	return strings.Count(s[:len(s)-len(t)], "\n")
}

// readLanguage reads language.yaml: the words to avoid and what to say
// instead, replacing DefaultAvoidTerms.
func (l *loader) readLanguage() {
	data, ok := l.readFile(languageFile)
	if !ok {
		return
	}
	r := yamlReader{file: languageFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	f := r.fields(n, "language.yaml", "avoid")
	l.avoid = []AvoidTerm{}
	if a := f["avoid"]; a != nil {
		if a.Kind != yaml.SequenceNode {
			l.probs.add(languageFile, r.line(a), "avoid must be a list of `- term: ...` / `use: ...` items")
			return
		}
		for _, item := range a.Content {
			tf := r.fields(item, "each avoid item", "term", "use")
			var t AvoidTerm
			t.Term, _ = r.str(tf["term"], "term")
			t.Use, _ = r.str(tf["use"], "use")
			if t.Term == "" || t.Use == "" {
				l.probs.add(languageFile, r.line(item), "each item needs a term and what to use instead")
				continue
			}
			l.avoid = append(l.avoid, t)
		}
	}
}
