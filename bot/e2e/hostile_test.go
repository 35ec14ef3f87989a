package e2e_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

// marker is in every hostile question: no reply may contain it, as no
// reply may echo what a user typed.
const marker = "ZQX7marker"

// evil is a host no knowledge file links to.
const evil = "evil.example"

// messageBodies returns the message bodies the bot sent in a REST call:
// channel messages, interaction responses, follow-ups and edits.
func messageBodies(c discordtest.Call) []json.RawMessage {
	if len(c.Body) == 0 || c.Status >= 300 {
		return nil
	}
	segs := strings.Split(strings.Trim(c.Path, "/"), "/")
	switch {
	case len(segs) == 4 && segs[0] == "interactions" && segs[3] == "callback":
		var r struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(c.Body, &r) != nil || len(r.Data) == 0 {
			return nil
		}
		switch discordgo.InteractionResponseType(r.Type) {
		case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage,
			discordgo.InteractionResponseDeferredChannelMessageWithSource:
			return []json.RawMessage{r.Data}
		}
		return nil
	case segs[0] == "webhooks" && (c.Method == "PATCH" || c.Method == "POST"),
		segs[0] == "channels" && len(segs) == 3 && segs[2] == "messages" && c.Method == "POST":
		return []json.RawMessage{c.Body}
	}
	return nil
}

// checkEveryMessage checks every message the bot has sent so far: none
// parses mentions, and none repeats a hostile question's text or links to
// a host the knowledge base does not name. It returns how many it checked.
func checkEveryMessage(t *testing.T, srv *discordtest.Server) int {
	t.Helper()
	n := 0
	for _, c := range srv.Calls() {
		for _, body := range messageBodies(c) {
			n++
			var m struct {
				Content string `json:"content"`
				Embeds  []any  `json:"embeds"`
			}
			json.Unmarshal(body, &m)
			if m.Content != "" || len(m.Embeds) > 0 {
				checkNoMentions(t, body)
			}
			for _, bad := range []string{marker, evil} {
				if bytes.Contains(body, []byte(bad)) {
					t.Errorf("%s %s: the bot's message contains %q: %s", c.Method, c.Path, bad, body)
				}
			}
		}
	}
	return n
}

// hostileQuestions mix pings, masked links and Markdown that breaks out of
// code blocks with questions the bot answers, suggests on or cannot match.
var hostileQuestions = []string{
	"@everyone @here <@&1200000000000000999> <@1200000000000000888> [click me](http://" + evil + "/phish) " + marker + " what is ketamine?",
	"```\n</code>@everyone``` " + marker + " is ketamine addictive ``` [x](https://" + evil + ")",
	"||@here|| > quote\n# heading " + marker + " side effects of prednisone",
	marker + " [is ketamine addictive](http://" + evil + ") ` ` `` ``` ~~ __ **",
	"<@!" + discordtest.DefaultUserID + "> <#1200000000000000200> <t:1700000000> " + marker + " ketamine problems",
	"https://" + evil + "/x " + marker + " hello",
}

// TestHostileQuestionsNeverPingOrEcho sends the hostile questions as
// mentions, DMs and /ask: every message the bot sends parses no mentions,
// and none repeats the question or links to the hostile host.
func TestHostileQuestionsNeverPingOrEcho(t *testing.T) {
	h := start(t, nil)
	for i, q := range hostileQuestions {
		um := mention(h, user(600+i), q)
		replyTo(t, h, um)
		dm := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: user(610 + i), DM: true}, q))
		replyTo(t, h, dm)
		ix := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: user(620 + i)}, "ask", discordtest.StringOption("question", q)))
		h.srv.WaitResponse(t, ix.ID, wait)
	}
	time.Sleep(100 * time.Millisecond)
	if n := checkEveryMessage(t, h.srv); n < 3*len(hostileQuestions) {
		t.Errorf("checked %d messages, want at least %d", n, 3*len(hostileQuestions))
	}
}

