// Package bot puts the knowledge base into Discord: it handles mentions,
// direct messages, slash commands and button clicks with discordgo, and
// renders the engine's replies as Discord messages.
//
// The knowledge package decides what to answer; bot decides how it looks in
// Discord (render.go, pure and table-tested), who may ask how often, and
// where replies go. Every message it sends parses no mentions.
package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/internal/ops"
	"github.com/faqbot/faqbot/knowledge"
)

// kbSource gives the knowledge base in service. *knowledge.Store satisfies
// it; each event calls Current once and uses only that snapshot.
type kbSource interface {
	Current() *knowledge.Snapshot
}

// reloader is what the moderator commands need. New finds it on the
// kbSource (a *knowledge.Store has it); without it /kb says reloading is
// not available.
type reloader interface {
	Reload() (knowledge.Problems, error)
	Status() knowledge.Status
}

// discord is what the handlers use of a session.
type discord interface {
	InteractionRespond(*discordgo.Interaction, *discordgo.InteractionResponse, ...discordgo.RequestOption) error
	InteractionResponseEdit(*discordgo.Interaction, *discordgo.WebhookEdit, ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageCreate(*discordgo.Interaction, bool, *discordgo.WebhookParams, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(string, *discordgo.MessageSend, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageDelete(channelID, messageID string, options ...discordgo.RequestOption) error
}

var (
	_ discord  = (*discordgo.Session)(nil)
	_ kbSource = (*knowledge.Store)(nil)
	_ reloader = (*knowledge.Store)(nil)
)

// Config holds what the bot needs besides its logger and knowledge base.
// The zero value answers everywhere, ephemerally, with the engine's default
// thresholds and the default rate limit.
type Config struct {
	// Answer sets the engine's thresholds and the disclaimer.
	Answer knowledge.Options
	// Discord holds where to answer, ephemerality, moderator roles and
	// channel, crisis alerts and the rate limit (see package config).
	// Commands, shard and api_url are used by the caller that opens the
	// session, not by the handlers.
	Discord config.Discord
	// Metrics, if not nil, counts questions, feedback, reloads and errors.
	Metrics *ops.Metrics
	// Inbox, if not nil, records what the bot could not answer and the
	// Helpful / Not helpful votes (see package inbox), and backs /kb gaps.
	// nil (store.enabled: false) records nothing, and /privacy says so.
	Inbox *inbox.Store
	// Folder is the knowledge folder the knowledge base is loaded from,
	// which the moderator tools edit ("Add as phrasing", /kb edit, /kb
	// undo). nil (the embedded knowledge base) offers no editing.
	Folder *kbdir.Dir
	// DeferAfter is how long an answer may take before the bot defers the
	// interaction (Discord allows 3 s for the first response). The default
	// is 1.5 s.
	DeferAfter time.Duration
	// ShutdownTimeout bounds how long Run, once stopped, keeps handling the
	// questions it took and posting their replies. What is still unsent
	// then goes to the outbox (Inbox), for the next start to post, or is
	// counted as lost. The default is 10 s.
	ShutdownTimeout time.Duration
	// Backlog is how many channel replies may wait for Discord's global
	// limit before the oldest waiting non-crisis one is shed (see
	// backlog.go). The default is DefaultBacklog.
	Backlog int
	// Now is the clock; the default is time.Now.
	Now func() time.Time
	// Resilience tunes retries, timeouts and reconnection (resilience.go);
	// the zero value is production's.
	Resilience Resilience
}

// Votes counts the feedback on one entry.
type Votes struct {
	Helpful    int
	NotHelpful int
}

// A Bot answers questions in Discord. Create it with New, then call Run.
// Its methods are safe for concurrent use.
type Bot struct {
	lg      *zap.Logger
	kb      kbSource
	reload  reloader // nil when kb cannot reload
	cfg     Config
	limit   *limiter
	metrics *ops.Metrics
	botID   atomic.Value // string: the bot user's id, from READY
	appID   atomic.Value // string: the application id, from READY

	mu       sync.Mutex // protects the fields below
	closing  bool
	inflight sync.WaitGroup
	handlers int // in flight, as counted by inflight
	votes    map[string]Votes

	// replies holds the channel replies waiting to be posted (backlog.go).
	replies *backlog
	// restCtx ends every REST call of a handler when cancelled, once the
	// shutdown deadline has passed.
	restCtx    context.Context
	restCancel context.CancelFunc

	// sess is the session Run is connected with, for posts that are not
	// replies (reload reports); nil outside Run.
	sess atomic.Pointer[discordgo.Session]
	// noneQs holds questions for "None of these", gapQs gap questions for
	// "Add as phrasing", drafts a moderator's refused edits for "Edit
	// again" (see tokens.go).
	noneQs, gapQs, drafts *tokens

	// deleteKey makes and checks the tokens of "Delete" buttons
	// (delete.go); random, made in New, never kept.
	deleteKey [32]byte

	reportMu    sync.Mutex // serialises reload reports and protects the fields below
	failing     bool       // the last reload failed
	lastFailure string     // the problems last posted, to post the same ones once

}

// New returns a Bot answering from kb. If kb also has Reload and Status
// (as *knowledge.Store does), /kb reload and /kb status use them.
func New(lg *zap.Logger, kb kbSource, cfg Config) *Bot {
	if lg == nil {
		lg = zap.NewNop()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = 1500 * time.Millisecond
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.Answer.Disclaimer == "" {
		cfg.Answer.Disclaimer = knowledge.DefaultDisclaimer
	}
	b := &Bot{
		lg:      lg,
		kb:      kb,
		cfg:     cfg,
		limit:   newLimiter(cfg.Discord.RateLimit.Questions, cfg.Discord.RateLimit.Per, cfg.Now),
		metrics: cfg.Metrics,
		votes:   map[string]Votes{},
		noneQs:  newTokens(tokenTTL, maxTokens, cfg.Now),
		gapQs:   newTokens(tokenTTL, maxTokens, cfg.Now),
		drafts:  newTokens(tokenTTL, maxTokens, cfg.Now),
		replies: newBacklog(lg, cfg.Metrics, cfg.Backlog),
	}
	b.restCtx, b.restCancel = context.WithCancel(context.Background())
	rand.Read(b.deleteKey[:])
	b.reload, _ = kb.(reloader)
	b.botID.Store("")
	b.appID.Store("")
	return b
}

// Intents are the gateway intents the bot needs: guilds, and messages in
// guilds and DMs. Not the privileged Message Content intent: Discord still
// sends the content of messages that mention the bot and of DMs.
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// NewSession returns a discordgo session for token with faqbot's intents,
// reconnecting on errors. The REST base must already be set with
// SetAPIBase.
func NewSession(token string, shardID, shardCount int) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("new discord session: %w", err)
	}
	s.Identify.Intents = Intents
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
	if shardCount > 1 {
		s.ShardID, s.ShardCount = shardID, shardCount
	}
	s.LogLevel = discordgo.LogWarning
	return s, nil
}

// Run connects s to the gateway, registers the slash commands with one bulk
// overwrite (globally when guilds is empty, else in each guild), posts the
// replies the last run left in the outbox, and answers until ctx is done,
// reconnecting as needed, or until Discord closes the gateway with a code
// after which reconnecting cannot help (a bad token, shard or intents: a
// *GatewayError). Then it closes the gateway, so no more questions come,
// and shuts down (Shutdown). A Bot runs once.
func (b *Bot) Run(ctx context.Context, s *discordgo.Session, guilds []string) error {
	remove := b.Register(s)
	defer remove()
	b.sess.Store(s)
	defer b.sess.Store(nil)
	// The gateway, not discordgo, reconnects, and stops on a close code
	// after which reconnecting cannot help; REST is paced (resilience.go).
	gw := b.harden(s)
	defer gw.stop()
	if err := gw.open(); err != nil {
		b.Shutdown()
		return err
	}
	err := b.RegisterCommands(s, guilds)
	if err == nil {
		b.lg.Info("bot running", zap.Int("guild_scopes", len(guilds)))
		b.postOutbox(s)
		err = gw.supervise(ctx)
	}
	// Stop reading the gateway first: every event discordgo handed over is
	// then handled, and no more come in.
	gw.close()
	b.Shutdown()
	b.lg.Info("bot stopped")
	return err
}

// RegisterCommands overwrites the application's commands with
// CommandsFor, globally when guilds is empty, else in each guild. Global
// commands are registered for user installs too when the application
// supports them (install.go).
func (b *Bot) RegisterCommands(s *discordgo.Session, guilds []string) error {
	appID := b.appID.Load().(string)
	if appID == "" && s.State != nil && s.State.User != nil {
		appID = s.State.User.ID
	}
	if appID == "" {
		return errors.New("register commands: application id unknown (no READY)")
	}
	scopes := guilds
	userInstall := false
	if len(scopes) == 0 {
		scopes = []string{""}
		var err error
		if userInstall, err = b.userInstallable(s); err != nil {
			return err
		}
	}
	cmds := CommandsFor(userInstall)
	for _, g := range scopes {
		if _, err := s.ApplicationCommandBulkOverwrite(appID, g, cmds); err != nil {
			b.restError(err)
			return fmt.Errorf("register commands (guild %q): %w", g, err)
		}
	}
	b.lg.Info("commands registered", zap.Int("commands", len(cmds)), zap.Int("scopes", len(scopes)), zap.Bool("user_install", userInstall))
	return nil
}

// Register adds the bot's handlers to s and returns a function removing them.
func (b *Bot) Register(s *discordgo.Session) (remove func()) {
	rs := []func(){
		s.AddHandler(b.onReady),
		s.AddHandler(b.onResumed),
		s.AddHandler(b.onMessageCreate),
		s.AddHandler(b.onInteractionCreate),
		s.AddHandler(b.onThreadCreate), // forum.go
	}
	return func() {
		for _, r := range rs {
			r()
		}
	}
}

// stopGrace is how long, past the shutdown deadline, the posts and
// handlers still running get to end once cancelled.
const stopGrace = 2 * time.Second

// Shutdown stops taking new events and accounts for every question taken:
// until Config.ShutdownTimeout it waits for the handlers in flight and
// posts the replies waiting in the backlog; then it cancels what is still
// running, keeps the replies not posted in the outbox (when the store is
// on) for the next start to post, and logs and counts them
// (faqbot_replies_unsent_total). It returns once the last handler has
// ended, so the store can be closed after it.
func (b *Bot) Shutdown() {
	deadline := time.Now().Add(b.cfg.ShutdownTimeout)
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	handled := b.waitHandlers(deadline)
	b.replies.drain(deadline)
	unsent := b.replies.stop(stopGrace)
	b.restCancel() // what handlers still send fails now
	if !handled {
		b.lg.Warn("shutdown: deadline passed with handlers running; their requests are cancelled", zap.Int("handlers", b.running()), zap.Duration("grace", stopGrace))
		if !b.waitHandlers(time.Now().Add(stopGrace)) {
			b.lg.Error("shutdown: handlers still running", zap.Int("handlers", b.running()))
		}
	}
	b.keepUnsent(unsent)
}

// running returns the number of handlers in flight.
func (b *Bot) running() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.handlers
}

// waitHandlers waits, until deadline, for the handlers in flight, and
// reports whether they all ended.
func (b *Bot) waitHandlers(deadline time.Time) bool {
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(done)
	}()
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// enter registers a handler in flight; it returns false once shutting
// down, counting the event as refused.
func (b *Bot) enter() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		b.metrics.Unsent(ops.UnsentRefused, 1)
		b.lg.Warn("event refused: the bot is stopping")
		return false
	}
	b.inflight.Add(1)
	b.handlers++
	return true
}

