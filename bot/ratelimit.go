package bot

import (
	"sync"
	"time"
)

// A limiter allows each key n events in any window of length per. It keeps
// only the times of recent events, in memory. Safe for concurrent use.
type limiter struct {
	n   int
	per time.Duration
	now func() time.Time

	mu    sync.Mutex // protects the fields below
	seen  map[string][]time.Time
	calls int
}

func newLimiter(n int, per time.Duration, now func() time.Time) *limiter {
	if n < 1 {
		n = 5
	}
	if per <= 0 {
		per = 30 * time.Second
	}
	return &limiter{n: n, per: per, now: now, seen: map[string][]time.Time{}}
}

// allow records an event for key and reports whether it is within the
// limit. Refused events are not recorded, so waiting always helps.
func (l *limiter) allow(key string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.calls%1024 == 0 {
		l.sweepLocked(now)
	}
	ts := recent(l.seen[key], now.Add(-l.per))
	if len(ts) >= l.n {
		l.seen[key] = ts
		return false
	}
	l.seen[key] = append(ts, now)
	return true
}

// sweepLocked forgets keys with no recent events, so memory stays bounded
// by the number of people active in one window.
func (l *limiter) sweepLocked(now time.Time) {
	for k, ts := range l.seen {
		if ts = recent(ts, now.Add(-l.per)); len(ts) == 0 {
			delete(l.seen, k)
		} else {
			l.seen[k] = ts
		}
	}
}

// recent drops the times not after since; ts is in order.
func recent(ts []time.Time, since time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(since) {
		i++
	}
	return ts[i:]
}

// size returns the number of keys held, for tests.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}
