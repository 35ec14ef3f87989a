package discordtest_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// userCommands registers a chat input command usable everywhere by both
// installs, one for server installs in servers only, and a message command.
func userCommands(t *testing.T, srv *discordtest.Server, dg *discordgo.Session, types []discordgo.ApplicationIntegrationType) {
	t.Helper()
	all := []discordgo.InteractionContextType{0, 1, 2}
	guild := []discordgo.InteractionContextType{0}
	server := []discordgo.ApplicationIntegrationType{0}
	_, err := dg.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{
		{Name: "faq", Description: "Ask", Contexts: &all, IntegrationTypes: &types, Options: []*discordgo.ApplicationCommandOption{}},
		{Name: "mod", Description: "Moderate", Contexts: &guild, IntegrationTypes: &server, Options: []*discordgo.ApplicationCommandOption{}},
		{Name: "Ask faqbot", Type: discordgo.MessageApplicationCommand, Contexts: &all, IntegrationTypes: &types},
	})
	if err != nil {
		t.Fatalf("register: %v", err)
	}
}

// An application that supports user installs takes commands for them, and
// its interactions name who installed it; a user-installed app answering
// in a server that did not install it is held to the user's permissions
// and to five follow-ups.
func TestUserInstall(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithUserInstall())
	got := make(chan *discordgo.Interaction, 8)
	dg := open(t, srv.Token(), func(dg *discordgo.Session) {
		dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i.Interaction })
	})
	userCommands(t, srv, dg, []discordgo.ApplicationIntegrationType{0, 1})
	app, err := dg.RequestWithBucketID("GET", discordgo.EndpointApplication("@me"), nil, "app")
	if err != nil || !strings.Contains(string(app), `"integration_types_config":{"0":`) || !strings.Contains(string(app), `"1":{"oauth2_install_params"`) {
		t.Errorf("GET /applications/@me = %v %s, want both installation contexts", err, app)
	}

	const elsewhere = "1300000000000000100"
	for _, tc := range []struct {
		name    string
		ctx     discordtest.Ctx
		owners  map[discordgo.ApplicationIntegrationType]string
		context discordgo.InteractionContextType
	}{
		{"server install", discordtest.Ctx{}, map[discordgo.ApplicationIntegrationType]string{0: discordtest.DefaultGuildID}, 0},
		{"both installs", discordtest.Ctx{Install: discordtest.InstallBoth}, map[discordgo.ApplicationIntegrationType]string{0: discordtest.DefaultGuildID, 1: discordtest.DefaultUserID}, 0},
		{"user install in another server", discordtest.Ctx{GuildID: elsewhere, Install: discordtest.InstallUser}, map[discordgo.ApplicationIntegrationType]string{1: discordtest.DefaultUserID}, 0},
		{"bot DM", discordtest.Ctx{DM: true}, map[discordgo.ApplicationIntegrationType]string{0: "0"}, 1},
		{"private channel", discordtest.Ctx{Private: true, Install: discordtest.InstallUser}, map[discordgo.ApplicationIntegrationType]string{1: discordtest.DefaultUserID}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent := srv.SendInteraction(srv.SlashCommand(tc.ctx, "faq"))
			in := receive(t, got, "interaction")
			if in.ID != sent.ID || in.Context != tc.context || fmt.Sprint(in.AuthorizingIntegrationOwners) != fmt.Sprint(tc.owners) {
				t.Errorf("context %d owners %v, want %d %v", in.Context, in.AuthorizingIntegrationOwners, tc.context, tc.owners)
			}
			if err := dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "x", Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
				t.Errorf("ephemeral answer: %v", err)
			}
		})
	}

	// In a server that did not install the app, by a member who may not
	// send messages there: only an ephemeral answer goes.
	mute := discordtest.Ctx{GuildID: elsewhere, Install: discordtest.InstallUser, Permissions: discordgo.PermissionViewChannel | discordgo.PermissionUseSlashCommands}
	i := srv.SendInteraction(srv.SlashCommand(mute, "faq"))
	<-got
	public := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "x"}}
	var rest *discordgo.RESTError
	if err := dg.InteractionRespond(i, public); !errors.As(err, &rest) || rest.Message.Code != 50013 {
		t.Errorf("public answer without Send Messages = %v, want 50013", err)
	}
	public.Data.Flags = discordgo.MessageFlagsEphemeral
	if err := dg.InteractionRespond(i, public); err != nil {
		t.Errorf("ephemeral answer without Send Messages: %v", err)
	}
	for n := 1; n <= 6; n++ {
		_, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "more", Flags: discordgo.MessageFlagsEphemeral})
		if n <= 5 && err != nil {
			t.Fatalf("follow-up %d: %v", n, err)
		}
		if n == 6 && (!errors.As(err, &rest) || rest.Message.Code != 40094) {
			t.Errorf("follow-up 6 of a user-installed app = %v, want 40094", err)
		}
	}
}