// guard runs at the end of every handler: it recovers a panic, logs it and
// lets the bot keep running.
func (b *Bot) guard(event string) {
	if r := recover(); r != nil {
		b.lg.Error("handler panic", zap.String("event", event), zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
	}
	b.mu.Lock()
	b.handlers--
	b.mu.Unlock()
	b.inflight.Done()
}

// Feedback returns the Helpful / Not helpful clicks counted in memory since
// the bot started, by entry id: every click counts. The inbox store
// (Config.Inbox) keeps one vote per person per entry instead.
func (b *Bot) Feedback() map[string]Votes {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(map[string]Votes, len(b.votes))
	for k, v := range b.votes {
		out[k] = v
	}
	return out
}

func (b *Bot) countVote(entry, vote string) {
	b.mu.Lock()
	v := b.votes[entry]
	switch vote {
	case voteHelpful:
		v.Helpful++
		b.metrics.Feedback(ops.VoteHelpful)
	case voteNotHelpful:
		v.NotHelpful++
		b.metrics.Feedback(ops.VoteNotHelpful)
	}
	b.votes[entry] = v
	b.mu.Unlock()
}

func (b *Bot) countNone() {
	b.metrics.Feedback(ops.VoteNoneOfThese)
}

func (b *Bot) onReady(s *discordgo.Session, r *discordgo.Ready) {
	if r.User != nil {
		b.botID.Store(r.User.ID)
	}
	switch {
	case r.Application != nil && r.Application.ID != "":
		b.appID.Store(r.Application.ID)
	case r.User != nil:
		b.appID.Store(r.User.ID) // applications since 2020 share the bot user's id
	}
	b.lg.Info("gateway ready", zap.Int("guilds", len(r.Guilds)))
}

func (b *Bot) onResumed(s *discordgo.Session, r *discordgo.Resumed) {
	b.lg.Info("gateway resumed") // counted by the gateway (resilience.go)
}

// restError counts a failed REST call by status.
func (b *Bot) restError(err error) {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		b.metrics.RESTError(re.Response.StatusCode)
		return
	}
	if errors.Is(err, context.Canceled) && b.restCtx.Err() != nil {
		// Cancelled by Shutdown past its deadline: an interaction left
		// unanswered (channel replies go to the outbox instead).
		b.metrics.Unsent(ops.UnsentDropped, 1)
		b.lg.Warn("shutdown: an interaction was not answered before the deadline")
	}
	b.metrics.RESTError(0)
}