// TestHostileKnowledgeNeverPings: a knowledge file with pings and Markdown
// tricks in its title and answer reaches Discord with no mention parsed.
func TestHostileKnowledgeNeverPings(t *testing.T) {
	h := start(t, nil)
	entry := `---
title: Can zebrafish @everyone help research on opioid use?
questions:
  - do zebrafish <@&1200000000000000999> studies matter
keywords: [zebrafish]
sources: [jhu-ketamine-2024]
reviewed: 2026-11-01
---
@everyone @here <@&1200000000000000999> <@1200000000000000888> Researchers study many animals.
` + "```" + `
</code> @everyone
` + "```" + `
See [the study](https://publichealth.jhu.edu/2024/what-to-know-about-ketamine) for more.
`
	if err := os.WriteFile(filepath.Join(h.dir, "faq", "zebrafish.md"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	if probs, err := h.store.Reload(); err != nil {
		t.Fatalf("reload: %v\n%v", err, probs)
	}
	um := mention(h, user(700), "can zebrafish help research on opioid use?")
	c := replyTo(t, h, um)
	if m := decodeMsg(t, c); len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "@everyone") {
		t.Fatalf("the hostile entry was not the answer: %s", c.Body)
	}
	ix := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: user(701)}, "ask", discordtest.StringOption("question", "zebrafish")))
	h.srv.WaitResponse(t, ix.ID, wait)
	checkEveryMessage(t, h.srv)
}

// crisisDisguises are crisis messages as people type them, or as a filter
// evader would: they must all reach the crisis reply through Discord.
var crisisDisguises = map[string]string{
	"spaced letters":     "i want to k i l l myself",
	"digits for letters": "i feel su1cidal tonight",
	"overdose in leet":   "my friend took too much, i think its an 0verdose",
	"zero-width":         "i want to ki\u200bll my\u200dself",
	"bidi controls":      "\u202ei want to kill myself\u202c",
	"homoglyphs":         "i want to kіll myѕelf", // Cyrillic і and ѕ
	"spacing tricks":     "I   want\tto   k-i-l-l    myself",
	"invalid UTF-8":      "i want to kill myself \xff\xfe\xfd",
	"4,000+ characters":  strings.Repeat("ketamine and opioid questions ", 140) + "and honestly i want to kill myself",
}

// TestCrisisDisguisesThroughDiscord: every disguise gets the crisis reply,
// as a mention, a DM and (when it fits /ask's 500 characters) /ask.
func TestCrisisDisguisesThroughDiscord(t *testing.T) {
	h := start(t, nil)
	if n := len(crisisDisguises["4,000+ characters"]); n < 4000 {
		t.Fatalf("long message is %d characters", n)
	}
	isCrisis := func(content string) bool { return strings.Contains(content, "988") && strings.Contains(content, "911") }
	n := 0
	for name, q := range crisisDisguises {
		t.Run(name, func(t *testing.T) {
			n++
			um := mention(h, user(800+n), q)
			if m := decodeMsg(t, replyTo(t, h, um)); !isCrisis(m.Content) {
				t.Errorf("mention: not the crisis reply: %q", m.Content)
			}
			dm := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: user(850 + n), DM: true}, q))
			if m := decodeMsg(t, replyTo(t, h, dm)); !isCrisis(m.Content) {
				t.Errorf("DM: not the crisis reply: %q", m.Content)
			}
			if len([]rune(q)) > 500 {
				return // Discord stops /ask at 500 characters
			}
			ix := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: user(900 + n)}, "ask", discordtest.StringOption("question", q)))
			if m, _ := h.srv.WaitResponse(t, ix.ID, wait).Message(); m == nil || !isCrisis(m.Content) {
				t.Errorf("/ask: not the crisis reply: %+v", m)
			}
		})
	}
}

