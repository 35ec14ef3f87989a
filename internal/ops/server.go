package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"
)

// Timeouts of the ops HTTP server. Scrapes and probes are small and local;
// the limits only stop a stuck or hostile client from holding connections.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 60 * time.Second
	shutdownTimeout   = 5 * time.Second
)

// A Server serves the operations endpoints:
//
//	GET /healthz  200 "ok" while the process is alive (liveness)
//	GET /readyz   200 "ready" when ready() returns nil, else 503 and the reason (readiness)
//	GET /metrics  the Prometheus exposition of the Metrics' registry
//
// Create it with [New], then call [Server.Start] and [Server.Wait], or
// [Server.Serve] to do both.
type Server struct {
	lg    *zap.Logger
	addr  string
	srv   *http.Server
	ready func() error

	// mu protects the fields below, set by Start.
	mu   sync.Mutex
	ln   net.Listener
	done chan struct{} // closed when the server has stopped
	err  error         // why it stopped, nil after a graceful shutdown
}

// New returns a Server that will listen on addr (host:port; port 0 picks a
// free port). An empty addr gives a Server that is off: Start and Serve
// return nil at once. m may be nil, in which case /metrics is not served.
// ready may be nil, meaning always ready; it must return quickly, as it runs
// on every /readyz request. A nil lg logs nothing.
func New(lg *zap.Logger, addr string, m *Metrics, ready func() error) *Server {
	if lg == nil {
		lg = zap.NewNop()
	}
	if ready == nil {
		ready = func() error { return nil }
	}
	s := &Server{lg: lg.Named("ops"), addr: addr, ready: ready}
	s.srv = &http.Server{
		Handler:           s.routes(m),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          zap.NewStdLog(s.lg),
	}
	return s
}

func (s *Server) routes(m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.ready(); err != nil {
			plain(w, http.StatusServiceUnavailable, "not ready: "+err.Error())
			return
		}
		plain(w, http.StatusOK, "ready")
	})
	if m != nil {
		mux.Handle("GET /metrics", promhttp.InstrumentMetricHandler(m.reg,
			promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
				ErrorLog: zap.NewStdLog(s.lg),
				Registry: m.reg,
			})))
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "faqbot ops: /healthz /readyz /metrics")
	})
	return mux
}

func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, body+"\n")
}

// Handler returns the server's HTTP handler, for tests and for mounting the
// endpoints in another server.
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// Start listens on the address and serves in the background until ctx is
// done, then shuts down gracefully, giving requests in flight up to five
// seconds. It returns an error if it cannot listen, so a bad address or a
// port in use fails startup. Call [Server.Wait] to wait for the shutdown.
// Start must be called at most once.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		return errors.New("ops: server already started")
	}
	s.done = make(chan struct{})
	if s.addr == "" {
		close(s.done) // off
		return nil
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", s.addr)
	if err != nil {
		close(s.done)
		return fmt.Errorf("ops: listen on %s: %w", s.addr, err)
	}
	s.ln = ln
	s.lg.Info("ops server listening", zap.String("addr", ln.Addr().String()))

	serveErr := make(chan error, 1)
	go func() { serveErr <- s.srv.Serve(ln) }()
	go func() {
		var err error
		select {
		case err = <-serveErr: // failed on its own
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
			err = s.srv.Shutdown(sctx)
			cancel()
			if err != nil {
				s.srv.Close()
			}
			if serr := <-serveErr; !errors.Is(serr, http.ErrServerClosed) && err == nil {
				err = serr
			}
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		if err != nil {
			err = fmt.Errorf("ops: serve: %w", err)
			s.lg.Error("ops server stopped", zap.Error(err))
		} else {
			s.lg.Info("ops server stopped")
		}
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(s.done)
	}()
	return nil
}

// Addr returns the address the server listens on, such as
// "127.0.0.1:41234", or "" before Start or when the server is off.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Wait blocks until the server started by [Server.Start] has stopped and
// returns why: nil after a graceful shutdown. It returns nil at once if the
// server was never started.
func (s *Server) Wait() error {
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	if done == nil {
		return nil
	}
	<-done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Serve is [Server.Start] followed by [Server.Wait]: it serves until ctx is
// done and returns nil after a graceful shutdown.
func (s *Server) Serve(ctx context.Context) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	return s.Wait()
}

// probeTimeout bounds a whole [Probe], as container health checks expect a
// prompt answer.
const probeTimeout = 3 * time.Second

// Probe sends GET url and returns an error unless the answer is 2xx within
// three seconds (or ctx's deadline, if sooner). It bypasses any HTTP proxy
// from the environment, since it checks this machine. `faqbot healthcheck`
// uses it against /healthz, as the runtime image has no shell or curl.
func Probe(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("probe: %w", err) // the error already names GET and the URL
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg := strings.TrimSpace(string(body))
		if msg != "" {
			return fmt.Errorf("probe %s: %s: %s", url, resp.Status, msg)
		}
		return fmt.Errorf("probe %s: %s", url, resp.Status)
	}
	return nil
}

// LocalURL returns the URL at which this machine reaches path on a server
// listening on addr: a missing or unspecified host (":8080", "0.0.0.0:8080",
// "[::]:8080") becomes the loopback address. `faqbot healthcheck` can use
// LocalURL(cfg.Ops.Addr, "/healthz") as the URL for [Probe].
func LocalURL(addr, path string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("ops address %q: %w", addr, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}
