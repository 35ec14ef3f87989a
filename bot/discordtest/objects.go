package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/bwmarrin/discordgo"
)

// channel is a channel the Server knows: a guild text channel, a forum
// and its posts (threads), a DM with the bot, or a private channel between
// users (which only a user-installed app sees).
type channel struct {
	id      string
	guildID string // "" for a DM
	name    string
	userID  string // the recipient of a DM
	lastMsg string
	typ     int  // a discordgo.ChannelType; 0 (guild text) for a guild channel
	private bool // a DM or group DM between users, not with the bot
	// For a forum (typ 15): its tags. For a post in one (typ 11): the
	// forum, the member who opened it, the tags applied, and whether its
	// starter message exists yet.
	tags        []forumTag
	parentID    string
	ownerID     string
	appliedTags []string
	started     bool
}

// forumTag is a tag a forum offers its posts.
type forumTag struct {
	id, name string
}

// message is a message the Server keeps, as the JSON object the API returns.
type message struct {
	obj       map[string]any
	channelID string
	authorID  string
	deleted   bool
}

// timestamp formats t as Discord does: ISO 8601 with microseconds and an
// explicit +00:00 offset.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000-07:00") }

// userObject builds a user object as Discord sends it outside READY.
func userObject(id, username string, bot bool) map[string]any {
	u := map[string]any{
		"id":                     id,
		"username":               username,
		"discriminator":          "0",
		"global_name":            username,
		"avatar":                 nil,
		"avatar_decoration_data": nil,
		"public_flags":           0,
	}
	if bot {
		u["bot"] = true
		u["global_name"] = nil
	}
	return u
}

// botUserObject is the bot user as READY and GET /users/@me describe it.
func (s *Server) botUserObject() map[string]any {
	u := userObject(s.cfg.botID, s.cfg.botName, true)
	u["verified"] = true
	u["mfa_enabled"] = false
	u["flags"] = 0
	u["email"] = nil
	u["locale"] = "en-US"
	return u
}

// userLocked returns the user object for id, creating one for an unknown id.
func (s *Server) userLocked(id, username string) map[string]any {
	if u, ok := s.users[id]; ok {
		if username != "" && u["username"] != username {
			u = copyMap(u)
			u["username"], u["global_name"] = username, username
			s.users[id] = u
		}
		return copyMap(u)
	}
	if username == "" {
		username = "user" + id[max(0, len(id)-4):]
	}
	u := userObject(id, username, false)
	s.users[id] = u
	return copyMap(u)
}

// memberObject builds a guild member as interactions carry it: with its
// user, its roles and its permissions in the channel.
func memberObject(user map[string]any, roles []string, perms int64, joined time.Time) map[string]any {
	if roles == nil {
		roles = []string{}
	}
	return map[string]any{
		"user":                         user,
		"roles":                        roles,
		"permissions":                  fmt.Sprint(perms),
		"joined_at":                    timestamp(joined),
		"nick":                         nil,
		"avatar":                       nil,
		"banner":                       nil,
		"premium_since":                nil,
		"communication_disabled_until": nil,
		"deaf":                         false,
		"mute":                         false,
		"pending":                      false,
		"flags":                        0,
	}
}

// channelObject builds the channel object GET /channels/{id} returns.
func (s *Server) channelObjectLocked(c *channel) map[string]any {
	var last any
	if c.lastMsg != "" {
		last = c.lastMsg
	}
	if c.guildID == "" {
		return map[string]any{
			"id":              c.id,
			"type":            int(discordgo.ChannelTypeDM),
			"last_message_id": last,
			"flags":           0,
			"recipients":      []any{s.userLocked(c.userID, "")},
		}
	}
	obj := map[string]any{
		"id":                    c.id,
		"type":                  c.typ,
		"guild_id":              c.guildID,
		"name":                  c.name,
		"position":              0,
		"permission_overwrites": []any{},
		"parent_id":             nil,
		"topic":                 nil,
		"nsfw":                  false,
		"rate_limit_per_user":   0,
		"last_message_id":       last,
		"flags":                 0,
	}
	switch c.typ {
	case int(discordgo.ChannelTypeGuildForum):
		tags := []any{}
		for _, t := range c.tags {
			tags = append(tags, map[string]any{"id": t.id, "name": t.name, "moderated": false, "emoji_id": nil, "emoji_name": nil})
		}
		obj["available_tags"] = tags
		obj["default_reaction_emoji"] = nil
		obj["default_sort_order"] = nil
		obj["default_forum_layout"] = 0
	case int(discordgo.ChannelTypeGuildPublicThread):
		s.threadFieldsLocked(c, obj)
	}
	return obj
}

