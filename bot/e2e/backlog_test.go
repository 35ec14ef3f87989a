package e2e_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/ops"
	"github.com/faqbot/faqbot/knowledge"
)

// Tests of the per-user rate limit and of the backlog of channel replies:
// a crisis reply is never rate-limited and goes first; one member's flood
// gets one "please wait"; a bot that stops with replies queued keeps them
// for the next start.

const crisisText = "I want to kill myself"

// isCrisisReply reports whether a reply body is the crisis resources.
func isCrisisReply(body string) bool {
	return strings.Contains(body, "988") && !strings.Contains(body, "please wait")
}

// gauge reads a gauge's value.
func gauge(t *testing.T, m *ops.Metrics, name string) float64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) > 0 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	return 0
}

// waitUntil polls cond until it holds, failing the test after timeout.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCrisisBeforeRateLimit: a member's sixth question in the window is
// rate-limited, unless it is a crisis, on every path that takes free
// text.
func TestCrisisBeforeRateLimit(t *testing.T) {
	h := start(t, nil)
	t.Run("mention", func(t *testing.T) {
		u := user(700)
		for range 5 {
			replyTo(t, h, mention(h, u, "what is ketamine?"))
		}
		c := replyTo(t, h, mention(h, u, crisisText))
		if !isCrisisReply(string(c.Body)) {
			t.Errorf("sixth message, a crisis: %s", c.Body)
		}
		c = replyTo(t, h, mention(h, u, "what is ketamine?"))
		if !strings.Contains(string(c.Body), "please wait") {
			t.Errorf("seventh message, not a crisis: %s, want please wait", c.Body)
		}
	})
	t.Run("dm", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: user(701), DM: true}
		for range 5 {
			replyTo(t, h, h.srv.SendMessageCreate(h.srv.UserMessage(ctx, "what is ketamine?")))
		}
		c := replyTo(t, h, h.srv.SendMessageCreate(h.srv.UserMessage(ctx, crisisText)))
		if !isCrisisReply(string(c.Body)) {
			t.Errorf("sixth DM, a crisis: %s", c.Body)
		}
	})
	t.Run("ask", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: user(702)}
		askOnce := func(q string) *discordgo.Message {
			i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", q)))
			m, err := h.srv.WaitResponse(t, i.ID, wait).Message()
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		for range 5 {
			askOnce("what is ketamine?")
		}
		if m := askOnce(crisisText); !isCrisisReply(m.Content) {
			t.Errorf("sixth /ask, a crisis: %q", m.Content)
		}
		if m := askOnce("what is ketamine?"); !strings.Contains(m.Content, "please wait") {
			t.Errorf("seventh /ask, not a crisis: %q, want please wait", m.Content)
		}
	})
}

// TestFloodGetsOnePleaseWait: a member sending 40 messages at once gets
// five answers and one "please wait", then silence; another member is
// answered as usual.
func TestFloodGetsOnePleaseWait(t *testing.T) {
	metrics := ops.NewMetrics()
	h := start(t, func(c *bot.Config) { c.Metrics = metrics })
	flooder := user(710)
	var sent []*discordgo.Message
	for i := range 40 {
		sent = append(sent, mention(h, flooder, fmt.Sprintf("what is ketamine? (%d)", i)))
	}
	waitUntil(t, 30*time.Second, "35 messages rate-limited", func() bool { return metric(t, metrics, "faqbot_rate_limited_total") == 35 })
	// Replies in a channel go out in order: once the other member's is
	// posted, every reply to the flood is too.
	replyTo(t, h, mention(h, user(711), "what is ketamine?"))
	answers, waits := 0, 0
	for _, um := range sent {
		for _, c := range h.srv.CallsMatching(postMessage) {
			if replyRef(c.Body) != um.ID {
				continue
			}
			if strings.Contains(string(c.Body), "please wait") {
				waits++
			} else {
				answers++
			}
		}
	}
	if answers != 5 || waits != 1 {
		t.Errorf("40 messages in a row: %d answers and %d please-wait replies posted, want 5 and 1", answers, waits)
	}
}

