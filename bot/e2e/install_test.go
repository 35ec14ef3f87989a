package e2e_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

// A server and a channel the bot is not in, where a member who installed
// faqbot to their account asks.
const (
	elsewhere        = "1300000000000000100"
	elsewhereChannel = "1300000000000000200"
)

// hasButton reports whether m has a button whose custom id starts with
// prefix.
func hasButton(m *discordgo.Message, prefix string) bool {
	return slices.ContainsFunc(buttonIDs(m), func(id string) bool { return strings.HasPrefix(id, prefix) })
}

// Commands are registered for user installs when, and only when, the
// application supports them (the Developer Portal's Installation page):
// Discord refuses integration_types holding user install otherwise, which
// would stop the bot at start-up.
func TestCommandsFollowTheInstallSettings(t *testing.T) {
	for _, user := range []bool{false, true} {
		t.Run(map[bool]string{false: "server install only", true: "user install on"}[user], func(t *testing.T) {
			var opts []discordtest.Option
			if user {
				opts = append(opts, discordtest.WithUserInstall())
			}
			h := start(t, nil, opts...)
			byName := map[string]*discordgo.ApplicationCommand{}
			for _, c := range h.srv.Commands("") {
				byName[c.Name] = c
			}
			ask, msg, kb := byName["ask"], byName["Ask faqbot"], byName["kb"]
			if ask == nil || msg == nil || kb == nil || msg.Type != discordgo.MessageApplicationCommand {
				t.Fatalf("registered %v", byName)
			}
			wantAsk := []discordgo.ApplicationIntegrationType{0}
			if user {
				wantAsk = []discordgo.ApplicationIntegrationType{0, 1}
			}
			for _, c := range []*discordgo.ApplicationCommand{ask, msg, byName["topics"], byName["help"], byName["privacy"], byName["sources"]} {
				if c.IntegrationTypes == nil || !slices.Equal(*c.IntegrationTypes, wantAsk) {
					t.Errorf("%s integration_types = %v, want %v", c.Name, c.IntegrationTypes, wantAsk)
				}
			}
			if kb.IntegrationTypes == nil || !slices.Equal(*kb.IntegrationTypes, []discordgo.ApplicationIntegrationType{0}) ||
				kb.Contexts == nil || !slices.Equal(*kb.Contexts, []discordgo.InteractionContextType{0}) {
				t.Errorf("/kb is offered beyond servers that installed the bot: %v %v", kb.IntegrationTypes, kb.Contexts)
			}
		})
	}
}

