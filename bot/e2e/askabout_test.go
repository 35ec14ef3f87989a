package e2e_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

// askAbout runs "Ask faqbot" on a message as ctx and returns the reply.
func askAbout(t *testing.T, h *harness, ctx discordtest.Ctx, target *discordgo.Message) (*discordgo.Message, discordtest.InteractionResponse) {
	t.Helper()
	i := h.srv.SendInteraction(h.srv.MessageCommand(ctx, "Ask faqbot", target.ID))
	r := h.srv.WaitResponse(t, i.ID, wait)
	m, err := r.Message()
	if err != nil {
		t.Fatal(err)
	}
	return m, r
}

// "Ask faqbot" on a message answers its text (which the bot does not
// otherwise see: it has no Message Content intent) for the member who used
// it alone. On a crisis message, that member gets the resources and how to
// help, the moderators a link to the message, and nobody a quote of it.
// Nothing is stored: the message's author did not ask the bot.
func TestMessageCommand(t *testing.T) {
	st, path := openInbox(t)
	h := start(t, func(c *bot.Config) {
		withInbox(st)(c)
		c.Discord.CrisisAlerts = true
		c.Discord.Ephemeral = false // public answers in channels: the command's stay private
	}, discordtest.WithChannels(modChannel))
	author := discordtest.Ctx{UserID: "1200000000000000920", Username: "writer"}
	helper := discordtest.Ctx{UserID: "1200000000000000921"}
	posts := len(h.srv.CallsMatching(postMessage))

	t.Run("a question", func(t *testing.T) {
		target := h.srv.SendMessageCreate(h.srv.UserMessage(author, "is ketamine addictive?"))
		m, r := askAbout(t, h, helper, target)
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "addiction-risk") {
			t.Errorf("reply = %s, want the addiction-risk answer, ephemeral", r.Data)
		}
		checkNoMentions(t, r.Data)
	})
	t.Run("a message about a crisis", func(t *testing.T) {
		target := h.srv.SendMessageCreate(h.srv.UserMessage(author, "honestly i want to kill myself tonight"))
		m, r := askAbout(t, h, helper, target)
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Components) != 0 || len(m.Embeds) != 0 {
			t.Errorf("crisis reply = %s, want plain text for the helper alone", r.Data)
		}
		for _, want := range []string{"sounds like someone may be in danger", "988", "911"} {
			if !strings.Contains(m.Content, want) {
				t.Errorf("crisis reply lacks %q: %s", want, m.Content)
			}
		}
		alert := h.srv.WaitFor(t, discordtest.Route("POST", "/channels/"+modChannel+"/messages"), wait)
		link := "https://discord.com/channels/" + discordtest.DefaultGuildID + "/" + discordtest.DefaultChannelID + "/" + target.ID
		if !strings.Contains(string(alert.Body), link) {
			t.Errorf("alert = %s, want the jump link %s", alert.Body, link)
		}
		for _, leak := range []string{"kill", "tonight", "writer", author.UserID, helper.UserID} {
			if strings.Contains(string(alert.Body), leak) {
				t.Errorf("alert contains %q: %s", leak, alert.Body)
			}
		}
	})
	t.Run("a crisis is answered past the rate limit", func(t *testing.T) {
		busy := discordtest.Ctx{UserID: "1200000000000000922"}
		q := h.srv.SendMessageCreate(h.srv.UserMessage(author, "what is ketamine?"))
		for range 6 {
			askAbout(t, h, busy, q)
		}
		if m, _ := askAbout(t, h, busy, q); !strings.Contains(m.Content, "please wait") {
			t.Fatalf("7th question in a row = %q, want the rate limit", m.Content)
		}
		crisis := h.srv.SendMessageCreate(h.srv.UserMessage(author, "i took too many pills and cant breathe"))
		if m, r := askAbout(t, h, busy, crisis); !strings.Contains(m.Content, "911") {
			t.Errorf("crisis past the rate limit = %s", r.Data)
		}
	})
	t.Run("a message without text", func(t *testing.T) {
		target := h.srv.SendMessageCreate(&discordgo.Message{ChannelID: discordtest.DefaultChannelID, Author: &discordgo.User{ID: author.UserID},
			Embeds: []*discordgo.MessageEmbed{{Title: "a link preview"}}})
		if m, _ := askAbout(t, h, helper, target); m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "no text") {
			t.Errorf("reply = %q, want that the message has no text", m.Content)
		}
	})
	h.bot.Shutdown() // every handler has ended
	for _, c := range h.srv.CallsMatching(postMessage)[posts:] {
		if !strings.Contains(c.Path, modChannel) {
			t.Errorf("posted in a channel: %s", c)
		}
	}
	if rows := readRows(t, path); len(rows) != 0 {
		t.Errorf("stored %+v, want nothing", rows)
	}
}
