package e2e_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/knowledge"
)

// Forums of the tests: one the bot answers in, one it does not.
const (
	helpForum  = "1200000000000000700"
	otherForum = "1200000000000000701"
)

// postedIn matches a message the bot managed to post in channel.
func postedIn(channel string) discordtest.Matcher {
	route := discordtest.Route("POST", "/channels/"+channel+"/messages")
	return func(c discordtest.Call) bool { return route(c) && c.Status == 200 }
}

// tagQuestion finds a post title that no entry answers alone but does
// with the tag's name, so the test does not depend on the matcher's
// tuning: an entry's title with "ketamine" left to the tag.
func tagQuestion(t *testing.T, h *harness, tag string) string {
	t.Helper()
	snap := h.store.Current()
	word := regexp.MustCompile(`(?i)\bketamine\b`)
	for _, e := range snap.Entries() {
		title := word.ReplaceAllString(e.Title, "it")
		if title == e.Title {
			continue
		}
		if snap.Answer(title, h.cfg.Answer).Kind != knowledge.KindAnswer && snap.Answer(title+" "+tag, h.cfg.Answer).Kind == knowledge.KindAnswer {
			return title
		}
	}
	t.Skip("no title in the knowledge base needs its tag to be answered")
	return ""
}

// A new post in a help forum whose title an entry answers gets the answer
// in the post (once the post has its first message), with Solved and Not
// what I asked for its owner alone; a crisis title gets the crisis reply at
// once and the moderators a link; a post nothing answers, or in another
// forum, is left to people; with forum suggestions, a near miss gets "Did
// you mean…".
func TestForumPosts(t *testing.T) {
	st, path := openInbox(t)
	h := start(t, func(c *bot.Config) {
		withInbox(st)(c)
		c.Discord.CrisisAlerts = true
		c.Discord.Forum.Channels = []string{helpForum}
		c.Discord.Forum.Suggestions = true
		c.Discord.AllowedChannels = []string{discordtest.DefaultChannelID} // forum posts are answered all the same
	}, discordtest.WithChannels(modChannel))
	tags := h.srv.AddForum(helpForum, "help", "Ketamine", "Other")
	h.srv.AddForum(otherForum, "chat")
	owner := discordtest.Ctx{UserID: "1200000000000000930"}
	other := discordtest.Ctx{UserID: "1200000000000000931"}
	var quiet []string // posts the bot must leave alone

	t.Run("an answer, after the post's first message", func(t *testing.T) {
		post := h.srv.CreateForumPost(owner, helpForum, discordtest.ForumPost{Title: "Is ketamine addictive?", HoldStarter: true})
		refused := h.srv.WaitFor(t, discordtest.Route("POST", "/channels/"+post+"/messages"), wait)
		if refused.Status != 400 || !strings.Contains(string(refused.Response), "40058") {
			t.Fatalf("first post = %s, want 40058 before the starter message", refused)
		}
		h.srv.StartPost(post, owner.UserID, "the details, which the bot cannot read")
		m := decodeMsg(t, h.srv.WaitFor(t, postedIn(post), wait))
		if len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "addiction-risk") {
			t.Fatalf("answer = %+v", m)
		}
		// /ask works inside the post too, though the forum is not one of
		// allowed_channels: posts of a configured forum are the bot's.
		ix := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{ChannelID: post, UserID: other.UserID}, "ask", discordtest.StringOption("question", "What is ketamine?")))
		if am, _ := h.srv.WaitResponse(t, ix.ID, wait).Message(); am == nil || len(am.Embeds) != 1 {
			t.Errorf("/ask in a forum post = %+v, want the answer", am)
		}
		solved, notAsked := "faq:fs:addiction-risk:"+owner.UserID, "faq:fn:addiction-risk:"+owner.UserID
		if ids := strings.Join(buttonIDs(m), " "); !strings.Contains(ids, solved) || !strings.Contains(ids, notAsked) || strings.Contains(ids, "faq:v:") {
			t.Errorf("buttons = %s, want Solved and Not what I asked instead of the votes", ids)
		}
		click := h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{UserID: other.UserID, ChannelID: post}, solved))
		if r, _ := h.srv.WaitResponse(t, click.ID, wait).Message(); !strings.Contains(r.Content, "Only the person who opened") {
			t.Errorf("Solved by another member = %q", r.Content)
		}
		click = h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{UserID: owner.UserID, ChannelID: post}, solved))
		h.srv.WaitFor(t, discordtest.Route("PATCH", "/webhooks/*/"+click.Token+"/messages/@original"), wait)
		done, _ := h.srv.Original(click.ID)
		if ids := buttonIDs(done); len(ids) != 1 || ids[0] != solved || len(done.Embeds) != 1 {
			t.Errorf("after Solved: buttons %v, embeds %d; want the answer with one (disabled) Solved", ids, len(done.Embeds))
		}
		if got := h.bot.Feedback()["addiction-risk"].Helpful; got != 1 {
			t.Errorf("helpful votes = %d, want 1", got)
		}
	})
	t.Run("not what I asked", func(t *testing.T) {
		post := h.srv.CreateForumPost(owner, helpForum, discordtest.ForumPost{Title: "What is ketamine?"})
		h.srv.WaitFor(t, postedIn(post), wait)
		click := h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{UserID: owner.UserID, ChannelID: post}, "faq:fn:what-is-ketamine:"+owner.UserID))
		h.srv.WaitFor(t, discordtest.Route("PATCH", "/webhooks/*/"+click.Token+"/messages/@original"), wait)
		if m, _ := h.srv.Original(click.ID); len(m.Embeds) != 0 || len(m.Components) != 0 || !strings.Contains(m.Content, "taken it down") {
			t.Errorf("after Not what I asked = %+v, want the answer taken down", m)
		}
	})
	t.Run("tags", func(t *testing.T) {
		q := tagQuestion(t, h, "Ketamine")
		post := h.srv.CreateForumPost(owner, helpForum, discordtest.ForumPost{Title: q, Tags: tags[:1]})
		if m := decodeMsg(t, h.srv.WaitFor(t, postedIn(post), wait)); len(m.Embeds) != 1 {
			t.Errorf("post %q tagged Ketamine: reply %+v, want an answer", q, m)
		}
	})
	t.Run("a crisis title", func(t *testing.T) {
		post := h.srv.CreateForumPost(owner, helpForum, discordtest.ForumPost{Title: "my friend took too many pills and wont wake up"})
		m := decodeMsg(t, h.srv.WaitFor(t, postedIn(post), wait))
		if !strings.Contains(m.Content, "911") || len(m.Components) != 0 || len(m.Embeds) != 0 {
			t.Errorf("crisis reply = %+v", m)
		}
		alert := h.srv.WaitFor(t, postedIn(modChannel), wait)
		if !strings.Contains(string(alert.Body), "/"+discordtest.DefaultGuildID+"/"+post) || strings.Contains(string(alert.Body), "pills") {
			t.Errorf("alert = %s, want a link to the post and no quote", alert.Body)
		}
	})
	t.Run("suggestions", func(t *testing.T) {
		post := h.srv.CreateForumPost(owner, helpForum, discordtest.ForumPost{Title: suggestionQuestion(t, h)})
		m := decodeMsg(t, h.srv.WaitFor(t, postedIn(post), wait))
		if !hasButton(m, "faq:s:") || !hasButton(m, "faq:none") {
			t.Errorf("near miss = %+v, want Did you mean…", m)
		}
	})
	t.Run("left to people", func(t *testing.T) {
		quiet = append(quiet,
			h.srv.CreateForumPost(owner, helpForum, discordtest.ForumPost{Title: "zqxw blorf vintage carburetor"}),
			h.srv.CreateForumPost(owner, otherForum, discordtest.ForumPost{Title: "Is ketamine addictive?"}))
	})
	h.bot.Shutdown() // every handler has ended
	for _, post := range quiet {
		if n := len(h.srv.CallsMatching(discordtest.Route("POST", "/channels/"+post+"/messages"))); n != 0 {
			t.Errorf("the bot posted %d messages in post %s, which it should leave alone", n, post)
		}
	}
	stored := map[string]string{}
	for _, r := range readRows(t, path) {
		stored[r.Question] = r.Nearest
	}
	if stored["What is ketamine?"] != "what-is-ketamine" {
		t.Errorf("stored %v, want the title that was not what was asked, nearest its answer", stored)
	}
	if _, ok := stored["my friend took too many pills and wont wake up"]; ok {
		t.Errorf("a crisis title was stored")
	}
}