// threadFieldsLocked adds what a thread's channel object has: its parent,
// owner, tags and thread metadata.
func (s *Server) threadFieldsLocked(c *channel, obj map[string]any) {
	delete(obj, "permission_overwrites")
	delete(obj, "topic")
	delete(obj, "position")
	tags := []any{}
	for _, t := range c.appliedTags {
		tags = append(tags, t)
	}
	obj["parent_id"] = c.parentID
	obj["owner_id"] = c.ownerID
	obj["applied_tags"] = tags
	obj["message_count"] = 0
	obj["member_count"] = 1
	obj["total_message_sent"] = 0
	obj["thread_metadata"] = map[string]any{
		"archived": false, "auto_archive_duration": 4320, "locked": false,
		"archive_timestamp": timestamp(time.Now()), "create_timestamp": timestamp(time.Now()),
	}
}

// ensureChannelLocked records a channel a dispatch names.
func (s *Server) ensureChannelLocked(id, guildID string) *channel {
	if c, ok := s.channels[id]; ok {
		return c
	}
	c := &channel{id: id, guildID: guildID, name: "channel-" + id[max(0, len(id)-4):]}
	s.channels[id] = c
	return c
}

// dmChannelLocked returns the DM channel with a user, creating it once.
func (s *Server) dmChannelLocked(userID string) *channel {
	if id, ok := s.dms[userID]; ok {
		return s.channels[id]
	}
	c := &channel{id: s.newID(), userID: userID}
	s.dms[userID] = c.id
	s.channels[c.id] = c
	return c
}

// DMChannelID returns the id of the DM channel between the bot and a user:
// the one POST /users/@me/channels returns and Ctx{DM: true} uses.
func (s *Server) DMChannelID(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userLocked(userID, "")
	return s.dmChannelLocked(userID).id
}

// storeMessageLocked keeps a message object and returns it.
func (s *Server) storeMessageLocked(obj map[string]any) *message {
	m := &message{obj: obj, channelID: str(obj["channel_id"])}
	if a, ok := obj["author"].(map[string]any); ok {
		m.authorID = str(a["id"])
	}
	id := str(obj["id"])
	s.messages[id] = m
	s.msgOrder = append(s.msgOrder, id)
	if c := s.channels[m.channelID]; c != nil {
		c.lastMsg = id
	}
	s.notifyLocked()
	return m
}

// Messages returns the messages in a channel that are not deleted, oldest
// first, as the API would return them: sent by users through
// SendMessageCreate and by the bot through REST or interaction responses.
func (s *Server) Messages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Message
	for _, id := range s.msgOrder {
		if m := s.messages[id]; !m.deleted && m.channelID == channelID {
			out = append(out, decodeMessage(m.obj))
		}
	}
	return out
}

// Message returns a message by id, deleted or not, and whether it exists.
func (s *Server) Message(id string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return nil, false
	}
	return decodeMessage(m.obj), true
}

// decodeMessage turns a message object into discordgo's type.
func decodeMessage(obj map[string]any) *discordgo.Message {
	var m discordgo.Message
	mustRoundTrip(obj, &m)
	return &m
}

// mentionPattern matches user mentions in message content.
var mentionPattern = regexp.MustCompile(`<@!?([0-9]{15,20})>`)

// mentionsLocked lists the users content mentions, as Discord fills the
// mentions array.
func (s *Server) mentionsLocked(content string) []any {
	out := []any{}
	seen := map[string]bool{}
	for _, m := range mentionPattern.FindAllStringSubmatch(content, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, s.userLocked(m[1], ""))
		}
	}
	return out
}

// copyMap returns a shallow copy of m.
func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// str returns v if it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// mustRoundTrip converts between representations through JSON; the values
// here are built by this package, so failure is a bug in it.
func mustRoundTrip(from, to any) {
	b, err := json.Marshal(from)
	if err != nil {
		panic(fmt.Sprintf("discordtest: marshal %T: %v", from, err))
	}
	if err := json.Unmarshal(b, to); err != nil {
		panic(fmt.Sprintf("discordtest: unmarshal into %T: %v", to, err))
	}
}

// toMap converts a value into its JSON object form.
func toMap(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("discordtest: marshal %T: %v", v, err))
	}
	return decodeObject(b)
}

// decodeObject decodes a JSON object keeping numbers exact; it returns nil
// for anything else.
func decodeObject(b []byte) map[string]any {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil
	}
	return m
}

// pruneNulls deletes null members from objects, recursively: Discord omits
// optional fields that discordgo's structs marshal as null.
func pruneNulls(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if e == nil {
				delete(t, k)
				continue
			}
			pruneNulls(e)
		}
	case []any:
		for _, e := range t {
			pruneNulls(e)
		}
	}
}
