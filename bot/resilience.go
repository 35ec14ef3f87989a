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
	remove   []func()
	stopping atomic.Bool // close was called: the bot is stopping for good
	// resume is READY's resume_gateway_url, where reconnections go (see
	// resume.go); nil before READY, or once it could not be reached.
	resume atomic.Pointer[url.URL]
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
	g.remove = []func(){
		s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
			select {
			case g.down <- struct{}{}:
			default:
			}
		}),
		s.AddHandler(g.learnResumeURL),
	}
	return g
}

// stop removes the gateway's handlers; call it when Run ends.
func (g *gateway) stop() {
	for _, r := range g.remove {
		r()
	}
}

// close closes the gateway for good, with 1000: Discord ends the session
// (the bot shows offline at once). Every other close the bot sends is
// resumable (see closeFilter).
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
// websocket.DefaultDialer) whose connections report Discord's close codes,
// filter the bot's own (closeFilter) and go to READY's resume URL when
// there is one (resume.go). It dials TLS itself, so as to read the frames
// after TLS. With an HTTP
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
			g.b.lg.Warn("gateway through a proxy: close codes are read only while connecting, and resumes go to the main gateway")
			return d
		}
	}
	c := *d
	c.Proxy = nil
	nd := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	c.NetDialContext = func(ctx context.Context, _, addr string) (net.Conn, error) {
		return g.dial(ctx, nd, d.TLSClientConfig, addr, false)
	}
	c.NetDialTLSContext = func(ctx context.Context, _, addr string) (net.Conn, error) {
		return g.dial(ctx, nd, d.TLSClientConfig, addr, true)
	}
	return &c
}

