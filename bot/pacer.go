package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Discord's global REST limit: 50 requests per second per bot, over every
// route except the interaction endpoints (Discord's "Rate Limits" docs:
// "Interaction endpoints are not bound to the bot's Global Rate Limit").
// The window is 20 ms longer than a second so that the jitter between a
// request leaving and Discord counting it does not put a 51st into one
// of Discord's seconds.
const (
	globalLimit  = 50
	globalWindow = time.Second + 20*time.Millisecond
)

// maxRateLimitBody bounds how much of a 429's body the pacer reads.
const maxRateLimitBody = 64 << 10

// A clock is what the pacer needs of time; tests use a fake one.
type clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx is done (returning its error).
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A pacer is the http.RoundTripper under the session's REST client. It
//
//   - keeps the bot within Discord's global limit (limit requests in any
//     window, 50 per second) by queueing requests, first come first served,
//     never by dropping them; interaction callbacks and interaction
//     webhooks are exempt, as on Discord;
//   - lets an urgent request (a crisis reply: see withUrgent) go before
//     every queued one, at the first moment the limit allows;
//   - retries a 429 after the time Discord asks for (the body's
//     retry_after, else X-RateLimit-Reset-After, else Retry-After), at most
//     max429 times and only when the wait is at most maxWait, pausing every
//     paced request when the limit is global; a 429 means Discord did not
//     act on the request, so repeating it is always safe;
//   - bounds each attempt (sending and reading the answer) by timeout.
//     This is the session's REST timeout: http.Client.Timeout would also
//     count the time a request waits in the queue, and a request must not
//     fail for having queued;
//   - records, for restClient, what each attempt got (see attemptInfo).
//
// discordgo's own per-route buckets (X-RateLimit-Remaining and -Reset-After)
// still apply above it. Safe for concurrent use.
type pacer struct {
	base    http.RoundTripper
	clock   clock
	limit   int
	window  time.Duration
	timeout time.Duration // per attempt; 0 for none
	max429  int
	maxWait time.Duration

	mu sync.Mutex // protects the fields below
	// slots and started are rings of the last limit start times: handed
	// out (when a request is to start, first come first served) and
	// actual (when it did). A goroutine that wakes late must not start
	// together with those handed out after it, so both are kept.
	slots   []time.Time
	next    int // index in slots of the oldest of the last limit, once full
	started []time.Time
	snext   int
	last    time.Time // the latest start handed out
	paused  time.Time // after a global 429, no paced request starts before
	urgent  int       // urgent requests waiting for their start
}

// urgentLead is how long after an urgent request's turn the others wait,
// so that it takes the turn they would otherwise race it for.
const urgentLead = 2 * time.Millisecond

type urgentKey struct{}

// withUrgent marks the requests made with ctx as urgent: the pacer starts
// them before any request queued for the global limit. Only crisis replies
// are urgent, so they cannot crowd each other out.
func withUrgent(ctx context.Context) context.Context {
	return context.WithValue(ctx, urgentKey{}, true)
}

func isUrgent(ctx context.Context) bool {
	u, _ := ctx.Value(urgentKey{}).(bool)
	return u
}

func newPacer(base http.RoundTripper, c clock, p Resilience) *pacer {
	if base == nil {
		base = http.DefaultTransport
	}
	return &pacer{
		base:    base,
		clock:   c,
		limit:   globalLimit,
		window:  globalWindow,
		timeout: p.RESTTimeout,
		max429:  p.RateLimitRetries,
		maxWait: p.RateLimitMaxWait,
		slots:   make([]time.Time, 0, globalLimit),
		started: make([]time.Time, 0, globalLimit),
	}
}

// exempt reports whether a request is outside the global limit: interaction
// callbacks (/interactions/{id}/{token}/callback) and the webhook routes
// of interaction tokens, the only webhooks faqbot uses.
func exempt(r *http.Request) bool {
	p := r.URL.Path
	return strings.Contains(p, "/interactions/") || strings.Contains(p, "/webhooks/")
}

// reserveLocked hands out the time at which the next paced request may
// start: no earlier than now, than the start handed out before it (first
// come, first served), than a global pause, or than one window after the
// limit-th start before it. So any window of the given length holds at
// most limit starts.
func (p *pacer) reserveLocked(now time.Time) time.Time {
	t := now
	if t.Before(p.last) {
		t = p.last
	}
	if t.Before(p.paused) {
		t = p.paused
	}
	if len(p.slots) < p.limit {
		p.slots = append(p.slots, t)
	} else {
		if earliest := p.slots[p.next].Add(p.window); t.Before(earliest) {
			t = earliest
		}
		p.slots[p.next] = t
		p.next = (p.next + 1) % p.limit
	}
	p.last = t
	return t
}

// wait blocks until the request may start: until the time handed out to
// it (at once for an urgent one), then for as long as starting would put
// more than limit starts in a window, a global 429 holds, or (for one that
// is not urgent) an urgent request waits.
func (p *pacer) wait(ctx context.Context, urgent bool) error {
	p.mu.Lock()
	now := p.clock.Now()
	at := now
	if urgent {
		p.urgent++
	} else {
		at = p.reserveLocked(now)
	}
	p.mu.Unlock()
	err := p.clock.Sleep(ctx, at.Sub(now))
	for err == nil {
		p.mu.Lock()
		now := p.clock.Now()
		retry := p.admitLocked(now, urgent)
		if retry.IsZero() && urgent {
			p.urgent--
		}
		p.mu.Unlock()
		if retry.IsZero() {
			return nil
		}
		err = p.clock.Sleep(ctx, retry.Sub(now))
	}
	if urgent {
		p.mu.Lock()
		p.urgent--
		p.mu.Unlock()
	}
	return err
}

