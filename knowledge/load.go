package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/faqbot/faqbot/knowledge/match"
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

// IDPattern is the shape of entry, collection and source ids: lower-case
// letters and digits in groups joined by single dashes ("addiction-risk").
const IDPattern = `^[a-z0-9]+(?:-[a-z0-9]+)*$`

var (
	idRE = regexp.MustCompile(IDPattern)
	// checkedRE is a source's checked date: a year, or a year, month and day.
	checkedRE = regexp.MustCompile(`^(19|20|21)\d\d(-[01]\d-[0-3]\d)?$`)

	entryFields  = []string{"title", "questions", "keywords", "sources", "reviewed", "review_due", "related"}
	sourceFields = []string{"title", "authors", "publisher", "year", "checked", "url", "doi"}
)

// ValidID reports whether s is a valid entry, collection or source id.
func ValidID(s string) bool { return idRE.MatchString(s) }

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
//
// Load checks each file and what spans files (ids, sources, phrasings).
// The checks that ask the knowledge base questions (the self-test) and the
// content checks are in package knowledge/lint, whose Check is what a bot
// serves by.
func Load(fsys fs.FS, opts LoadOptions) (*Snapshot, Problems, error) {
	return load(fsys, opts, false)
}

// load is Load; slow turns off the fast front-matter reader.
func load(fsys fs.FS, opts LoadOptions, slow bool) (*Snapshot, Problems, error) {
	l, err := readAll(fsys, opts, slow)
	if err != nil {
		return nil, nil, err
	}
	snap := newSnapshot(l.entries, l.notCovered, l.sources, l.safety, l.toks, l.analysis)
	snap.avoid = l.avoid
	for _, a := range snap.AvoidTerms() {
		snap.avoidPats = append(snap.avoidPats, a.Pattern())
	}
	return snap, l.probs.ps, nil
}

// readAll reads and checks every file, and analyses the entries for the
// index (see crossCheck), without building it.
func readAll(fsys fs.FS, opts LoadOptions, slow bool) (*loader, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read knowledge base: %w", err)
	}
	l := &loader{fsys: fsys, opts: opts, slow: slow, toks: defaultVocabulary(), broken: map[string]bool{}, modTimes: map[*Entry]time.Time{}}
	l.readVocabulary() // first: the entries' phrase keys are worked out with it
	for _, d := range top {
		l.readTop(d)
	}
	for _, f := range []string{sourcesFile, safetyFile} {
		if !l.seen[f] {
			l.probs.add(f, 0, "missing: every knowledge base needs a %s (%s)", f, map[string]string{
				sourcesFile: "the references entries cite",
				safetyFile:  "the crisis reply and resources",
			}[f])
		}
	}
	l.crossCheck()
	l.probs.ps.Sort()
	return l, nil
}

// readTop reads one name at the top of the knowledge folder.
func (l *loader) readTop(d fs.DirEntry) {
	name := d.Name()
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	isDir := d.IsDir()
	if d.Type()&fs.ModeSymlink != 0 {
		if info, err := fs.Stat(l.fsys, name); err == nil {
			isDir = info.IsDir()
		}
	}
	switch {
	case skipName(name):
	case isDir:
		l.readCollection(name)
	case name == sourcesFile:
		l.seen[name] = true
		l.readSources()
	case name == safetyFile:
		l.seen[name] = true
		l.readSafety()
	case name == languageFile:
		l.readLanguage()
	case name == vocabularyFile:
		// read first, by readVocabulary
	case name == notCoveredFile:
		l.readNotCovered()
	case strings.HasSuffix(name, ".yml") && contains([]string{sourcesFile, safetyFile, languageFile, vocabularyFile, notCoveredFile}, strings.TrimSuffix(name, ".yml")+".yaml"):
		want := strings.TrimSuffix(name, ".yml") + ".yaml"
		l.seen[want] = true
		l.probs.add(name, 0, "rename this file to %s: the bot only reads that name", want)
	case strings.HasSuffix(name, ".md"):
		l.probs.add(name, 0, "entries must live in a collection folder such as faq/ or side-effects/; move this file into one")
	case idRE.MatchString(name):
		// Most likely a collection folder that was replaced by a file.
		l.incomplete = true
		l.probs.add(name, 0, "%s is a file, not a folder: collections are folders of entries (faq/, side-effects/); put the folder back, or rename this file", name)
	}
}

