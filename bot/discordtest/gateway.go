package discordtest

import (
	"bytes"
	"compress/zlib"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// closeReasons are the reasons Discord sends with its close codes.
var closeReasons = map[int]string{
	4000: "Unknown error.",
	4001: "Unknown opcode.",
	4002: "Error while decoding payload.",
	4003: "Not authenticated.",
	4004: "Authentication failed.",
	4005: "Already authenticated.",
	4007: "Invalid seq.",
	4008: "Rate limited.",
	4009: "Session timed out.",
	4010: "Invalid shard.",
	4011: "Sharding required.",
	4012: "Invalid API version.",
	4013: "Invalid intent(s).",
	4014: "Disallowed intent(s).",
}

// resumableClose reports whether a session survives the server closing the
// connection with code, per Discord's close code table.
func resumableClose(code int) bool {
	switch code {
	case 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014:
		return false
	}
	return true
}

// maxBuffered bounds the dispatches a session keeps for RESUME.
const maxBuffered = 1000

// session is what IDENTIFY starts and RESUME continues.
type session struct {
	id       string
	seq      int64
	buffer   []buffered
	intents  discordgo.Intent
	compress bool
	ended    bool // RESUME gets opcode 9
}

type buffered struct {
	seq  int64
	data []byte
}

// Frame is a payload a client sent on the gateway.
type Frame struct {
	Conn int // the connection, numbered from 1 in the order they opened
	Op   int
	Data json.RawMessage
	Time time.Time
}

// wsConn is one websocket connection.
type wsConn struct {
	s          *Server
	ws         *websocket.Conn
	n          int
	version    int
	wake       chan struct{}
	stop       chan struct{} // closed when the reader ends
	writerDone chan struct{}

	// Guarded by s.mu.
	queue      []outFrame
	identified bool
	ready      bool
	sess       *session
	closing    bool
}

// outFrame is something the writer sends.
type outFrame struct {
	data     []byte
	compress bool
	close    int  // send a close frame with this code, then close
	drop     bool // close without a close frame
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway runs one websocket connection until it ends; resume says
// it came to the resume gateway.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request, resume bool) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade answered the client already
	}
	query := r.URL.Query()
	version, _ := strconv.Atoi(query.Get("v"))
	c := &wsConn{
		s:          s,
		ws:         ws,
		version:    version,
		wake:       make(chan struct{}, 1),
		stop:       make(chan struct{}),
		writerDone: make(chan struct{}),
	}
	s.mu.Lock()
	select {
	case <-s.closing:
		s.mu.Unlock()
		ws.Close()
		return
	default:
	}
	s.connections++
	c.n = s.connections
	s.conns[c] = struct{}{}
	s.queries = append(s.queries, query)
	s.gwConns = append(s.gwConns, GatewayConn{N: c.n, ResumeURL: resume, Host: r.Host, Path: r.URL.Path})
	s.wg.Add(2)
	hello, _ := json.Marshal(map[string]any{
		"op": 10, "s": nil, "t": nil,
		"d": map[string]any{"heartbeat_interval": s.cfg.heartbeat.Milliseconds(), "_trace": []string{`["gateway-prd-local-1",{"micros":0}]`}},
	})
	c.enqueueLocked(outFrame{data: hello})
	if version != 10 && version != 9 {
		c.closeLocked(4012)
	} else if enc := query.Get("encoding"); enc != "" && enc != "json" {
		c.closeLocked(4002)
	}
	s.notifyLocked()
	s.mu.Unlock()

	go c.writer()
	defer s.wg.Done()
	c.reader()
}