// folderHash hashes every file of a folder, to see that nothing changed.
func folderHash(t *testing.T, dir string) string {
	t.Helper()
	hash := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(hash, "%s %d %x\n", p, len(b), sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", hash.Sum(nil))
}

// TestForgedInteractions sends interactions no honest client would: buttons
// with tampered custom ids or ids of entries that do not exist, moderator
// commands from members, and interactions from a server or channel the bot
// is not configured for. Each is refused, privately, is logged, and
// changes nothing: no vote, no reload, no edit of the knowledge folder, no
// message in a channel.
func TestForgedInteractions(t *testing.T) {
	const (
		modRole      = "1200000000000000500"
		otherGuild   = "1200000000000000101"
		otherChannel = "1200000000000000201"
		modChannel   = "1200000000000000202"
	)
	h := start(t, func(c *bot.Config) {
		c.Discord.ModeratorRoles = []string{modRole}
		c.Discord.AllowedGuilds = []string{discordtest.DefaultGuildID}
		c.Discord.AllowedChannels = []string{discordtest.DefaultChannelID}
	}, discordtest.WithGuilds(discordtest.DefaultGuildID, otherGuild), discordtest.WithChannels(otherChannel, modChannel))

	// A real answer, with real buttons, to click on.
	ask := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: user(1000)}, "ask", discordtest.StringOption("question", "What is ketamine?")))
	h.srv.WaitResponse(t, ask.ID, wait)
	anchor, ok := h.srv.Original(ask.ID)
	if !ok {
		t.Fatal("no answer to click on")
	}

	type state struct {
		votes    map[string]bot.Votes
		loadedAt time.Time
		folder   string
		posts    int
	}
	snapshot := func() state {
		return state{h.bot.Feedback(), h.store.Status().LoadedAt, folderHash(t, h.dir), len(h.srv.CallsMatching(postMessage))}
	}
	before := snapshot()
	refused := func(t *testing.T, ix *discordgo.Interaction, want string) {
		t.Helper()
		r := h.srv.WaitResponse(t, ix.ID, wait)
		if r.Type == discordgo.InteractionApplicationCommandAutocompleteResult {
			if choices, _ := r.Choices(); len(choices) != 0 {
				t.Errorf("autocomplete answered with %d choices", len(choices))
			}
			return
		}
		m, err := r.Message()
		if err != nil {
			t.Fatal(err)
		}
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) != 0 || !strings.Contains(m.Content, want) {
			t.Errorf("response %d %s, want a private %q", r.Type, r.Data, want)
		}
	}
	click := func(ctx discordtest.Ctx, customID string, values ...string) *discordgo.Interaction {
		c := h.srv.ComponentClick(ctx, customID, values...)
		c.Message = &discordgo.Message{ID: anchor.ID, ChannelID: anchor.ChannelID}
		return h.srv.SendInteraction(c)
	}

	t.Run("tampered custom ids", func(t *testing.T) {
		for _, id := range []string{
			"faq:v:+:no-such-entry", "faq:v:*:what-is-ketamine", "faq:v:+:what-is-ketamine:extra",
			"faq:s:../../knowledge/data/faq/what-is-ketamine", "faq:r:WHAT-IS-KETAMINE", "faq:share:what-is-ketamine\x00",
			"faq:s:what-is-ketamine/../x", "faq:r:" + strings.Repeat("a", 120), "faq:", "faq:topic:x", "faq:none:forged-token-x",
			"other:v:+:what-is-ketamine", "", "faq:v:+:", "faq:share:<@&1>",
		} {
			ix := click(discordtest.Ctx{UserID: user(1001)}, id)
			r := h.srv.WaitResponse(t, ix.ID, wait)
			if m, _ := r.Message(); m != nil && len(m.Embeds) > 0 {
				t.Errorf("custom id %q opened an answer: %s", id, r.Data)
			}
		}
		refused(t, click(discordtest.Ctx{UserID: user(1002)}, "faq:topic:0", "../../etc/passwd"), "no longer available")
		refused(t, click(discordtest.Ctx{UserID: user(1003)}, "faq:v:+:no-such-entry"), "no longer available")
		// A well-formed "Add as phrasing" button, clicked by a member.
		refused(t, click(discordtest.Ctx{UserID: user(1004)}, "faq:ph:AAAAAAAAAAAAAAAA:what-is-ketamine"), "Only moderators")
		refused(t, click(discordtest.Ctx{UserID: user(1005)}, "faq:ph:forged:what-is-ketamine"), "no longer available")
	})

	t.Run("members running /kb", func(t *testing.T) {
		for _, ctx := range []discordtest.Ctx{
			{UserID: user(1010)}, // no role
			{UserID: user(1011), Permissions: discordgo.PermissionManageGuild}, // roles are configured: Manage Server is not enough (Administrator is: TestIsModerator)
			{UserID: user(1012), Roles: []string{"1200000000000000501"}},       // another role
		} {
			for _, sub := range []string{"reload", "status", "gaps"} {
				refused(t, h.srv.SendInteraction(h.srv.SlashCommand(ctx, "kb", discordtest.SubCommand(sub))), "Only moderators")
			}
		}
		dm := h.srv.SlashCommand(discordtest.Ctx{UserID: user(1013)}, "kb", discordtest.SubCommand("reload"))
		dm.GuildID, dm.User, dm.Member = "", &discordgo.User{ID: user(1013)}, nil // a DM, on a forged client
		dm.ChannelID = h.srv.DMChannelID(user(1013))
		ix := h.srv.SendForgedInteraction(dm) // Discord offers /kb only in servers
		if m, _ := h.srv.WaitResponse(t, ix.ID, wait).Message(); m == nil || m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) > 0 {
			t.Errorf("/kb in a DM: %+v", m)
		}
	})

	t.Run("outside the allow-list", func(t *testing.T) {
		for _, where := range []discordtest.Ctx{
			{GuildID: otherGuild, UserID: user(1020), Roles: []string{modRole}},
			{ChannelID: otherChannel, UserID: user(1021)},
		} {
			refused(t, h.srv.SendInteraction(h.srv.SlashCommand(where, "ask", discordtest.StringOption("question", "What is ketamine?"))), "don't answer in this channel")
			refused(t, h.srv.SendInteraction(h.srv.SlashCommand(where, "help")), "don't answer in this channel")
			refused(t, h.srv.SendInteraction(h.srv.SlashCommand(where, "topics")), "don't answer in this channel")
			refused(t, h.srv.SendInteraction(h.srv.Autocomplete(where, "ask", discordtest.Focused(discordtest.StringOption("question", "ket")))), "")
			for _, id := range []string{"faq:v:+:what-is-ketamine", "faq:none", "faq:r:what-is-ketamine", "faq:share:what-is-ketamine", "faq:s:what-is-ketamine"} {
				refused(t, click(where, id), "don't answer in this channel")
			}
		}
		// A moderator of another server.
		refused(t, h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{GuildID: otherGuild, UserID: user(1022), Roles: []string{modRole}}, "kb", discordtest.SubCommand("reload"))), "don't answer in this channel")
		if !strings.Contains(logs.String(), `"interaction refused: not allowed here"`) {
			t.Errorf("refusals not logged")
		}
	})

	time.Sleep(100 * time.Millisecond)
	after := snapshot()
	if !reflect.DeepEqual(after.votes, before.votes) {
		t.Errorf("votes changed: %v → %v", before.votes, after.votes)
	}
	if !after.loadedAt.Equal(before.loadedAt) {
		t.Errorf("the knowledge base was reloaded")
	}
	if after.folder != before.folder {
		t.Errorf("the knowledge folder changed")
	}
	if after.posts != before.posts {
		t.Errorf("%d messages posted in channels", after.posts-before.posts)
	}
	checkEveryMessage(t, h.srv)

	// Moderator tools are checked by server only: a moderator may use them
	// in a channel where members do not ask.
	t.Run("moderator in the moderators' channel", func(t *testing.T) {
		ix := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{ChannelID: modChannel, UserID: user(1030), Roles: []string{modRole}}, "kb", discordtest.SubCommand("status")))
		m, _ := h.srv.WaitResponse(t, ix.ID, wait).Message()
		if m == nil || !strings.Contains(m.Content, "entries") {
			t.Errorf("/kb status by a moderator: %+v", m)
		}
	})
}

