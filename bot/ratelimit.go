package bot

import (
	"sync"
	"time"
)

// A limiter allows each key n events in any window of length per, and
// says when a refused key should be told so: once per window, so that one
// member sending hundreds of messages gets one "please wait", not hundreds
// of replies queueing before everyone else's (the REST queue is shared).
// It keeps only the times of recent events and of the last notice, in
// memory. Safe for concurrent use.
type limiter struct {
	n   int
	per time.Duration
	now func() time.Time

	mu    sync.Mutex // protects the fields below
	seen  map[string]*limited
	calls int
}

// limited is what the limiter keeps of one key.
type limited struct {
	times   []time.Time // of the allowed events in the window, in order
	noticed time.Time   // of the last refusal the key was told of
}

// A verdict is the limiter's answer for one event.
type verdict int

const (
	allowed  verdict = iota
	refused          // over the limit: tell the member to wait
	silenced         // over the limit, and told so within the window: say nothing
)

func newLimiter(n int, per time.Duration, now func() time.Time) *limiter {
	if n < 1 {
		n = 5
	}
	if per <= 0 {
		per = 30 * time.Second
	}
	return &limiter{n: n, per: per, now: now, seen: map[string]*limited{}}
}

// check records an event for key and says whether it is within the limit
// and, if not, whether the key was already told in the last window.
// Refused events are not recorded, so waiting always helps.
func (l *limiter) check(key string) verdict {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.calls%1024 == 0 {
		l.sweepLocked(now)
	}
	k := l.seen[key]
	if k == nil {
		k = &limited{}
		l.seen[key] = k
	}
	k.times = recent(k.times, now.Add(-l.per))
	if len(k.times) < l.n {
		k.times = append(k.times, now)
		return allowed
	}
	if !k.noticed.IsZero() && now.Sub(k.noticed) < l.per {
		return silenced
	}
	k.noticed = now
	return refused
}

// allow is check for callers that answer every refusal (an interaction
// must be answered).
func (l *limiter) allow(key string) bool { return l.check(key) == allowed }

// sweepLocked forgets keys with no recent events or notices, so memory
// stays bounded by the number of people active in one window.
func (l *limiter) sweepLocked(now time.Time) {
	since := now.Add(-l.per)
	for key, k := range l.seen {
		k.times = recent(k.times, since)
		if len(k.times) == 0 && !k.noticed.After(since) {
			delete(l.seen, key)
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