// TestCrisisReplyJumpsTheBacklog: in a channel whose replies queue behind
// a slow Discord (one a second: Discord's per-channel limit serialises
// them), a crisis reply goes next, not after the twenty queued.
func TestCrisisReplyJumpsTheBacklog(t *testing.T) {
	metrics := ops.NewMetrics()
	channels := loadChannels[:3]
	h := start(t, func(c *bot.Config) {
		c.Metrics = metrics
		c.Discord.RateLimit = config.RateLimit{Questions: 1 << 30, Per: time.Second}
		c.ShutdownTimeout = 100 * time.Millisecond // the rest is not the test's
	}, discordtest.WithChannels(channels...))
	h.srv.DelayNext(postMessage, 1<<20, time.Second)
	const queued = 60
	for i := range queued {
		ctx := discordtest.Ctx{UserID: user(800 + i), ChannelID: channels[i%len(channels)]}
		h.srv.SendMessageCreate(h.srv.UserMessage(ctx, botMention(h)+" what is ketamine?"))
	}
	waitUntil(t, 30*time.Second, "every question taken", func() bool {
		return metric(t, metrics, "faqbot_questions_total")+gauge(t, metrics, "faqbot_reply_backlog") >= queued
	})
	inChannel := func(p discordtest.Call) bool { return postMessage(p) && strings.Contains(p.Path, "/"+channels[0]+"/") }
	already := len(h.srv.CallsMatching(inChannel))
	um := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: user(799), ChannelID: channels[0]}, botMention(h)+" "+crisisText))
	c := h.srv.WaitFor(t, func(c discordtest.Call) bool { return postMessage(c) && replyRef(c.Body) == um.ID }, 30*time.Second)
	if !isCrisisReply(string(c.Body)) {
		t.Fatalf("reply = %s", c.Body)
	}
	before := 0 // replies in the channel posted after the crisis message came and before its reply
	for _, p := range h.srv.CallsMatching(inChannel)[already:] {
		if replyRef(p.Body) == um.ID {
			break
		}
		before++
	}
	// The reply in flight when it came, and at most one that took the
	// channel's turn as it freed, may go first.
	if before > 2 {
		t.Errorf("the crisis reply went after %d replies queued in its channel", before)
	}
	left := queued/len(channels) - already - before
	if left <= 0 {
		t.Fatalf("no reply in the channel was still queued after the crisis reply: the test tested nothing")
	}
	t.Logf("in the crisis reply's channel: %d replies posted before it came, %d after it came and before it, %d still queued", already, before, left)
}

