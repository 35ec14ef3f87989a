package discordtest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Defaults used when no Option overrides them.
const (
	// DefaultToken is the bot token a Server accepts; clients send it as
	// "Bot test-token".
	DefaultToken = "test-token"
	// DefaultAppID is the application id, which is also the bot user's id
	// as for every application created since 2020.
	DefaultAppID = "1200000000000000001"
	// DefaultBotName is the bot user's username.
	DefaultBotName = "faqbot"
	// DefaultGuildID is the guild the bot is in.
	DefaultGuildID = "1200000000000000100"
	// DefaultChannelID is a text channel of DefaultGuildID (or of the first
	// guild given to WithGuilds).
	DefaultChannelID = "1200000000000000200"
	// DefaultUserID is the user that Ctx stands for when it names none.
	DefaultUserID = "1200000000000000300"
	// DefaultUsername is the username of DefaultUserID.
	DefaultUsername = "tester"
	// DefaultHeartbeatInterval is the interval HELLO announces, Discord's.
	DefaultHeartbeatInterval = 41250 * time.Millisecond
	// DefaultInteractionDeadline is how long Discord accepts the initial
	// response to an interaction.
	DefaultInteractionDeadline = 3 * time.Second
	// DefaultMemberPermissions are the permissions a Ctx member has when it
	// gives none: what @everyone gets in a new guild.
	DefaultMemberPermissions int64 = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
		discordgo.PermissionReadMessageHistory | discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles |
		discordgo.PermissionAddReactions | discordgo.PermissionUseExternalEmojis | discordgo.PermissionUseSlashCommands |
		discordgo.PermissionCreateInstantInvite | discordgo.PermissionChangeNickname | discordgo.PermissionVoiceConnect |
		discordgo.PermissionVoiceSpeak | discordgo.PermissionSendMessagesInThreads | discordgo.PermissionCreatePublicThreads
	// privilegedIntents are the intents an application must be granted.
	privilegedIntents = discordgo.IntentGuildMembers | discordgo.IntentGuildPresences | discordgo.IntentMessageContent
)

// waitTimeout bounds WaitReady and the waits inside fault injection. The
// waits end as soon as what they wait for happens; the bound is long
// because a bot loads its knowledge base before it connects, which takes
// seconds under go test -race on a busy machine.
const waitTimeout = 30 * time.Second

// Option configures a Server.
type Option func(*config)

type config struct {
	token       string
	appID       string
	botID       string
	botName     string
	guilds      []string
	channels    []string
	heartbeat   time.Duration
	privileged  discordgo.Intent
	compress    bool
	ixnDeadline time.Duration
	userInstall bool
}

// WithToken sets the bot token the Server accepts, without the "Bot " prefix.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithApplicationID sets the application id (the bot user id stays as set by
// WithBotUser, DefaultAppID by default).
func WithApplicationID(id string) Option { return func(c *config) { c.appID = id } }

// WithBotUser sets the bot user's id and username.
func WithBotUser(id, username string) Option {
	return func(c *config) { c.botID, c.botName = id, username }
}

// WithGuilds sets the guilds the bot is in; the first is the default guild
// of Ctx, and DefaultChannelID is a text channel in it.
func WithGuilds(ids ...string) Option {
	return func(c *config) { c.guilds = append([]string(nil), ids...) }
}

// WithChannels adds text channels to the default guild, besides
// DefaultChannelID. Channels named by a Ctx or a dispatched message are
// added on the fly; REST calls to channels the Server never heard of get 404.
func WithChannels(ids ...string) Option {
	return func(c *config) { c.channels = append(c.channels, ids...) }
}

// WithHeartbeatInterval sets the heartbeat_interval HELLO announces.
// discordgo declares the connection dead after five intervals without ACK.
func WithHeartbeatInterval(d time.Duration) Option { return func(c *config) { c.heartbeat = d } }

// WithPrivilegedIntents enables privileged intents for the application, as
// the developer portal's toggles do. IDENTIFY asking for others is closed
// with 4014. None are enabled by default.
func WithPrivilegedIntents(i discordgo.Intent) Option {
	return func(c *config) { c.privileged = i & privilegedIntents }
}

// WithCompression sets whether dispatches are sent zlib-compressed, as
// binary frames, to clients whose IDENTIFY set compress (discordgo does by
// default). On by default.
func WithCompression(on bool) Option { return func(c *config) { c.compress = on } }

// WithInteractionDeadline sets how long after its dispatch an interaction
// accepts its initial response.
func WithInteractionDeadline(d time.Duration) Option { return func(c *config) { c.ixnDeadline = d } }

