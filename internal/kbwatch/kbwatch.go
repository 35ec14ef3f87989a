// Package kbwatch keeps a knowledge.Store in step with its folder on disk:
// it reloads when files change (debounced, so an editor's save or a git pull
// of many files ends in one reload) or when asked, and keeps serving the
// last good knowledge base when the new one has problems.
package kbwatch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
)

// LoadDir loads the knowledge base in dir (see kbdir.Load: the folder is
// opened afresh as an os.Root on every call).
func LoadDir(dir string, opts knowledge.LoadOptions) (*knowledge.Snapshot, knowledge.Problems, error) {
	return kbdir.Load(dir, opts)
}

// A Result is the outcome of one reload.
type Result struct {
	Problems knowledge.Problems // of the new knowledge base
	Err      error              // nil when the new knowledge base is in service
	Cause    string             // "files changed" or "requested"
}

// Options tune a Watcher. The zero value uses the defaults.
type Options struct {
	// Debounce is how long the folder must be quiet before a reload. The
	// default is 500ms.
	Debounce time.Duration
	// Retry is how often a missing folder is looked for again. The
	// default is 5s.
	Retry time.Duration
	// OnReload, if set, is called after every reload attempt (from the
	// Watcher's goroutine).
	OnReload func(Result)
}

// A Watcher reloads a Store when its folder changes or Trigger is called.
type Watcher struct {
	lg      *zap.Logger
	store   *knowledge.Store
	dir     string
	opts    Options
	trigger chan struct{}
	// watching is closed once Run watches the folder (or has found it
	// missing): a change after that is seen. Tests wait for it.
	watching     chan struct{}
	watchingOnce sync.Once
}

// New returns a Watcher for the Store serving the folder dir.
func New(lg *zap.Logger, store *knowledge.Store, dir string, opts Options) *Watcher {
	if opts.Debounce <= 0 {
		opts.Debounce = 500 * time.Millisecond
	}
	if opts.Retry <= 0 {
		opts.Retry = 5 * time.Second
	}
	return &Watcher{lg: lg.Named("kbwatch"), store: store, dir: dir, opts: opts, trigger: make(chan struct{}, 1), watching: make(chan struct{})}
}

// Trigger asks for a reload (e.g. on SIGHUP). It does not wait for it.
func (w *Watcher) Trigger() {
	select {
	case w.trigger <- struct{}{}:
	default: // one is already pending
	}
}

// Run watches until ctx ends. Without the file watch (the folder missing,
// or too many watches), it still reloads on Trigger and keeps retrying.
func (w *Watcher) Run(ctx context.Context) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch knowledge folder: %w", err)
	}
	defer fw.Close()
	watching := w.watchAll(fw)
	w.watchingOnce.Do(func() { close(w.watching) })
	var (
		timer   *time.Timer
		timerC  <-chan time.Time
		retry   = time.NewTicker(w.opts.Retry)
		pending string
	)
	defer retry.Stop()
	schedule := func(cause string) {
		if pending == "" || cause == "requested" {
			pending = cause
		}
		if timer == nil {
			timer = time.NewTimer(w.opts.Debounce)
		} else {
			timer.Reset(w.opts.Debounce)
		}
		timerC = timer.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-w.trigger:
			schedule("requested")
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Create) {
				// A new collection folder; not .faqbot, the bot's own
				// history, which the first watch skipped too.
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && !strings.HasPrefix(filepath.Base(ev.Name), ".") {
					w.add(fw, ev.Name)
				}
			}
			if filepath.Clean(ev.Name) == filepath.Clean(w.dir) && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
				watching = false
			}
			if relevant(ev.Name) {
				schedule("files changed")
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.lg.Warn("knowledge folder watch error", zap.Error(err))
		case <-retry.C:
			if !watching {
				if watching = w.watchAll(fw); watching {
					schedule("files changed") // the folder is back
				}
			}
		case <-timerC:
			timerC = nil
			w.reload(pending)
			pending = ""
		}
	}
}

// relevant reports whether a changed file can affect the knowledge base:
// editors' swap and backup files cannot.
func relevant(name string) bool {
	base := filepath.Base(name)
	return !strings.HasPrefix(base, ".") && !strings.HasSuffix(base, "~") && !strings.HasSuffix(base, ".swp") && !strings.HasSuffix(base, ".tmp")
}

// watchAll watches the folder and its collection folders. It reports
// whether the folder itself is watched.
func (w *Watcher) watchAll(fw *fsnotify.Watcher) bool {
	for _, p := range fw.WatchList() {
		fw.Remove(p)
	}
	if !w.add(fw, w.dir) {
		return false
	}
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return true
	}
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			w.add(fw, filepath.Join(w.dir, e.Name()))
		}
	}
	return true
}

func (w *Watcher) add(fw *fsnotify.Watcher, dir string) bool {
	if err := fw.Add(dir); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			w.lg.Warn("cannot watch knowledge folder", zap.String("folder", dir), zap.Error(err))
		}
		return false
	}
	return true
}

// logProblems is how many of a failed reload's problems are logged; the
// rest are counted. A folder of 3,000 broken files would otherwise log
// thousands of lines per save, burying everything else in the log. The
// full list is in /kb status and faqbot check.
const logProblems = 10

func (w *Watcher) reload(cause string) {
	start := time.Now()
	probs, err := w.store.Reload()
	res := Result{Problems: probs, Err: err, Cause: cause}
	if err != nil {
		errs := probs.Errors()
		first := make([]string, min(len(errs), logProblems))
		for i := range first {
			first[i] = errs[i].String()
		}
		w.lg.Warn("knowledge reload failed; still serving the previous knowledge base",
			zap.String("cause", cause), zap.Int("problems", len(errs)), zap.Strings("first_problems", first),
			zap.Int("not_logged", len(errs)-len(first)), zap.Error(err))
	} else {
		w.lg.Info("knowledge reloaded", zap.String("cause", cause), zap.Int("entries", w.store.Current().Len()),
			zap.Int("warnings", len(probs)), zap.Duration("took", time.Since(start)))
	}
	if w.opts.OnReload != nil {
		w.opts.OnReload(res)
	}
}
