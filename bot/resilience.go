package bot

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"go.uber.org/zap"
)

// fatalCloses are the gateway close codes after which reconnecting cannot
// help (Discord's "Gateway Close Event Codes": reconnect false), with what
// to do about each. discordgo v0.29.0 reconnects after every code, forever
// (wsapi.go, listen), so the bot reads the codes itself (closeSniffer).
var fatalCloses = map[int]string{
	4004: "Discord rejected the bot token (4004 Authentication failed): check that DISCORD_TOKEN or DISCORD_TOKEN_FILE holds the bot's current token (Developer Portal → your application → Bot → Reset Token)",
	4010: "Discord rejected the shard (4010 Invalid shard): discord.shard_id must be from 0 to discord.shard_count-1",
	4011: "Discord requires sharding for this bot (4011 Sharding required): set discord.shard_count and run one process per shard (docs/deploy.md, Scaling with sharding)",
	4012: "Discord rejected the gateway version (4012 Invalid API version): discord.api_url must end in /api/v10/",
	4013: "Discord rejected the gateway intents (4013 Invalid intent(s)): this build asks for an intent value Discord does not know; report it as a bug",
	4014: "Discord refused the gateway intents (4014 Disallowed intent(s)): faqbot needs no privileged intent; if this build asks for one (Message Content, Server Members, Presence), turn it on for the bot in the Developer Portal (Bot → Privileged Gateway Intents) or remove it",
}

// GatewayError is what Run returns when Discord closes the gateway with a
// code after which reconnecting cannot help: a bad token (4004), a bad
// shard (4010, 4011), API version (4012) or intents (4013, 4014). Its
// message says what to fix. The bot does not reconnect after it.
type GatewayError struct {
	Code   int
	Reason string // Discord's close reason, as sent
}

func (e *GatewayError) Error() string {
	advice, ok := fatalCloses[e.Code]
	if !ok {
		advice = fmt.Sprintf("Discord closed the gateway with %d (%s)", e.Code, e.Reason)
	}
	return advice + "; not reconnecting"
}

// asGatewayError returns the GatewayError an Open error carries, or nil.
func asGatewayError(err error) *GatewayError {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		if _, fatal := fatalCloses[ce.Code]; fatal {
			return &GatewayError{Code: ce.Code, Reason: ce.Text}
		}
	}
	return nil
}

// A gateway keeps a session connected for Run. faqbot, not discordgo,
// reconnects: discordgo's loop retries forever whatever the close code,
// and a heartbeat racing with Close can reconnect a closed session
// (wsapi.go). After any disconnection the gateway opens the session again
// (discordgo resumes, or identifies when the session is over), at once,
// then with growing waits; after a fatal close code it stops and reports
// a GatewayError.
type gateway struct {
	b        *Bot
	s        *discordgo.Session
	p        Resilience
	fatal    chan *GatewayError // a fatal close code was read
	down     chan struct{}      // discordgo disconnected
	remove   func()
	stopping atomic.Bool // close was called: the bot is stopping for good
}

// harden prepares s for Run, before it is opened: the gateway reconnects
// and reads close codes (closeSniffer), REST goes through a pacer, and
// discordgo's unbounded 429 retries are off (the pacer's are bounded).
func (b *Bot) harden(s *discordgo.Session) *gateway {
	g := &gateway{
		b:     b,
		s:     s,
		p:     b.cfg.Resilience.withDefaults(),
		fatal: make(chan *GatewayError, 1),
		down:  make(chan struct{}, 1),
	}
	// Nothing runs on s before Open, so these need no lock, and nothing
	// writes them afterwards.
	s.ShouldReconnectOnError = false
	s.ShouldRetryOnRateLimit = false
	s.Dialer = g.dialer(s.Dialer)
	if _, done := s.Client.Transport.(*pacer); !done {
		c := *s.Client
		base := c.Transport
		if base == nil {
			// http.DefaultTransport keeps 2 idle connections per host:
			// replies sent at once would each open (and, in production,
			// TLS-handshake) a connection to Discord of their own.
			t := http.DefaultTransport.(*http.Transport).Clone()
			t.MaxIdleConnsPerHost = restShards
			base = t
		}
		c.Transport = newPacer(base, realClock{}, g.p)
		// The pacer bounds each attempt (Resilience.RESTTimeout); a client
		// timeout would also count the time a request queues for the
		// global limit, and fail requests that only had to wait.
		c.Timeout = 0
		s.Client = &c
	}
	g.remove = s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		select {
		case g.down <- struct{}{}:
		default:
		}
	})
	return g
}