// WithUserInstall lets the application be installed by users as well as
// by servers, as the Developer Portal's Installation page does; new
// applications support server installs only. Commands registered with
// integration_types holding user install (1) are refused without it, as on
// Discord, and a Ctx with Install set needs it.
func WithUserInstall() Option { return func(c *config) { c.userInstall = true } }

// Server is a local Discord. Its methods are safe for concurrent use.
type Server struct {
	tb      testing.TB
	cfg     config
	ts      *httptest.Server
	port    int
	gwPath  string // "/gateway/<n>": a Session left open by an earlier test cannot reach this Server's gateway
	resume  *resumeGateway
	closing chan struct{}
	wg      sync.WaitGroup // websocket connections
	lastID  atomic.Int64

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever state changes
	calls    []Call
	faults   []*fault
	users    map[string]map[string]any
	channels map[string]*channel
	dms      map[string]string // user id -> DM channel id
	messages map[string]*message
	msgOrder []string
	commands map[string][]map[string]any // "" for global, else guild id
	ixns     map[string]*interaction
	ixnToken map[string]*interaction

	sess        *session
	conns       map[*wsConn]struct{}
	cur         *wsConn
	identifies  int
	resumes     int
	connections int
	heartbeats  int
	stopACK     bool
	holdResume  bool
	heldResumes []heldResume // RESUMEs received while holdResume
	closes      []ClientClose
	frames      []Frame
	identify    *discordgo.Identify
	queries     []url.Values
	gwConns     []GatewayConn
	sessionCap  int
	sessionUsed int
	nonces      map[string]sentNonce // enforce_nonce: nonce -> message the bot created with it
}

// shared is the port every Server of this test binary listens on, and the
// token that only one Server is live at a time.
var shared struct {
	mu      sync.Mutex
	port    int
	reserve net.Listener // holds the port until the first Server takes it
	holder  string       // name of the test whose Server is live
	live    chan struct{}
	servers int // Servers created, numbering their gateway paths
}

// APIBase returns the REST base of every Server in this test binary,
// "http://127.0.0.1:PORT/api/v10/". The port is picked, and held, on the
// first call; APIBase panics if no port can be had. Pass it to
// bot.SetAPIBase once, in TestMain.
func APIBase() string {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if err := reservePortLocked(); err != nil {
		panic(err)
	}
	return baseFor(shared.port)
}

func baseFor(port int) string { return "http://127.0.0.1:" + strconv.Itoa(port) + "/api/v10/" }

func reservePortLocked() error {
	if shared.live == nil {
		shared.live = make(chan struct{}, 1)
	}
	if shared.port != 0 {
		return nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("discordtest: reserve a port: %w", err)
	}
	shared.reserve = l
	shared.port = l.Addr().(*net.TCPAddr).Port
	return nil
}

// New starts a Server for the test and registers its cleanup. It waits while
// another test's Server is live (see the package doc) and fails the test if
// discordgo's endpoints do not point at APIBase().
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	cfg := config{
		token:       DefaultToken,
		appID:       DefaultAppID,
		botID:       DefaultAppID,
		botName:     DefaultBotName,
		guilds:      []string{DefaultGuildID},
		heartbeat:   DefaultHeartbeatInterval,
		compress:    true,
		ixnDeadline: DefaultInteractionDeadline,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if len(cfg.guilds) == 0 {
		tb.Fatal("discordtest: WithGuilds needs at least one guild")
	}

	l, n := acquire(tb)
	base := baseFor(l.Addr().(*net.TCPAddr).Port)
	if discordgo.EndpointAPI != base && discordgo.EndpointAPI != strings.Replace(base, "/v10/", "/v9/", 1) {
		release(l)
		tb.Fatalf("discordtest: discordgo.EndpointAPI is %q, not %q: call bot.SetAPIBase(discordtest.APIBase()) once in TestMain", discordgo.EndpointAPI, base)
	}

	s := &Server{
		tb:       tb,
		cfg:      cfg,
		port:     l.Addr().(*net.TCPAddr).Port,
		gwPath:   "/gateway/" + strconv.Itoa(n),
		closing:  make(chan struct{}),
		changed:  make(chan struct{}),
		users:    map[string]map[string]any{},
		channels: map[string]*channel{},
		dms:      map[string]string{},
		messages: map[string]*message{},
		commands: map[string][]map[string]any{},
		ixns:     map[string]*interaction{},
		ixnToken: map[string]*interaction{},
		conns:    map[*wsConn]struct{}{},

		sessionCap: 1000,
	}
	s.users[cfg.botID] = s.botUserObject()
	s.users[DefaultUserID] = userObject(DefaultUserID, DefaultUsername, false)
	s.channels[DefaultChannelID] = &channel{id: DefaultChannelID, guildID: cfg.guilds[0], name: "general"}
	for i, id := range cfg.channels {
		s.channels[id] = &channel{id: id, guildID: cfg.guilds[0], name: "channel-" + strconv.Itoa(i+1)}
	}

	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Listener.Close()
	s.ts.Listener = l
	s.ts.Start()
	rg, err := newResumeGateway(s)
	if err != nil {
		s.ts.Close()
		release(nil)
		tb.Fatal(err)
	}
	s.resume = rg
	tb.Cleanup(s.close)
	return s
}

