package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/internal/ops"
)

// fast is the resilience the fault tests run with: production's policy
// with short waits.
var fast = bot.Resilience{
	RESTAttempts:        3,
	RESTBackoff:         10 * time.Millisecond,
	RESTMaxBackoff:      50 * time.Millisecond,
	RESTTimeout:         500 * time.Millisecond,
	ReconnectBackoff:    20 * time.Millisecond,
	ReconnectMaxBackoff: 200 * time.Millisecond,
}

var callback = discordtest.Route("POST", "/interactions/*/*/callback")

// user returns the id of the n-th test user, so that tests stay under the
// per-user rate limit.
func user(n int) string { return fmt.Sprintf("12000000000%08d", n) }

// mention sends a message mentioning the bot and returns it.
func mention(h *harness, userID, text string) *discordgo.Message {
	return h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: userID}, botMention(h)+" "+text))
}

// replyRef returns the message a bot message body replies to, or "".
func replyRef(body []byte) string {
	var m struct {
		Ref *struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if json.Unmarshal(body, &m) != nil || m.Ref == nil {
		return ""
	}
	return m.Ref.MessageID
}

// replyTo waits for the bot's reply to the user message um.
func replyTo(t *testing.T, h *harness, um *discordgo.Message) discordtest.Call {
	t.Helper()
	return h.srv.WaitFor(t, func(c discordtest.Call) bool {
		return c.Status < 300 && postMessage(c) && replyRef(c.Body) == um.ID
	}, wait)
}

// repliesStored counts the bot's messages in a channel that reply to um.
func repliesStored(h *harness, channelID string, um *discordgo.Message) int {
	return repliesStoredIn(h.srv, channelID, um)
}

// waitReconnected waits until the bot has identified or resumed again
// (before is Identifies()+Resumes() before the fault) and is ready.
func waitReconnected(t *testing.T, h *harness, before int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for h.srv.Identifies()+h.srv.Resumes() <= before {
		if time.Now().After(deadline) {
			t.Fatalf("the bot did not reconnect within %v", wait)
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.srv.WaitReady(t)
}

// metric sums a counter's series whose labels include the given pairs.
func metric(t *testing.T, m *ops.Metrics, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, s := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, l := range s.GetLabel() {
					if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
						found = true
					}
				}
				if !found {
					continue series
				}
			}
			sum += s.GetCounter().GetValue()
		}
	}
	return sum
}

// TestGatewayFaultsKeepAnswering closes the gateway in every way Discord
// may, one after the other on one bot: it reconnects (resuming where it
// can, so a message sent meanwhile is still answered) and keeps answering.
func TestGatewayFaultsKeepAnswering(t *testing.T) {
	metrics := ops.NewMetrics()
	h := start(t, func(c *bot.Config) { c.Metrics = metrics; c.Resilience = fast })
	faults := []struct {
		name string
		do   func()
		// resumable: a message sent before the bot is back is replayed
		// on RESUME and answered.
		resumable bool
		reconnect bool // the bot opens a new connection
	}{
		{"close 1000", func() { h.srv.CloseGateway(1000) }, true, true},
		{"close 1001", func() { h.srv.CloseGateway(1001) }, true, true},
		{"close 4000 unknown error", func() { h.srv.CloseGateway(4000) }, true, true},
		{"close 4008 rate limited", func() { h.srv.CloseGateway(4008) }, true, true},
		{"close 4009 session timed out", func() { h.srv.CloseGateway(4009) }, false, true},
		{"TCP drop", h.srv.DropGateway, true, true},
		{"opcode 7 reconnect", h.srv.SendReconnect, false, true},
		{"opcode 9 invalid session", func() { h.srv.SendInvalidSession(false) }, false, false},
	}
	reconnects := 0
	for i, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			before := h.srv.Identifies() + h.srv.Resumes()
			f.do()
			var during *discordgo.Message
			if f.resumable {
				during = mention(h, user(100+i), "what is ketamine?")
			}
			waitReconnected(t, h, before)
			if during != nil {
				replyTo(t, h, during)
			}
			replyTo(t, h, mention(h, user(200+i), "is ketamine addictive?"))
		})
		if f.reconnect {
			reconnects++
		}
	}
	if got := metric(t, metrics, "faqbot_gateway_reconnects_total"); got < float64(reconnects) {
		t.Errorf("reconnects counted = %v, want at least %d", got, reconnects)
	}
}

