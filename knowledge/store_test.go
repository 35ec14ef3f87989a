package knowledge

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

// A broken reload keeps the previous knowledge base in service.
func TestStoreKeepsLastGood(t *testing.T) {
	fsys := testKB()
	var mu sync.Mutex
	load := func() (*Snapshot, Problems, error) {
		mu.Lock()
		defer mu.Unlock()
		return Load(fsys, LoadOptions{})
	}
	st, _, err := NewStore("test", load)
	if err != nil {
		t.Fatal(err)
	}
	before := st.Current()
	mu.Lock()
	fsys["faq/other.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [broken\n---\nx")}
	mu.Unlock()
	probs, err := st.Reload()
	if !errors.Is(err, ErrNotClean) || len(probs) == 0 {
		t.Fatalf("Reload = %v, %v; want ErrNotClean with problems", probs, err)
	}
	if st.Current() != before {
		t.Error("a failed reload replaced the knowledge base in service")
	}
	if s := st.Status(); s.FailedAt.IsZero() || len(s.Problems) == 0 || s.Entries != 2 {
		t.Errorf("Status = %+v, want the failure, its problems and the 2 entries still served", s)
	}
	mu.Lock()
	fsys["faq/other.md"] = &fstest.MapFile{Data: []byte(otherEntry)}
	fsys["faq/third.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Is ketamine an injection?\nsources: [jhu]\nreviewed: 2026-11-30\n---\nIt can be.\n")}
	mu.Unlock()
	if _, err := st.Reload(); err != nil {
		t.Fatal(err)
	}
	if got, want := st.Current().Len(), 3; got != want {
		t.Errorf("after a clean reload Len() = %d, want %d", got, want)
	}
}

func TestNewStoreRefusesBrokenBase(t *testing.T) {
	fsys := testKB()
	delete(fsys, "safety.yaml")
	_, probs, err := NewStore("test", func() (*Snapshot, Problems, error) { return Load(fsys, LoadOptions{}) })
	if !errors.Is(err, ErrNotClean) || len(probs) == 0 {
		t.Fatalf("NewStore = %v, %v; want ErrNotClean with problems", probs, err)
	}
}

// Readers never see a half-loaded knowledge base: run with -race.
func TestStoreConcurrentAnswerAndReload(t *testing.T) {
	var n atomic.Int64
	load := func() (*Snapshot, Problems, error) {
		if n.Add(1)%2 == 0 {
			return Load(DefaultFS(), LoadOptions{})
		}
		fsys := testKB()
		fsys["faq/other.md"] = &fstest.MapFile{Data: []byte("broken")}
		return Load(fsys, LoadOptions{})
	}
	st, _, err := NewStore("test", func() (*Snapshot, Problems, error) { return Load(DefaultFS(), LoadOptions{}) })
	if err != nil {
		t.Fatal(err)
	}
	st.load = load
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				snap := st.Current()
				r := snap.Answer("is ketamine addictive", Options{})
				if r.Kind != KindAnswer || r.Entry.ID != "addiction-risk" {
					t.Errorf("during reloads Answer = %s", r)
					return
				}
			}
		}()
	}
	for range 20 {
		st.Reload()
	}
	close(stop)
	wg.Wait()
}
