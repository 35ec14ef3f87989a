package discordtest_test

import (
	"errors"
	"log"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

func TestMain(m *testing.M) {
	// discordgo's endpoints are package globals: point them at the local
	// Discord once, before any Session exists.
	if err := bot.SetAPIBase(discordtest.APIBase()); err != nil {
		log.Fatal(err)
	}
	goleak.VerifyTestMain(m)
}

// open connects a real discordgo Session to srv and closes it when the test
// ends (before srv's cleanup, which was registered earlier).
func open(t *testing.T, token string, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatalf("discordgo.New: %v", err)
	}
	if setup != nil {
		setup(dg)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		// A heartbeat failing on the closed socket would otherwise
		// reconnect, forever (discordgo wsapi.go, heartbeat).
		dg.Lock()
		dg.ShouldReconnectOnError = false
		dg.Unlock()
		dg.Close()
	})
	return dg
}

// receive waits for a value on ch.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(15 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func isOp(op int) func(discordtest.Frame) bool {
	return func(f discordtest.Frame) bool { return f.Op == op }
}

func TestOpenIdentifyReadyHeartbeat(t *testing.T) {
	// 200ms: fast enough to see several heartbeats, slow enough that a
	// loaded machine does not miss five ACKs in a row.
	srv := discordtest.New(t, discordtest.WithHeartbeatInterval(200*time.Millisecond))
	guilds := make(chan *discordgo.GuildCreate, 1)
	dg := open(t, srv.Token(), func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { guilds <- g })
	})

	if dg.State.User == nil || dg.State.User.ID != discordtest.DefaultAppID || !dg.State.User.Bot {
		t.Fatalf("State.User = %+v, want the bot user %s", dg.State.User, discordtest.DefaultAppID)
	}
	if g := receive(t, guilds, "GUILD_CREATE"); g.ID != discordtest.DefaultGuildID || len(g.Channels) != 1 {
		t.Errorf("GUILD_CREATE = %s with %d channels, want %s with 1", g.ID, len(g.Channels), discordtest.DefaultGuildID)
	}
	id, ok := srv.LastIdentify()
	if !ok || srv.Identifies() != 1 {
		t.Fatalf("identifies = %d", srv.Identifies())
	}
	if id.Intents&discordgo.IntentMessageContent != 0 || id.Token != "Bot test-token" || !id.Compress {
		t.Errorf("IDENTIFY intents %d token %q compress %v", id.Intents, id.Token, id.Compress)
	}
	if q := srv.GatewayQueries()[0]; q.Get("v") != "10" || q.Get("encoding") != "json" {
		t.Errorf("gateway query = %v, want v=10&encoding=json", q)
	}
	if calls := srv.CallsMatching(discordtest.Route("GET", "/gateway")); len(calls) != 1 {
		t.Errorf("GET /gateway calls = %d, want 1", len(calls))
	}

	// Heartbeats are ACKed: after several intervals the client still
	// holds a fresh ACK.
	beats := 0
	srv.WaitFrame(t, func(f discordtest.Frame) bool {
		if f.Op == 1 {
			beats++
		}
		return beats == 4
	}, 10*time.Second)
	time.Sleep(250 * time.Millisecond)
	dg.RLock()
	sinceAck := time.Since(dg.LastHeartbeatAck)
	dg.RUnlock()
	if sinceAck > 2*time.Second {
		t.Errorf("last heartbeat ACK %v ago", sinceAck)
	}
	if srv.Connections() != 1 {
		t.Errorf("connections = %d, want 1", srv.Connections())
	}
}

