package ops

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"
)

// startServer starts a Server on a free loopback port and stops it when the
// test ends. It returns the server's base URL.
func startServer(tb testing.TB, m *Metrics, ready func() error) (*Server, string) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := New(zaptest.NewLogger(tb), "127.0.0.1:0", m, ready)
	if err := s.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cancel()
		if err := s.Wait(); err != nil {
			tb.Errorf("Wait() = %v", err)
		}
	})
	return s, "http://" + s.Addr()
}

// get returns the status and body of GET url.
func get(tb testing.TB, url string) (int, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestHealthz(t *testing.T) {
	_, base := startServer(t, nil, func() error { return errors.New("not yet") })
	// Liveness does not depend on readiness.
	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz = %d %q, want 200 \"ok\\n\"", code, body)
	}
}

func TestReadyz(t *testing.T) {
	var notReady atomic.Pointer[error]
	ready := func() error {
		if err := notReady.Load(); err != nil {
			return *err
		}
		return nil
	}
	_, base := startServer(t, nil, ready)

	err := errors.New("knowledge base not loaded")
	notReady.Store(&err)
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "knowledge base not loaded") {
		t.Errorf("GET /readyz while not ready = %d %q, want 503 with the reason", code, body)
	}

	notReady.Store(nil)
	if code, body := get(t, base+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz when ready = %d %q, want 200", code, body)
	}
}

