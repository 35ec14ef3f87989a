package discordtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Ctx says where and by whom a user acts. Zero fields take defaults: the
// default guild and channel, DefaultUserID, DefaultMemberPermissions. With
// DM set, the user acts in their DM channel with the bot and GuildID, Roles
// and Permissions are ignored.
type Ctx struct {
	GuildID     string
	ChannelID   string
	UserID      string
	Username    string
	Roles       []string
	Permissions int64
	DM          bool
}

// resolveLocked fills the defaults of c.
func (s *Server) resolveLocked(c Ctx) Ctx {
	if c.UserID == "" {
		c.UserID = DefaultUserID
	}
	if c.Username == "" {
		c.Username = str(s.userLocked(c.UserID, "")["username"])
	}
	s.userLocked(c.UserID, c.Username)
	if c.DM {
		c.GuildID, c.Roles, c.Permissions = "", nil, 0
		if c.ChannelID == "" {
			c.ChannelID = s.dmChannelLocked(c.UserID).id
		}
		return c
	}
	if c.GuildID == "" {
		c.GuildID = s.cfg.guilds[0]
	}
	if c.ChannelID == "" {
		c.ChannelID = s.guildChannelLocked(c.GuildID)
	}
	s.ensureChannelLocked(c.ChannelID, c.GuildID)
	if c.Permissions == 0 {
		c.Permissions = DefaultMemberPermissions
	}
	if c.Roles == nil {
		c.Roles = []string{}
	}
	return c
}

// guildChannelLocked returns a text channel of a guild, creating one for a
// guild that has none.
func (s *Server) guildChannelLocked(guildID string) string {
	if s.channels[DefaultChannelID].guildID == guildID {
		return DefaultChannelID
	}
	var ids []string
	for id, c := range s.channels {
		if c.guildID == guildID {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		slices.Sort(ids)
		return ids[0]
	}
	return s.ensureChannelLocked(s.newID(), guildID).id
}

// place sets the guild, channel and invoker of an interaction from c.
func place(i *discordgo.Interaction, c Ctx) *discordgo.Interaction {
	i.ChannelID = c.ChannelID
	user := &discordgo.User{ID: c.UserID, Username: c.Username}
	if c.DM {
		i.User = user
		return i
	}
	i.GuildID = c.GuildID
	i.Member = &discordgo.Member{User: user, Roles: c.Roles, Permissions: c.Permissions}
	return i
}

// SlashCommand builds the interaction of a user running a chat input
// command. Pass it to SendInteraction, which fills the command's id from
// what the bot registered.
func (s *Server) SlashCommand(c Ctx, name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return place(&discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{Name: name, CommandType: discordgo.ChatApplicationCommand, Options: options},
	}, s.resolveLocked(c))
}

// Autocomplete builds the interaction of a user typing into a command
// option; mark the option being typed with Focused.
func (s *Server) Autocomplete(c Ctx, name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := s.SlashCommand(c, name, options...)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

// ComponentClick builds the interaction of a user clicking a button or, with
// values, choosing in a select menu. SendInteraction attaches the newest
// message in the channel that carries a component with customID, as Discord
// does; set the interaction's Message to choose another.
func (s *Server) ComponentClick(c Ctx, customID string, values ...string) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := discordgo.MessageComponentInteractionData{CustomID: customID, Values: values}
	return place(&discordgo.Interaction{Type: discordgo.InteractionMessageComponent, Data: d}, s.resolveLocked(c))
}

// ModalSubmit builds the interaction of a user submitting a modal whose text
// inputs (custom id to value) are fields.
func (s *Server) ModalSubmit(c Ctx, customID string, fields map[string]string) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(fields))
	for id := range fields {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	d := discordgo.ModalSubmitInteractionData{CustomID: customID}
	for _, id := range ids {
		d.Components = append(d.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: id, Value: fields[id]},
		}})
	}
	return place(&discordgo.Interaction{Type: discordgo.InteractionModalSubmit, Data: d}, s.resolveLocked(c))
}