// A member who installed faqbot to their account asks where the server
// did not install it: the answer is for them alone, with no Share, no
// Suggest an edit, no moderator alert and nothing stored; with the guild
// key (the server installed the bot too) the server's settings apply.
func TestUserInstallContexts(t *testing.T) {
	st, path := openInbox(t)
	h := start(t, func(c *bot.Config) {
		withInbox(st)(c)
		c.Discord.CrisisAlerts = true
		// Public answers here, were the server to have installed the bot.
		c.Discord.PublicChannels = []string{elsewhere}
	}, discordtest.WithUserInstall(), discordtest.WithChannels(modChannel))
	away := discordtest.Ctx{GuildID: elsewhere, ChannelID: elsewhereChannel, UserID: "1200000000000000910", Install: discordtest.InstallUser}
	noMatch := "zqxw blorf vintage carburetor"

	t.Run("with the guild key", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: "1200000000000000911", Install: discordtest.InstallBoth}
		m, _ := ask(t, h, ctx, "What is ketamine?")
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || !hasButton(m, "faq:share:") || !hasButton(m, "faq:sg:") {
			t.Errorf("answer flags %d buttons %v, want ephemeral with Share and Suggest an edit", m.Flags, buttonIDs(m))
		}
		ask(t, h, ctx, noMatch) // stored: the server installed the bot
	})
	t.Run("without the guild key", func(t *testing.T) {
		m, r := ask(t, h, away, "What is ketamine?")
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) != 1 {
			t.Fatalf("answer elsewhere = %s, want an ephemeral answer", r.Data)
		}
		if hasButton(m, "faq:share:") || hasButton(m, "faq:sg:") {
			t.Errorf("buttons elsewhere = %v, want no Share and no Suggest an edit", buttonIDs(m))
		}
		click := h.srv.SendInteraction(h.srv.ComponentClick(away, "faq:v:-:what-is-ketamine"))
		if cr := h.srv.WaitResponse(t, click.ID, wait); cr.Type == discordgo.InteractionResponseModal {
			t.Errorf("Not helpful elsewhere asks what was missing, for this server's inbox")
		}
		ask(t, h, away, noMatch)
		m, _ = ask(t, h, away, suggestionQuestion(t, h))
		if id := noneID(t, m); id != "faq:none" {
			t.Errorf("None of these elsewhere = %q, want no token (the question is not held)", id)
		}
	})
	t.Run("in a private channel and the bot's DM", func(t *testing.T) {
		for _, ctx := range []discordtest.Ctx{
			{Private: true, UserID: "1200000000000000912", Install: discordtest.InstallUser},
			{DM: true, UserID: "1200000000000000913", Install: discordtest.InstallUser},
		} {
			if m, r := ask(t, h, ctx, "Is ketamine addictive?"); m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) != 1 || hasButton(m, "faq:share:") {
				t.Errorf("answer = %s, want an ephemeral answer without Share", r.Data)
			}
		}
	})
	t.Run("crisis", func(t *testing.T) {
		before := len(h.srv.Messages(modChannel))
		m, r := ask(t, h, away, "I want to kill myself")
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "988") {
			t.Errorf("crisis elsewhere = %s, want the resources, ephemeral", r.Data)
		}
		ctx := discordtest.Ctx{UserID: "1200000000000000914", Install: discordtest.InstallBoth}
		if m, r := ask(t, h, ctx, "I want to kill myself"); m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "988") {
			t.Errorf("crisis with the guild key = %s, want the resources, ephemeral", r.Data)
		}
		alert := h.srv.WaitFor(t, discordtest.Route("POST", "/channels/"+modChannel+"/messages"), wait)
		if !strings.Contains(string(alert.Body), "/"+discordtest.DefaultGuildID+"/"+discordtest.DefaultChannelID) {
			t.Errorf("alert = %s, want a link to the default channel", alert.Body)
		}
		h.bot.Shutdown() // every handler has ended: what was posted and stored is all there is
		if n := len(h.srv.Messages(modChannel)) - before; n != 1 {
			t.Errorf("%d crisis alerts, want 1 (none for the question asked elsewhere)", n)
		}
	})
	h.bot.Shutdown()
	if rows := readRows(t, path); len(rows) != 1 || rows[0].Question != noMatch {
		t.Errorf("stored %+v, want only the question asked with the guild key", rows)
	}
}

// A bot in two servers with one moderator channel tells those moderators
// only about their own server: a crisis in the other server gets the
// resources, and no alert.
func TestCrisisAlertStaysInItsServer(t *testing.T) {
	const second, secondChannel = "1200000000000000110", "1200000000000000210"
	h := start(t, func(c *bot.Config) {
		c.Discord.ModeratorChannel = modChannel
		c.Discord.CrisisAlerts = true
	}, discordtest.WithGuilds(discordtest.DefaultGuildID, second), discordtest.WithChannels(modChannel))
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{GuildID: second, ChannelID: secondChannel}, botMention(h)+" I want to kill myself"))
	if c := h.srv.WaitFor(t, postedIn(secondChannel), wait); !strings.Contains(string(c.Body), "988") {
		t.Errorf("crisis reply in the second server = %s", c.Body)
	}
	ask(t, h, discordtest.Ctx{UserID: "1200000000000000915", GuildID: second, ChannelID: secondChannel}, "I want to kill myself")
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, botMention(h)+" I want to kill myself"))
	alert := h.srv.WaitFor(t, postedIn(modChannel), wait)
	h.bot.Shutdown() // every handler has ended
	if n := len(h.srv.Messages(modChannel)); n != 1 || !strings.Contains(string(alert.Body), "/"+discordtest.DefaultGuildID+"/") {
		t.Errorf("%d alerts (first %s), want one, about the moderators' own server", n, alert.Body)
	}
}
