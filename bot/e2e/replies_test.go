package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/config"
)

// deleteID returns the "Delete" custom id of m, or "".
func deleteID(m *discordgo.Message) string {
	for _, id := range buttonIDs(m) {
		if strings.HasPrefix(id, "faq:del:") {
			return id
		}
	}
	return ""
}

// stillThere reports whether the message id is kept and not deleted.
func stillThere(h *harness, channel, id string) bool {
	for _, m := range h.srv.Messages(channel) {
		if m.ID == id {
			return true
		}
	}
	return false
}

// The member a public reply answers, and only they, can delete it with its
// button: a reply to their mention, or the answer they shared. The button
// does not show who they are. A crisis reply has no button at all.
func TestDeleteMyReply(t *testing.T) {
	h := start(t, nil)
	asker := discordtest.Ctx{UserID: "1200000000000000940"}
	other := discordtest.Ctx{UserID: "1200000000000000941"}

	deleteAs := func(t *testing.T, who discordtest.Ctx, reply *discordgo.Message) discordtest.InteractionResponse {
		t.Helper()
		click := h.srv.ComponentClick(who, deleteID(reply))
		click.Message = &discordgo.Message{ID: reply.ID, ChannelID: reply.ChannelID}
		return h.srv.WaitResponse(t, h.srv.SendInteraction(click).ID, wait)
	}
	check := func(t *testing.T, reply *discordgo.Message) {
		t.Helper()
		if deleteID(reply) == "" || strings.Contains(deleteID(reply), asker.UserID) {
			t.Fatalf("buttons %v: want a Delete that does not name the asker", buttonIDs(reply))
		}
		r := deleteAs(t, other, reply)
		if m, _ := r.Message(); m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "Only the person who asked") {
			t.Errorf("Delete by another member = %s", r.Data)
		}
		if !stillThere(h, reply.ChannelID, reply.ID) {
			t.Fatal("another member deleted the reply")
		}
		if r := deleteAs(t, asker, reply); r.Type != discordgo.InteractionResponseDeferredMessageUpdate {
			t.Errorf("Delete by the asker answered %d, want a deferred update (6)", r.Type)
		}
		h.srv.WaitFor(t, discordtest.Route("DELETE", "/channels/"+reply.ChannelID+"/messages/"+reply.ID), wait)
		if stillThere(h, reply.ChannelID, reply.ID) {
			t.Error("the asker's Delete left the reply")
		}
	}

	t.Run("a reply to a mention", func(t *testing.T) {
		um := h.srv.SendMessageCreate(h.srv.UserMessage(asker, botMention(h)+" is ketamine addictive?"))
		c := h.srv.WaitFor(t, postedIn(discordtest.DefaultChannelID), wait)
		var sent discordgo.Message
		if err := c.DecodeResponse(&sent); err != nil || sent.MessageReference == nil || sent.MessageReference.MessageID != um.ID {
			t.Fatalf("reply %s: %v", c, err)
		}
		check(t, &sent)
	})
	t.Run("a shared answer", func(t *testing.T) {
		i := h.srv.SendInteraction(h.srv.SlashCommand(asker, "ask", discordtest.StringOption("question", "What is ketamine?")))
		h.srv.WaitResponse(t, i.ID, wait)
		before := len(h.srv.CallsMatching(postedIn(discordtest.DefaultChannelID)))
		click := h.srv.SendInteraction(h.srv.ComponentClick(asker, "faq:share:what-is-ketamine"))
		h.srv.WaitFor(t, discordtest.Route("PATCH", "/webhooks/*/"+click.Token+"/messages/@original"), wait)
		orig, _ := h.srv.Original(click.ID)
		if b, _ := json.Marshal(orig.Components); !strings.Contains(string(b), `"label":"Shared in channel","style":2,"disabled":true,"custom_id":"faq:share:what-is-ketamine"`) {
			t.Errorf("the asker's answer after sharing: %s, want Share grey and disabled", b)
		}
		posts := h.srv.CallsMatching(postedIn(discordtest.DefaultChannelID))
		if len(posts) != before+1 {
			t.Fatalf("%d posts, want one more", len(posts))
		}
		var shared discordgo.Message
		if err := posts[before].DecodeResponse(&shared); err != nil {
			t.Fatal(err)
		}
		check(t, &shared)
	})
	t.Run("no button under a crisis reply, nor in a DM", func(t *testing.T) {
		for _, ctx := range []discordtest.Ctx{{UserID: "1200000000000000942"}, {UserID: "1200000000000000943", DM: true}} {
			text := "I want to kill myself"
			if ctx.DM {
				text = "is ketamine addictive?"
			} else {
				text = botMention(h) + " " + text
			}
			um := h.srv.SendMessageCreate(h.srv.UserMessage(ctx, text))
			c := h.srv.WaitFor(t, func(c discordtest.Call) bool {
				return postedIn(um.ChannelID)(c) && strings.Contains(string(c.Body), um.ID)
			}, wait)
			if strings.Contains(string(c.Body), "faq:del:") {
				t.Errorf("reply in %s has Delete: %s", um.ChannelID, c.Body)
			}
		}
	})
}