func TestMessageSendRecorded(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	sent, err := dg.ChannelMessageSendComplex(discordtest.DefaultChannelID, &discordgo.MessageSend{
		Content: "see <#1> and <@" + discordtest.DefaultUserID + ">",
		Embeds:  []*discordgo.MessageEmbed{{Title: "FAQ", Description: "answer"}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Helpful", Style: discordgo.PrimaryButton, CustomID: "faq:yes"},
		}}},
	}, discordgo.WithAuditLogReason("test"))
	if err != nil {
		t.Fatalf("ChannelMessageSendComplex: %v", err)
	}
	if sent.ID == "" || sent.Author == nil || sent.Author.ID != discordtest.DefaultAppID || len(sent.Components) != 1 || len(sent.Mentions) != 1 {
		t.Errorf("returned message = %+v", sent)
	}

	call := srv.WaitFor(t, discordtest.Route("POST", "/channels/{id}/messages"), time.Second)
	if call.Header.Get("Authorization") != "Bot test-token" || call.Header.Get("X-Audit-Log-Reason") != "test" || call.Version != "10" {
		t.Errorf("call headers/version: %v %q", call.Header, call.Version)
	}
	var body discordgo.Message
	if err := call.Decode(&body); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if !strings.HasPrefix(body.Content, "see") || len(body.Embeds) != 1 || body.Embeds[0].Type != "rich" {
		t.Errorf("recorded body = %s", call.Body)
	}
	if b, ok := body.Components[0].(*discordgo.ActionsRow).Components[0].(*discordgo.Button); !ok || b.CustomID != "faq:yes" {
		t.Errorf("recorded components = %s", call.Body)
	}
	if msgs := srv.Messages(discordtest.DefaultChannelID); len(msgs) != 1 || msgs[0].ID != sent.ID {
		t.Errorf("messages kept = %d", len(msgs))
	}

	edited, err := dg.ChannelMessageEdit(discordtest.DefaultChannelID, sent.ID, "edited")
	if err != nil || edited.Content != "edited" || edited.EditedTimestamp == nil {
		t.Errorf("edit: %v %+v", err, edited)
	}
	if err := dg.ChannelMessageDelete(discordtest.DefaultChannelID, sent.ID); err != nil {
		t.Errorf("delete: %v", err)
	}
	if msgs := srv.Messages(discordtest.DefaultChannelID); len(msgs) != 0 {
		t.Errorf("messages after delete = %d", len(msgs))
	}
	dm, err := dg.UserChannelCreate(discordtest.DefaultUserID)
	if err != nil || dm.ID != srv.DMChannelID(discordtest.DefaultUserID) || dm.Type != discordgo.ChannelTypeDM {
		t.Errorf("UserChannelCreate: %v %+v", err, dm)
	}
}

func TestRateLimitedMessageArrivesOnce(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	route := discordtest.Route("POST", "/channels/*/messages")
	srv.RateLimitNext(route, 1, 80*time.Millisecond, false)
	start := time.Now()
	if _, err := dg.ChannelMessageSend(discordtest.DefaultChannelID, "hello"); err != nil {
		t.Fatalf("send: %v", err)
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("discordgo retried after %v, before retry_after", d)
	}
	calls := srv.CallsMatching(route)
	if len(calls) != 2 || calls[0].Status != http.StatusTooManyRequests || !calls[0].Fault || calls[1].Status != http.StatusOK {
		t.Fatalf("calls = %v", calls)
	}
	if msgs := srv.Messages(discordtest.DefaultChannelID); len(msgs) != 1 || msgs[0].Content != "hello" {
		t.Errorf("messages = %v, want one", msgs)
	}
}

func TestServerErrors(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	route := discordtest.Route("POST", "/channels/*/messages")

	srv.FailNext(route, http.StatusBadGateway, 1, nil, "")
	if _, err := dg.ChannelMessageSend(discordtest.DefaultChannelID, "after 502"); err != nil {
		t.Errorf("discordgo should retry a 502: %v", err)
	}
	srv.FailNext(route, http.StatusInternalServerError, 1, nil, "")
	var rest *discordgo.RESTError
	if _, err := dg.ChannelMessageSend(discordtest.DefaultChannelID, "after 500"); !errors.As(err, &rest) || rest.Response.StatusCode != 500 {
		t.Errorf("500 gave %v", err)
	}
	if _, err := dg.ChannelMessageSend(discordtest.DefaultChannelID, ""); !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 50006 {
		t.Errorf("empty message gave %v", err)
	}
	if _, err := dg.ChannelMessageSend(discordtest.DefaultChannelID, strings.Repeat("x", 2001)); !errors.As(err, &rest) || rest.Message.Code != 50035 {
		t.Errorf("long message gave %v", err)
	}
	if _, err := dg.ChannelMessageSend("999", "nowhere"); !errors.As(err, &rest) || rest.Message.Code != 10003 {
		t.Errorf("unknown channel gave %v", err)
	}
	if _, err := dg.GuildBans(discordtest.DefaultGuildID, 10, "", ""); !errors.As(err, &rest) || rest.Response.StatusCode != 404 {
		t.Errorf("unknown route gave %v", err)
	}
	if c := srv.CallsMatching(discordtest.Route("GET", "/guilds/*/bans")); len(c) != 1 || c[0].Query.Get("limit") != "10" {
		t.Errorf("unknown route not recorded: %v", c)
	}
	srv.DelayNext(route, 1, 100*time.Millisecond)
	start := time.Now()
	if _, err := dg.ChannelMessageSend(discordtest.DefaultChannelID, "slow"); err != nil || time.Since(start) < 100*time.Millisecond {
		t.Errorf("delayed send: %v after %v", err, time.Since(start))
	}
	if n := len(srv.Messages(discordtest.DefaultChannelID)); n != 2 {
		t.Errorf("messages = %d, want 2 (after 502, slow)", n)
	}
}

