package bot

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"net"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// Discord asks that a session be resumed on the resume_gateway_url READY
// gives, not on the gateway the session started on (Gateway docs,
// "Resuming"; clients that do not are disconnected sooner). discordgo
// v0.29.0 neither reads the field nor can be told where to connect: it
// dials the URL it cached from GET /gateway, an unexported field. The bot
// owns the dialer, though, so it reads the field from READY and sends the
// connection there itself: it dials the resume URL's host and rewrites the
// upgrade request's target and Host header. Only reconnections use it
// (discordgo resumes on every reconnection after READY); when the resume
// URL cannot be reached, the next attempt goes to the main gateway again.

// learnResumeURL keeps READY's resume_gateway_url.
func (g *gateway) learnResumeURL(_ *discordgo.Session, e *discordgo.Event) {
	if e.Type != "READY" {
		return
	}
	var ready struct {
		ResumeURL string `json:"resume_gateway_url"`
	}
	if err := json.Unmarshal(e.RawData, &ready); err != nil || ready.ResumeURL == "" {
		g.resume.Store(nil)
		return
	}
	u, err := url.Parse(ready.ResumeURL)
	if err != nil || (u.Scheme != "wss" && u.Scheme != "ws") || u.Host == "" {
		g.b.lg.Warn("gateway: READY's resume_gateway_url is not a websocket URL; resuming on the main gateway", zap.String("url", ready.ResumeURL))
		g.resume.Store(nil)
		return
	}
	g.resume.Store(u)
	g.b.lg.Debug("gateway resume URL", zap.String("host", u.Host))
}

// dial connects to the gateway at addr (TLS when useTLS), or to the resume
// URL when there is one, and wraps the connection (closeSniffer).
func (g *gateway) dial(ctx context.Context, nd *net.Dialer, tc *tls.Config, addr string, useTLS bool) (net.Conn, error) {
	to := g.resume.Load()
	if to != nil {
		addr, useTLS = hostPort(to), to.Scheme == "wss"
	}
	conn, err := nd.DialContext(ctx, "tcp", addr)
	if err == nil && useTLS {
		conn, err = handshake(ctx, conn, tc, addr)
	}
	if err != nil {
		if to != nil && g.resume.CompareAndSwap(to, nil) {
			g.b.lg.Warn("gateway: the resume URL cannot be reached; reconnecting to the main gateway", zap.String("host", to.Host), zap.Error(err))
		}
		return nil, err
	}
	sn := g.sniff(conn)
	if to != nil {
		sn.head = &headRewrite{to: to}
	}
	return sn, nil
}

// hostPort is the address to dial for a websocket URL.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "wss" {
		return net.JoinHostPort(u.Hostname(), "443")
	}
	return net.JoinHostPort(u.Hostname(), "80")
}

// maxRequestHead bounds what headRewrite holds back: gorilla's upgrade
// request is a few hundred bytes.
const maxRequestHead = 16 << 10

// A headRewrite sends the websocket upgrade request written for the main
// gateway to another one: its request target becomes to's path, with the
// request's query (v, encoding) and to's, and its Host header to's host.
type headRewrite struct {
	to   *url.URL
	buf  []byte
	done bool
}

// rewrite returns what to send for b: nothing while the request head is
// incomplete, then the head rewritten and what followed it, then b.
func (h *headRewrite) rewrite(b []byte) []byte {
	if h.done {
		return b
	}
	h.buf = append(h.buf, b...)
	end := bytes.Index(h.buf, []byte("\r\n\r\n"))
	if end < 0 && len(h.buf) <= maxRequestHead {
		return nil
	}
	h.done = true
	if end < 0 {
		return h.buf // not a request head: sent as it is
	}
	head := rewriteHead(string(h.buf[:end]), h.to)
	return append([]byte(head), h.buf[end:]...)
}

// rewriteHead rewrites a request line and its headers (without the blank
// line that ends them) for to.
func rewriteHead(head string, to *url.URL) string {
	lines := strings.Split(head, "\r\n")
	if parts := strings.SplitN(lines[0], " ", 3); len(parts) == 3 {
		if target, err := url.ParseRequestURI(parts[1]); err == nil {
			q := target.Query()
			for k, vs := range to.Query() {
				if !q.Has(k) {
					q[k] = vs
				}
			}
			path := to.EscapedPath()
			if path == "" {
				path = "/"
			}
			parts[1] = path
			if len(q) > 0 {
				parts[1] += "?" + q.Encode()
			}
			lines[0] = strings.Join(parts, " ")
		}
	}
	for i := 1; i < len(lines); i++ {
		if k, _, ok := strings.Cut(lines[i], ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Host") {
			lines[i] = "Host: " + to.Host
		}
	}
	return strings.Join(lines, "\r\n")
}