// recordingTB is a testing.TB that keeps the errors a Server reports
// instead of failing the test.
type recordingTB struct {
	*testing.T
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errs) == 0 {
		return ""
	}
	return r.errs[len(r.errs)-1]
}

// SendInteraction refuses an interaction Discord would never send: a
// command used where it is not registered for, a user install the
// application does not support, a private channel reached by a server
// install.
func TestInteractionsDiscordWouldNotSend(t *testing.T) {
	for _, tc := range []struct {
		name        string
		userInstall bool
		types       []discordgo.ApplicationIntegrationType
		ctx         discordtest.Ctx
		command     string
		want        string
	}{
		{"a guild-only command in a DM", true, []discordgo.ApplicationIntegrationType{0, 1}, discordtest.Ctx{DM: true}, "mod", "interaction context 1"},
		{"a server-install command by a user install", true, []discordgo.ApplicationIntegrationType{0, 1}, discordtest.Ctx{Install: discordtest.InstallUser}, "mod", "integration_types"},
		{"a command without user install in a private channel", true, []discordgo.ApplicationIntegrationType{0}, discordtest.Ctx{Private: true, Install: discordtest.InstallUser}, "faq", "integration_types"},
		{"a user install the app does not support", false, []discordgo.ApplicationIntegrationType{0}, discordtest.Ctx{Install: discordtest.InstallUser}, "faq", "does not support user installs"},
		{"a server install in a private channel", true, []discordgo.ApplicationIntegrationType{0, 1}, discordtest.Ctx{Private: true}, "faq", "private channel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recordingTB{T: t}
			var opts []discordtest.Option
			if tc.userInstall {
				opts = append(opts, discordtest.WithUserInstall())
			}
			srv := discordtest.New(rec, opts...)
			dg, err := discordgo.New("Bot " + srv.Token())
			if err != nil {
				t.Fatal(err)
			}
			userCommands(t, srv, dg, tc.types)
			if i := srv.SendInteraction(srv.SlashCommand(tc.ctx, tc.command)); i != nil {
				t.Errorf("SendInteraction sent it")
			}
			if got := rec.last(); !strings.Contains(got, tc.want) {
				t.Errorf("reported %q, want it to mention %q", got, tc.want)
			}
		})
	}
}

// A message command carries its target message whole, its text included,
// though guild messages arrive without text to a bot lacking the Message
// Content intent.
func TestMessageCommandCarriesTheTarget(t *testing.T) {
	srv := discordtest.New(t)
	created := make(chan *discordgo.MessageCreate, 1)
	got := make(chan *discordgo.Interaction, 1)
	dg := open(t, srv.Token(), func(dg *discordgo.Session) {
		dg.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { created <- m })
		dg.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i.Interaction })
	})
	userCommands(t, srv, dg, []discordgo.ApplicationIntegrationType{0})
	target := srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{UserID: "1200000000000000333"}, "is ketamine addictive?"))
	if m := receive(t, created, "MESSAGE_CREATE"); m.Content != "" {
		t.Errorf("MESSAGE_CREATE without the intent has content %q", m.Content)
	}
	srv.SendInteraction(srv.MessageCommand(discordtest.Ctx{}, "Ask faqbot", target.ID))
	in := receive(t, got, "message command")
	d := in.ApplicationCommandData()
	if d.CommandType != discordgo.MessageApplicationCommand || d.TargetID != target.ID || d.Resolved == nil {
		t.Fatalf("data = %+v", d)
	}
	if m := d.Resolved.Messages[target.ID]; m == nil || m.Content != "is ketamine addictive?" || m.Author.ID != "1200000000000000333" {
		t.Errorf("resolved target = %+v", m)
	}
}

// A disabled button cannot be clicked: Discord's client does not send it.
func TestDisabledButtonNotClicked(t *testing.T) {
	rec := &recordingTB{T: t}
	srv := discordtest.New(rec)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dg.ChannelMessageSendComplex(discordtest.DefaultChannelID, &discordgo.MessageSend{Content: "x",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Shared", CustomID: "off", Disabled: true},
			discordgo.Button{Label: "On", CustomID: "on"},
		}}}}); err != nil {
		t.Fatal(err)
	}
	if i := srv.SendInteraction(srv.ComponentClick(discordtest.Ctx{}, "off")); i != nil || !strings.Contains(rec.last(), "disabled") {
		t.Errorf("a click on a disabled button was sent (%q)", rec.last())
	}
	if i := srv.SendInteraction(srv.ComponentClick(discordtest.Ctx{}, "on")); i == nil {
		t.Errorf("a click on an enabled button was not sent: %q", rec.last())
	}
}