// answerOf answers q from snap, or opens entry id q directly when q is the
// id of an entry (an autocomplete pick) and not a crisis: the crisis check
// comes first, even before a pick, as text typed to look like an id is
// still what a person wrote.
func (b *Bot) answerOf(snap *knowledge.Snapshot, q string) knowledge.Reply {
	r := snap.Answer(q, b.cfg.Answer)
	if r.Kind == knowledge.KindCrisis || !validEntryID(q) {
		return r
	}
	if e, ok := snap.Entry(q); ok {
		return b.entryReply(e)
	}
	return r
}

// entryReply is the reply that opens one entry.
func (b *Bot) entryReply(e *knowledge.Entry) knowledge.Reply {
	return knowledge.Reply{Kind: knowledge.KindAnswer, Entry: e, Score: 1, Disclaimer: b.cfg.Answer.Disclaimer}
}

// related resolves an entry's related ids in snap, skipping missing ones.
func related(snap *knowledge.Snapshot, e *knowledge.Entry) []*knowledge.Entry {
	if e == nil {
		return nil
	}
	var out []*knowledge.Entry
	for _, id := range e.Related {
		if r, ok := snap.Entry(id); ok {
			out = append(out, r)
		}
	}
	return out
}

// logReply logs an answered question: what kind, which entry, how sure and
// how fast; never the question or who asked.
func (b *Bot) logReply(event string, r knowledge.Reply, start time.Time) {
	d := b.cfg.Now().Sub(start)
	b.metrics.ObserveQuestion(string(r.Kind), d)
	fields := []zap.Field{
		zap.String("event", event),
		zap.String("kind", string(r.Kind)),
		zap.Float64("score", r.Score),
		zap.Duration("latency", d),
	}
	if r.Entry != nil {
		fields = append(fields, zap.String("entry", r.Entry.ID))
	}
	if len(r.Suggestions) > 0 {
		ids := make([]string, len(r.Suggestions))
		for i, s := range r.Suggestions {
			ids[i] = s.Entry.ID
		}
		fields = append(fields, zap.Strings("suggestions", ids))
	}
	if r.Why.Signal != "" {
		fields = append(fields, zap.String("signal", r.Why.Signal))
	}
	b.lg.Info("question answered", fields...)
}
