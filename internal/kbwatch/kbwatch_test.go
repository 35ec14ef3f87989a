package kbwatch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/faqbot/faqbot/knowledge"
)

// fixture is a knowledge folder on disk with a Store and a running Watcher,
// and readers answering questions the whole time (run with -race).
type fixture struct {
	t       *testing.T
	dir     string
	store   *knowledge.Store
	w       *Watcher
	results chan Result
	bad     atomic.Int64 // answers that were neither the old nor the new
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, dir: dir, results: make(chan Result, 100)}
	var err error
	f.store, _, err = knowledge.NewStore(dir, func() (*knowledge.Snapshot, knowledge.Problems, error) {
		return LoadDir(dir, knowledge.LoadOptions{MaxFileSize: knowledge.DefaultMaxFileSize})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.w = New(zaptest.NewLogger(t), f.store, dir, Options{Debounce: 150 * time.Millisecond, Retry: 100 * time.Millisecond, OnReload: func(r Result) { f.results <- r }})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); f.w.Run(ctx) }()
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			r := f.store.Current().Answer("is ketamine addictive", knowledge.Options{})
			if r.Kind != knowledge.KindAnswer || r.Entry.ID != "addiction-risk" {
				f.bad.Add(1)
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		if n := f.bad.Load(); n > 0 {
			t.Errorf("%d answers during reloads were wrong: a reader saw a half-loaded knowledge base", n)
		}
	})
	select {
	case <-f.w.watching:
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not start watching within 10s")
	}
	return f
}