// "Not helpful" asks, in a short optional form, what was missing; what the
// member writes goes to the inbox as a question the entry did not answer,
// without their id; a crisis written there gets the crisis reply and is not
// stored.
func TestNotHelpfulAsksWhatWasMissing(t *testing.T) {
	st, path := openInbox(t)
	h := start(t, withInbox(st))
	member := discordtest.Ctx{UserID: "1200000000000000950"}
	form := func(t *testing.T) *discordgo.Interaction {
		t.Helper()
		i := h.srv.SendInteraction(h.srv.SlashCommand(member, "ask", discordtest.StringOption("question", "What is esketamine?")))
		h.srv.WaitResponse(t, i.ID, wait)
		click := h.srv.SendInteraction(h.srv.ComponentClick(member, "faq:v:-:esketamine"))
		if r := h.srv.WaitResponse(t, click.ID, wait); r.Type != discordgo.InteractionResponseModal || !strings.Contains(string(r.Data), `"custom_id":"faq:nh:esketamine"`) {
			t.Fatalf("Not helpful answered %d %s, want the form", r.Type, r.Data)
		}
		return click
	}
	submit := func(t *testing.T, click *discordgo.Interaction, text string) *discordgo.Message {
		t.Helper()
		i, err := h.srv.SubmitModal(member, click.ID, map[string]string{"missing": text})
		if err != nil {
			t.Fatal(err)
		}
		m, _ := h.srv.WaitResponse(t, h.srv.SendInteraction(i).ID, wait).Message()
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("reply to the form is public: %q", m.Content)
		}
		return m
	}
	if m := submit(t, form(t), "how long one treatment lasts"); !strings.Contains(m.Content, "Thank you") {
		t.Errorf("reply = %q", m.Content)
	}
	if m := submit(t, form(t), ""); !strings.Contains(m.Content, "Thanks") {
		t.Errorf("reply to an empty form = %q", m.Content)
	}
	if m := submit(t, form(t), "none of this helps, i want to kill myself"); !strings.Contains(m.Content, "988") {
		t.Errorf("reply to a crisis = %q, want the resources", m.Content)
	}
	h.bot.Shutdown() // every handler has ended
	rows := readRows(t, path)
	if len(rows) != 1 || rows[0].Question != "how long one treatment lasts" || rows[0].Nearest != "esketamine" || rows[0].Kind != "no_match" {
		t.Errorf("stored %+v, want only what was missing, nearest esketamine", rows)
	}
	if strings.Contains(dumpDB(t, path), member.UserID) {
		t.Error("the database holds the member's id")
	}
}

// Autocomplete always sends "choices" (an empty list for no match, which
// discordgo would drop); typed crisis text is offered as the one choice,
// and submitting it gets the crisis reply, privately.
func TestAutocompleteBodies(t *testing.T) {
	h := start(t, nil)
	typeIn := func(t *testing.T, typed string) (discordtest.Call, []*discordgo.ApplicationCommandOptionChoice) {
		t.Helper()
		i := h.srv.SendInteraction(h.srv.Autocomplete(discordtest.Ctx{}, "ask", discordtest.Focused(discordtest.StringOption("question", typed))))
		c := h.srv.WaitFor(t, discordtest.Route("POST", "/interactions/"+i.ID+"/*/callback"), wait)
		if c.Status != 204 {
			t.Fatalf("autocomplete refused: %s", c)
		}
		choices, err := h.srv.WaitResponse(t, i.ID, wait).Choices()
		if err != nil {
			t.Fatal(err)
		}
		return c, choices
	}
	if c, choices := typeIn(t, "zzzzqqq"); len(choices) != 0 || !strings.Contains(string(c.Body), `"choices":[]`) {
		t.Errorf("no match: body %s, want \"choices\":[]", c.Body)
	}
	story := strings.Repeat("work has been ok and my family is fine most days. ", 3) + "but tonight i want to kill myself"
	for _, typed := range []string{"i want to kill myself", story} {
		_, choices := typeIn(t, typed)
		if len(choices) != 1 {
			t.Fatalf("crisis typed: %d choices, want one", len(choices))
		}
		v, _ := choices[0].Value.(string)
		if len([]rune(v)) > 100 || !strings.HasPrefix(typed, strings.TrimSuffix(choices[0].Name, "…")) {
			t.Errorf("choice %q = %q, want the typed text", choices[0].Name, v)
		}
		m, r := ask(t, h, discordtest.Ctx{UserID: "1200000000000000960"}, v)
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "988") {
			t.Errorf("submitting the choice = %s, want the crisis reply, ephemeral", r.Data)
		}
	}
}