// handshake runs TLS over conn for the host of addr.
func handshake(ctx context.Context, conn net.Conn, base *tls.Config, addr string) (net.Conn, error) {
	cfg := &tls.Config{}
	if base != nil {
		cfg = base.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName, _, _ = net.SplitHostPort(addr)
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return tc, nil
}

// sniff wraps a gateway connection: what Discord sends is read for close
// codes, what the bot sends is filtered (closeFilter).
func (g *gateway) sniff(conn net.Conn) *closeSniffer {
	return &closeSniffer{Conn: conn, fp: frameParser{onClose: g.closed}, out: closeFilter{final: g.stopping.Load}}
}

// A closeSniffer is a gateway connection that reads, as the websocket
// client reads them, the frames Discord sends, to find the close code,
// which discordgo only logs, and passes what the bot sends through a
// closeFilter. One goroutine reads at a time (discordgo's Open, then its
// listen loop); writes are serialised by discordgo (wsMutex) and gorilla.
type closeSniffer struct {
	net.Conn
	fp   frameParser
	out  closeFilter
	head *headRewrite // to send the upgrade request to the resume URL; nil for none
}

func (c *closeSniffer) Write(b []byte) (int, error) {
	out := b
	if c.head != nil {
		out = c.head.rewrite(b)
	}
	if len(out) == 0 {
		return len(b), nil // held until the request head is whole
	}
	if _, err := c.Conn.Write(c.out.filter(out)); err != nil {
		return 0, err
	}
	return len(b), nil
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
	scan    frameScanner
	payload []byte
	done    bool
}

func (p *frameParser) feed(b []byte) {
	if p.done {
		return
	}
	p.scan.scan(b, func(f *frameHead, at uint64, chunk []byte, _ int) {
		if f.op != websocket.CloseMessage {
			return
		}
		for k, c := range chunk {
			if f.masked {
				c ^= f.mask[(at+uint64(k))%4]
			}
			if len(p.payload) < 125 {
				p.payload = append(p.payload, c)
			}
		}
	}, p.endFrame)
}

func (p *frameParser) endFrame(f *frameHead) {
	if f.op != websocket.CloseMessage || p.done {
		p.payload = p.payload[:0]
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

// A frameScanner follows one direction of a websocket connection (RFC
// 6455): the HTTP head of the upgrade, then frames. It keeps no payload.
type frameScanner struct {
	state int // parseHTTP, parseHead or parsePayload
	crlf  int // how much of "\r\n\r\n" ends what was scanned so far
	head  [14]byte
	nhead int
	frame frameHead
	left  uint64 // payload bytes of the frame still to come
	at    uint64 // payload bytes of the frame seen
}

// frameHead is what a frame's header says.
type frameHead struct {
	op     int
	masked bool
	mask   [4]byte
	length uint64
}

const (
	parseHTTP = iota
	parseHead
	parsePayload
)

// scan follows b. For each piece of a frame's payload in b it calls
// payload with the frame, the piece's offset in the payload, the piece
// and its index in b; at the end of each frame, end.
func (s *frameScanner) scan(b []byte, payload func(f *frameHead, at uint64, chunk []byte, i int), end func(f *frameHead)) {
	for i := 0; i < len(b); {
		switch s.state {
		case parseHTTP:
			c := b[i]
			i++
			switch {
			case c == "\r\n\r\n"[s.crlf]:
				s.crlf++
			case c == '\r':
				s.crlf = 1
			default:
				s.crlf = 0
			}
			if s.crlf == 4 {
				s.state = parseHead
			}
		case parseHead:
			s.head[s.nhead] = b[i]
			s.nhead++
			i++
			if s.nhead >= 2 && s.nhead == headLen(s.head[:2]) {
				s.startFrame()
				if s.left == 0 {
					end(&s.frame)
				}
			}
		case parsePayload:
			n := min(uint64(len(b)-i), s.left)
			payload(&s.frame, s.at, b[i:i+int(n)], i)
			i += int(n)
			s.at += n
			s.left -= n
			if s.left == 0 {
				s.state = parseHead
				end(&s.frame)
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

func (s *frameScanner) startFrame() {
	h := s.head[:s.nhead]
	s.nhead = 0
	f := frameHead{op: int(h[0] & 0x0f), masked: h[1]&0x80 != 0}
	rest := h[2:]
	switch l := h[1] & 0x7f; l {
	case 126:
		f.length = uint64(binary.BigEndian.Uint16(rest))
		rest = rest[2:]
	case 127:
		f.length = binary.BigEndian.Uint64(rest)
		rest = rest[8:]
	default:
		f.length = uint64(l)
	}
	if f.masked {
		copy(f.mask[:], rest)
	}
	s.frame, s.left, s.at = f, f.length, 0
	if s.left > 0 {
		s.state = parsePayload
	}
}

// resumableClose is the close code the bot sends instead of 1000 or 1001
// while it keeps running: Discord ends the session of a client closing with
// 1000 or 1001, and keeps it for a RESUME after any other code ("any close
// code besides 1000 and 1001", Discord's Gateway docs on zombied
// connections). 4000 is in the range RFC 6455 leaves to applications.
const resumableClose = 4000

// A closeFilter follows the bytes the websocket client sends (RFC 6455:
// the HTTP upgrade request, then masked frames) and rewrites the status of
// a close frame with 1000 or 1001 to resumableClose, unless final says the
// bot is stopping for good.
//
// discordgo v0.29.0 closes with 1000 after a read error, after five
// heartbeats without an ACK, and from a stale heartbeat goroutine: Open
// starts the heartbeat while holding the session lock, and when a close or
// opcode 7 is read before the first heartbeat is written, the heartbeat's
// write fails ("close sent") and its unconditional s.Close()
// (wsapi.go:300-307) closes the connection the reconnect has just opened.
// With 1000 the session ended and the events Discord would have replayed
// were lost. With resumableClose the gateway reconnects and resumes, and
// Discord replays them.
//
// A close frame is always written whole, in one Write (gorilla writes a
// control frame's header and payload together); one whose status is split
// across writes is left as it is.
type closeFilter struct {
	final func() bool
	scan  frameScanner
}

// filter returns b, or a copy of b with a close status rewritten.
func (f *closeFilter) filter(b []byte) []byte {
	out := b
	f.scan.scan(b, func(h *frameHead, at uint64, chunk []byte, i int) {
		if h.op == websocket.CloseMessage && at == 0 && len(chunk) >= 2 {
			out = f.rewrite(out, b, i, h.mask)
		}
	}, func(*frameHead) {})
	return out
}

// rewrite returns out (b, or a copy already made) with the close status at
// b[i:i+2] replaced by resumableClose if it is 1000 or 1001 and the bot is
// not stopping.
func (f *closeFilter) rewrite(out, b []byte, i int, mask [4]byte) []byte {
	code := int(b[i]^mask[0])<<8 | int(b[i+1]^mask[1])
	if code != websocket.CloseNormalClosure && code != websocket.CloseGoingAway || f.final() {
		return out
	}
	if &out[0] == &b[0] {
		out = append([]byte(nil), b...) // Write must not change the caller's bytes
	}
	out[i] = byte(resumableClose>>8) ^ mask[0]
	out[i+1] = byte(resumableClose&0xff) ^ mask[1]
	return out
}
