package discordtest_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// A forum post reaches a bot as THREAD_CREATE with newly_created, in a
// forum the bot's state knows with its tags, and takes messages only once
// its starter message exists (40058 before, as on Discord).
func TestForumPost(t *testing.T) {
	srv := discordtest.New(t)
	const forum, later = "1200000000000000250", "1200000000000000251"
	tags := srv.AddForum(forum, "help", "Side effects", "Dosing")
	threads := make(chan *discordgo.ThreadCreate, 1)
	starters := make(chan *discordgo.MessageCreate, 1)
	channels := make(chan *discordgo.ChannelCreate, 1)
	dg := open(t, srv.Token(), func(dg *discordgo.Session) {
		dg.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
		dg.AddHandler(func(_ *discordgo.Session, c *discordgo.ThreadCreate) { threads <- c })
		dg.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { starters <- m })
		dg.AddHandler(func(_ *discordgo.Session, c *discordgo.ChannelCreate) { channels <- c })
	})
	srv.WaitReady(t)
	srv.AddForum(later, "questions", "Other")
	if c := receive(t, channels, "CHANNEL_CREATE"); c.ID != later || c.Type != discordgo.ChannelTypeGuildForum || len(c.AvailableTags) != 1 {
		t.Errorf("CHANNEL_CREATE = %+v", c.Channel)
	}
	post := srv.CreateForumPost(discordtest.Ctx{UserID: "1200000000000000333"}, forum, discordtest.ForumPost{
		Title: "does ketamine cause nausea", Tags: tags[:1], Content: "details", HoldStarter: true,
	})
	th := receive(t, threads, "THREAD_CREATE")
	if th.ID != post || !th.NewlyCreated || th.ParentID != forum || th.OwnerID != "1200000000000000333" ||
		th.Name != "does ketamine cause nausea" || !slices.Equal(th.AppliedTags, tags[:1]) || th.Type != discordgo.ChannelTypeGuildPublicThread {
		t.Errorf("THREAD_CREATE = %+v", th.Channel)
	}
	f, err := dg.State.Channel(forum)
	if err != nil || f.Type != discordgo.ChannelTypeGuildForum || len(f.AvailableTags) != 2 || f.AvailableTags[0].Name != "Side effects" {
		t.Errorf("forum in state = %+v %v", f, err)
	}

	var rest *discordgo.RESTError
	if _, err := dg.ChannelMessageSend(post, "an answer"); !errors.As(err, &rest) || rest.Message.Code != 40058 {
		t.Errorf("message before the starter = %v, want 40058", err)
	}
	srv.StartPost(post, "1200000000000000333", "details")
	if m := receive(t, starters, "starter MESSAGE_CREATE"); m.ID != post || m.ChannelID != post || m.Content != "" {
		t.Errorf("starter = id %s channel %s content %q, want id and channel %s, no content", m.ID, m.ChannelID, m.Content, post)
	}
	if _, err := dg.ChannelMessageSend(post, "an answer"); err != nil {
		t.Errorf("message after the starter: %v", err)
	}
	if _, err := dg.ChannelMessageSend(forum, "in the forum itself"); !errors.As(err, &rest) || rest.Message.Code != 40058 {
		t.Errorf("message in the forum = %v, want 40058", err)
	}
}
