package knowledge

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// A Store holds the Snapshot in service and replaces it only with one that
// loaded cleanly. It is safe for concurrent use.
type Store struct {
	load   func() (*Snapshot, Problems, error)
	source string

	cur atomic.Pointer[loaded]

	mu       sync.Mutex // serialises Reload and guards the fields below
	problems Problems   // of the last reload attempt
	failedAt time.Time
}

type loaded struct {
	snap *Snapshot
	at   time.Time
}

// ErrNotClean is returned by Reload when the new knowledge base has errors.
var ErrNotClean = errors.New("the knowledge base has errors; still serving the previous one")

// NewStore loads the knowledge base with load and returns a Store serving
// it. source names where it comes from ("embedded" or a folder), for
// status reports. It fails if the first load is not clean.
func NewStore(source string, load func() (*Snapshot, Problems, error)) (*Store, Problems, error) {
	s := &Store{load: load, source: source}
	snap, probs, err := load()
	if err != nil {
		return nil, nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return nil, probs, ErrNotClean
	}
	s.cur.Store(&loaded{snap: snap, at: time.Now()})
	s.problems = probs
	return s, probs, nil
}

// Current returns the Snapshot in service. It never returns nil. Callers
// should call it once per question and use only that value.
func (s *Store) Current() *Snapshot { return s.cur.Load().snap }

// Reload builds a new Snapshot and installs it only if it loaded without
// errors. On failure the previous Snapshot stays in service, and the
// problems are kept for Status.
func (s *Store) Reload() (Problems, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, probs, err := s.load()
	s.problems = probs
	if err != nil {
		s.failedAt = time.Now()
		return probs, err
	}
	if len(probs.Errors()) > 0 {
		s.failedAt = time.Now()
		return probs, ErrNotClean
	}
	s.cur.Store(&loaded{snap: snap, at: time.Now()})
	s.failedAt = time.Time{}
	return probs, nil
}

// Status describes the Store for moderators.
type Status struct {
	Source   string    // "embedded" or the folder
	Entries  int       // entries in service
	LoadedAt time.Time // when the snapshot in service was loaded
	FailedAt time.Time // when the last reload failed; zero if it did not
	Problems Problems  // of the last load or reload
}

// Status reports what the Store is serving.
func (s *Store) Status() Status {
	l := s.cur.Load()
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{Source: s.source, Entries: l.snap.Len(), LoadedAt: l.at, FailedAt: s.failedAt, Problems: s.problems}
}
