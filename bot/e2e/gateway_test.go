package e2e_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

// After a RESUME the local Discord replays what the bot missed before
// RESUMED, as Discord does; discordgo v0.29.0 then logs the first replayed
// event whole at warning level ("Expected READY/RESUMED, instead got"),
// which is a member's message with their id. Nothing of it may reach the
// log: not the text, not the id.
func TestResumeReplayLogsNoPayload(t *testing.T) {
	h := start(t, nil)
	from := logs.Len()
	const (
		text = "replay canary: my partner is not waking up after using"
		user = "1200000000000000777"
	)
	// Hold the RESUME so the message is dispatched while the bot is away,
	// and so replayed.
	h.srv.HoldResume(true)
	firstHeartbeat(t, h, 1)
	h.srv.CloseGateway(4000)
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 6 }, wait)
	um := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: user}, botMention(h)+" "+text))
	h.srv.HoldResume(false)
	h.srv.WaitReady(t)
	if m := decodeMsg(t, h.nextPost(t, 0)); m.MessageReference == nil || m.MessageReference.MessageID != um.ID {
		t.Fatalf("the replayed message was not answered: %+v", m)
	}

	out := logs.since(from)
	if !strings.Contains(out, "Expected READY/RESUMED") {
		t.Fatalf("discordgo did not log the replayed event: the test no longer covers the case\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if containsAny(line, user) {
			t.Errorf("a log line holds the member's id: %.300s", line)
		}
		if containsAny(line, "replay canary") && (strings.Contains(line, `"discordgo`) || !strings.Contains(line, `"level":"debug"`)) {
			t.Errorf("a log line above debug, or from discordgo, holds the message text: %.300s", line)
		}
	}
}

// containsAny reports whether line holds s as text or as the bytes Go
// prints for a []byte with %#v (0x31, 0x32, …), as discordgo's %#v of an
// event prints its raw data.
func containsAny(line, s string) bool {
	goBytes := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%#v", []byte(s)), "[]byte{"), "}")
	return strings.Contains(line, s) || strings.Contains(line, goBytes)
}

// TestStaleHeartbeatCannotEndTheSession forces the race of discordgo
// v0.29.0 that lost events (wsapi.go:300-307): the first heartbeat
// goroutine, held just before its first write, is let go once the bot
// has reconnected; its write fails and its s.Close() closes the new
// connection. That close used to carry 1000, which ends the session on
// Discord, so what Discord dispatched next was never delivered. The bot
// must keep the session: the close is resumable, the bot resumes, and the
// message sent meanwhile is replayed and answered.
func TestStaleHeartbeatCannotEndTheSession(t *testing.T) {
	// Hold connection 1's first heartbeat. Discord's 41 s interval keeps
	// the others to their first, which each fault below waits for.
	held, release := make(chan struct{}), make(chan struct{})
	var armed atomic.Bool
	armed.Store(true)
	hook := func(format string) {
		if strings.HasPrefix(format, "sending gateway websocket heartbeat") && armed.CompareAndSwap(true, false) {
			close(held)
			<-release
		}
	}
	discordgoHook.Store(&hook)
	defer discordgoHook.Store(nil)
	h := startWith(t, func(c *bot.Config) { c.Resilience = fast },
		func(s *discordgo.Session) { s.LogLevel = discordgo.LogDebug }) // the heartbeat logs before each write
	select {
	case <-held:
	case <-time.After(wait):
		t.Fatal("no heartbeat")
	}

	// Connection 1 closes; the bot reconnects and resumes on connection 2.
	h.srv.CloseGateway(4000)
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 6 && f.Conn == 2 }, wait)
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 1 && f.Conn == 2 }, wait)
	h.srv.WaitReady(t)

	// The stale heartbeat goes on: its write fails, and discordgo closes
	// connection 2. The next RESUME is held, so a message dispatched now
	// is replayed, if the session survives.
	h.srv.HoldResume(true)
	close(release)
	cl := h.srv.WaitClientClose(t, 2, wait)
	if cl.Code == 1000 || cl.Code == 1001 {
		t.Errorf("the bot closed connection 2 with %d, which ends the session", cl.Code)
	}
	um := mention(h, user(960), "what is ketamine?")
	h.srv.HoldResume(false)
	replyTo(t, h, um)
	if h.srv.Identifies() != 1 {
		t.Errorf("%d IDENTIFYs: the session was lost and started over", h.srv.Identifies())
	}
	for _, c := range h.srv.ClientCloses() {
		if c.Code == 1000 || c.Code == 1001 {
			t.Errorf("the bot sent close %d on connection %d while running", c.Code, c.Conn)
		}
	}
}

// TestResumesOnResumeURL: after a disconnection the bot resumes on READY's
// resume_gateway_url, as Discord asks, not on the gateway it started on;
// when that cannot be reached it resumes on the main gateway.
func TestResumesOnResumeURL(t *testing.T) {
	from := logs.Len()
	h := start(t, func(c *bot.Config) { c.Resilience = fast })
	waitUntil(t, 30*time.Second, "the bot reading READY's resume URL", func() bool { return strings.Contains(logs.since(from), `"gateway resume URL"`) })
	resumeHost := strings.TrimPrefix(h.srv.ResumeURL(), "ws://")

	firstHeartbeat(t, h, 1)
	h.srv.CloseGateway(4000)
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 6 && f.Conn == 2 }, wait)
	h.srv.WaitReady(t)
	conns := h.srv.GatewayConns()
	if c := conns[1]; !c.ResumeURL || c.Host != resumeHost || c.Path != "/" {
		t.Errorf("the resume went to %+v, want the resume URL %s", c, h.srv.ResumeURL())
	}
	if q := h.srv.GatewayQueries()[1]; q.Get("v") != "10" || q.Get("encoding") != "json" {
		t.Errorf("resume query = %v, want v=10&encoding=json", q)
	}
	replyTo(t, h, mention(h, user(970), "what is ketamine?"))

	// The resume gateway is gone: the bot goes back to the main one.
	h.srv.RefuseResumeURL()
	firstHeartbeat(t, h, 2)
	h.srv.CloseGateway(4000)
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 6 && f.Conn == 3 }, wait)
	h.srv.WaitReady(t)
	if c := h.srv.GatewayConns()[2]; c.ResumeURL {
		t.Errorf("connection 3 came to the refused resume URL: %+v", c)
	}
	if h.srv.Identifies() != 1 || h.srv.Resumes() != 2 {
		t.Errorf("identifies %d, resumes %d; want 1, 2", h.srv.Identifies(), h.srv.Resumes())
	}
	replyTo(t, h, mention(h, user(971), "what is ketamine?"))
}

// firstHeartbeat waits for the first heartbeat on connection conn. A test
// that closes a connection waits for it, so that discordgo's heartbeat
// goroutine of that connection is past its first write and cannot go
// stale (see TestStaleHeartbeatCannotEndTheSession): the connections are
// then numbered as the test expects.
func firstHeartbeat(t *testing.T, h *harness, conn int) {
	t.Helper()
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 1 && f.Conn == conn }, wait)
}