// TestHeartbeatACKLost: when Discord stops acknowledging heartbeats the bot
// reconnects (discordgo closes after five intervals) and keeps answering.
func TestHeartbeatACKLost(t *testing.T) {
	h := start(t, func(c *bot.Config) { c.Resilience = fast }, discordtest.WithHeartbeatInterval(100*time.Millisecond))
	conns := h.srv.Connections()
	h.srv.StopHeartbeatACK(true)
	deadline := time.Now().Add(wait)
	for h.srv.Connections() == conns {
		if time.Now().After(deadline) {
			t.Fatalf("no reconnection after heartbeats went unacknowledged")
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.srv.StopHeartbeatACK(false)
	h.srv.WaitReady(t)
	replyTo(t, h, mention(h, user(300), "what is ketamine?"))
	// discordgo closes a zombied connection with 1000, which ends the
	// session; the bot sends a resumable code instead, as Discord asks,
	// and resumes.
	if h.srv.Identifies() != 1 || h.srv.Resumes() == 0 {
		t.Errorf("identifies %d, resumes %d; want the session resumed", h.srv.Identifies(), h.srv.Resumes())
	}
}

// TestFatalCloseAtOpen: Discord refusing the intents while connecting
// (4014) ends Run with a GatewayError at once, without a retry.
func TestFatalCloseAtOpen(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithToken(secretToken))
	b := bot.New(newLogger(t), embeddedStoreTB(t), bot.Config{Resilience: fast})
	s, err := bot.NewSession(secretToken, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.Identify.Intents |= discordgo.IntentMessageContent // privileged, not enabled
	err = runFor(t, b, s, 10*time.Second)
	var ge *bot.GatewayError
	if !errors.As(err, &ge) || ge.Code != 4014 || !strings.Contains(err.Error(), "Privileged Gateway Intents") {
		t.Fatalf("Run = %v, want a GatewayError 4014 with advice", err)
	}
	if n := srv.Connections(); n != 1 {
		t.Errorf("%d gateway connections, want 1: no retry", n)
	}
}

// TestFatalCloseLater: a 4004 on a running bot ends Run with a
// GatewayError, without reconnecting.
func TestFatalCloseLater(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithToken(secretToken))
	b := bot.New(newLogger(t), embeddedStoreTB(t), bot.Config{Resilience: fast})
	s, err := bot.NewSession(secretToken, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- b.Run(context.Background(), s, nil) }()
	srv.WaitReady(t)
	srv.CloseGateway(4004)
	select {
	case err := <-done:
		var ge *bot.GatewayError
		if !errors.As(err, &ge) || ge.Code != 4004 || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
			t.Fatalf("Run = %v, want a GatewayError 4004 naming DISCORD_TOKEN", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after close 4004")
	}
	if n := srv.Connections(); n != 1 {
		t.Errorf("%d gateway connections, want 1: no reconnection", n)
	}
	if !strings.Contains(logs.String(), `"gateway closed for good"`) {
		t.Errorf("the fatal close was not logged")
	}
}

// runFor runs b until it returns or timeout passes.
func runFor(t *testing.T, b *bot.Bot, s *discordgo.Session, timeout time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, nil) }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		cancel()
		<-done
		t.Fatalf("Run still running after %v", timeout)
		return nil
	}
}