// enqueueLocked queues a frame unless a close is queued already.
func (c *wsConn) enqueueLocked(f outFrame) {
	if c.closing {
		return
	}
	if f.close != 0 || f.drop {
		c.closing = true
		c.ready = false
		if c.s.cur == c {
			c.s.cur = nil
		}
	}
	c.queue = append(c.queue, f)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// closeLocked queues a close frame with code, ending the session when the
// code is not resumable.
func (c *wsConn) closeLocked(code int) {
	if !resumableClose(code) && c.sess != nil {
		c.sess.ended = true
	}
	c.enqueueLocked(outFrame{close: code})
	c.s.notifyLocked()
}

// sendOpLocked queues a non-dispatch payload.
func (c *wsConn) sendOpLocked(op int, d any) {
	b, _ := json.Marshal(map[string]any{"op": op, "d": d, "s": nil, "t": nil})
	c.enqueueLocked(outFrame{data: b})
}

// writer sends queued frames until the connection ends.
func (c *wsConn) writer() {
	defer c.s.wg.Done()
	defer close(c.writerDone)
	defer c.ws.Close()
	for {
		c.s.mu.Lock()
		q := c.queue
		c.queue = nil
		c.s.mu.Unlock()
		for _, f := range q {
			if err := c.write(f); err != nil || f.close != 0 || f.drop {
				return
			}
		}
		select {
		case <-c.wake:
		case <-c.stop:
			return
		case <-c.s.closing:
			return
		}
	}
}

// write sends one frame.
func (c *wsConn) write(f outFrame) error {
	deadline := time.Now().Add(5 * time.Second)
	switch {
	case f.drop:
		return nil
	case f.close != 0:
		return c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(f.close, closeReasons[f.close]), deadline)
	}
	if err := c.ws.SetWriteDeadline(deadline); err != nil {
		return err
	}
	if !f.compress {
		return c.ws.WriteMessage(websocket.TextMessage, f.data)
	}
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	z.Write(f.data)
	z.Close()
	return c.ws.WriteMessage(websocket.BinaryMessage, b.Bytes())
}

// reader handles what the client sends until the connection ends.
func (c *wsConn) reader() {
	defer func() {
		s := c.s
		s.mu.Lock()
		delete(s.conns, c)
		c.ready = false
		if s.cur == c {
			s.cur = nil
		}
		s.notifyLocked()
		s.mu.Unlock()
		close(c.stop)
		c.ws.Close()
	}()
	for {
		mt, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				c.s.mu.Lock()
				c.s.closes = append(c.s.closes, ClientClose{Conn: c.n, Code: ce.Code, Reply: c.closing})
				// Discord ends the session of a client that closes with
				// 1000 or 1001: it cannot be resumed. A close frame that
				// answers one the server sent is only the handshake.
				if (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) && c.sess != nil && !c.closing {
					c.sess.ended = true
				}
				c.s.mu.Unlock()
			}
			return
		}
		c.s.mu.Lock()
		c.handleLocked(mt, data)
		c.s.mu.Unlock()
	}
}