// admitLocked records a start at now and returns the zero time, or, when
// a global 429 holds, the last limit starts are all within a window of
// now, or an urgent request is waiting and this one is not, returns when
// to try again.
func (p *pacer) admitLocked(now time.Time, urgent bool) time.Time {
	if now.Before(p.paused) {
		return p.paused
	}
	free := now
	if len(p.started) == p.limit {
		free = later(now, p.started[p.snext].Add(p.window))
	}
	if !urgent && p.urgent > 0 {
		return free.Add(urgentLead)
	}
	if free.After(now) {
		return free
	}
	if len(p.started) < p.limit {
		p.started = append(p.started, now)
		return time.Time{}
	}
	p.started[p.snext] = now
	p.snext = (p.snext + 1) % p.limit
	return time.Time{}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// pause holds every paced request until t (a global 429).
func (p *pacer) pause(t time.Time) {
	p.mu.Lock()
	if t.After(p.paused) {
		p.paused = t
	}
	p.mu.Unlock()
}

// RoundTrip implements http.RoundTripper.
func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	info := attemptInfoFrom(req.Context())
	paced, urgent := !exempt(req), isUrgent(req.Context())
	for tries := 0; ; tries++ {
		if paced {
			if err := p.wait(req.Context(), urgent); err != nil {
				closeBody(req)
				return nil, err
			}
		}
		info.sent()
		resp, err := p.send(req)
		if err != nil {
			return nil, err
		}
		info.got(resp.StatusCode)
		if !paced {
			// Interaction routes share restClient's buckets across
			// interactions: one interaction's bucket must not hold up
			// another's (see restClient).
			dropRateLimitHeaders(resp.Header)
		}
		if resp.StatusCode != http.StatusTooManyRequests {
			return resp, nil
		}
		retryAfter, global := rateLimit(resp)
		if global {
			p.pause(p.clock.Now().Add(retryAfter))
		}
		if tries >= p.max429 || retryAfter > p.maxWait {
			return resp, nil
		}
		resp.Body.Close()
		if err := p.clock.Sleep(req.Context(), retryAfter); err != nil {
			return nil, err
		}
		if req, err = rewind(req); err != nil {
			return nil, err
		}
	}
}

// send makes one attempt, bounded by p.timeout until its body is closed.
func (p *pacer) send(req *http.Request) (*http.Response, error) {
	if p.timeout <= 0 {
		return p.base.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), p.timeout)
	resp, err := p.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody ends an attempt's context when its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// rewind returns req with a fresh body, for another attempt.
func rewind(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	if req.GetBody == nil {
		return nil, errors.New("discord request: cannot repeat a request whose body cannot be read again")
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// rateLimit reads how long a 429 asks to wait and whether the limit is
// global, leaving the body readable.
func rateLimit(resp *http.Response) (time.Duration, bool) {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxRateLimitBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var body struct {
		RetryAfter *float64 `json:"retry_after"`
		Global     bool     `json:"global"`
	}
	_ = json.Unmarshal(b, &body) // a body that is not JSON leaves the headers
	h := resp.Header
	global := body.Global || strings.EqualFold(h.Get("X-RateLimit-Global"), "true") || strings.EqualFold(h.Get("X-RateLimit-Scope"), "global")
	secs := -1.0
	switch {
	case body.RetryAfter != nil:
		secs = *body.RetryAfter
	case h.Get("X-RateLimit-Reset-After") != "":
		secs, _ = strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64)
	case h.Get("Retry-After") != "":
		secs, _ = strconv.ParseFloat(h.Get("Retry-After"), 64)
	}
	if secs < 0 || secs != secs { // missing, unreadable or NaN: a second
		secs = 1
	}
	if secs > 24*3600 {
		secs = 24 * 3600
	}
	return time.Duration(secs * float64(time.Second)), global
}

// dropRateLimitHeaders removes the headers discordgo's buckets read.
func dropRateLimitHeaders(h http.Header) {
	for _, k := range []string{"X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Global"} {
		h.Del(k)
	}
}

// attemptInfo is what the pacer records about the attempts of one request
// made through restClient, which finds it in the request's context:
// whether anything was sent, and the last HTTP status. discordgo's errors
// do not always carry the status (a 502 after its own retries, a 429 it
// was told not to retry).
type attemptInfo struct {
	mu       sync.Mutex
	attempts int
	status   int
}

type attemptInfoKey struct{}

func withAttemptInfo(ctx context.Context, info *attemptInfo) context.Context {
	return context.WithValue(ctx, attemptInfoKey{}, info)
}

// attemptInfoFrom returns the request's attemptInfo, or nil; the methods
// are no-ops on nil.
func attemptInfoFrom(ctx context.Context) *attemptInfo {
	info, _ := ctx.Value(attemptInfoKey{}).(*attemptInfo)
	return info
}

func (a *attemptInfo) sent() {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.attempts++
	a.status = 0
	a.mu.Unlock()
}

func (a *attemptInfo) got(status int) {
	if a == nil {
		return
	}
	a.mu.Lock()
	a.status = status
	a.mu.Unlock()
}

// result returns the attempts sent and the last status (0: no answer).
func (a *attemptInfo) result() (attempts, status int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.attempts, a.status
}