// SubmitModal builds the interaction of a user submitting the modal that
// the bot answered interaction interactionID with, as Discord's client
// sends it: the modal's custom id and its text inputs in order, each with
// its prefilled value unless values sets it. It refuses what the client
// would not let the user submit: no modal, another user than the one it
// was shown to, a value for an input the modal does not have, a required
// input left empty, or a value shorter than min_length or longer than
// max_length. When the modal was opened from a button, the interaction
// carries that button's message, as on Discord. Pass it to
// SendInteraction.
func (s *Server) SubmitModal(c Ctx, interactionID string, values map[string]string) (*discordgo.Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, ok := s.ixns[interactionID]
	if !ok || ix.response == nil || ix.response.Type != discordgo.InteractionResponseModal {
		return nil, fmt.Errorf("discordtest: interaction %s was not answered with a modal", interactionID)
	}
	c = s.resolveLocked(c)
	if str(ix.userObj["id"]) != c.UserID {
		return nil, fmt.Errorf("discordtest: the modal of interaction %s was shown to %s, not %s", interactionID, str(ix.userObj["id"]), c.UserID)
	}
	var modal struct {
		CustomID   string `json:"custom_id"`
		Components []struct {
			Components []modalInput `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(ix.response.Data, &modal); err != nil {
		return nil, err
	}
	d := discordgo.ModalSubmitInteractionData{CustomID: modal.CustomID}
	used := map[string]bool{}
	for _, row := range modal.Components {
		for _, in := range row.Components {
			v := in.Value
			if nv, set := values[in.CustomID]; set {
				v, used[in.CustomID] = nv, true
			}
			if err := in.check(v); err != nil {
				return nil, err
			}
			d.Components = append(d.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: in.CustomID, Value: v}}})
		}
	}
	for id := range values {
		if !used[id] {
			return nil, fmt.Errorf("discordtest: the modal has no text input %q", id)
		}
	}
	i := place(&discordgo.Interaction{Type: discordgo.InteractionModalSubmit, Data: d}, c)
	i.ChannelID = ix.channelID
	if ix.typ == discordgo.InteractionMessageComponent && ix.messageID != "" {
		i.Message = &discordgo.Message{ID: ix.messageID, ChannelID: ix.channelID}
	}
	return i, nil
}

// modalInput is a text input of a modal the bot sent.
type modalInput struct {
	CustomID  string `json:"custom_id"`
	Label     string `json:"label"`
	Value     string `json:"value"`
	Required  *bool  `json:"required"`
	MinLength int    `json:"min_length"`
	MaxLength int    `json:"max_length"`
}

// check refuses a value the client would not submit. Discord's inputs
// are required unless "required" is false.
func (in modalInput) check(v string) error {
	n := utf8.RuneCountInString(v)
	maxLen := in.MaxLength
	if maxLen == 0 {
		maxLen = 4000
	}
	switch {
	case v == "" && (in.Required == nil || *in.Required):
		return fmt.Errorf("discordtest: %q (%s) is required", in.Label, in.CustomID)
	case v != "" && n < in.MinLength:
		return fmt.Errorf("discordtest: %q (%s) needs at least %d characters, got %d", in.Label, in.CustomID, in.MinLength, n)
	case n > maxLen:
		return fmt.Errorf("discordtest: %q (%s) takes at most %d characters, got %d", in.Label, in.CustomID, maxLen, n)
	}
	return nil
}

// UserMessage builds a message a user sends; pass it to SendMessageCreate.
func (s *Server) UserMessage(c Ctx, content string) *discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c = s.resolveLocked(c)
	m := &discordgo.Message{
		ChannelID: c.ChannelID,
		Content:   content,
		Author:    &discordgo.User{ID: c.UserID, Username: c.Username},
	}
	if !c.DM {
		m.GuildID = c.GuildID
		m.Member = &discordgo.Member{Roles: c.Roles}
	}
	return m
}

// StringOption is a string command option.
func StringOption(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

// IntegerOption is an integer command option.
func IntegerOption(name string, value int64) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: value}
}

// NumberOption is a number command option.
func NumberOption(name string, value float64) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionNumber, Value: value}
}

// BooleanOption is a boolean command option.
func BooleanOption(name string, value bool) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: value}
}

// UserOption is a user command option; Discord sends the id.
func UserOption(name, userID string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionUser, Value: userID}
}

// ChannelOption is a channel command option; Discord sends the id.
func ChannelOption(name, channelID string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionChannel, Value: channelID}
}

// RoleOption is a role command option; Discord sends the id.
func RoleOption(name, roleID string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionRole, Value: roleID}
}

// SubCommand is a sub-command with its options.
func SubCommand(name string, options ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: options}
}

// SubCommandGroup is a sub-command group with its sub-commands.
func SubCommandGroup(name string, subs ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: subs}
}

// Focused marks the option an autocomplete interaction is for.
func Focused(o *discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	o.Focused = true
	return o
}

// SendMessageCreate dispatches MESSAGE_CREATE for a message a user sent and
// keeps it, so the bot can reply to, edit or delete it. It fills the id, the
// timestamp, the author (DefaultUserID), and the guild and channel (the
// default ones when both are empty; the channel's guild when only the
// channel is given; a message with no guild in a channel the Server does not
// know is a DM). Mentions are read from the content when not given. As on
// Discord, the event is only delivered to a session with the GUILD_MESSAGES
// or DIRECT_MESSAGES intent, and without MESSAGE_CONTENT a guild message
// arrives empty unless it mentions the bot. It returns the message as kept.
func (s *Server) SendMessageCreate(m *discordgo.Message) *discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.ID == "" {
		m.ID = s.newID()
	}
	if m.GuildID == "" && m.ChannelID == "" {
		m.GuildID, m.ChannelID = s.cfg.guilds[0], DefaultChannelID
	}
	if m.Author == nil {
		m.Author = &discordgo.User{ID: DefaultUserID}
	}
	if m.Author.ID == "" {
		m.Author.ID = DefaultUserID
	}
	author := s.userLocked(m.Author.ID, m.Author.Username)
	if m.Author.Bot {
		author["bot"] = true
	}
	if m.ChannelID == "" {
		m.ChannelID = s.guildChannelLocked(m.GuildID)
	}
	if ch, known := s.channels[m.ChannelID]; known {
		m.GuildID = ch.guildID
	} else if m.GuildID == "" {
		ch := &channel{id: m.ChannelID, userID: m.Author.ID}
		s.channels[ch.id] = ch
		s.dms[m.Author.ID] = ch.id
	} else {
		s.ensureChannelLocked(m.ChannelID, m.GuildID)
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = time.Now()
	}

	obj := toMap(m)
	pruneNulls(obj)
	obj["author"] = author
	obj["timestamp"] = timestamp(m.Timestamp)
	obj["edited_timestamp"] = nil
	if m.EditedTimestamp != nil {
		obj["edited_timestamp"] = timestamp(*m.EditedTimestamp)
	}
	obj["embeds"] = embedsOf(obj["embeds"])
	obj["components"] = []any{}
	if len(m.Components) > 0 {
		var comps []any
		mustRoundTrip(m.Components, &comps)
		obj["components"] = comps
	}
	for _, key := range []string{"attachments", "mention_roles"} {
		obj[key] = listOf(obj[key])
	}
	if len(m.Mentions) == 0 {
		obj["mentions"] = s.mentionsLocked(m.Content)
	} else {
		var mentions []any
		for _, u := range m.Mentions {
			mentions = append(mentions, s.userLocked(u.ID, u.Username))
		}
		obj["mentions"] = mentions
	}
	for _, key := range []string{"webhook_id", "guild_id"} {
		if obj[key] == "" {
			delete(obj, key)
		}
	}
	delete(obj, "member")
	if m.GuildID != "" {
		var roles []string
		if m.Member != nil {
			roles = m.Member.Roles
		}
		member := memberObject(nil, roles, 0, time.Now().Add(-time.Hour))
		delete(member, "user")
		delete(member, "permissions")
		obj["member"] = member
	}
	if ref := m.MessageReference; ref != nil {
		if target, known := s.messages[ref.MessageID]; known {
			obj["referenced_message"] = target.obj
			obj["type"] = int(discordgo.MessageTypeReply)
		}
	}
	s.storeMessageLocked(obj)

	var payload map[string]any = obj
	need := discordgo.IntentGuildMessages
	if m.GuildID == "" {
		need = discordgo.IntentDirectMessages
	}
	switch {
	case s.sess == nil || s.sess.ended:
		s.tb.Logf("discordtest: MESSAGE_CREATE %s not dispatched: no gateway session", m.ID)
	case s.sess.intents&need == 0:
		s.tb.Logf("discordtest: MESSAGE_CREATE %s not dispatched: the session lacks intent %d", m.ID, need)
	default:
		if m.GuildID != "" && s.sess.intents&discordgo.IntentMessageContent == 0 && m.Author.ID != s.cfg.botID && !mentionsUser(obj, s.cfg.botID) {
			payload = copyMap(obj)
			payload["content"] = ""
			payload["embeds"], payload["attachments"], payload["components"] = []any{}, []any{}, []any{}
			delete(payload, "poll")
		}
		s.dispatchLocked("MESSAGE_CREATE", payload)
	}
	return decodeMessage(obj)
}

// mentionsUser reports whether a message object mentions a user.
func mentionsUser(obj map[string]any, id string) bool {
	list, _ := obj["mentions"].([]any)
	for _, u := range list {
		if um, isObj := u.(map[string]any); isObj && um["id"] == id {
			return true
		}
	}
	return false
}

// SendInteraction dispatches INTERACTION_CREATE and returns the interaction
// as the client decodes it. It fills the id, application_id, token, version
// 1, locale, app_permissions, and where missing: the invoker (a member of
// the default guild), the channel, the command id (from the commands the bot
// registered; an unregistered command is logged) and, for components, the
// message carrying the component (the test fails if there is none). The
// interaction must be answered within WithInteractionDeadline.
func (s *Server) SendInteraction(i *discordgo.Interaction) *discordgo.Interaction {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if i.ID == "" {
		i.ID = s.newID()
	}
	if i.AppID == "" {
		i.AppID = s.cfg.appID
	}
	if i.Token == "" {
		i.Token = "aW50ZXJhY3Rpb246" + i.ID + ":" + randomHex(24)
	}
	i.Version = 1
	if i.Locale == "" {
		i.Locale = discordgo.EnglishUS
	}
	if i.AppPermissions == 0 {
		i.AppPermissions = DefaultMemberPermissions
	}
	dm := i.User != nil && i.Member == nil
	var (
		user       *discordgo.User
		member     map[string]any
		userObj    map[string]any
		channelObj map[string]any
		roles      []string
		perms      int64
		joined     = time.Now().Add(-time.Hour)
		ctxType    discordgo.InteractionContextType
	)
	if dm {
		user = i.User
		i.GuildID = ""
	} else {
		if i.Member == nil {
			i.Member = &discordgo.Member{Permissions: DefaultMemberPermissions}
		}
		if i.Member.User == nil {
			i.Member.User = &discordgo.User{}
		}
		user = i.Member.User
		roles, perms = i.Member.Roles, i.Member.Permissions
		if !i.Member.JoinedAt.IsZero() {
			joined = i.Member.JoinedAt
		}
		if i.GuildID == "" {
			i.GuildID = s.cfg.guilds[0]
		}
	}
	if user.ID == "" {
		user.ID = DefaultUserID
	}
	userObj = s.userLocked(user.ID, user.Username)
	if dm {
		ctxType = discordgo.InteractionContextBotDM
		if i.ChannelID == "" {
			i.ChannelID = s.dmChannelLocked(user.ID).id
		}
		if _, known := s.channels[i.ChannelID]; !known {
			s.channels[i.ChannelID] = &channel{id: i.ChannelID, userID: user.ID}
		}
	} else {
		ctxType = discordgo.InteractionContextGuild
		if i.ChannelID == "" {
			i.ChannelID = s.guildChannelLocked(i.GuildID)
		}
		s.ensureChannelLocked(i.ChannelID, i.GuildID)
		member = memberObject(userObj, roles, perms, joined)
	}
	channelObj = s.channelObjectLocked(s.channels[i.ChannelID])

	ix := &interaction{
		id: i.ID, token: i.Token, typ: i.Type, channelID: i.ChannelID, guildID: i.GuildID,
		userObj: userObj, sentAt: time.Now(),
	}
	var message map[string]any
	switch d := i.Data.(type) {
	case discordgo.ApplicationCommandInteractionData:
		if d.CommandType == 0 {
			d.CommandType = discordgo.ChatApplicationCommand
		}
		if d.ID == "" {
			d.ID = s.commandIDLocked(i.GuildID, d.Name, d.CommandType)
			if d.ID == "" {
				s.tb.Logf("discordtest: command %q is not registered in guild %q or globally; Discord would not offer it", d.Name, i.GuildID)
				d.ID = s.newID()
			}
		}
		ix.name = d.Name
		i.Data = d
	case discordgo.MessageComponentInteractionData:
		if i.Message != nil {
			if m, known := s.messages[i.Message.ID]; known {
				message = m.obj
			} else {
				message = toMap(i.Message)
			}
		} else if m := s.componentMessageLocked(i.ChannelID, d.CustomID); m != nil {
			message = m.obj
		} else {
			s.tb.Errorf("discordtest: no message in channel %s has a component %q to click", i.ChannelID, d.CustomID)
			return nil
		}
		if d.ComponentType == 0 {
			d.ComponentType = componentType(message, d.CustomID, len(d.Values) > 0)
		}
		ix.messageID = str(message["id"])
		i.Data = d
	case discordgo.ModalSubmitInteractionData:
		if i.Message != nil {
			if m, known := s.messages[i.Message.ID]; known {
				message = m.obj
				ix.messageID = i.Message.ID
			}
		}
	}

	obj := toMap(i)
	pruneNulls(obj)
	if data, isObj := obj["data"].(map[string]any); isObj {
		if r, isObj := data["resolved"].(map[string]any); isObj && len(r) == 0 {
			delete(data, "resolved")
		}
		if data["target_id"] == "" {
			delete(data, "target_id")
		}
	}
	delete(obj, "message")
	if message != nil {
		obj["message"] = message
	}
	if d, isModal := i.Data.(discordgo.ModalSubmitInteractionData); isModal {
		modalSubmitShape(obj, d) // discordgo does not marshal them (json:"-")
	}
	obj["context"] = int(ctxType)
	obj["authorizing_integration_owners"] = map[string]any{"0": orZero(i.GuildID)}
	obj["entitlements"] = []any{}
	obj["attachment_size_limit"] = 10 << 20
	obj["channel"] = channelObj
	if dm {
		obj["user"] = userObj
		delete(obj, "member")
		delete(obj, "guild_id")
		delete(obj, "guild_locale")
	} else {
		obj["member"] = member
		delete(obj, "user")
		obj["guild_locale"] = "en-US"
		obj["guild"] = map[string]any{"id": i.GuildID, "locale": "en-US", "features": []any{}}
	}

	s.ixns[ix.id] = ix
	s.ixnToken[ix.token] = ix
	if !s.dispatchLocked("INTERACTION_CREATE", obj) {
		s.tb.Logf("discordtest: INTERACTION_CREATE %s not dispatched: no gateway session", ix.id)
	}
	s.notifyLocked()
	var out discordgo.Interaction
	mustRoundTrip(obj, &out)
	return &out
}

// commandIDLocked finds the id of a registered command, in the guild first.
func (s *Server) commandIDLocked(guildID, name string, typ discordgo.ApplicationCommandType) string {
	keys := []string{""}
	if guildID != "" {
		keys = []string{guildID, ""}
	}
	for _, key := range keys {
		for _, c := range s.commands[key] {
			t, _ := num(c["type"])
			if c["name"] == name && t == int64(typ) {
				return str(c["id"])
			}
		}
	}
	return ""
}

// componentMessageLocked returns the newest message in a channel with a
// component whose custom id is customID.
func (s *Server) componentMessageLocked(channelID, customID string) *message {
	for i := len(s.msgOrder) - 1; i >= 0; i-- {
		m := s.messages[s.msgOrder[i]]
		if m.deleted || m.channelID != channelID {
			continue
		}
		if findComponent(m.obj["components"], customID) != nil {
			return m
		}
	}
	return nil
}

// findComponent searches components, nested in rows or containers, for a
// custom id.
func findComponent(v any, customID string) map[string]any {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if c := findComponent(e, customID); c != nil {
				return c
			}
		}
	case map[string]any:
		if t["custom_id"] == customID {
			return t
		}
		for _, key := range []string{"components", "accessory"} {
			if c := findComponent(t[key], customID); c != nil {
				return c
			}
		}
	}
	return nil
}

// componentType is the type of the component with customID in a message,
// or a button (a string select when values were chosen) if not found.
func componentType(message map[string]any, customID string, selected bool) discordgo.ComponentType {
	if c := findComponent(message["components"], customID); c != nil {
		if t, known := num(c["type"]); known {
			return discordgo.ComponentType(t)
		}
	}
	if selected {
		return discordgo.SelectMenuComponent
	}
	return discordgo.ButtonComponent
}

// modalSubmitShape writes a modal submit's text inputs as Discord does:
// rows of inputs holding only type, id, custom_id and value.
func modalSubmitShape(obj map[string]any, d discordgo.ModalSubmitInteractionData) {
	data, _ := obj["data"].(map[string]any)
	if data == nil {
		return
	}
	rows := []any{}
	n := 1
	for _, c := range d.Components {
		var children []discordgo.MessageComponent
		switch r := c.(type) {
		case discordgo.ActionsRow:
			children = r.Components
		case *discordgo.ActionsRow:
			children = r.Components
		}
		row := map[string]any{"type": 1, "id": n}
		n++
		inputs := []any{}
		for _, cc := range children {
			var in discordgo.TextInput
			switch t := cc.(type) {
			case discordgo.TextInput:
				in = t
			case *discordgo.TextInput:
				in = *t
			}
			inputs = append(inputs, map[string]any{"type": 4, "id": n, "custom_id": in.CustomID, "value": in.Value})
			n++
		}
		row["components"] = inputs
		rows = append(rows, row)
	}
	data["components"] = rows
}