func TestReadyzNilReadyFunc(t *testing.T) {
	_, base := startServer(t, nil, nil)
	if code, _ := get(t, base+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz with nil ready = %d, want 200", code)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	_, base := startServer(t, nil, nil)
	if code, _ := get(t, base+"/metrics"); code != http.StatusNotFound {
		t.Errorf("GET /metrics without Metrics = %d, want 404", code)
	}
	if code, _ := get(t, base+"/nope"); code != http.StatusNotFound {
		t.Errorf("GET /nope = %d, want 404", code)
	}
	resp, err := http.Post(base+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", resp.StatusCode)
	}
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	_, base := startServer(t, m, nil)

	m.ObserveQuestion(KindAnswer, 20*time.Millisecond)
	m.ObserveQuestion(KindCrisis, time.Millisecond)
	m.ObserveQuestion("typo", time.Millisecond)
	m.SetEntries(42)
	m.Reload(true)
	m.Reload(false)
	m.GatewayReconnect()
	m.RateLimited()
	m.RESTError(429)
	m.RESTError(0)
	m.Feedback(VoteHelpful)
	m.Feedback("bogus")

	code, body := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", code)
	}
	for _, want := range []string{
		`faqbot_questions_total{kind="answer"} 1`,
		`faqbot_questions_total{kind="crisis"} 1`,
		`faqbot_questions_total{kind="other"} 1`,
		`faqbot_questions_total{kind="no_match"} 0`, // present before any observation
		`faqbot_questions_total{kind="suggestions"} 0`,
		`faqbot_questions_total{kind="personal_advice"} 0`,
		`faqbot_questions_total{kind="help"} 0`,
		`faqbot_answer_duration_seconds_count 3`,
		`faqbot_answer_duration_seconds_bucket{le="0.025"} 3`,
		`faqbot_answer_duration_seconds_bucket{le="0.01"} 2`,
		`faqbot_kb_entries 42`,
		`faqbot_kb_reloads_total{result="ok"} 1`,
		`faqbot_kb_reloads_total{result="error"} 1`,
		`faqbot_gateway_reconnects_total 1`,
		`faqbot_rate_limited_total 1`,
		`faqbot_discord_rest_errors_total{status="429"} 1`,
		`faqbot_discord_rest_errors_total{status="other"} 1`,
		`faqbot_feedback_total{vote="helpful"} 1`,
		`faqbot_feedback_total{vote="not_helpful"} 0`,
		`faqbot_feedback_total{vote="none_of_these"} 0`,
		`faqbot_feedback_total{vote="other"} 1`,
		`# HELP faqbot_questions_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, want) {
			t.Errorf("GET /metrics lacks %q", want)
		}
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	// None of these may panic.
	m.ObserveQuestion(KindAnswer, time.Second)
	m.SetEntries(1)
	m.Reload(true)
	m.GatewayReconnect()
	m.RateLimited()
	m.RESTError(500)
	m.Feedback(VoteHelpful)
	m.SetReplyBacklog(3)
	m.ReplyShed()
	m.Unsent(UnsentSaved, 2)
	m.OutboxSent()
	if m.Registry() != nil {
		t.Error("(*Metrics)(nil).Registry() != nil")
	}
}

func TestProbe(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	defer ok.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not ready: starting", http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer slow.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	ctx := context.Background()
	if err := Probe(ctx, ok.URL); err != nil {
		t.Errorf("Probe(200) = %v, want nil", err)
	}
	if err := Probe(ctx, failing.URL); err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "not ready: starting") {
		t.Errorf("Probe(503) = %v, want an error with the status and body", err)
	}
	if err := Probe(ctx, closedURL); err == nil {
		t.Error("Probe(closed server) = nil, want an error")
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := Probe(short, slow.URL); err == nil {
		t.Error("Probe(slow server) = nil, want a timeout")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Probe(slow server) took %v, want it to give up at the context deadline", d)
	}
	if err := Probe(ctx, "::not a url"); err == nil {
		t.Error("Probe(bad URL) = nil, want an error")
	}
}

func TestProbeAgainstServer(t *testing.T) {
	s, _ := startServer(t, NewMetrics(), nil)
	url, err := LocalURL(s.Addr(), "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	if err := Probe(context.Background(), url); err != nil {
		t.Errorf("Probe(%s) = %v, want nil", url, err)
	}
}

func TestShutdownOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := New(zaptest.NewLogger(t), "127.0.0.1:0", NewMetrics(), nil)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()

	// Wait until it listens.
	var addr string
	for deadline := time.Now().Add(5 * time.Second); addr == "" && time.Now().Before(deadline); {
		addr = s.Addr()
		time.Sleep(5 * time.Millisecond)
	}
	if addr == "" {
		t.Fatal("server did not start")
	}
	if code, _ := get(t, "http://"+addr+"/healthz"); code != http.StatusOK {
		t.Fatalf("GET /healthz = %d", code)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve() after cancel = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the context was cancelled")
	}
	if err := Probe(context.Background(), "http://"+addr+"/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestStartErrors(t *testing.T) {
	_, base := startServer(t, nil, nil)
	busy := strings.TrimPrefix(base, "http://")
	s := New(nil, busy, nil, nil)
	if err := s.Start(context.Background()); err == nil || !strings.Contains(err.Error(), busy) {
		t.Errorf("Start on a port in use = %v, want an error naming %s", err, busy)
	}
	if err := s.Wait(); err != nil {
		t.Errorf("Wait after a failed Start = %v, want nil", err)
	}
	if err := s.Start(context.Background()); err == nil {
		t.Error("second Start = nil, want an error")
	}
}

func TestOff(t *testing.T) {
	s := New(nil, "", NewMetrics(), nil)
	if err := s.Serve(context.Background()); err != nil {
		t.Errorf("Serve with empty addr = %v, want nil at once", err)
	}
	if s.Addr() != "" {
		t.Errorf("Addr() of an off server = %q, want \"\"", s.Addr())
	}
}

func TestLocalURL(t *testing.T) {
	tests := []struct{ addr, want string }{
		{":8080", "http://127.0.0.1:8080/healthz"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080/healthz"},
		{"[::]:8080", "http://[::1]:8080/healthz"},
		{"10.1.2.3:9", "http://10.1.2.3:9/healthz"},
		{"localhost:8080", "http://localhost:8080/healthz"},
	}
	for _, tc := range tests {
		got, err := LocalURL(tc.addr, "healthz")
		if err != nil || got != tc.want {
			t.Errorf("LocalURL(%q) = %q, %v; want %q", tc.addr, got, err, tc.want)
		}
	}
	if _, err := LocalURL("8080", "/healthz"); err == nil {
		t.Error(`LocalURL("8080") = nil error, want one`)
	}
}

// TestDeployDocsNameEveryMetric keeps docs/deploy.md's metric list complete.
func TestDeployDocsNameEveryMetric(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMetrics()
	m.RESTError(500) // vectors without fixed labels appear once used
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if name := f.GetName(); strings.HasPrefix(name, "faqbot_") && !strings.Contains(string(data), name) {
			t.Errorf("docs/deploy.md does not mention %s", name)
		}
	}
}