// stop removes the gateway's handler; call it when Run ends.
func (g *gateway) stop() { g.remove() }

// close closes the gateway for good, with 1000: Discord ends the session
// (the bot shows offline at once).
func (g *gateway) close() {
	g.stopping.Store(true)
	if err := g.s.Close(); err != nil {
		g.b.lg.Warn("close gateway", zap.Error(err))
	}
}

// open connects for the first time.
func (g *gateway) open() error {
	err := g.s.Open()
	if err == nil {
		return nil
	}
	if ge := asGatewayError(err); ge != nil {
		g.b.lg.Error("gateway refused", zap.Int("code", ge.Code), zap.String("reason", ge.Reason))
		return ge
	}
	return fmt.Errorf("connect to discord: %w", err)
}

// supervise keeps the session connected until ctx is done (nil) or a fatal
// close code arrives (its GatewayError).
func (g *gateway) supervise(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case ge := <-g.fatal:
			return g.fail(ge)
		case <-g.down:
			if err := g.reconnect(ctx); err != nil {
				return err
			}
		}
	}
}

func (g *gateway) fail(ge *GatewayError) error {
	g.b.lg.Error("gateway closed for good", zap.Int("code", ge.Code), zap.String("reason", ge.Reason))
	return ge
}

// reconnect opens the session again: at once, then after growing waits.
// It returns nil once connected or when ctx is done, and a GatewayError
// when reconnecting cannot help.
func (g *gateway) reconnect(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		// The close code is read before discordgo reports the
		// disconnection, so a fatal one is already here.
		select {
		case ge := <-g.fatal:
			return g.fail(ge)
		default:
		}
		if ctx.Err() != nil {
			return nil
		}
		err := g.s.Open()
		switch {
		case err == nil:
			g.b.metrics.GatewayReconnect()
			g.b.lg.Info("gateway reconnected", zap.Int("attempt", attempt))
			return nil
		case errors.Is(err, discordgo.ErrWSAlreadyOpen):
			return nil // a second report of one disconnection
		}
		if ge := asGatewayError(err); ge != nil {
			return g.fail(ge)
		}
		wait := backoff(g.p.ReconnectBackoff, g.p.ReconnectMaxBackoff, attempt)
		g.b.lg.Warn("gateway reconnect failed", zap.Int("attempt", attempt), zap.Duration("wait", wait), zap.Error(err))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case ge := <-g.fatal:
			t.Stop()
			return g.fail(ge)
		case <-t.C:
		}
	}
}

// closed is called, on the connection's reading goroutine, with the close
// code of a close frame Discord sent.
func (g *gateway) closed(code int, reason string) {
	if _, fatal := fatalCloses[code]; fatal {
		select {
		case g.fatal <- &GatewayError{Code: code, Reason: reason}:
		default:
		}
		return
	}
	if code == websocket.CloseNormalClosure || code == websocket.CloseGoingAway {
		// Also Discord's answer to the bot's own close.
		g.b.lg.Debug("gateway closed", zap.Int("code", code))
		return
	}
	g.b.lg.Info("gateway closed by discord", zap.Int("code", code), zap.String("reason", reason))
}