// acquire waits for the live-Server token and returns a listener on the
// shared port and the number of the new Server.
func acquire(tb testing.TB) (net.Listener, int) {
	tb.Helper()
	shared.mu.Lock()
	if err := reservePortLocked(); err != nil {
		shared.mu.Unlock()
		tb.Fatal(err)
	}
	holder, live := shared.holder, shared.live
	shared.mu.Unlock()
	if holder != "" && (holder == tb.Name() || strings.HasPrefix(tb.Name(), holder+"/")) {
		tb.Fatalf("discordtest: %s already has a live Server; only one can be live at a time, share it", holder)
	}
	select {
	case live <- struct{}{}:
	case <-time.After(5 * time.Minute):
		tb.Fatalf("discordtest: waited 5m for the Server of %s to be cleaned up", holder)
	}
	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.holder = tb.Name()
	shared.servers++
	if l := shared.reserve; l != nil {
		shared.reserve = nil
		return l, shared.servers
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(shared.port))
	if err != nil {
		shared.holder = ""
		<-shared.live
		tb.Fatalf("discordtest: listen on the shared port %d: %v", shared.port, err)
	}
	return l, shared.servers
}

// release gives up the live-Server token; l, if not nil, is closed first.
func release(l net.Listener) {
	if l != nil {
		l.Close()
	}
	shared.mu.Lock()
	shared.holder = ""
	shared.mu.Unlock()
	<-shared.live
}

// close stops the Server: websocket connections first, then HTTP, then the
// shared port is handed on.
func (s *Server) close() {
	close(s.closing)
	s.mu.Lock()
	conns := make([]*wsConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.cur = nil
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.resume.close()
	s.wg.Wait()
	s.ts.Close()
	release(nil)
}

// APIBase returns the REST base, the same for every Server (see the package
// doc): "http://127.0.0.1:PORT/api/v10/".
func (s *Server) APIBase() string { return baseFor(s.port) }

// GatewayURL returns the websocket URL GET /gateway hands out,
// "ws://127.0.0.1:PORT/gateway/N" with N numbering the Servers of the test
// binary: the port is shared, and a discordgo Session caches the URL, so a
// Session an earlier test left open gets 404 here instead of joining this
// Server's gateway.
func (s *Server) GatewayURL() string {
	return "ws://127.0.0.1:" + strconv.Itoa(s.port) + s.gwPath
}

// Token returns the bot token the Server accepts, without "Bot ".
func (s *Server) Token() string { return s.cfg.token }

// AppID returns the application id.
func (s *Server) AppID() string { return s.cfg.appID }

// BotUser returns the bot user as READY describes it.
func (s *Server) BotUser() *discordgo.User {
	var u discordgo.User
	mustRoundTrip(s.botUserObject(), &u)
	return &u
}

// GuildIDs returns the guilds the bot is in, the default first.
func (s *Server) GuildIDs() []string { return append([]string(nil), s.cfg.guilds...) }

// notifyLocked wakes everything waiting for a state change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil calls cond under s.mu until it is true, the timeout passes or
// the Server closes, and reports whether cond became true.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, ch := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return false
		case <-s.closing:
			return false
		}
	}
}

// snowflakeEpoch is Discord's epoch, the first second of 2015, in ms.
const snowflakeEpoch = 1420070400000

// newID returns a fresh snowflake that decodes to the current time and is
// greater than every id returned before.
func (s *Server) newID() string {
	for {
		last := s.lastID.Load()
		id := (time.Now().UnixMilli() - snowflakeEpoch) << 22
		if id <= last {
			id = last + 1
		}
		if s.lastID.CompareAndSwap(last, id) {
			return strconv.FormatInt(id, 10)
		}
	}
}

// isSnowflake reports whether id looks like a Discord id.
func isSnowflake(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	_, err := strconv.ParseUint(id, 10, 64)
	return err == nil
}
