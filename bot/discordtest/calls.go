package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Call is one REST request the Server received, with its answer.
type Call struct {
	Method  string
	Path    string // without the /api/vN prefix, e.g. "/channels/1/messages"
	Version string // API version of the URL, e.g. "10"
	Query   url.Values
	Header  http.Header // as sent: Authorization, X-Audit-Log-Reason, ...
	// Body is the JSON body; for multipart requests, their payload_json.
	Body []byte
	// Files are the files of a multipart request.
	Files    []File
	Time     time.Time // when the request arrived
	Status   int       // status the Server answered
	Response []byte    // body the Server answered
	Fault    bool      // the answer came from fault injection
}

// File is a file uploaded with a multipart request.
type File struct {
	Field       string
	Name        string
	ContentType string
	Data        []byte
}

// Decode unmarshals the request body into v. Decode message bodies into
// discordgo.Message: discordgo's request types (MessageSend,
// InteractionResponse, WebhookParams) cannot unmarshal components.
func (c Call) Decode(v any) error {
	if len(c.Body) == 0 {
		return errors.New("discordtest: call has no body")
	}
	return json.Unmarshal(c.Body, v)
}

// DecodeResponse unmarshals the body the Server answered into v.
func (c Call) DecodeResponse(v any) error {
	if len(c.Response) == 0 {
		return errors.New("discordtest: call has no response body")
	}
	return json.Unmarshal(c.Response, v)
}

// String formats the call for failure messages.
func (c Call) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", c.Method, c.Path)
	if len(c.Query) > 0 {
		b.WriteString("?" + c.Query.Encode())
	}
	fmt.Fprintf(&b, " -> %d", c.Status)
	if c.Fault {
		b.WriteString(" (injected)")
	}
	if len(c.Body) > 0 {
		fmt.Fprintf(&b, " body=%s", clip(c.Body))
	}
	if c.Status >= 400 && len(c.Response) > 0 {
		fmt.Fprintf(&b, " response=%s", clip(c.Response))
	}
	return b.String()
}

func clip(b []byte) string {
	const n = 300
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// Matcher selects calls.
type Matcher func(Call) bool

// Route matches calls by method ("" for any) and path pattern, in which a
// "*" or "{name}" segment matches any one segment:
// Route("POST", "/channels/*/messages").
func Route(method, pattern string) Matcher {
	want := splitPath(pattern)
	return func(c Call) bool {
		if method != "" && !strings.EqualFold(method, c.Method) {
			return false
		}
		got := splitPath(c.Path)
		if len(got) != len(want) {
			return false
		}
		for i, w := range want {
			if w != "*" && !(strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}")) && w != got[i] {
				return false
			}
		}
		return true
	}
}

// splitPath splits a path into its non-empty segments.
func splitPath(p string) []string {
	var out []string
	for _, seg := range strings.Split(p, "/") {
		if seg != "" {
			out = append(out, seg)
		}
	}
	return out
}

// Calls returns every REST call so far, in the order they were answered.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsMatching returns the calls m selects.
func (s *Server) CallsMatching(m Matcher) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if m(c) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until a call that m selects has been answered, counting
// those answered before, and returns the first. m sees each call once, in
// order, without the Server's lock held. It fails the test, listing
// the calls seen, if none comes within timeout.
func (s *Server) WaitFor(tb testing.TB, m Matcher, timeout time.Duration) Call {
	tb.Helper()
	found, ok := waitMatch(s, timeout, func() []Call { return s.calls }, m)
	if !ok {
		tb.Fatalf("discordtest: no matching REST call within %v; calls seen:\n%s", timeout, s.dumpCalls())
	}
	return found
}

