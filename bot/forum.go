package bot

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/knowledge"
)

// Help forums (config discord.forum): when a member opens a post in one of
// the configured forum channels, the bot reads the post's title and tags,
// which THREAD_CREATE carries without the privileged Message Content
// intent (the post's first message would need it, so it is not used).
//
//   - A crisis in the title gets the crisis reply in the post at once, and
//     the moderators' alert, a link to the post.
//   - An entry that answers the title confidently is posted in the post,
//     with Solved and Not what I asked, which only the post's owner may
//     use.
//   - Otherwise the bot stays quiet and leaves the post to people, or,
//     with discord.forum.suggestions, offers "Did you mean…".

// eventForum names forum posts in logs and metrics.
const eventForum = "forum"

// forumWaits are the waits before posting again in a post that refused
// the answer because its first message did not exist yet (40058: the bot
// saw the post before Discord had stored its starter message).
var forumWaits = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}

// errCodeThreadNotStarted is Discord's "Cannot message this thread until
// after the post author has sent an initial message" (and "Cannot send a
// message in a forum channel").
const errCodeThreadNotStarted = 40058

func (b *Bot) onThreadCreate(s *discordgo.Session, t *discordgo.ThreadCreate) {
	if !b.enter() {
		return
	}
	defer b.guard("thread")
	if t == nil || t.Channel == nil || !t.NewlyCreated {
		return // an existing thread the gateway syncs, not a new post
	}
	b.answerPost(b.rest(s), t.Channel, b.tagNames(t.Channel))
}

// answerPost answers a new post th, whose applied tags are named tags,
// when it is in a configured forum.
func (b *Bot) answerPost(s discord, th *discordgo.Channel, tags []string) {
	d := b.cfg.Discord
	if !d.ForumChannel(th.ParentID) || th.OwnerID == "" || th.OwnerID == b.botID.Load().(string) {
		return
	}
	if len(d.AllowedGuilds) > 0 && !slices.Contains(d.AllowedGuilds, th.GuildID) {
		return
	}
	start := b.cfg.Now()
	title := strings.TrimSpace(th.Name)
	b.lg.Debug("question", zap.String("event", eventForum), zap.String("text", title))
	snap := b.kb.Current()
	r := b.postReply(snap, title, tags)
	crisis := r.Kind == knowledge.KindCrisis
	if !crisis && b.rateLimited(eventForum, th.OwnerID, func() {}) {
		return
	}
	var m message
	switch {
	case crisis:
		m = renderReply(r, answerOpts{})
	case r.Kind == knowledge.KindAnswer && r.Entry != nil:
		m = renderEntry(r.Entry, r.Disclaimer, answerOpts{Forum: th.OwnerID, Related: related(snap, r.Entry), Suggest: b.suggestEdits()})
	case r.Kind == knowledge.KindSuggestions && d.Forum.Suggestions:
		m = renderReply(r, answerOpts{NoneToken: b.noneToken(r, title)})
	default:
		b.lg.Info("forum post left to people", zap.String("kind", string(r.Kind)))
		b.recordUnanswered(eventForum, title, r)
		return
	}
	if crisis {
		b.crisisAlert(s, th.GuildID, th.ID, "")
	}
	if err := b.postInPost(s, th.ID, m, crisis); err == nil {
		b.logReply(eventForum, r, start)
	}
	b.recordUnanswered(eventForum, title, r)
}

// postReply answers a post by its title, checked for a crisis first, and
// then, when the title alone finds no answer, by its title and tags.
func (b *Bot) postReply(snap *knowledge.Snapshot, title string, tags []string) knowledge.Reply {
	r := snap.Answer(title, b.cfg.Answer)
	if r.Kind == knowledge.KindCrisis || r.Kind == knowledge.KindAnswer || len(tags) == 0 {
		return r
	}
	if with := snap.Answer(title+" "+strings.Join(tags, " "), b.cfg.Answer); with.Kind == knowledge.KindCrisis || with.Kind == knowledge.KindAnswer {
		return with
	}
	return r
}

