package kbdir

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// Errors of the changes, wrapped with what to do.
var (
	// ErrConflict: the file changed since the version the change was made
	// on (another moderator, or an edit by hand). Nothing was written.
	ErrConflict = errors.New("the entry changed since it was opened")
	// ErrNotClean: the knowledge base would not be clean after the change.
	// Nothing was written; the problems say why.
	ErrNotClean = errors.New("the change would leave the knowledge base with errors")
	// ErrDuplicatePhrasing: the question already is a phrasing of an entry.
	ErrDuplicatePhrasing = errors.New("duplicate phrasing")
	// ErrExists: a new entry's file already exists.
	ErrExists = errors.New("the entry already exists")
	// ErrNothingToUndo: the entry has no change made from Discord to undo.
	ErrNothingToUndo = errors.New("nothing to undo")
	// ErrUnchanged: the edit sets every field to what it already is.
	ErrUnchanged = errors.New("nothing changed")
)

// An Author is who made a change: a moderator's Discord name and user id.
type Author struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// A Version names one content of an entry file: the first 16 hex digits of
// its SHA-256. NoFile is the version of a file that does not exist.
type Version string

// NoFile is the Version of a missing file: a new entry is written on it.
const NoFile Version = "none"

// VersionOf returns the Version of a file's content; nil is NoFile.
func VersionOf(data []byte) Version {
	if data == nil {
		return NoFile
	}
	sum := sha256.Sum256(data)
	return Version(hex.EncodeToString(sum[:8]))
}

// An Edit is what a moderator sets in an entry. A field equal to the
// entry's current value is left untouched, as are the fields named in
// Keep ("title", "questions", "keywords", "sources", "answer").
type Edit struct {
	Title     string
	Questions []string
	Keywords  []string
	Sources   []string // source ids
	Answer    string
	Keep      []string
}

// maxPhrasingRunes bounds a phrasing: a question a member asks, not a
// paragraph (/ask takes at most 500 characters).
const maxPhrasingRunes = 1000

// EntryFile returns the path of entry id of collection in a knowledge
// folder, checking both are ids (so no path can be smuggled in).
func EntryFile(collection, id string) (string, error) {
	if !knowledge.ValidID(collection) || !knowledge.ValidID(id) {
		return "", fmt.Errorf("%q/%q is not a collection and an entry id: use lower-case letters, digits and dashes, e.g. faq/insurance-coverage", collection, id)
	}
	return collection + "/" + id + ".md", nil
}

// Read returns the content of an entry file and its Version (NoFile, and
// no error, when it does not exist).
func (d *Dir) Read(file string) ([]byte, Version, error) {
	root, err := os.OpenRoot(d.path)
	if err != nil {
		return nil, "", fmt.Errorf("open knowledge folder: %w", err)
	}
	defer root.Close()
	data, err := root.ReadFile(filepath.FromSlash(file))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, NoFile, nil
	}
	if err != nil {
		return nil, "", err
	}
	return data, VersionOf(data), nil
}

// Write applies e to the entry in file ("faq/safety.md"), which must still
// be at version base (NoFile for a new entry, made from the template).
// The change is checked first (see the package doc), then written,
// recorded in the history with by and the time, and committed to git when
// the folder is a git work tree. It returns the change and the problems
// of the knowledge base after it (warnings only, when it was written);
// on ErrNotClean, the problems say what to fix.
func (d *Dir) Write(file string, base Version, e Edit, by Author) (Change, knowledge.Problems, error) {
	action := "edit"
	if base == NoFile {
		action = "new"
	}
	return d.change(file, base, Change{Action: action, By: by}, func(cur []byte) ([]byte, string, error) {
		return applyEdit(file, cur, e, time.Now())
	})
}