// TestRESTFaults injects Discord's REST failures under replies: each reply
// still arrives exactly once, or, when the retry budget is spent, the
// failure is logged with the interaction id and counted.
func TestRESTFaults(t *testing.T) {
	metrics := ops.NewMetrics()
	h := start(t, func(c *bot.Config) { c.Metrics = metrics; c.Resilience = fast })
	n := 0
	next := func() string { n++; return user(400 + n) }
	ask := func(t *testing.T) (*discordgo.Interaction, discordtest.InteractionResponse) {
		t.Helper()
		i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: next()}, "ask", discordtest.StringOption("question", "What is ketamine?")))
		return i, h.srv.WaitResponse(t, i.ID, wait)
	}
	callbacksOf := func(i *discordgo.Interaction) []discordtest.Call {
		return h.srv.CallsMatching(func(c discordtest.Call) bool { return callback(c) && strings.Contains(c.Path, "/"+i.ID+"/") })
	}
	// settle waits for the bot to be done with a reply, so that no late
	// attempt is missed.
	settle := func() { time.Sleep(200 * time.Millisecond) }
	answered := func(t *testing.T, r discordtest.InteractionResponse) {
		t.Helper()
		m, err := r.Message()
		if err != nil || len(m.Embeds) != 1 {
			t.Errorf("response = %s, want the answer", r.Data)
		}
	}
	onceInChannel := func(t *testing.T, um *discordgo.Message) {
		t.Helper()
		replyTo(t, h, um)
		settle()
		if got := repliesStored(h, discordtest.DefaultChannelID, um); got != 1 {
			t.Errorf("%d replies stored, want 1", got)
		}
	}

	t.Run("429 per route on a message", func(t *testing.T) {
		h.srv.RateLimitNext(postMessage, 1, 150*time.Millisecond, false)
		um := mention(h, next(), "what is ketamine?")
		onceInChannel(t, um)
	})
	t.Run("429 global on a message", func(t *testing.T) {
		h.srv.RateLimitNext(postMessage, 1, 150*time.Millisecond, true)
		onceInChannel(t, mention(h, next(), "what is ketamine?"))
	})
	t.Run("429 global on an interaction callback", func(t *testing.T) {
		h.srv.RateLimitNext(callback, 1, 150*time.Millisecond, true)
		i, r := ask(t)
		answered(t, r)
		settle()
		if got := len(callbacksOf(i)); got != 2 {
			t.Errorf("%d callback calls, want 2 (the 429, then the answer)", got)
		}
	})
	for _, status := range []int{500, 502, 503} {
		t.Run(fmt.Sprintf("%d on a callback", status), func(t *testing.T) {
			h.srv.FailNext(callback, status, 1, nil, "")
			i, r := ask(t)
			answered(t, r)
			settle()
			if got := len(callbacksOf(i)); got != 2 {
				t.Errorf("%d callback calls, want 2", got)
			}
		})
		t.Run(fmt.Sprintf("%d on a message", status), func(t *testing.T) {
			h.srv.FailNext(postMessage, status, 1, nil, "")
			onceInChannel(t, mention(h, next(), "what is ketamine?"))
		})
	}
	t.Run("503 on the edit of a deferred response", func(t *testing.T) {
		// Share defers, posts in the channel, then edits the deferred
		// response.
		ctx := discordtest.Ctx{UserID: next()}
		i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", "What is ketamine?")))
		h.srv.WaitResponse(t, i.ID, wait)
		h.srv.FailNext(discordtest.Route("PATCH", "/webhooks/*/*/messages/@original"), 503, 1, nil, "")
		click := h.srv.SendInteraction(h.srv.ComponentClick(ctx, "faq:share:what-is-ketamine"))
		deadline := time.Now().Add(wait)
		for {
			if m, ok := h.srv.Original(click.ID); ok && strings.Contains(m.Content, "Shared") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the deferred response was never edited; calls:\n%v", h.srv.Calls())
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	t.Run("slow message past the timeout", func(t *testing.T) {
		// The first attempt lands after the bot gave up on it; the retry
		// carries the same nonce, so Discord returns the first message.
		before := len(h.srv.CallsMatching(postMessage))
		h.srv.DelayNext(postMessage, 1, 2*time.Second)
		um := mention(h, next(), "what is ketamine?")
		replyTo(t, h, um)
		deadline := time.Now().Add(wait)
		for len(h.srv.CallsMatching(postMessage)) < before+2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		settle()
		calls := h.srv.CallsMatching(postMessage)[before:]
		if len(calls) != 2 {
			t.Fatalf("%d message calls, want 2 (the slow one and the retry): %v", len(calls), calls)
		}
		var nonces []string
		for _, c := range calls {
			var b struct {
				Nonce   string `json:"nonce"`
				Enforce bool   `json:"enforce_nonce"`
			}
			json.Unmarshal(c.Body, &b)
			if !b.Enforce {
				t.Errorf("message sent without enforce_nonce: %s", c.Body)
			}
			nonces = append(nonces, b.Nonce)
		}
		if nonces[0] == "" || nonces[0] != nonces[1] {
			t.Errorf("nonces %q, want one nonce, repeated", nonces)
		}
		if got := repliesStored(h, discordtest.DefaultChannelID, um); got != 1 {
			t.Errorf("%d replies stored, want 1", got)
		}
	})
	t.Run("slow callback past the timeout", func(t *testing.T) {
		// The retry learns from 40060 that the first attempt landed.
		h.srv.DelayNext(callback, 1, 2*time.Second)
		errorsBefore := metric(t, metrics, "faqbot_discord_rest_errors_total")
		i, r := ask(t)
		answered(t, r)
		deadline := time.Now().Add(wait)
		for len(callbacksOf(i)) < 2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		settle()
		if got := len(callbacksOf(i)); got != 2 {
			t.Errorf("%d callback calls, want 2", got)
		}
		if got := metric(t, metrics, "faqbot_discord_rest_errors_total"); got != errorsBefore {
			t.Errorf("REST errors counted %v, want %v: the reply landed", got, errorsBefore)
		}
		if strings.Contains(logs.String(), `"msg":"interaction respond","interaction":"`+i.ID+`"`) {
			t.Errorf("a reply that landed was logged as failed")
		}
		// The timeout's error quotes the callback URL, which holds the
		// interaction's token.
		if !strings.Contains(logs.String(), "[token]") || strings.Contains(logs.String(), i.Token) {
			t.Errorf("the interaction token is in the logs")
		}
	})
	t.Run("budget spent on a callback", func(t *testing.T) {
		h.srv.FailNext(callback, 503, fast.RESTAttempts, nil, "")
		before := metric(t, metrics, "faqbot_discord_rest_errors_total", "status", "503")
		i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: next()}, "ask", discordtest.StringOption("question", "What is ketamine?")))
		want := `"msg":"interaction respond","interaction":"` + i.ID + `"`
		deadline := time.Now().Add(wait)
		for !strings.Contains(logs.String(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("no log %s", want)
			}
			time.Sleep(10 * time.Millisecond)
		}
		settle()
		if got := len(callbacksOf(i)); got != fast.RESTAttempts {
			t.Errorf("%d attempts, want %d", got, fast.RESTAttempts)
		}
		if _, ok := h.srv.Response(i.ID); ok {
			t.Errorf("a response was stored")
		}
		if got := metric(t, metrics, "faqbot_discord_rest_errors_total", "status", "503"); got != before+1 {
			t.Errorf("503s counted %v, want %v", got, before+1)
		}
	})
	t.Run("budget spent on a message", func(t *testing.T) {
		before := len(h.srv.CallsMatching(postMessage))
		h.srv.FailNext(postMessage, 500, fast.RESTAttempts, nil, "")
		um := mention(h, next(), "what is ketamine?")
		deadline := time.Now().Add(wait)
		for len(h.srv.CallsMatching(postMessage)) < before+fast.RESTAttempts && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		settle()
		if got := len(h.srv.CallsMatching(postMessage)) - before; got != fast.RESTAttempts {
			t.Errorf("%d attempts, want %d", got, fast.RESTAttempts)
		}
		if got := repliesStored(h, discordtest.DefaultChannelID, um); got != 0 {
			t.Errorf("%d replies stored, want 0", got)
		}
		if got := metric(t, metrics, "faqbot_discord_rest_errors_total", "status", "500"); got != 1 {
			t.Errorf("500s counted %v, want 1", got)
		}
	})
}