// Where the bot is not set up — another channel, or a DM when only some
// servers are allowed — it still answers a crisis, and only a crisis: the
// resources at once, privately for /ask, with no alert and nothing kept.
func TestCrisisOutsideTheAllowList(t *testing.T) {
	const otherChannel = "1200000000000000201"
	h := start(t, func(c *bot.Config) {
		c.Discord.AllowedGuilds = []string{discordtest.DefaultGuildID}
		c.Discord.AllowedChannels = []string{discordtest.DefaultChannelID}
	}, discordtest.WithChannels(otherChannel))
	crisis := "i took all my pills and i want to die"

	ix := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{ChannelID: otherChannel, UserID: user(1100)}, "ask", discordtest.StringOption("question", crisis)))
	if m, _ := h.srv.WaitResponse(t, ix.ID, wait).Message(); m == nil || !strings.Contains(m.Content, "988") || m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("/ask with a crisis in a channel the bot is not set up for = %+v, want the crisis reply, privately", m)
	}
	ord := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{ChannelID: otherChannel, UserID: user(1101)}, "ask", discordtest.StringOption("question", "What is ketamine?")))
	if m, _ := h.srv.WaitResponse(t, ord.ID, wait).Message(); m == nil || !strings.Contains(m.Content, "don't answer in this channel") {
		t.Errorf("an ordinary /ask there = %+v, want the refusal", m)
	}

	// A DM: every DM is outside an allow-list of servers.
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{DM: true, UserID: user(1102)}, "what is ketamine"))
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{DM: true, UserID: user(1103)}, crisis))
	c := h.srv.WaitFor(t, discordtest.Route("POST", "/channels/"+h.srv.DMChannelID(user(1103))+"/messages"), wait)
	if !strings.Contains(string(c.Body), "988") {
		t.Errorf("reply to a crisis DM = %s, want the crisis resources", c.Body)
	}
	if n := len(h.srv.CallsMatching(discordtest.Route("POST", "/channels/"+h.srv.DMChannelID(user(1102))+"/messages"))); n != 0 {
		t.Errorf("an ordinary DM outside the allow-list got %d replies, want none", n)
	}
}