func TestUnauthorized(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot wrong-token")
	if err != nil {
		t.Fatal(err)
	}
	_, err = dg.User("@me")
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusUnauthorized || rest.Message == nil ||
		rest.Message.Message != "401: Unauthorized" || rest.Message.Code != 0 {
		t.Fatalf("User(@me) with a wrong token: %v", err)
	}
	if err := dg.Open(); err == nil {
		dg.Close()
		t.Fatal("Open with a wrong token succeeded")
	} else if !strings.Contains(err.Error(), "4004") {
		t.Errorf("Open error = %v, want close 4004", err)
	}
	if srv.Identifies() != 0 || srv.Connections() != 1 {
		t.Errorf("identifies %d connections %d", srv.Identifies(), srv.Connections())
	}
}

func TestPrivilegedIntentRefused(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Identify.Intents |= discordgo.IntentMessageContent
	if err := dg.Open(); err == nil {
		dg.Close()
		t.Fatal("Open asking for MESSAGE_CONTENT succeeded")
	} else if !strings.Contains(err.Error(), "4014") {
		t.Errorf("Open error = %v, want close 4014", err)
	}
}

func TestInteractions(t *testing.T) {
	srv := discordtest.New(t)
	got := make(chan *discordgo.Interaction, 4)
	dg := open(t, srv.Token(), func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			got <- i.Interaction
			var resp *discordgo.InteractionResponse
			switch i.Type {
			case discordgo.InteractionApplicationCommand:
				resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
					Content: "answer: " + i.ApplicationCommandData().Options[0].StringValue(),
					Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
						discordgo.Button{Label: "More", CustomID: "more"},
					}}},
				}}
			case discordgo.InteractionApplicationCommandAutocomplete:
				resp = &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{
					Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "Install", Value: "install"}},
				}}
			case discordgo.InteractionMessageComponent:
				resp = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: &discordgo.InteractionResponseData{Content: "more detail"}}
			}
			if err := s.InteractionRespond(i.Interaction, resp); err != nil {
				t.Errorf("InteractionRespond: %v", err)
			}
		})
	})
	cmds, err := dg.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{{
		Name: "faq", Description: "Answer a question",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "Topic", Required: true, Autocomplete: true}},
	}})
	if err != nil || len(cmds) != 1 || cmds[0].ID == "" {
		t.Fatalf("bulk overwrite: %v %v", err, cmds)
	}
	if _, err := dg.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{{Name: "Bad Name", Description: "x"}}); err == nil {
		t.Error("an invalid command name was accepted")
	}

	sent := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{UserID: "1200000000000000999", Roles: []string{"42"}}, "faq", discordtest.StringOption("topic", "install")))
	in := receive(t, got, "slash command")
	if in.ID != sent.ID || in.Member == nil || in.Member.User.ID != "1200000000000000999" || in.User != nil ||
		in.GuildID != discordtest.DefaultGuildID || in.ApplicationCommandData().ID != cmds[0].ID || in.AppID != srv.AppID() {
		t.Errorf("interaction as received: %+v", in)
	}
	r := srv.WaitResponse(t, sent.ID, 2*time.Second)
	if r.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("response type %d", r.Type)
	}
	orig, ok := srv.Original(sent.ID)
	if !ok || orig.Content != "answer: install" || orig.Interaction == nil || orig.Interaction.Name != "faq" {
		t.Fatalf("original = %+v", orig)
	}
	if c := srv.CallsMatching(discordtest.Route("POST", "/interactions/*/*/callback")); len(c) != 1 {
		t.Errorf("callback calls = %d", len(c))
	}
	if err := dg.InteractionRespond(sent, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "twice"}}); err == nil || !strings.Contains(err.Error(), "40060") {
		t.Errorf("second response: %v, want 40060", err)
	}
	if _, err := dg.InteractionResponseEdit(sent, &discordgo.WebhookEdit{Content: ptr("edited answer")}); err != nil {
		t.Errorf("InteractionResponseEdit: %v", err)
	}
	follow, err := dg.FollowupMessageCreate(sent, true, &discordgo.WebhookParams{Content: "follow-up", Flags: discordgo.MessageFlagsEphemeral})
	if err != nil || follow.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("follow-up: %v %+v", err, follow)
	}
	if f := srv.Followups(sent.ID); len(f) != 1 || f[0].Content != "follow-up" {
		t.Errorf("follow-ups = %v", f)
	}

	// The button on the original answer.
	click := srv.SendInteraction(srv.ComponentClick(discordtest.Ctx{}, "more"))
	in = receive(t, got, "button click")
	if in.Message == nil || in.Message.ID != orig.ID || in.MessageComponentData().ComponentType != discordgo.ButtonComponent {
		t.Errorf("click as received: %+v", in)
	}
	srv.WaitResponse(t, click.ID, 2*time.Second)
	if m, _ := srv.Message(orig.ID); m.Content != "more detail" {
		t.Errorf("updated message content = %q", m.Content)
	}

	// Autocomplete in a DM.
	ac := srv.SendInteraction(srv.Autocomplete(discordtest.Ctx{DM: true}, "faq", discordtest.Focused(discordtest.StringOption("topic", "ins"))))
	in = receive(t, got, "autocomplete")
	if in.User == nil || in.Member != nil || in.GuildID != "" || in.ChannelID != srv.DMChannelID(discordtest.DefaultUserID) {
		t.Errorf("DM interaction as received: %+v", in)
	}
	if choices, err := srv.WaitResponse(t, ac.ID, 2*time.Second).Choices(); err != nil || len(choices) != 1 || choices[0].Value != "install" {
		t.Errorf("choices = %v %v", choices, err)
	}
}