// Where answers are public, a crisis reply to /ask is still seen by the
// asker alone, with the moderators' alert; slow, it is deferred privately,
// and a public answer after a private deferral goes as a public follow-up.
func TestCrisisAskIsPrivate(t *testing.T) {
	public := func(c *bot.Config) {
		c.Discord.PublicChannels = []string{discordtest.DefaultChannelID}
		c.Discord.ModeratorChannel = modChannel
		c.Discord.CrisisAlerts = true
	}
	t.Run("answered at once", func(t *testing.T) {
		h := start(t, public, discordtest.WithChannels(modChannel))
		if m, r := ask(t, h, discordtest.Ctx{UserID: "1200000000000000970"}, "What is ketamine?"); m.Flags&discordgo.MessageFlagsEphemeral != 0 || len(m.Embeds) != 1 {
			t.Errorf("answer in a public channel = %s, want public", r.Data)
		}
		if m, r := ask(t, h, discordtest.Ctx{UserID: "1200000000000000971"}, "I want to kill myself"); m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "988") {
			t.Errorf("crisis in a public channel = %s, want ephemeral", r.Data)
		}
		alert := h.srv.WaitFor(t, postedIn(modChannel), wait)
		if !strings.Contains(string(alert.Body), "https://discord.com/channels/"+discordtest.DefaultGuildID+"/"+discordtest.DefaultChannelID) || strings.Contains(string(alert.Body), "kill") {
			t.Errorf("alert = %s", alert.Body)
		}
	})
	t.Run("deferred", func(t *testing.T) {
		srv := discordtest.New(t, discordtest.WithToken(secretToken), discordtest.WithChannels(modChannel))
		cfg := bot.Config{Discord: config.Default().Discord, DeferAfter: 20 * time.Millisecond}
		public(&cfg)
		runBot(t, bot.New(newLogger(t), slowKB{embeddedStoreTB(t), 200 * time.Millisecond}, cfg), srv)
		srv.WaitFor(t, discordtest.Route("PUT", "/applications/*/commands"), wait)

		i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{UserID: "1200000000000000972"}, "ask", discordtest.StringOption("question", "I want to kill myself")))
		if m, _ := srv.WaitResponse(t, i.ID, wait).Message(); m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("deferral of a crisis is public")
		}
		srv.WaitFor(t, discordtest.Route("PATCH", "/webhooks/*/"+i.Token+"/messages/@original"), wait)
		if m, _ := srv.Original(i.ID); !strings.Contains(m.Content, "988") || m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(srv.Followups(i.ID)) != 0 {
			t.Errorf("deferred crisis reply = %+v with %d follow-ups, want the resources, privately, and nothing else", m, len(srv.Followups(i.ID)))
		}

		i = srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{UserID: "1200000000000000973"}, "ask", discordtest.StringOption("question", "What is ketamine?")))
		srv.WaitFor(t, discordtest.Route("POST", "/webhooks/*/"+i.Token), wait)
		f := srv.Followups(i.ID)
		if len(f) != 1 || f[0].Flags&discordgo.MessageFlagsEphemeral != 0 || len(f[0].Embeds) != 1 {
			t.Errorf("follow-ups = %+v, want the answer, public", f)
		}
		if m, _ := srv.Original(i.ID); m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "for everyone") {
			t.Errorf("deferral = %+v, want a private note", m)
		}
	})
}