// postInPost posts m in a forum post, posting again while the post
// refuses it for lack of its first message (forumWaits), until the bot
// stops.
func (b *Bot) postInPost(s discord, thread string, m message, urgent bool) error {
	for n := 0; ; n++ {
		err := b.sendWait(s, thread, m.send(nil), postOpts{urgent: urgent, durable: true})
		var re *discordgo.RESTError
		if err == nil || !errors.As(err, &re) || re.Message == nil || re.Message.Code != errCodeThreadNotStarted || n == len(forumWaits) {
			return err
		}
		b.lg.Info("forum post not started yet; posting again", zap.Duration("wait", forumWaits[n]))
		t := time.NewTimer(forumWaits[n])
		select {
		case <-t.C:
		case <-b.restCtx.Done():
			t.Stop()
			return err
		}
	}
}

// sendWait posts a channel message and returns the outcome.
func (b *Bot) sendWait(s discord, channelID string, ms *discordgo.MessageSend, o postOpts) error {
	res := make(chan error, 1)
	o.done = func(err error) { res <- err }
	b.post(s, channelID, ms, o)
	return <-res
}

// tagNames returns the names of the tags applied to post th, from its
// forum as the gateway's state knows it.
func (b *Bot) tagNames(th *discordgo.Channel) []string {
	s := b.sess.Load()
	if s == nil || s.State == nil || len(th.AppliedTags) == 0 {
		return nil
	}
	forum, err := s.State.Channel(th.ParentID)
	if err != nil {
		return nil
	}
	var names []string
	for _, t := range forum.AvailableTags {
		if slices.Contains(th.AppliedTags, t.ID) {
			names = append(names, t.Name)
		}
	}
	return names
}

// stateChannel returns a channel as the gateway's state knows it.
func (b *Bot) stateChannel(id string) (*discordgo.Channel, bool) {
	s := b.sess.Load()
	if s == nil || s.State == nil {
		return nil, false
	}
	ch, err := s.State.Channel(id)
	return ch, err == nil
}

// inForumPost reports whether channel id is a post in a configured forum,
// where the bot answers whatever discord.allowed_channels says.
func (b *Bot) inForumPost(id string) bool {
	ch, ok := b.stateChannel(id)
	return ok && ch.IsThread() && b.cfg.Discord.ForumChannel(ch.ParentID)
}

// forumVerdict handles Solved and Not what I asked under a forum answer:
// only the post's owner may use them. Solved counts as Helpful and
// leaves the answer with a grey "Solved"; Not what I asked counts as Not
// helpful, keeps the post's title for the moderators (as a question the
// entry did not answer) and takes the answer down, so that the post is
// left to people.
func (b *Bot) forumVerdict(s discord, i *discordgo.Interaction, e *knowledge.Entry, id componentID) {
	if userID(i) != id.user {
		b.respond(s, i, message{Content: textNotYourPost}, true)
		return
	}
	solved := id.verb == verbSolved
	vote := voteNotHelpful
	if solved {
		vote = voteHelpful
	}
	b.countVote(e.ID, vote)
	b.recordVote(e.ID, solved, userID(i))
	b.lg.Info("feedback", zap.String("entry", e.ID), zap.String("vote", id.verb))
	b.ack(s, i)
	if solved {
		done := discordgo.Button{Label: "Solved", Style: discordgo.SuccessButton, CustomID: idForum(verbSolved, e.ID, id.user), Disabled: true}
		b.editButtons(s, i, []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{done}}})
		return
	}
	if th, ok := b.stateChannel(i.ChannelID); ok && th.Name != "" {
		b.recordMissing(e.ID, th.Name) // feedback.go
	}
	b.edit(s, i, message{Content: textNotAsked})
}
