package discordtest

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
)

// A resumeGateway is the gateway READY names as resume_gateway_url, as
// Discord's does: another address than the one GET /gateway hands out
// (here another port, with the gateway at "/"). Discord asks clients to
// resume there; a RESUME on the main gateway still works, as on Discord,
// and the Server records which address each connection came to
// (GatewayConns).
type resumeGateway struct {
	l    net.Listener
	srv  *http.Server
	url  string
	done chan struct{}

	mu      sync.Mutex
	refused bool // RefuseResumeURL: connections are refused
}

func newResumeGateway(s *Server) (*resumeGateway, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, errors.New("discordtest: listen for the resume gateway: " + err.Error())
	}
	rg := &resumeGateway{l: l, url: "ws://127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port), done: make(chan struct{})}
	rg.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		s.serveGateway(w, r, true)
	})}
	go func() {
		defer close(rg.done)
		rg.srv.Serve(l)
	}()
	return rg, nil
}

func (rg *resumeGateway) close() {
	rg.srv.Close()
	<-rg.done
}

// ResumeURL returns the resume_gateway_url READY hands out,
// "ws://127.0.0.1:PORT", a port of this Server's own.
func (s *Server) ResumeURL() string { return s.resume.url }

// RefuseResumeURL stops the resume gateway listening, so that connecting
// to ResumeURL is refused, as when a gateway node is gone. A client should
// then connect to the main gateway again.
func (s *Server) RefuseResumeURL() {
	s.resume.mu.Lock()
	defer s.resume.mu.Unlock()
	if !s.resume.refused {
		s.resume.refused = true
		s.resume.l.Close()
	}
}

// A GatewayConn is one websocket connection, as the Server saw it arrive.
type GatewayConn struct {
	N         int    // numbered from 1, as in Frame
	ResumeURL bool   // it came to ResumeURL, not to GatewayURL
	Host      string // the Host header
	Path      string // the request path, without the query
}

// GatewayConns returns the websocket connections, in order.
func (s *Server) GatewayConns() []GatewayConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayConn(nil), s.gwConns...)
}