// TestShutdownKeepsRepliesForNextStart: a bot stopped while its replies
// cannot get through (Discord holds the first, the rest queue behind it)
// keeps them in the outbox; the next bot posts them, crisis first, each
// once.
func TestShutdownKeepsRepliesForNextStart(t *testing.T) {
	st, _ := openInbox(t)
	srv := discordtest.New(t, discordtest.WithToken(secretToken))
	metrics := ops.NewMetrics()
	cfg := bot.Config{Discord: config.Default().Discord, Inbox: st, Metrics: metrics, ShutdownTimeout: 500 * time.Millisecond}
	cfg.Discord.RateLimit = config.RateLimit{Questions: 1 << 30, Per: time.Second}
	// The held request outlasts the wait below: with the default 10 s a
	// loaded machine could give up on it, post the rest, and never have
	// every reply queued at once.
	cfg1 := cfg
	cfg1.Resilience.RESTTimeout = 2 * time.Minute
	b1 := bot.New(newLogger(t).Named("bot1"), embeddedStoreTB(t), cfg1)
	stop1 := runBot(t, b1, srv)
	// One channel, whose first reply Discord holds until the bot stops:
	// every other reply, the crisis reply too, waits behind it.
	srv.DelayNext(postMessage, 1, 5*time.Minute)
	const n = 30
	var sent []*discordgo.Message
	for i := range n {
		q := "what is ketamine?"
		if i == n-1 {
			q = crisisText
		}
		sent = append(sent, srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{UserID: user(900 + i)}, "<@"+srv.BotUser().ID+"> "+q)))
	}
	waitUntil(t, 30*time.Second, "every question taken", func() bool { return gauge(t, metrics, "faqbot_reply_backlog") >= n })
	if err := stop1(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	saved := int(metric(t, metrics, "faqbot_replies_unsent_total", "outcome", "saved"))
	if saved != n {
		t.Fatalf("after stopping: %d replies saved for the next start, want all %d", saved, n)
	}
	if lost := metric(t, metrics, "faqbot_replies_unsent_total", "outcome", "dropped"); lost != 0 {
		t.Errorf("%v replies lost", lost)
	}
	pending, _, err := st.Outbox(context.Background())
	if err != nil || len(pending) != n || !pending[0].Urgent {
		t.Fatalf("outbox holds %d replies (%v), the first urgent: want %d, the crisis reply first", len(pending), err, n)
	}

	// The next start's posts are those that arrive after it starts: the
	// reply Discord held is recorded only when its request ends, which
	// can be after this point.
	start2 := time.Now()
	b2 := bot.New(newLogger(t).Named("bot2"), embeddedStoreTB(t), cfg)
	stop2 := runBot(t, b2, srv)
	defer stop2()
	waitUntil(t, 30*time.Second, "the outbox posted", func() bool {
		left, _, _ := st.Outbox(context.Background())
		return len(left) == 0
	})
	for i, um := range sent {
		if got := repliesStoredIn(srv, discordtest.DefaultChannelID, um); got != 1 {
			t.Errorf("question %d has %d replies in the channel, want 1", i, got)
		}
	}
	// Crisis replies first: it is among the first two posts (it may race
	// the first other one for the channel's turn).
	var next []discordtest.Call
	for _, c := range srv.CallsMatching(postMessage) {
		if c.Time.After(start2) {
			next = append(next, c)
		}
	}
	slices.SortStableFunc(next, func(a, b discordtest.Call) int { return a.Time.Compare(b.Time) })
	crisisAt := -1
	for i, c := range next {
		if replyRef(c.Body) == sent[n-1].ID {
			crisisAt = i
			break
		}
	}
	if crisisAt < 0 || crisisAt > 1 {
		t.Errorf("the crisis reply was post %d of the next start, want one of the first two", crisisAt)
	}
	if got := metric(t, metrics, "faqbot_outbox_sent_total"); got < n-1 {
		t.Errorf("faqbot_outbox_sent_total = %v, want %d (or one less if the held reply had landed)", got, n)
	}
}

// runBot runs b against srv until the returned stop is called; stop
// returns Run's error.
func runBot(t *testing.T, b *bot.Bot, srv *discordtest.Server) (stop func() error) {
	t.Helper()
	s, err := bot.NewSession(secretToken, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, nil) }()
	srv.WaitReady(t)
	var stopped bool
	var runErr error
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			runErr = <-done
		}
		return runErr
	}
	t.Cleanup(func() { stop() })
	return stop
}

// repliesStoredIn counts the bot's messages in a channel that reply to um.
func repliesStoredIn(srv *discordtest.Server, channelID string, um *discordgo.Message) int {
	n := 0
	for _, m := range srv.Messages(channelID) {
		if m.Author != nil && m.Author.ID == srv.BotUser().ID && m.MessageReference != nil && m.MessageReference.MessageID == um.ID {
			n++
		}
	}
	return n
}

// heldKB is a knowledge source whose first Current blocks until released:
// a handler still working when the bot stops.
type heldKB struct {
	*knowledge.Store
	entered, release chan struct{}
	once             sync.Once
}

func (k *heldKB) Current() *knowledge.Snapshot {
	k.once.Do(func() {
		close(k.entered)
		<-k.release
	})
	return k.Store.Current()
}