// AddPhrasing adds question to the questions of entry id, so that it
// answers the entry exactly from now on: the "Add as phrasing" action on
// an unanswered question. It refuses a question that already is a
// phrasing of any entry (ErrDuplicatePhrasing, naming it), and otherwise
// changes like Write.
func (d *Dir) AddPhrasing(id, question string, by Author) (Change, knowledge.Problems, error) {
	q, err := checkPhrasing(question)
	if err != nil {
		return Change{}, nil, err
	}
	snap, probs, err := withRoot(d.path, func(fsys fs.FS) (*knowledge.Snapshot, knowledge.Problems, error) {
		return knowledge.Load(fsys, d.check.Load)
	})
	if err != nil {
		return Change{}, nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return Change{}, errs, fmt.Errorf("%w: the knowledge folder has %d problem(s) to fix first", ErrNotClean, len(errs))
	}
	e, ok := snap.Entry(id)
	if !ok {
		return Change{}, nil, fmt.Errorf("no entry %q in the knowledge folder: %w", id, fs.ErrNotExist)
	}
	if afterPhrasingSnapshot != nil {
		afterPhrasingSnapshot()
	}
	if other, p, dup := snap.FindPhrasing(q); dup {
		return Change{}, nil, fmt.Errorf("%w: %q is already a phrasing of %s (%q in %s)", ErrDuplicatePhrasing, q, other.ID, p, other.File)
	}
	_, base, err := d.Read(e.File)
	if err != nil {
		return Change{}, nil, err
	}
	return d.change(e.File, base, Change{Action: "phrasing", By: by}, func(cur []byte) ([]byte, string, error) {
		// The questions are the file's as it is now, under the lock: the
		// snapshot above is seconds old, and a question added meanwhile
		// (by hand or from Discord) must not be dropped.
		now, _ := knowledge.ParseEntry(e.File, cur)
		if now == nil {
			return nil, "", fmt.Errorf("%s can no longer be read as an entry; fix it by hand first", e.File)
		}
		edit := Edit{Questions: append(slices.Clone(now.Questions), q), Keep: []string{"title", "keywords", "sources", "answer"}}
		return applyEdit(e.File, cur, edit, time.Now())
	})
}

// afterPhrasingSnapshot, when set by a test, runs after AddPhrasing has
// loaded the folder and before it takes the lock: what a moderator's hand
// edit in that window does.
var afterPhrasingSnapshot func()

// checkPhrasing trims a question and refuses what cannot be a phrasing.
func checkPhrasing(s string) (string, error) {
	q := strings.TrimSpace(s)
	switch {
	case q == "":
		return "", errors.New("the question is empty")
	case !utf8.ValidString(q):
		return "", errors.New("the question is not valid UTF-8 text")
	case utf8.RuneCountInString(q) > maxPhrasingRunes:
		return "", fmt.Errorf("the question is over %d characters; shorten it", maxPhrasingRunes)
	}
	for _, r := range q {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", errors.New("the question must be one line of text without control characters")
		}
	}
	return q, nil
}

// applyEdit returns file's content cur (nil: a new entry, from the
// template) with e applied, and a summary of what changed.
func applyEdit(file string, cur []byte, e Edit, now time.Time) ([]byte, string, error) {
	var old knowledge.Entry
	isNew := cur == nil
	if isNew {
		dir, name := path.Split(file)
		cur = Template(strings.TrimSuffix(dir, "/"), strings.TrimSuffix(name, ".md"), now)
	} else {
		parsed, _ := knowledge.ParseEntry(file, cur)
		if parsed == nil {
			return nil, "", fmt.Errorf("%w: %s has errors to fix first (run faqbot check, or /kb reload to see them)", ErrNotClean, file)
		}
		old = *parsed
	}
	t, err := parseEntryText(cur)
	if err != nil {
		return nil, "", fmt.Errorf("%s %w", file, err)
	}
	keep := func(f string) bool { return slices.Contains(e.Keep, f) }
	var changed []string
	if !keep("title") && e.Title != old.Title {
		t.setScalar("title", e.Title)
		changed = append(changed, "title")
	}
	lists := []struct {
		key      string
		old, new []string
	}{{"questions", old.Questions, e.Questions}, {"keywords", old.Keywords, e.Keywords}, {"sources", sourceIDs(old.Sources), e.Sources}}
	for _, l := range lists {
		if keep(l.key) || !isNew && slices.Equal(l.old, l.new) {
			continue
		}
		if err := t.setList(l.key, l.new); err != nil {
			return nil, "", fmt.Errorf("%s: %w", file, err)
		}
		changed = append(changed, l.key)
	}
	answer := !keep("answer") && strings.TrimSpace(e.Answer) != old.Body
	if answer || slices.Contains(changed, "sources") {
		// Whoever changes the answer or its sources has checked them.
		t.setField("reviewed", now.Format("2006-01-02"))
	}
	if answer {
		t.setBody(e.Answer)
		changed = append(changed, "answer")
	}
	if len(changed) == 0 {
		return nil, "", ErrUnchanged
	}
	data := t.bytes()
	if err := verifyEdit(file, data, e); err != nil {
		return nil, "", err
	}
	return data, strings.Join(changed, ", "), nil
}