// dialer returns a copy of d (discordgo's default is gorilla's shared
// websocket.DefaultDialer) whose connections report Discord's close codes.
// It dials TLS itself, so as to read the frames after TLS. With an HTTP
// proxy for the gateway in the environment, or a dialer already
// customised, it returns d unchanged: the bot then still stops on a fatal
// code Discord sends while connecting, but not on one sent later.
func (g *gateway) dialer(d *websocket.Dialer) *websocket.Dialer {
	if d == nil {
		d = websocket.DefaultDialer
	}
	if d.NetDial != nil || d.NetDialContext != nil || d.NetDialTLSContext != nil {
		return d
	}
	if d.Proxy != nil {
		probe := &http.Request{URL: &url.URL{Scheme: "https", Host: "gateway.discord.gg"}}
		if u, err := d.Proxy(probe); err != nil || u != nil {
			g.b.lg.Warn("gateway through a proxy: close codes are read only while connecting")
			return d
		}
	}
	c := *d
	c.Proxy = nil
	nd := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	c.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := nd.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &closeSniffer{Conn: conn, fp: frameParser{onClose: g.closed}}, nil
	}
	c.NetDialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := nd.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cfg := &tls.Config{}
		if d.TLSClientConfig != nil {
			cfg = d.TLSClientConfig.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName, _, _ = net.SplitHostPort(addr)
		}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, err
		}
		return &closeSniffer{Conn: tc, fp: frameParser{onClose: g.closed}}, nil
	}
	return &c
}

// A closeSniffer is a gateway connection that reads, as the websocket
// client reads them, the frames Discord sends, to find the close code,
// which discordgo only logs. One goroutine reads at a time (discordgo's
// Open, then its listen loop).
type closeSniffer struct {
	net.Conn
	fp frameParser
}

func (c *closeSniffer) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		c.fp.feed(b[:n])
	}
	return n, err
}

// frameParser follows the bytes a websocket client receives (RFC 6455):
// the HTTP response to the upgrade, then frames, and calls onClose with
// the code and reason of the first close frame. It keeps no payload but
// a close frame's (at most 125 bytes).
type frameParser struct {
	onClose func(code int, reason string)
	state   int // parseHTTP, parseHead or parsePayload
	crlf    int // how much of "\r\n\r\n" ends what was read so far
	head    [14]byte
	nhead   int
	left    uint64 // payload bytes still to come
	closing bool   // the frame is a close frame
	mask    [4]byte
	masked  bool
	payload []byte
	done    bool
}

const (
	parseHTTP = iota
	parseHead
	parsePayload
)

func (p *frameParser) feed(b []byte) {
	for len(b) > 0 && !p.done {
		switch p.state {
		case parseHTTP:
			c := b[0]
			b = b[1:]
			switch {
			case c == "\r\n\r\n"[p.crlf]:
				p.crlf++
			case c == '\r':
				p.crlf = 1
			default:
				p.crlf = 0
			}
			if p.crlf == 4 {
				p.state = parseHead
			}
		case parseHead:
			p.head[p.nhead] = b[0]
			p.nhead++
			b = b[1:]
			if p.nhead >= 2 && p.nhead == headLen(p.head[:2]) {
				p.startFrame()
			}
		case parsePayload:
			n := min(uint64(len(b)), p.left)
			if p.closing {
				for _, c := range b[:n] {
					if p.masked {
						c ^= p.mask[len(p.payload)%4]
					}
					if len(p.payload) < 125 {
						p.payload = append(p.payload, c)
					}
				}
			}
			b = b[n:]
			p.left -= n
			if p.left == 0 {
				p.endFrame()
			}
		}
	}
}

// headLen is the length of a frame header from its first two bytes.
func headLen(h []byte) int {
	n := 2
	switch h[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if h[1]&0x80 != 0 {
		n += 4
	}
	return n
}

func (p *frameParser) startFrame() {
	h := p.head[:p.nhead]
	p.nhead = 0
	p.closing = h[0]&0x0f == websocket.CloseMessage
	p.masked = h[1]&0x80 != 0
	rest := h[2:]
	switch l := h[1] & 0x7f; l {
	case 126:
		p.left = uint64(binary.BigEndian.Uint16(rest))
		rest = rest[2:]
	case 127:
		p.left = binary.BigEndian.Uint64(rest)
		rest = rest[8:]
	default:
		p.left = uint64(l)
	}
	if p.masked {
		copy(p.mask[:], rest)
	}
	p.payload = p.payload[:0]
	if p.left == 0 {
		p.endFrame()
		return
	}
	p.state = parsePayload
}

func (p *frameParser) endFrame() {
	p.state = parseHead
	if !p.closing {
		return
	}
	p.done = true
	code, reason := websocket.CloseNoStatusReceived, ""
	if len(p.payload) >= 2 {
		code = int(binary.BigEndian.Uint16(p.payload))
		reason = string(p.payload[2:])
	}
	p.onClose(code, reason)
}