// skipName reports whether a file or folder is not part of the knowledge
// base: hidden files, editor leftovers, files the operating system makes,
// and files starting with "_" (such as _template.md or _notes.txt).
func skipName(name string) bool {
	switch strings.ToLower(name) {
	case "thumbs.db", "desktop.ini":
		return true
	}
	return strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

type loader struct {
	fsys       fs.FS
	opts       LoadOptions
	slow       bool // yaml.v3 only (see yamlReader.slow)
	probs      problemList
	seen       map[string]bool // top-level files found
	entries    []*Entry
	sources    map[string]Source
	safety     Safety
	toks       tokCache // the vocabulary: phrase keys, and then the index
	notCovered []NotCovered
	avoid      []AvoidTerm

	// analysis is the entries analysed for the index, which gives their
	// phrase keys (see crossCheck).
	analysis *match.Analysis

	// modTimes holds when each entry's file last changed, to tell which of
	// two clashing files is newer; nil in the per-file loaders that do not
	// need it.
	modTimes map[*Entry]time.Time
	// broken holds the ids of entry files that have errors, and
	// incomplete is set when a whole collection could not be read: other
	// entries' references to them are then not reported again.
	broken     map[string]bool
	incomplete bool
}

func (l *loader) readFile(name string) ([]byte, time.Time, bool) {
	info, err := fs.Stat(l.fsys, name)
	if err != nil {
		l.probs.add(name, 0, "cannot be read (%v); check that it exists, is readable, and is not a link to outside the knowledge folder", unwrapPath(err))
		return nil, time.Time{}, false
	}
	if !info.Mode().IsRegular() {
		l.probs.add(name, 0, "is not a regular file; replace it with a plain text file")
		return nil, time.Time{}, false
	}
	if info.Size() > l.opts.MaxFileSize {
		l.probs.add(name, 0, "is %d bytes, over the limit of %d; shorten it or split it into several entries", info.Size(), l.opts.MaxFileSize)
		return nil, time.Time{}, false
	}
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.probs.add(name, 0, "cannot be read (%v)", unwrapPath(err))
		return nil, time.Time{}, false
	}
	if !utf8.Valid(data) {
		l.probs.add(name, 0, "is not valid UTF-8 text; save it as UTF-8 in your editor")
		return nil, time.Time{}, false
	}
	return normalize(data), info.ModTime(), true
}

// normalize drops a byte-order mark and turns Windows line ends into "\n".
func normalize(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data
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

// readCollection reads the entries of one collection folder.
func (l *loader) readCollection(dir string) {
	list, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.incomplete = true
		l.probs.add(dir, 0, "folder cannot be read (%v)", unwrapPath(err))
		return
	}
	if !idRE.MatchString(dir) {
		l.incomplete = true
		l.probs.add(dir, 0, "collection folder names use lower-case letters, digits and dashes; rename it (e.g. %q), or start it with _ to keep it as drafts", suggestID(dir))
		return
	}
	var files []entryFile
	for _, d := range list {
		if f, ok := l.entryFile(dir, d); ok {
			files = append(files, f)
		}
	}
	l.readEntries(dir, files)
}

// entryFile checks a name in a collection folder: entries are ID.md, and
// anything else is reported rather than skipped, since a moderator who
// saved "insurance.txt" expects to see it answer.
func (l *loader) entryFile(dir string, d fs.DirEntry) (entryFile, bool) {
	name := d.Name()
	file := path.Join(dir, name)
	switch {
	case skipName(name):
		return entryFile{}, false
	case d.IsDir():
		l.probs.add(file, 0, "collections cannot hold folders; move its entries into %s/, or rename it _%s to keep it as drafts", dir, name)
		return entryFile{}, false
	case !strings.HasSuffix(name, ".md"):
		base := strings.TrimSuffix(strings.TrimSuffix(name, path.Ext(name)), ".md")
		l.probs.add(file, 0, "entries must be Markdown files ending in .md: rename it to %s.md (or start its name with _ to keep it as a note)", suggestID(base))
		return entryFile{}, false
	}
	id := strings.TrimSuffix(name, ".md")
	if !idRE.MatchString(id) {
		l.probs.add(file, 0, "file names are entry ids: use lower-case letters, digits and dashes, e.g. %q", suggestID(id)+".md")
		return entryFile{}, false
	}
	return entryFile{file, id}, true
}

// readEntries reads and parses files in parallel, each into a loader of its
// own, then merges them in order.
func (l *loader) readEntries(dir string, files []entryFile) {
	subs := make([]*loader, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := files[i]
				sub := &loader{fsys: l.fsys, opts: l.opts, slow: l.slow, modTimes: map[*Entry]time.Time{}}
				if data, mod, ok := sub.readFile(f.file); ok {
					sub.readEntry(f.file, dir, f.id, mod, data)
				}
				subs[i] = sub
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, sub := range subs {
		l.probs.ps = append(l.probs.ps, sub.probs.ps...)
		l.entries = append(l.entries, sub.entries...)
		maps.Copy(l.modTimes, sub.modTimes)
		if len(sub.entries) == 0 {
			l.broken[files[i].id] = true
		}
	}
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