func (f *fixture) write(name, data string) {
	f.t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(data), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) read(name string) string {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// reloadWait bounds the wait for a reload. A reload loads the knowledge
// base and trains its classifier, which takes seconds under go test -race
// on a shared 2-core machine running other packages' tests too; the wait
// ends as soon as the reload does, so a long bound costs nothing.
const reloadWait = 60 * time.Second

// next waits for the next reload.
func (f *fixture) next() Result {
	f.t.Helper()
	select {
	case r := <-f.results:
		return r
	case <-time.After(reloadWait):
		f.t.Fatalf("no reload within %v", reloadWait)
		return Result{}
	}
}

// quiet checks that no further reload happens.
func (f *fixture) quiet() {
	f.t.Helper()
	select {
	case r := <-f.results:
		f.t.Errorf("unexpected extra reload: %+v", r)
	case <-time.After(600 * time.Millisecond):
	}
}

func (f *fixture) title(id string) string {
	e, ok := f.store.Current().Entry(id)
	if !ok {
		return ""
	}
	return e.Title
}

const newTitle = "What exactly is ketamine, in plain words?"

func TestEditReloads(t *testing.T) {
	f := newFixture(t)
	f.write("faq/what-is-ketamine.md", strings.Replace(f.read("faq/what-is-ketamine.md"), "title: What is ketamine?", "title: "+newTitle, 1))
	if r := f.next(); r.Err != nil {
		t.Fatalf("reload: %v %v", r.Err, r.Problems)
	}
	if got := f.title("what-is-ketamine"); got != newTitle {
		t.Errorf("title after edit = %q, want %q", got, newTitle)
	}
	f.quiet()
}

// Editors that write a temporary file and rename it over the original.
func TestAtomicRenameSave(t *testing.T) {
	f := newFixture(t)
	data := strings.Replace(f.read("faq/what-is-ketamine.md"), "title: What is ketamine?", "title: "+newTitle, 1)
	f.write("faq/.what-is-ketamine.md.tmp", data)
	if err := os.Rename(filepath.Join(f.dir, "faq/.what-is-ketamine.md.tmp"), filepath.Join(f.dir, "faq/what-is-ketamine.md")); err != nil {
		t.Fatal(err)
	}
	if r := f.next(); r.Err != nil || f.title("what-is-ketamine") != newTitle {
		t.Fatalf("after rename-save: %v, title %q", r.Err, f.title("what-is-ketamine"))
	}
	f.quiet()
}

// Editors that delete the file and create it again.
func TestDeleteAndCreate(t *testing.T) {
	f := newFixture(t)
	data := strings.Replace(f.read("faq/what-is-ketamine.md"), "title: What is ketamine?", "title: "+newTitle, 1)
	os.Remove(filepath.Join(f.dir, "faq/what-is-ketamine.md"))
	f.write("faq/what-is-ketamine.md", data)
	if r := f.next(); r.Err != nil || f.title("what-is-ketamine") != newTitle {
		t.Fatalf("after delete+create: %v %v, title %q", r.Err, r.Problems, f.title("what-is-ketamine"))
	}
	f.quiet()
}

// A git pull that changes many files ends in one reload.
func TestManyFilesOneReload(t *testing.T) {
	f := newFixture(t)
	ids := []string{"what-is-ketamine", "how-it-works", "fda-approval", "administration", "safety", "esketamine"}
	for _, id := range ids {
		p := "faq/" + id + ".md"
		f.write(p, setReviewed(f.read(p), "2026-01-02"))
	}
	os.Mkdir(filepath.Join(f.dir, "stories"), 0o755)
	f.write("stories/recovery-stories.md", "---\ntitle: Are there recovery stories?\nsources: [hhs-moud]\nreviewed: 2026-12-01\n---\nNot yet.\n")
	r := f.next()
	if r.Err != nil {
		t.Fatalf("reload: %v %v", r.Err, r.Problems)
	}
	for _, id := range ids {
		e, _ := f.store.Current().Entry(id)
		if got := e.Reviewed.Format("2006-01-02"); got != "2026-01-02" {
			t.Errorf("%s reviewed = %s after one reload, want every change in it", id, got)
		}
	}
	if _, ok := f.store.Current().Entry("recovery-stories"); !ok {
		t.Error("the new collection's entry is not loaded")
	}
	f.quiet()
}

func TestBrokenFileKeepsLastGood(t *testing.T) {
	f := newFixture(t)
	before := f.store.Current()
	good := f.read("faq/addiction-risk.md")
	// Half-written: the front matter is cut off.
	f.write("faq/addiction-risk.md", good[:40])
	r := f.next()
	if !errors.Is(r.Err, knowledge.ErrNotClean) || len(r.Problems.Errors()) == 0 {
		t.Fatalf("reload of a broken file = %v %v, want ErrNotClean with problems", r.Err, r.Problems)
	}
	if !strings.Contains(r.Problems.Errors()[0].String(), "faq/addiction-risk.md:1:") {
		t.Errorf("problem = %q, want file:line", r.Problems.Errors()[0])
	}
	if f.store.Current() != before {
		t.Fatal("a broken file replaced the knowledge base in service")
	}
	f.write("faq/addiction-risk.md", good)
	if r := f.next(); r.Err != nil {
		t.Fatalf("reload after the fix: %v", r.Err)
	}
}

func TestOversizeAndEscapingFilesKeepLastGood(t *testing.T) {
	f := newFixture(t)
	before := f.store.Current()
	f.write("faq/huge.md", "---\ntitle: Huge?\nsources: [hhs-moud]\nreviewed: 2026-11-30\n---\n"+strings.Repeat("x", knowledge.DefaultMaxFileSize+1))
	if r := f.next(); r.Err == nil || !strings.Contains(r.Problems.Error(), "over the limit") {
		t.Fatalf("huge file: %v %v", r.Err, r.Problems)
	}
	os.Remove(filepath.Join(f.dir, "faq/huge.md"))
	f.next()
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("---\ntitle: Secret?\nsources: [hhs-moud]\nreviewed: 2026-11-30\n---\nsecret\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(f.dir, "faq/secret.md")); err != nil {
		t.Fatal(err)
	}
	r := f.next()
	if r.Err == nil {
		t.Fatal("a link to a file outside the folder was followed")
	}
	if _, ok := f.store.Current().Entry("secret"); ok || f.store.Current().Len() != before.Len() {
		t.Error("the knowledge base in service changed")
	}
}

func TestFolderDeletedKeepsLastGoodAndReturns(t *testing.T) {
	f := newFixture(t)
	before := f.store.Current()
	moved := f.dir + ".moved"
	if err := os.Rename(f.dir, moved); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(moved)
	r := f.next()
	if r.Err == nil {
		t.Fatal("reload of a missing folder succeeded")
	}
	if f.store.Current() != before {
		t.Fatal("a missing folder replaced the knowledge base in service")
	}
	// The folder comes back (e.g. a redeploy): it is watched and loaded again.
	if err := os.Rename(moved, f.dir); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(reloadWait)
	for {
		r := f.next()
		if r.Err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the folder came back but was not reloaded")
		}
	}
	f.write("faq/what-is-ketamine.md", strings.Replace(f.read("faq/what-is-ketamine.md"), "title: What is ketamine?", "title: "+newTitle, 1))
	for f.title("what-is-ketamine") != newTitle {
		if r := f.next(); r.Err != nil {
			t.Fatalf("reload after the folder came back: %v", r.Err)
		}
	}
}

func TestTrigger(t *testing.T) {
	f := newFixture(t)
	f.w.Trigger()
	f.w.Trigger() // coalesced
	if r := f.next(); r.Err != nil || r.Cause != "requested" {
		t.Fatalf("triggered reload = %+v", r)
	}
	f.quiet()
}

// setReviewed returns an entry file with its reviewed date replaced by
// date, whatever the shipped date is.
func setReviewed(entry, date string) string {
	i := strings.Index(entry, "\nreviewed: ") + len("\nreviewed: ")
	return entry[:i] + date + entry[i+len("2006-01-02"):]
}