// waitMatch waits until m selects an element of the slice list returns
// (called with s.mu held); m runs without the lock, so it may call the
// Server.
func waitMatch[T any](s *Server, timeout time.Duration, list func() []T, m func(T) bool) (T, bool) {
	seen := 0
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		all := list()
		fresh := append([]T(nil), all[min(seen, len(all)):]...)
		seen = len(all)
		ch := s.changed
		s.mu.Unlock()
		for _, v := range fresh {
			if m(v) {
				return v, true
			}
		}
		select {
		case <-ch:
		case <-deadline.C:
			var zero T
			return zero, false
		case <-s.closing:
			var zero T
			return zero, false
		}
	}
}

// dumpCalls lists the calls for failure messages.
func (s *Server) dumpCalls() string {
	calls := s.Calls()
	if len(calls) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, c := range calls {
		b.WriteString("  " + c.String() + "\n")
	}
	return b.String()
}

// Fault is an injected answer to a REST call.
type Fault struct {
	// Status is the status to answer; 0 answers normally after Delay.
	Status int
	Header map[string]string
	// Body is the body to answer; empty gives Discord's JSON error for
	// Status.
	Body  string
	Delay time.Duration
}

type fault struct {
	match Matcher
	left  int
	f     Fault
}

// InjectFault makes the next n calls that m selects get f instead of their
// normal answer. Faults are tried in the order they were injected and apply
// before the token is checked.
func (s *Server) InjectFault(m Matcher, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{match: m, left: n, f: f})
}

// FailNext makes the next n calls that m selects fail with status, header
// and body (Discord's JSON error for status when body is empty). discordgo
// retries 502 up to Session.MaxRestRetries times (restapi.go) and returns
// other statuses as a *discordgo.RESTError.
func (s *Server) FailNext(m Matcher, status, n int, header map[string]string, body string) {
	s.InjectFault(m, n, Fault{Status: status, Header: header, Body: body})
}

// DelayNext makes the next n calls that m selects wait d before being
// answered normally.
func (s *Server) DelayNext(m Matcher, n int, d time.Duration) {
	s.InjectFault(m, n, Fault{Delay: d})
}

// RateLimitNext makes the next n calls that m selects get 429 with Discord's
// headers and body, asking to retry after retryAfter, for the route's bucket
// or, if global, for every route. discordgo sleeps retry_after from the body
// and retries without limit (restapi.go).
func (s *Server) RateLimitNext(m Matcher, n int, retryAfter time.Duration, global bool) {
	s.InjectFault(m, n, rateLimitFault(retryAfter, global))
}

// rateLimitFault builds the 429 Discord answers.
func rateLimitFault(retryAfter time.Duration, global bool) Fault {
	secs := retryAfter.Seconds()
	header := map[string]string{
		"Retry-After":             strconv.Itoa(int(math.Ceil(secs))),
		"X-RateLimit-Limit":       "5",
		"X-RateLimit-Remaining":   "0",
		"X-RateLimit-Reset":       strconv.FormatFloat(float64(time.Now().Add(retryAfter).UnixMilli())/1000, 'f', 3, 64),
		"X-RateLimit-Reset-After": strconv.FormatFloat(secs, 'f', 3, 64),
		"X-RateLimit-Bucket":      "fake0000bucket",
		"X-RateLimit-Scope":       "user",
	}
	if global {
		header["X-RateLimit-Global"] = "true"
		header["X-RateLimit-Scope"] = "global"
		delete(header, "X-RateLimit-Limit")
		delete(header, "X-RateLimit-Remaining")
		delete(header, "X-RateLimit-Reset")
		delete(header, "X-RateLimit-Reset-After")
		delete(header, "X-RateLimit-Bucket")
	}
	body, _ := json.Marshal(map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": math.Round(secs*1000) / 1000,
		"global":      global,
	})
	return Fault{Status: http.StatusTooManyRequests, Header: header, Body: string(body)}
}

// takeFaultLocked returns the fault for a call, if any, and uses it up.
func (s *Server) takeFaultLocked(c Call) (Fault, bool) {
	for i, f := range s.faults {
		if f.left > 0 && f.match(c) {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
			return f.f, true
		}
	}
	return Fault{}, false
}
