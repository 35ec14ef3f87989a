package discordtest

import (
	"net/http"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// canPostLocked refuses a message the bot may not post in ch, as Discord
// does: in a server the bot is not in, or a private channel between
// users, it has no access (50001); a forum takes posts, not messages, and
// a post takes messages only once its starter message exists (both 40058,
// with the two messages Discord gives).
func (s *Server) canPostLocked(ch *channel) (response, bool) {
	switch {
	case ch.private || ch.guildID != "" && !slices.Contains(s.cfg.guilds, ch.guildID):
		return apiError(http.StatusForbidden, 50001, "Missing Access"), false
	case ch.typ == int(discordgo.ChannelTypeGuildForum):
		return apiError(http.StatusBadRequest, 40058, "Cannot send a message in a forum channel"), false
	case ch.typ == int(discordgo.ChannelTypeGuildPublicThread) && !ch.started:
		return apiError(http.StatusBadRequest, 40058, "Cannot message this thread until after the post author has sent an initial message"), false
	}
	return response{}, true
}

// AddForum adds a forum channel to the default guild with the given tags
// and returns the tags' ids, in order. A session already connected is
// told with CHANNEL_CREATE; one that connects later finds it in
// GUILD_CREATE.
func (s *Server) AddForum(id, name string, tags ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &channel{id: id, guildID: s.cfg.guilds[0], name: name, typ: int(discordgo.ChannelTypeGuildForum)}
	var ids []string
	for _, t := range tags {
		tag := forumTag{id: s.newID(), name: t}
		c.tags = append(c.tags, tag)
		ids = append(ids, tag.id)
	}
	s.channels[id] = c
	if s.sess != nil && !s.sess.ended && s.sess.intents&discordgo.IntentGuilds != 0 {
		s.dispatchLocked("CHANNEL_CREATE", s.channelObjectLocked(c))
	}
	s.notifyLocked()
	return ids
}

// A ForumPost is a post a member opens in a forum.
type ForumPost struct {
	Title   string
	Tags    []string // ids of the forum's tags
	Content string   // the starter message's text
	// HoldStarter keeps the starter message back until StartPost, so
	// that the bot sees the post before its first message, as it can on
	// Discord; until then the post refuses messages (40058).
	HoldStarter bool
}

// CreateForumPost opens a post in a forum as the user of c would: a
// public thread (type 11) owned by the user, dispatched as THREAD_CREATE
// with newly_created (to a session with the GUILDS intent), followed by
// its starter message, whose id is the thread's, as MESSAGE_CREATE (with
// empty content without the Message Content intent) unless HoldStarter.
// It returns the thread's id.
func (s *Server) CreateForumPost(c Ctx, forumID string, p ForumPost) string {
	s.tb.Helper()
	s.mu.Lock()
	c = s.resolveLocked(Ctx{GuildID: c.GuildID, ChannelID: forumID, UserID: c.UserID, Username: c.Username, Roles: c.Roles})
	forum := s.channels[forumID]
	if forum == nil || forum.typ != int(discordgo.ChannelTypeGuildForum) {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: %s is not a forum (AddForum)", forumID)
		return ""
	}
	for _, t := range p.Tags {
		if !slices.ContainsFunc(forum.tags, func(ft forumTag) bool { return ft.id == t }) {
			s.mu.Unlock()
			s.tb.Fatalf("discordtest: forum %s has no tag %s", forumID, t)
			return ""
		}
	}
	th := &channel{
		id: s.newID(), guildID: forum.guildID, name: p.Title, typ: int(discordgo.ChannelTypeGuildPublicThread),
		parentID: forumID, ownerID: c.UserID, appliedTags: slices.Clone(p.Tags),
	}
	s.channels[th.id] = th
	if s.sess != nil && !s.sess.ended && s.sess.intents&discordgo.IntentGuilds != 0 {
		obj := s.channelObjectLocked(th)
		obj["newly_created"] = true
		obj["member"] = map[string]any{"id": th.id, "user_id": c.UserID, "join_timestamp": timestamp(time.Now()), "flags": 1}
		s.dispatchLocked("THREAD_CREATE", obj)
	}
	s.mu.Unlock()
	if !p.HoldStarter {
		s.StartPost(th.id, c.UserID, p.Content)
	}
	return th.id
}

// StartPost posts the starter message of a forum post held back with
// HoldStarter, by user, with content; from then on the post takes
// messages.
func (s *Server) StartPost(threadID, userID, content string) {
	s.tb.Helper()
	s.mu.Lock()
	th := s.channels[threadID]
	if th == nil || th.typ != int(discordgo.ChannelTypeGuildPublicThread) {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: %s is not a forum post", threadID)
		return
	}
	th.started = true
	s.mu.Unlock()
	s.SendMessageCreate(&discordgo.Message{ID: threadID, ChannelID: threadID, GuildID: th.guildID, Content: content, Author: &discordgo.User{ID: userID}})
}
