// Package kbdir is the knowledge folder on disk: reading it safely
// (through an os.Root, so links cannot lead outside it), checking it the
// way the bot serves it (package knowledge/lint), and changing it for
// moderators: writing an entry or a phrasing so that only what changed
// changes, keeping a history of every change with who made it, undoing
// one, committing each to git when the folder is a git work tree, and
// writing the templates "faqbot new" and "faqbot export" start from.
//
// Every change is checked before it is written: the folder as it would be
// after the change must pass [lint.Check], else nothing is written and the
// problems are returned. A file is replaced in one step (a temporary file
// renamed over it), and a change made on a version of the file that is no
// longer current is refused, so no one's edit is overwritten silently.
package kbdir

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// A Dir is a knowledge folder. Its methods are safe for concurrent use;
// changes are made one at a time.
type Dir struct {
	path  string
	check lint.Options

	mu  sync.Mutex // serialises changes
	git *gitRepo   // nil when the folder is not a git work tree, or git is missing
	// gitNote says why changes are not committed to git, when that is
	// worth saying (a work tree but no git program).
	gitNote string
}

// Open returns the knowledge folder at path. check holds the settings
// every change is checked with: the bot's own (see [lint.Check]). Open
// fails if path is not a folder. It looks for git once: whether the folder
// is in a git work tree and the git program is on PATH.
func Open(path string, check lint.Options) (*Dir, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("knowledge folder %s: %w", path, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("knowledge folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("knowledge folder %s is a file, not a folder", path)
	}
	d := &Dir{path: abs, check: check}
	d.git, d.gitNote = findGit(abs)
	return d, nil
}

// Path returns the folder's absolute path.
func (d *Dir) Path() string { return d.path }

// Git says whether changes are committed to git, and if not, why, when a
// moderator should know (the folder is a git work tree but git is not
// installed); note is "" when the folder is simply not in git.
func (d *Dir) Git() (committing bool, note string) { return d.git != nil, d.gitNote }

// Check loads and checks the folder as it is now, with the Dir's settings:
// what a reload serves. The folder is opened afresh on every call, so one
// that was replaced is read anew.
func (d *Dir) Check() (*knowledge.Snapshot, knowledge.Problems, error) {
	return withRoot(d.path, func(fsys fs.FS) (*knowledge.Snapshot, knowledge.Problems, error) {
		return lint.Check(fsys, d.check)
	})
}

// Load loads the knowledge base in the folder at path, without the checks
// of package lint. The folder is opened afresh as an os.Root on every
// call, so a folder that was replaced is read anew, and links pointing
// outside it are refused.
func Load(path string, opts knowledge.LoadOptions) (*knowledge.Snapshot, knowledge.Problems, error) {
	return withRoot(path, func(fsys fs.FS) (*knowledge.Snapshot, knowledge.Problems, error) {
		return knowledge.Load(fsys, opts)
	})
}

// FS returns the folder at path as an fs.FS confined to it (an os.Root),
// for reading; call done when finished with it.
func FS(path string) (fsys fs.FS, done func(), err error) {
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open knowledge folder: %w", err)
	}
	return root.FS(), func() { root.Close() }, nil
}

func withRoot[T any](path string, f func(fs.FS) (T, knowledge.Problems, error)) (T, knowledge.Problems, error) {
	fsys, done, err := FS(path)
	if err != nil {
		var zero T
		return zero, nil, err
	}
	defer done()
	return f(fsys)
}