// TestShutdownWaitsForTheLastHandler: a handler that outlasts the shutdown
// deadline still ends before Run returns (its requests cancelled), so the
// store, closed after Run, is never used closed; its reply is kept for the
// next start.
func TestShutdownWaitsForTheLastHandler(t *testing.T) {
	st, _ := openInbox(t)
	srv := discordtest.New(t, discordtest.WithToken(secretToken))
	kb := &heldKB{Store: embeddedStoreTB(t), entered: make(chan struct{}), release: make(chan struct{})}
	cfg := bot.Config{Discord: config.Default().Discord, Inbox: st, ShutdownTimeout: 100 * time.Millisecond}
	b := bot.New(newLogger(t), kb, cfg)
	stop := runBot(t, b, srv)
	srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{UserID: user(950)}, "<@"+srv.BotUser().ID+"> what is ketamine?"))
	select {
	case <-kb.entered:
	case <-time.After(wait):
		t.Fatal("the question never reached a handler")
	}
	from := logs.Len()
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	waitUntil(t, 30*time.Second, "the shutdown deadline passing", func() bool {
		return strings.Contains(logs.since(from), "shutdown: deadline passed with handlers running")
	})
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) while a handler was still running", err)
	default:
	}
	close(kb.release)
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Run did not return once the handler ended")
	}
	// Run has returned: the handler has ended, and kept its reply.
	pending, _, err := st.Outbox(context.Background())
	if err != nil || len(pending) != 1 || !strings.Contains(string(pending[0].Body), "ketamine") {
		t.Fatalf("outbox = %d replies (%v), want the late handler's reply", len(pending), err)
	}
	if strings.Contains(logs.since(from), "database is closed") {
		t.Error("the store was used after it was closed")
	}
}

// TestFloodIsBounded: 500 questions arriving much faster than Discord
// takes replies: the backlog never holds more than Config.Backlog replies
// waiting (plus the 16 in flight), the oldest are shed and counted, and a
// crisis reply sent last still goes out at once.
func TestFloodIsBounded(t *testing.T) {
	const backlog, n, inFlight = 100, 500, 16
	metrics := ops.NewMetrics()
	h := start(t, func(c *bot.Config) {
		c.Metrics = metrics
		c.Backlog = backlog
		c.Discord.RateLimit = config.RateLimit{Questions: 1 << 30, Per: time.Second}
		c.ShutdownTimeout = 100 * time.Millisecond // the rest is not the test's
	}, discordtest.WithChannels(loadChannels...))
	// Ten channels, a reply in each every 2 s: far slower than questions
	// come.
	h.srv.DelayNext(postMessage, 1<<20, 2*time.Second)
	for i := range n {
		ctx := discordtest.Ctx{UserID: user(2000 + i), ChannelID: loadChannels[i%len(loadChannels)]}
		h.srv.SendMessageCreate(h.srv.UserMessage(ctx, botMention(h)+" what is ketamine?"))
	}
	um := mention(h, user(1999), crisisText)
	most := 0.0
	waitUntil(t, 30*time.Second, "every question taken", func() bool {
		queued := gauge(t, metrics, "faqbot_reply_backlog")
		most = max(most, queued)
		return metric(t, metrics, "faqbot_questions_total")+queued >= n+1
	})
	if most > backlog+inFlight {
		t.Errorf("the backlog held %v replies, want at most %d waiting and %d in flight", most, backlog, inFlight)
	}
	shed := metric(t, metrics, "faqbot_replies_shed_total")
	if posted := len(h.srv.CallsMatching(postMessage)); shed == 0 || shed < n-backlog-inFlight-float64(posted) {
		t.Errorf("%v replies shed (%d posted), want the oldest of those over the backlog of %d", shed, posted, backlog)
	}
	if c := replyTo(t, h, um); !isCrisisReply(string(c.Body)) {
		t.Errorf("crisis reply = %s", c.Body)
	}
}