func TestInteractionDeadline(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithInteractionDeadline(50*time.Millisecond))
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	// No client is connected: the interaction is not delivered, but the
	// Server knows it and enforces its deadline.
	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "faq"))
	time.Sleep(80 * time.Millisecond)
	err = dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 10062 {
		t.Errorf("late response: %v, want 10062 Unknown interaction", err)
	}
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "x"}); err == nil {
		t.Error("follow-up to an unanswered interaction succeeded")
	}
}

func TestResumeAfterClose(t *testing.T) {
	// A slow interval keeps a loaded CI machine from missing ACKs and
	// reconnecting, which would change the counts below. But heartbeats do
	// play a part: discordgo v0.29.0 writes a connection's first heartbeat
	// from a goroutine Open starts, and if the connection closes before
	// that write, the write fails and the goroutine's s.Close() closes the
	// next connection with 1000, ending the session (wsapi.go:300-307; the
	// bot is immune: bot/e2e TestStaleHeartbeatCannotEndTheSession). Raw
	// discordgo is tested here, so each fault waits for the heartbeat of
	// the connection it hits.
	srv := discordtest.New(t, discordtest.WithHeartbeatInterval(5*time.Second))
	heartbeat := func(conn int) {
		t.Helper()
		srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 1 && f.Conn == conn }, 5*time.Second)
	}
	msgs := make(chan *discordgo.MessageCreate, 4)
	resumed := make(chan struct{}, 1)
	open(t, srv.Token(), func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { msgs <- m })
		dg.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { resumed <- struct{}{} })
	})

	heartbeat(1)
	srv.CloseGateway(4000)
	// Dispatched while the client is away: kept, and replayed on RESUME.
	missed := srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{}, "<@"+discordtest.DefaultAppID+"> while away"))
	receive(t, resumed, "RESUMED")
	srv.WaitReady(t)
	if srv.Resumes() != 1 || srv.Identifies() != 1 || srv.Connections() != 2 {
		t.Errorf("resumes %d identifies %d connections %d, want 1 1 2", srv.Resumes(), srv.Identifies(), srv.Connections())
	}
	if m := receive(t, msgs, "replayed MESSAGE_CREATE"); m.ID != missed.ID || !strings.HasSuffix(m.Content, "while away") {
		t.Errorf("replayed message = %+v", m.Message)
	}

	after := srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{}, "no mention, no content intent"))
	if m := receive(t, msgs, "MESSAGE_CREATE after resume"); m.ID != after.ID || m.Content != "" || m.GuildID != discordtest.DefaultGuildID || m.Member == nil {
		t.Errorf("message after resume = %+v", m.Message)
	}
	if after.Content == "" {
		t.Error("the Server should keep the content it withheld from the client")
	}

	// Without a close frame, and when asked to with opcode 7: resumed too.
	heartbeat(2)
	srv.DropGateway()
	receive(t, resumed, "RESUMED after a dropped connection")
	heartbeat(3)
	srv.SendReconnect()
	srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 6 && f.Conn == 4 }, 5*time.Second)
	receive(t, resumed, "RESUMED after opcode 7")
	srv.WaitReady(t)
	dm := srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{DM: true}, "a DM keeps its content"))
	if m := receive(t, msgs, "DM"); m.ID != dm.ID || m.Content != "a DM keeps its content" || m.GuildID != "" || m.Member != nil {
		t.Errorf("DM = %+v", m.Message)
	}
	if srv.Resumes() != 3 || srv.Identifies() != 1 || srv.Connections() != 4 {
		t.Errorf("resumes %d identifies %d connections %d, want 3 1 4", srv.Resumes(), srv.Identifies(), srv.Connections())
	}
}