// verifyEdit reads an edited file back and checks that it says what the
// edit set: a file written in a shape the editor misread must not be
// saved wrong. (A file that no longer parses is left to the check, which
// names the problem and its line.)
func verifyEdit(file string, data []byte, e Edit) error {
	got, _ := knowledge.ParseEntry(file, data)
	if got == nil {
		return nil
	}
	keep := func(f string) bool { return slices.Contains(e.Keep, f) }
	ok := (keep("title") || got.Title == strings.TrimSpace(e.Title)) &&
		(keep("questions") || slices.Equal(got.Questions, e.Questions)) &&
		(keep("keywords") || slices.Equal(got.Keywords, e.Keywords)) &&
		(keep("sources") || slices.Equal(sourceIDs(got.Sources), e.Sources)) &&
		(keep("answer") || got.Body == strings.TrimSpace(strings.ReplaceAll(e.Answer, "\r\n", "\n")))
	if !ok {
		return fmt.Errorf("the edit of %s did not come out as intended (the file is written in an unusual way), so nothing was written: edit the file by hand", file)
	}
	return nil
}

func sourceIDs(srcs []knowledge.Source) []string {
	out := make([]string, len(srcs))
	for i, s := range srcs {
		out[i] = s.ID
	}
	return out
}

// change makes one change to file: next turns its current content (nil
// when it does not exist) into the new one (nil to remove it) and
// summarises the change. The rest is the same for every change: the
// version check, the check of the whole knowledge base as it would be, the
// history record, the write and the commit. c gives the change's action,
// author and, for an undo, what it undoes.
func (d *Dir) change(file string, base Version, c Change, next func(cur []byte) ([]byte, string, error)) (Change, knowledge.Problems, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	root, err := os.OpenRoot(d.path)
	if err != nil {
		return Change{}, nil, fmt.Errorf("open knowledge folder: %w", err)
	}
	defer root.Close()
	name := filepath.FromSlash(file)
	cur, err := root.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		cur, err = nil, nil
	}
	if err != nil {
		return Change{}, nil, err
	}
	if v := VersionOf(cur); v != base {
		return Change{}, nil, d.conflict(file, base, v)
	}
	data, summary, err := next(cur)
	if err != nil {
		return Change{}, nil, err
	}
	if data != nil && cur != nil && bytes.Equal(data, cur) {
		return Change{}, nil, ErrUnchanged
	}
	_, probs, err := lint.Check(overlay{root.FS(), file, data}, d.check)
	if err != nil {
		return Change{}, nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return Change{}, probs, fmt.Errorf("%w; nothing was written", ErrNotClean)
	}
	// Both versions are kept before the file is replaced, so that nothing
	// is lost even if the rest fails.
	if err := saveVersions(root, cur, data); err != nil {
		return Change{}, nil, fmt.Errorf("keep the previous version of %s: %w", file, err)
	}
	if err := replaceFile(root, name, data, cur); err != nil {
		return Change{}, nil, fmt.Errorf("write %s: %w", file, err)
	}
	c.Time, c.Entry, c.File, c.Summary = time.Now().UTC(), entryID(file), file, summary
	c.Before, c.After = VersionOf(cur), VersionOf(data)
	if c, err = appendLog(root, c); err != nil {
		return c, probs, fmt.Errorf("%s was changed, but the change could not be added to the history: %w", file, err)
	}
	d.commit(&c)
	return c, probs, nil
}

func entryID(file string) string { return strings.TrimSuffix(path.Base(file), ".md") }

// conflict describes a version mismatch, naming who changed the file last
// from Discord when the history knows.
func (d *Dir) conflict(file string, base, now Version) error {
	switch {
	case base == NoFile:
		return fmt.Errorf("%w: %s was created meanwhile", ErrExists, file)
	case now == NoFile:
		return fmt.Errorf("%w: %s was removed meanwhile", ErrConflict, file)
	}
	if last, ok := d.lastChange(entryID(file)); ok && last.After == now {
		return fmt.Errorf("%w: %s changed it at %s (%s)", ErrConflict, last.By.Name, last.Time.Format("15:04 MST"), last.Summary)
	}
	return fmt.Errorf("%w: %s was changed in the folder since", ErrConflict, file)
}

// replaceFile writes data to name in root in one step: a temporary file in
// the same folder (named with a leading "." so a reload in between skips
// it), then a rename over name. It fails, leaving name alone, if name no
// longer holds expect (nil: does not exist). data nil removes name. A new
// file's folder is made if needed; an existing file keeps its mode.
func replaceFile(root *os.Root, name string, data, expect []byte) (err error) {
	mode := fs.FileMode(0o644)
	if info, err := root.Stat(name); err == nil {
		mode = info.Mode().Perm()
	}
	recheck := func() error {
		cur, err := root.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) && expect == nil {
			return nil
		}
		if err != nil || !bytes.Equal(cur, expect) {
			return errors.New("the file changed while it was being written; try again")
		}
		return nil
	}
	if data == nil {
		if err := recheck(); err != nil {
			return err
		}
		return root.Remove(name)
	}
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+"."+hex.EncodeToString(rnd[:])+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			root.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := root.Chmod(tmp, mode); err != nil { // the umask may have narrowed it
		return err
	}
	if err := recheck(); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}