// handleLocked handles one payload from the client.
func (c *wsConn) handleLocked(mt int, data []byte) {
	s := c.s
	var p struct {
		Op *int            `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if mt != websocket.TextMessage || json.Unmarshal(data, &p) != nil || p.Op == nil {
		c.closeLocked(4002)
		return
	}
	s.frames = append(s.frames, Frame{Conn: c.n, Op: *p.Op, Data: p.D, Time: time.Now()})
	s.notifyLocked()
	switch *p.Op {
	case 1:
		s.heartbeats++
		if !s.stopACK {
			c.sendOpLocked(11, nil)
		}
	case 2:
		c.identifyLocked(p.D)
	case 6:
		c.resumeLocked(p.D)
	case 3, 4, 8, 31:
		if !c.identified {
			c.closeLocked(4003)
		}
	default:
		c.closeLocked(4001)
	}
}

// tokenOK reports whether a gateway token is the bot's, with or without the
// "Bot " prefix, as Discord accepts both.
func (s *Server) tokenOK(token string) bool {
	return token == "Bot "+s.cfg.token || token == s.cfg.token
}

// identifyLocked starts a session and sends READY and the guilds.
func (c *wsConn) identifyLocked(d json.RawMessage) {
	s := c.s
	if c.identified {
		c.closeLocked(4005)
		return
	}
	var id struct {
		Token          string                       `json:"token"`
		Properties     discordgo.IdentifyProperties `json:"properties"`
		Compress       bool                         `json:"compress"`
		LargeThreshold int                          `json:"large_threshold"`
		Shard          *[2]int                      `json:"shard"`
		Intents        *discordgo.Intent            `json:"intents"`
	}
	if json.Unmarshal(d, &id) != nil || id.Intents == nil {
		c.closeLocked(4002)
		return
	}
	if !s.tokenOK(id.Token) {
		c.closeLocked(4004)
		return
	}
	if *id.Intents < 0 || *id.Intents >= 1<<26 {
		c.closeLocked(4013)
		return
	}
	if *id.Intents&privilegedIntents&^s.cfg.privileged != 0 {
		c.closeLocked(4014)
		return
	}
	if id.Shard != nil && (id.Shard[1] < 1 || id.Shard[0] < 0 || id.Shard[0] >= id.Shard[1]) {
		c.closeLocked(4010)
		return
	}
	s.identifies++
	s.sessionUsed++
	s.identify = &discordgo.Identify{
		Token: id.Token, Properties: id.Properties, Compress: id.Compress,
		LargeThreshold: id.LargeThreshold, Shard: id.Shard, Intents: *id.Intents,
	}
	if s.sess != nil {
		s.sess.ended = true // one session at a time: the new one replaces it
	}
	sess := &session{id: randomHex(16), intents: *id.Intents, compress: id.Compress && s.cfg.compress}
	s.sess, c.sess, c.identified, c.ready, s.cur = sess, sess, true, true, c
	guilds := []any{}
	for _, g := range s.cfg.guilds {
		guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
	}
	version := c.version
	if version == 0 {
		version = 10
	}
	ready := map[string]any{
		"v":                       version,
		"user":                    s.botUserObject(),
		"user_settings":           map[string]any{},
		"session_id":              sess.id,
		"session_type":            "normal",
		"resume_gateway_url":      s.ResumeURL(),
		"guilds":                  guilds,
		"application":             map[string]any{"id": s.cfg.appID, "flags": s.applicationFlags()},
		"private_channels":        []any{},
		"relationships":           []any{},
		"presences":               []any{},
		"guild_join_requests":     []any{},
		"geo_ordered_rtc_regions": []string{"local"},
		"_trace":                  []string{`["gateway-prd-local-1",{"micros":0}]`},
	}
	if id.Shard != nil {
		ready["shard"] = id.Shard
	}
	s.dispatchLocked("READY", ready)
	if sess.intents&discordgo.IntentGuilds != 0 {
		for _, g := range s.cfg.guilds {
			s.dispatchLocked("GUILD_CREATE", s.guildObjectLocked(g))
		}
	}
	s.notifyLocked()
}

// guildObjectLocked builds the GUILD_CREATE payload of a guild.
func (s *Server) guildObjectLocked(id string) map[string]any {
	channels := []any{}
	var ids []string
	for cid, ch := range s.channels {
		if ch.guildID == id {
			ids = append(ids, cid)
		}
	}
	slices.Sort(ids)
	for i, cid := range ids {
		obj := s.channelObjectLocked(s.channels[cid])
		delete(obj, "guild_id")
		obj["position"] = i
		channels = append(channels, obj)
	}
	joined := timestamp(time.Now().Add(-24 * time.Hour))
	bot := memberObject(s.botUserObject(), nil, DefaultMemberPermissions, time.Now().Add(-24*time.Hour))
	delete(bot, "permissions")
	return map[string]any{
		"id":                            id,
		"name":                          "Guild " + id[max(0, len(id)-4):],
		"icon":                          nil,
		"splash":                        nil,
		"discovery_splash":              nil,
		"banner":                        nil,
		"description":                   nil,
		"owner_id":                      DefaultUserID,
		"afk_channel_id":                nil,
		"afk_timeout":                   300,
		"verification_level":            0,
		"default_message_notifications": 0,
		"explicit_content_filter":       0,
		"mfa_level":                     0,
		"nsfw_level":                    0,
		"nsfw":                          false,
		"premium_tier":                  0,
		"premium_subscription_count":    0,
		"premium_progress_bar_enabled":  false,
		"preferred_locale":              "en-US",
		"system_channel_id":             nil,
		"system_channel_flags":          0,
		"rules_channel_id":              nil,
		"public_updates_channel_id":     nil,
		"safety_alerts_channel_id":      nil,
		"vanity_url_code":               nil,
		"application_id":                nil,
		"max_members":                   500000,
		"max_video_channel_users":       25,
		"features":                      []any{},
		"roles": []any{map[string]any{
			"id": id, "name": "@everyone", "permissions": strconv.FormatInt(DefaultMemberPermissions, 10),
			"position": 0, "color": 0, "hoist": false, "managed": false, "mentionable": false,
			"icon": nil, "unicode_emoji": nil, "flags": 0,
		}},
		"emojis":                 []any{},
		"stickers":               []any{},
		"joined_at":              joined,
		"large":                  false,
		"unavailable":            false,
		"member_count":           2,
		"members":                []any{bot},
		"channels":               channels,
		"threads":                []any{},
		"presences":              []any{},
		"voice_states":           []any{},
		"stage_instances":        []any{},
		"guild_scheduled_events": []any{},
		"soundboard_sounds":      []any{},
		"embedded_activities":    []any{},
		"lazy":                   true,
	}
}

// A heldResume is a RESUME waiting for HoldResume(false).
type heldResume struct {
	c *wsConn
	d json.RawMessage
}

// HoldResume holds (true) the RESUMEs that arrive from now on, unanswered,
// or answers those held and stops holding (false). A test uses it to
// dispatch events while a client is reconnecting, so that they are
// replayed, deterministically.
func (s *Server) HoldResume(hold bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdResume = hold
	if hold {
		return
	}
	held := s.heldResumes
	s.heldResumes = nil
	for _, h := range held {
		if _, open := s.conns[h.c]; open && !h.c.closing {
			h.c.resumeLocked(h.d)
		}
	}
	s.notifyLocked()
}

// resumeLocked continues a session: missed dispatches, then RESUMED.
func (c *wsConn) resumeLocked(d json.RawMessage) {
	s := c.s
	if s.holdResume {
		s.heldResumes = append(s.heldResumes, heldResume{c, d})
		return
	}
	if c.identified {
		c.closeLocked(4005)
		return
	}
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if json.Unmarshal(d, &r) != nil {
		c.closeLocked(4002)
		return
	}
	if !s.tokenOK(r.Token) {
		c.closeLocked(4004)
		return
	}
	sess := s.sess
	if sess == nil || sess.ended || sess.id != r.SessionID {
		c.sendOpLocked(9, false)
		return
	}
	if r.Seq > sess.seq || r.Seq < 0 {
		c.closeLocked(4007)
		return
	}
	if len(sess.buffer) > 0 && sess.buffer[0].seq > r.Seq+1 {
		c.sendOpLocked(9, false) // missed events are gone: start over
		return
	}
	s.resumes++
	c.sess, c.identified, c.ready = sess, true, true
	if s.cur != nil && s.cur != c {
		s.cur.ready = false
	}
	s.cur = c
	for _, e := range sess.buffer {
		if e.seq > r.Seq {
			c.enqueueLocked(outFrame{data: e.data, compress: sess.compress})
		}
	}
	s.dispatchLocked("RESUMED", map[string]any{"_trace": []string{`["gateway-prd-local-1",{"micros":0}]`}})
	s.notifyLocked()
}

// dispatchLocked numbers an event in the current session, keeps it for
// RESUME and sends it if a client is connected; it reports whether there
// was a session to dispatch in.
func (s *Server) dispatchLocked(t string, d any) bool {
	sess := s.sess
	if sess == nil || sess.ended {
		return false
	}
	sess.seq++
	b, err := json.Marshal(map[string]any{"op": 0, "s": sess.seq, "t": t, "d": d})
	if err != nil {
		panic("discordtest: marshal " + t + ": " + err.Error())
	}
	sess.buffer = append(sess.buffer, buffered{seq: sess.seq, data: b})
	if len(sess.buffer) > maxBuffered {
		sess.buffer = slices.Delete(sess.buffer, 0, len(sess.buffer)-maxBuffered)
	}
	if c := s.cur; c != nil && c.ready && c.sess == sess {
		c.enqueueLocked(outFrame{data: b, compress: sess.compress})
	}
	return true
}

// Dispatch sends an event of any type, with data marshalled as is, to the
// current session (kept for RESUME if no client is connected).
func (s *Server) Dispatch(eventType string, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dispatchLocked(eventType, data) {
		s.tb.Logf("discordtest: %s not dispatched: no gateway session", eventType)
	}
}

// liveConn returns the current connection or fails the test.
func (s *Server) liveConnLocked(tb testing.TB, what string) *wsConn {
	tb.Helper()
	if s.cur == nil {
		tb.Errorf("discordtest: %s: no gateway connection is ready", what)
	}
	return s.cur
}

// CloseGateway closes the current gateway connection with a close frame
// carrying code and Discord's reason for it, as Discord does. With a
// resumable code (4000-4003, 4005, 4008, or any non-4xxx code) the session
// can be resumed; with the others it is over. discordgo reconnects after any
// code (wsapi.go, listen), resuming when it can.
func (s *Server) CloseGateway(code int) {
	s.tb.Helper()
	s.mu.Lock()
	c := s.liveConnLocked(s.tb, "CloseGateway")
	if c != nil {
		c.closeLocked(code)
	}
	s.mu.Unlock()
	c.waitWriter(s.tb)
}

// DropGateway closes the current gateway connection's TCP connection
// without a close frame, after what is queued has been sent. The session
// stays resumable.
func (s *Server) DropGateway() {
	s.tb.Helper()
	s.mu.Lock()
	c := s.liveConnLocked(s.tb, "DropGateway")
	if c != nil {
		c.enqueueLocked(outFrame{drop: true})
		s.notifyLocked()
	}
	s.mu.Unlock()
	c.waitWriter(s.tb)
}

// waitWriter waits until the connection's writer has stopped.
func (c *wsConn) waitWriter(tb testing.TB) {
	tb.Helper()
	if c == nil {
		return
	}
	select {
	case <-c.writerDone:
	case <-time.After(waitTimeout):
		tb.Errorf("discordtest: gateway connection %d did not close", c.n)
	}
}

// SendReconnect sends opcode 7 on the current connection: the client should
// reconnect and resume.
func (s *Server) SendReconnect() {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.liveConnLocked(s.tb, "SendReconnect"); c != nil {
		c.sendOpLocked(7, nil)
	}
}

// SendInvalidSession sends opcode 9 on the current connection. Unless
// resumable, the session is over; either way the connection then accepts a
// new IDENTIFY, as Discord's does.
func (s *Server) SendInvalidSession(resumable bool) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.liveConnLocked(s.tb, "SendInvalidSession")
	if c == nil {
		return
	}
	if !resumable && c.sess != nil {
		c.sess.ended = true
	}
	c.sendOpLocked(9, resumable)
	c.identified, c.ready, s.cur = false, false, nil
	s.notifyLocked()
}

// RequestHeartbeat sends opcode 1, asking the client for a heartbeat now.
func (s *Server) RequestHeartbeat() {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.liveConnLocked(s.tb, "RequestHeartbeat"); c != nil {
		c.sendOpLocked(1, nil)
	}
}

// StopHeartbeatACK stops (true) or resumes (false) answering heartbeats.
// discordgo closes the connection with 1000, which ends the session, and
// reconnects once five intervals pass without ACK (wsapi.go, heartbeat).
func (s *Server) StopHeartbeatACK(stop bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopACK = stop
}

// A ClientClose is a close frame a client sent.
type ClientClose struct {
	Conn  int  // the connection, numbered as in Frame
	Code  int  // the close code
	Reply bool // it answered a close the Server sent
}

// ClientCloses returns the close frames clients sent, in order.
func (s *Server) ClientCloses() []ClientClose {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.closes)
}

// WaitClientClose waits for a close frame from the client on connection
// conn and returns it, failing the test if none comes within timeout.
func (s *Server) WaitClientClose(tb testing.TB, conn int, timeout time.Duration) ClientClose {
	tb.Helper()
	found, ok := waitMatch(s, timeout, func() []ClientClose { return s.closes }, func(c ClientClose) bool { return c.Conn == conn })
	if !ok {
		tb.Fatalf("discordtest: no close frame from the client on connection %d within %v; got %v", conn, timeout, s.ClientCloses())
	}
	return found
}

// Identifies counts accepted IDENTIFY payloads.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// Resumes counts successful RESUMEs.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Connections counts websocket connections opened.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

// Heartbeats counts heartbeats received.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// LastIdentify returns the last accepted IDENTIFY, with the intents the
// client asked for, and whether there was one.
func (s *Server) LastIdentify() (discordgo.Identify, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.identify == nil {
		return discordgo.Identify{}, false
	}
	return *s.identify, true
}

// GatewayQueries returns the query of every websocket connection, in order
// (discordgo sends v=<APIVersion>&encoding=json).
func (s *Server) GatewayQueries() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.queries)
}

// Frames returns the payloads clients sent on the gateway, in order.
func (s *Server) Frames() []Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.frames)
}

// WaitFrame waits for a gateway payload that m selects, counting those
// received before, and fails the test if none comes within timeout. m sees
// each payload once, in order, without the Server's lock held.
func (s *Server) WaitFrame(tb testing.TB, m func(Frame) bool, timeout time.Duration) Frame {
	tb.Helper()
	found, ok := waitMatch(s, timeout, func() []Frame { return s.frames }, m)
	if !ok {
		tb.Fatalf("discordtest: no matching gateway payload within %v; received:\n%s", timeout, s.dumpFrames())
	}
	return found
}

// WaitReady waits until a client has identified or resumed on a connection
// that is still open, and fails the test otherwise.
func (s *Server) WaitReady(tb testing.TB) {
	tb.Helper()
	if !s.waitUntil(waitTimeout, func() bool { return s.cur != nil && s.cur.ready }) {
		tb.Fatalf("discordtest: no gateway client ready within %v; received:\n%s", waitTimeout, s.dumpFrames())
	}
}

// dumpFrames lists the gateway payloads for failure messages.
func (s *Server) dumpFrames() string {
	var b strings.Builder
	for _, f := range s.Frames() {
		b.WriteString("  conn " + strconv.Itoa(f.Conn) + " op " + strconv.Itoa(f.Op) + " " + clip(f.Data) + "\n")
	}
	if b.Len() == 0 {
		return "  (none)"
	}
	return b.String()
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