func TestMissingHeartbeatACK(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithHeartbeatInterval(40*time.Millisecond))
	open(t, srv.Token(), nil)

	srv.StopHeartbeatACK(true)
	// discordgo gives up after five intervals, closes with 1000 (which ends
	// the session), reconnects and tries to RESUME.
	srv.WaitFrame(t, isOp(6), 5*time.Second)
	srv.StopHeartbeatACK(false)
	srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 2 && f.Conn == 2 }, 5*time.Second)
	srv.WaitReady(t)
	if srv.Identifies() != 2 || srv.Resumes() != 0 {
		t.Errorf("identifies %d resumes %d, want 2 0", srv.Identifies(), srv.Resumes())
	}
}

func TestOneBasePerBinary(t *testing.T) {
	var first, firstGateway string
	t.Run("a", func(t *testing.T) {
		srv := discordtest.New(t)
		first, firstGateway = srv.APIBase(), srv.GatewayURL()
	})
	t.Run("b", func(t *testing.T) {
		srv := discordtest.New(t)
		if b := srv.APIBase(); b != first || b != discordtest.APIBase() {
			t.Errorf("bases %q %q %q differ", first, b, discordtest.APIBase())
		}
		if srv.GatewayURL() == firstGateway {
			t.Errorf("two Servers share the gateway URL %q", firstGateway)
		}
	})
}

func TestDeferredResponse(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	// No client is connected: the interaction is not delivered, but the
	// Server knows it and answers its REST calls.
	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "faq"))
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "too early"}); err == nil {
		t.Error("a follow-up before the initial response succeeded")
	}
	err = dg.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	})
	if err != nil {
		t.Fatalf("defer: %v", err)
	}
	if orig, ok := srv.Original(i.ID); !ok || orig.Flags&discordgo.MessageFlagsLoading == 0 || orig.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("deferred original = %+v", orig)
	}
	if _, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: ptr("done")}); err != nil {
		t.Fatalf("edit original: %v", err)
	}
	if orig, _ := srv.Original(i.ID); orig.Content != "done" || orig.Flags&discordgo.MessageFlagsLoading != 0 || orig.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("edited original = %+v", orig)
	}
	if m, err := dg.FollowupMessageCreate(i, false, &discordgo.WebhookParams{Content: "no wait"}); err != nil || m != nil {
		t.Errorf("follow-up without wait: %v %v", m, err)
	}
	f := srv.Followups(i.ID)
	if len(f) != 1 {
		t.Fatalf("follow-ups = %d", len(f))
	}
	if _, err := dg.FollowupMessageEdit(i, f[0].ID, &discordgo.WebhookEdit{Content: ptr("edited")}); err != nil {
		t.Errorf("edit follow-up: %v", err)
	}
	if err := dg.InteractionResponseDelete(i); err != nil {
		t.Errorf("delete original: %v", err)
	}
	if _, ok := srv.Original(i.ID); ok {
		t.Error("original still there after delete")
	}
	wrongApp := *i
	wrongApp.AppID = "1"
	var rest *discordgo.RESTError
	if _, err := dg.InteractionResponse(&wrongApp); !errors.As(err, &rest) || rest.Message.Code != 10015 {
		t.Errorf("webhook of another application: %v, want 10015", err)
	}
}

func ptr[T any](v T) *T { return &v }
