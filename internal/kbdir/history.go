package kbdir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/faqbot/faqbot/knowledge"
)

// The history lives in the knowledge folder, in a folder the loader skips
// (its name starts with "."), so it goes wherever the folder goes (backups,
// copies) and git ignores it.
const (
	historyDir  = ".faqbot"
	historyLog  = historyDir + "/history.jsonl" // one Change a line, oldest first
	versionsDir = historyDir + "/versions"      // every version of a changed file, by Version
)

// A Change is one change made to the knowledge folder from Discord.
type Change struct {
	N      int       `json:"n"` // from 1, in the order made
	Time   time.Time `json:"time"`
	Entry  string    `json:"entry"`
	File   string    `json:"file"`
	Action string    `json:"action"` // "new", "edit", "phrasing" or "undo"
	By     Author    `json:"by"`
	Before Version   `json:"before"` // NoFile: the change created the file
	After  Version   `json:"after"`  // NoFile: the change removed it
	// Summary says what changed: "title, answer".
	Summary string `json:"summary,omitempty"`
	// Undoes is the change an undo reverted.
	Undoes int `json:"undoes,omitempty"`
	// Committed is set when the change was also committed to git; GitNote
	// says why not when it was meant to be.
	Committed bool   `json:"-"`
	GitNote   string `json:"-"`
}

// saveVersions keeps copies of file contents under their Version.
func saveVersions(root *os.Root, contents ...[]byte) error {
	if err := root.MkdirAll(filepath.FromSlash(versionsDir), 0o755); err != nil {
		return err
	}
	// Git ignores the history: it is the bot's own record.
	if _, err := root.Stat(filepath.FromSlash(historyDir + "/.gitignore")); errors.Is(err, fs.ErrNotExist) {
		if err := root.WriteFile(filepath.FromSlash(historyDir+"/.gitignore"), []byte("*\n"), 0o644); err != nil {
			return err
		}
	}
	for _, c := range contents {
		if c == nil {
			continue
		}
		name := filepath.FromSlash(path.Join(versionsDir, string(VersionOf(c))+".md"))
		if _, err := root.Stat(name); err == nil {
			continue // already kept
		}
		if err := replaceFile(root, name, c, nil); err != nil {
			return err
		}
	}
	return nil
}

// appendLog adds c to the history, numbering it.
func appendLog(root *os.Root, c Change) (Change, error) {
	all, err := readLog(root)
	if err != nil {
		return c, err
	}
	c.N = 1
	if len(all) > 0 {
		c.N = all[len(all)-1].N + 1
	}
	line, err := json.Marshal(c)
	if err != nil {
		return c, err
	}
	f, err := root.OpenFile(filepath.FromSlash(historyLog), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return c, err
	}
	// A write cut short by a crash leaves a line without its end: start on
	// a line of our own.
	if info, err := f.Stat(); err == nil && info.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, info.Size()-1); err == nil && last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return c, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return c, err
	}
	return c, f.Close()
}

// readLog reads the whole history, oldest first. A line that does not
// parse (a write cut short by a crash) is skipped: one lost line of history
// must not stop every change after it.
func readLog(root *os.Root) ([]Change, error) {
	data, err := root.ReadFile(filepath.FromSlash(historyLog))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Change
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c Change
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			continue
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// History returns the changes made from Discord to entry id, newest
// first; with id "", every change.
func (d *Dir) History(id string) ([]Change, error) {
	root, err := os.OpenRoot(d.path)
	if err != nil {
		return nil, fmt.Errorf("open knowledge folder: %w", err)
	}
	defer root.Close()
	all, err := readLog(root)
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, c := range slices.Backward(all) {
		if id == "" || c.Entry == id {
			out = append(out, c)
		}
	}
	return out, nil
}

// lastChange returns the newest change to entry id.
func (d *Dir) lastChange(id string) (Change, bool) {
	h, err := d.History(id)
	if err != nil || len(h) == 0 {
		return Change{}, false
	}
	return h[0], true
}

// UndoTarget returns the change /kb undo would revert for entry id: the
// newest change that is neither an undo nor undone, so that undoing again
// steps further back.
func (d *Dir) UndoTarget(id string) (Change, error) {
	h, err := d.History(id)
	if err != nil {
		return Change{}, err
	}
	undone := map[int]bool{}
	for _, c := range h {
		switch {
		case c.Action == "undo":
			undone[c.Undoes] = true
		case !undone[c.N]:
			return c, nil
		}
	}
	return Change{}, fmt.Errorf("%w: no change to %s was made from Discord (or they are all undone)", ErrNothingToUndo, id)
}

// Undo reverts change n of entry id, which must still be its UndoTarget:
// the file goes back to the version before n (removed, if n created it).
// The file must still be as n left it, so an edit made since, from
// Discord or by hand, is never thrown away. The undo is checked, recorded
// and committed like any change.
func (d *Dir) Undo(id string, n int, by Author) (Change, knowledge.Problems, error) {
	target, err := d.UndoTarget(id)
	if err != nil {
		return Change{}, nil, err
	}
	if target.N != n {
		return Change{}, nil, fmt.Errorf("%w: the last change to %s is now #%d by %s; look at /kb history again", ErrConflict, id, target.N, target.By.Name)
	}
	var restore []byte
	if target.Before != NoFile {
		restore, err = d.version(target.Before)
		if err != nil {
			return Change{}, nil, fmt.Errorf("the version before change #%d is missing from the history: %w", n, err)
		}
	}
	c, probs, err := d.change(target.File, target.After, Change{Action: "undo", By: by, Undoes: n}, func([]byte) ([]byte, string, error) {
		return restore, fmt.Sprintf("undid #%d (%s)", n, target.Summary), nil
	})
	return c, probs, err
}

// version reads a kept version of a file.
func (d *Dir) version(v Version) ([]byte, error) {
	root, err := os.OpenRoot(d.path)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(filepath.FromSlash(path.Join(versionsDir, string(v)+".md")))
}
