package bot

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock whose Sleep moves time on at once. With one
// request at a time it makes the pacer deterministic.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept = append(c.slept, d)
	}
	return ctx.Err()
}

// script is an http.RoundTripper answering from a list, recording when
// (by the fake clock) and what it was sent.
type script struct {
	clock   *fakeClock
	answers []func() *http.Response
	mu      sync.Mutex
	times   []time.Time
	bodies  []string
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.times = append(s.times, s.clock.Now())
	s.bodies = append(s.bodies, string(body))
	i := min(len(s.times)-1, len(s.answers)-1)
	if i < 0 {
		return answer(200, nil, "{}"), nil
	}
	return s.answers[i](), nil
}

func answer(status int, header map[string]string, body string) *http.Response {
	h := http.Header{}
	for k, v := range header {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

func testPacer(base http.RoundTripper, c clock) *pacer {
	return newPacer(base, c, Resilience{}.withDefaults())
}

func get(t *testing.T, p *pacer, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", "http://discord.test/api/v10"+path, bytes.NewBufferString(`{"content":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.RoundTrip(req)
	if err != nil {
		t.Fatalf("RoundTrip %s: %v", path, err)
	}
	resp.Body.Close()
	return resp
}

// maxInWindow returns the most times that fall in any half-open window of
// length w.
func maxInWindow(ts []time.Time, w time.Duration) int {
	most, j := 0, 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= w {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}

func TestReserveKeepsGlobalLimit(t *testing.T) {
	p := testPacer(nil, newFakeClock())
	t0 := time.Unix(100, 0)
	var got []time.Time
	for range 120 { // a burst, all at once
		got = append(got, p.reserveLocked(t0))
	}
	for i, at := range got {
		want := t0.Add(time.Duration(i/globalLimit) * globalWindow)
		if !at.Equal(want) {
			t.Fatalf("start %d at %v, want %v", i, at.Sub(t0), want.Sub(t0))
		}
	}
	// Later requests, spread out: still never more than 50 in a second.
	for i := range 200 {
		got = append(got, p.reserveLocked(t0.Add(3*time.Second+time.Duration(i)*7*time.Millisecond)))
	}
	if n := maxInWindow(got, globalWindow); n > globalLimit {
		t.Errorf("%d starts in one second, want at most %d", n, globalLimit)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Before(got[i-1]) {
			t.Fatalf("start %d before start %d: not first come, first served", i, i-1)
		}
	}
}

// TestAdmitLateWakers: requests whose turn came while their goroutines
// were not running start no faster than the limit when they do run.
func TestAdmitLateWakers(t *testing.T) {
	p := testPacer(nil, newFakeClock())
	t0 := time.Unix(100, 0)
	for range 150 {
		p.reserveLocked(t0) // turns at 0s, 1s and 2s
	}
	late := t0.Add(2500 * time.Millisecond) // all of them wake only now
	var starts []time.Time
	for len(starts) < 150 {
		now := late
		for {
			retry := p.admitLocked(now, false)
			if retry.IsZero() {
				break
			}
			now = retry
		}
		starts = append(starts, now)
	}
	if n := maxInWindow(starts, globalWindow); n > globalLimit {
		t.Errorf("%d starts in one second, want at most %d", n, globalLimit)
	}
	if got, want := starts[149].Sub(late), 2*globalWindow; got != want {
		t.Errorf("the 150th started %v after waking, want %v", got, want)
	}
}

// TestPacerQueuesNeverDrops sends 260 requests through the pacer with a
// fake clock: all are sent, at most 50 in any second, none fails.
func TestPacerQueuesNeverDrops(t *testing.T) {
	c := newFakeClock()
	base := &script{clock: c}
	p := testPacer(base, c)
	start := c.Now()
	for range 260 {
		if resp := get(t, p, "/channels/1/messages"); resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if len(base.times) != 260 {
		t.Fatalf("%d requests sent, want 260", len(base.times))
	}
	if n := maxInWindow(base.times, time.Second); n != globalLimit {
		t.Errorf("most requests in a second = %d, want %d", n, globalLimit)
	}
	if took := base.times[259].Sub(start); took != 5*globalWindow {
		t.Errorf("260 requests took %v, want %v (50 a window)", took, 5*globalWindow)
	}
}

func TestPacerExemptsInteractions(t *testing.T) {
	c := newFakeClock()
	base := &script{clock: c}
	p := testPacer(base, c)
	for range 200 {
		get(t, p, "/interactions/123/tok/callback")
		get(t, p, "/webhooks/1/tok/messages/@original")
	}
	if len(c.slept) != 0 {
		t.Errorf("interaction routes waited %v", c.slept)
	}
}

func TestPacer429(t *testing.T) {
	limited := func(retryAfter string, global bool, header map[string]string) func() *http.Response {
		return func() *http.Response {
			g := "false"
			if global {
				g = "true"
			}
			return answer(429, header, `{"message":"You are being rate limited.","retry_after":`+retryAfter+`,"global":`+g+`}`)
		}
	}
	okAnswer := func() *http.Response { return answer(200, nil, `{"id":"1"}`) }

	t.Run("per route: waits retry_after and repeats the same body", func(t *testing.T) {
		c := newFakeClock()
		base := &script{clock: c, answers: []func() *http.Response{limited("0.25", false, map[string]string{"Retry-After": "1", "X-RateLimit-Reset-After": "0.250"}), okAnswer}}
		p := testPacer(base, c)
		if resp := get(t, p, "/channels/1/messages"); resp.StatusCode != 200 {
			t.Fatalf("status %d, want 200 after the retry", resp.StatusCode)
		}
		if len(base.bodies) != 2 || base.bodies[0] != base.bodies[1] || base.bodies[1] == "" {
			t.Errorf("bodies sent = %q, want the same body twice", base.bodies)
		}
		if gap := base.times[1].Sub(base.times[0]); gap != 250*time.Millisecond {
			t.Errorf("retried after %v, want 250ms (the body's retry_after)", gap)
		}
	})

	t.Run("global: pauses every paced route", func(t *testing.T) {
		c := newFakeClock()
		base := &script{clock: c, answers: []func() *http.Response{limited("2", true, map[string]string{"X-RateLimit-Global": "true", "Retry-After": "2"}), okAnswer}}
		p := testPacer(base, c)
		t0 := c.Now()
		get(t, p, "/channels/1/messages")
		get(t, p, "/channels/2/messages") // another route
		if at := base.times[2].Sub(t0); at < 2*time.Second {
			t.Errorf("another route went %v after a global 429 asking for 2s", at)
		}
	})

	t.Run("header only", func(t *testing.T) {
		c := newFakeClock()
		base := &script{clock: c, answers: []func() *http.Response{
			func() *http.Response { return answer(429, map[string]string{"Retry-After": "3"}, "not json") }, okAnswer,
		}}
		p := testPacer(base, c)
		get(t, p, "/channels/1/messages")
		if gap := base.times[1].Sub(base.times[0]); gap != 3*time.Second {
			t.Errorf("retried after %v, want Retry-After's 3s", gap)
		}
	})

	t.Run("bounded", func(t *testing.T) {
		c := newFakeClock()
		base := &script{clock: c, answers: []func() *http.Response{limited("0.1", false, nil)}}
		p := testPacer(base, c)
		resp := get(t, p, "/channels/1/messages")
		if resp.StatusCode != 429 || len(base.times) != p.max429+1 {
			t.Errorf("status %d after %d attempts, want 429 after %d", resp.StatusCode, len(base.times), p.max429+1)
		}
	})

	t.Run("too long a wait is not waited", func(t *testing.T) {
		c := newFakeClock()
		base := &script{clock: c, answers: []func() *http.Response{limited("3600", false, nil)}}
		p := testPacer(base, c)
		resp := get(t, p, "/channels/1/messages")
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 429 || len(base.times) != 1 || !bytes.Contains(body, []byte("retry_after")) {
			t.Errorf("status %d after %d attempts, body %q; want the 429 at once, body intact", resp.StatusCode, len(base.times), body)
		}
	})
}

func TestPacerDropsBucketHeadersOnInteractionRoutes(t *testing.T) {
	c := newFakeClock()
	h := map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "30"}
	base := &script{clock: c, answers: []func() *http.Response{func() *http.Response { return answer(204, h, "") }}}
	p := testPacer(base, c)
	if r := get(t, p, "/interactions/1/tok/callback"); r.Header.Get("X-RateLimit-Remaining") != "" {
		t.Errorf("interaction route kept its bucket headers")
	}
	if r := get(t, p, "/channels/1/messages"); r.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("channel route lost its bucket headers")
	}
}

// blocking answers nothing until the request is cancelled.
type blocking struct{}

func (blocking) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

func TestPacerAttemptTimeout(t *testing.T) {
	p := newPacer(blocking{}, realClock{}, Resilience{RESTTimeout: 20 * time.Millisecond}.withDefaults())
	req, _ := http.NewRequest("GET", "http://discord.test/api/v10/gateway", nil)
	info := &attemptInfo{}
	req = req.WithContext(withAttemptInfo(context.Background(), info))
	start := time.Now()
	_, err := p.RoundTrip(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if n, status := info.result(); n != 1 || status != 0 {
		t.Errorf("attempt info = %d attempts, status %d; want 1, 0", n, status)
	}
}

func TestPacerWaitCancelled(t *testing.T) {
	p := testPacer(&script{clock: newFakeClock()}, realClock{})
	p.pause(time.Now().Add(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", "http://discord.test/api/v10/channels/1/messages", strings.NewReader("{}"))
	if _, err := p.RoundTrip(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
}

// manualClock is a clock whose time moves only when the test says:
// sleepers wait for it.
type manualClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers int
	changed  chan struct{} // closed and replaced when now or sleepers change
}

func newManualClock() *manualClock {
	return &manualClock{now: time.Unix(1_700_000_000, 0), changed: make(chan struct{})}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *manualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	until := c.now.Add(d)
	c.sleepers++
	c.notifyLocked()
	defer func() {
		c.mu.Lock()
		c.sleepers--
		c.notifyLocked()
		c.mu.Unlock()
	}()
	for c.now.Before(until) {
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			c.mu.Lock()
			return ctx.Err()
		}
		c.mu.Lock()
	}
	c.mu.Unlock()
	return ctx.Err()
}

// advance moves the time on by d.
func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.notifyLocked()
	c.mu.Unlock()
}

// waitSleepers waits until n goroutines sleep.
func (c *manualClock) waitSleepers(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		got, ch := c.sleepers, c.changed
		c.mu.Unlock()
		if got == n {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("%d goroutines sleep, want %d", got, n)
		}
	}
}

// starts records the bodies of the requests it is sent and when, by the
// manual clock.
type starts struct {
	clock  *manualClock
	mu     sync.Mutex
	bodies []string
	times  []time.Time
}

func (s *starts) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies = append(s.bodies, string(body))
	s.times = append(s.times, s.clock.Now())
	return answer(200, nil, "{}"), nil
}

func (s *starts) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

// TestPacerUrgentFirst: with the second's 50 requests made and others
// queued for the next turns, an urgent request (a crisis reply) takes the
// very next turn.
func TestPacerUrgentFirst(t *testing.T) {
	c := newManualClock()
	sent := &starts{clock: c}
	p := testPacer(sent, c)
	post := func(ctx context.Context, body string) {
		req, _ := http.NewRequestWithContext(ctx, "POST", "http://discord.test/api/v10/channels/1/messages", strings.NewReader(body))
		resp, err := p.RoundTrip(req)
		if err != nil {
			t.Error(err)
			return
		}
		resp.Body.Close()
	}
	// A full window, one start every 10 ms: the next turn frees one slot.
	const step = 10 * time.Millisecond
	for range globalLimit {
		post(context.Background(), "first second")
		c.advance(step)
	}
	var wg sync.WaitGroup
	const queued = 5
	for range queued {
		wg.Add(1)
		go func() { defer wg.Done(); post(context.Background(), "queued") }()
	}
	c.waitSleepers(t, queued)
	wg.Add(1)
	go func() { defer wg.Done(); post(withUrgent(context.Background()), "urgent") }()
	c.waitSleepers(t, queued+1)
	// The next turn comes: the urgent request takes it, however late its
	// goroutine runs (the clock stands still until it has started).
	c.advance(globalWindow - globalLimit*step)
	deadline := time.Now().Add(10 * time.Second)
	for sent.count() == globalLimit && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	for sent.count() < globalLimit+1+queued && time.Now().Before(deadline) {
		runtime.Gosched()
		c.advance(time.Millisecond)
	}
	wg.Wait()
	if got := sent.bodies[globalLimit]; got != "urgent" {
		t.Errorf("the first request after the full second is %q, want the urgent one; order %q", got, sent.bodies[globalLimit:])
	}
	if n := maxInWindow(sent.times, globalWindow); n > globalLimit {
		t.Errorf("%d starts in a window, want at most %d", n, globalLimit)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.urgent != 0 {
		t.Errorf("urgent = %d after every request started, want 0", p.urgent)
	}
}
