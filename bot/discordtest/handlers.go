package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// webhookLifetime is how long an interaction token accepts follow-ups.
const webhookLifetime = 15 * time.Minute

func (s *Server) getGateway(q *request) response {
	return ok(map[string]any{"url": s.GatewayURL()})
}

func (s *Server) getGatewayBot(q *request) response {
	return ok(map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total":           s.sessionCap,
			"remaining":       max(0, s.sessionCap-s.sessionUsed),
			"reset_after":     86400000,
			"max_concurrency": 1,
		},
	})
}

func (s *Server) getMe(q *request) response { return ok(s.botUserObject()) }

func (s *Server) getUser(q *request) response {
	u, known := s.users[q.vars["user"]]
	if !known {
		return apiError(http.StatusNotFound, 10013, "Unknown User")
	}
	return ok(u)
}

func (s *Server) createDM(q *request) response {
	id := str(q.obj["recipient_id"])
	if !isSnowflake(id) {
		return formError([]string{"recipient_id"}, "NUMBER_TYPE_COERCE", "Value \""+id+"\" is not snowflake.")
	}
	s.userLocked(id, "")
	return ok(s.channelObjectLocked(s.dmChannelLocked(id)))
}

// applicationFlags reflects the privileged intents enabled for the app.
func (s *Server) applicationFlags() int {
	flags := 1 << 23 // APPLICATION_COMMAND_BADGE
	if s.cfg.privileged&discordgo.IntentGuildPresences != 0 {
		flags |= 1 << 13 // GATEWAY_PRESENCE_LIMITED
	}
	if s.cfg.privileged&discordgo.IntentGuildMembers != 0 {
		flags |= 1 << 15 // GATEWAY_GUILD_MEMBERS_LIMITED
	}
	if s.cfg.privileged&discordgo.IntentMessageContent != 0 {
		flags |= 1 << 19 // GATEWAY_MESSAGE_CONTENT_LIMITED
	}
	return flags
}

// installTypes lists the installation contexts the application supports:
// guild install (0), and user install (1) with WithUserInstall.
func (s *Server) installTypes() []int64 {
	if s.cfg.userInstall {
		return []int64{0, 1}
	}
	return []int64{0}
}

// integrationTypesConfig is the application's integration_types_config:
// the default install settings of each installation context it supports.
func (s *Server) integrationTypesConfig() map[string]any {
	cfg := map[string]any{"0": map[string]any{"oauth2_install_params": map[string]any{
		"scopes": []string{"applications.commands", "bot"}, "permissions": "84992",
	}}}
	if s.cfg.userInstall {
		cfg["1"] = map[string]any{"oauth2_install_params": map[string]any{
			"scopes": []string{"applications.commands"}, "permissions": "0",
		}}
	}
	return cfg
}

func (s *Server) getApplication(q *request) response {
	return ok(map[string]any{
		"id":                       s.cfg.appID,
		"name":                     s.cfg.botName,
		"icon":                     nil,
		"description":              "",
		"bot_public":               true,
		"bot_require_code_grant":   false,
		"verify_key":               "0000000000000000000000000000000000000000000000000000000000000000",
		"flags":                    s.applicationFlags(),
		"bot":                      s.botUserObject(),
		"owner":                    userObject(DefaultUserID, DefaultUsername, false),
		"team":                     nil,
		"integration_types_config": s.integrationTypesConfig(),
	})
}

// commandScope checks the application and guild of a commands route and
// returns the key its commands are kept under.
func (s *Server) commandScope(q *request) (string, response, bool) {
	if q.vars["app"] != s.cfg.appID {
		return "", apiError(http.StatusForbidden, 50001, "Missing Access"), false
	}
	guild := q.vars["guild"]
	if guild != "" && !slices.Contains(s.cfg.guilds, guild) {
		return "", apiError(http.StatusForbidden, 50001, "Missing Access"), false
	}
	return guild, response{}, true
}

// normalizeCommand turns a command sent by the bot into the object Discord
// stores: the id is kept across overwrites for the same name and type.
func (s *Server) normalizeCommand(guild string, in map[string]any, existing []map[string]any) map[string]any {
	out := copyMap(in)
	pruneNulls(out)
	typ, known := num(in["type"])
	if !known {
		typ = 1
	}
	out["type"] = typ
	id := ""
	for _, e := range existing {
		if t, _ := num(e["type"]); t == typ && e["name"] == in["name"] {
			id = str(e["id"])
		}
	}
	if id == "" {
		id = s.newID()
	}
	out["id"] = id
	out["application_id"] = s.cfg.appID
	out["version"] = s.newID()
	if _, set := out["description"]; !set {
		out["description"] = ""
	}
	if _, set := out["default_member_permissions"]; !set {
		out["default_member_permissions"] = nil
	}
	if _, set := out["nsfw"]; !set {
		out["nsfw"] = false
	}
	if _, set := out["integration_types"]; !set {
		out["integration_types"] = []any{0}
	}
	if guild != "" {
		out["guild_id"] = guild
	} else if _, set := out["dm_permission"]; !set {
		out["dm_permission"] = true
	}
	return out
}

func (s *Server) listCommands(q *request) response {
	key, r, good := s.commandScope(q)
	if !good {
		return r
	}
	list := s.commands[key]
	if list == nil {
		list = []map[string]any{}
	}
	return ok(list)
}

func (s *Server) overwriteCommands(q *request) response {
	key, r, good := s.commandScope(q)
	if !good {
		return r
	}
	if q.arr == nil && q.obj != nil {
		return formError(nil, "BASE_TYPE_ARRAY", "Must be an array.")
	}
	if len(q.arr) > 100 {
		return apiError(http.StatusBadRequest, 30032, "Maximum number of application commands reached (100)")
	}
	names := map[string]bool{}
	perType := map[int64]int{}
	out := []map[string]any{}
	for i, c := range q.arr {
		cmd, _ := c.(map[string]any)
		if r, good := validateCommand([]string{strconv.Itoa(i)}, cmd, s.installTypes()); !good {
			return r
		}
		typ, known := num(cmd["type"])
		if !known {
			typ = 1
		}
		k := strconv.FormatInt(typ, 10) + "/" + str(cmd["name"])
		if names[k] {
			return formError([]string{strconv.Itoa(i), "name"}, "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		names[k] = true
		if perType[typ]++; perType[typ] > commandCaps[typ] {
			return apiError(http.StatusBadRequest, 30032, fmt.Sprintf("Maximum number of application commands reached (%d)", commandCaps[typ]))
		}
		out = append(out, s.normalizeCommand(key, cmd, s.commands[key]))
	}
	s.commands[key] = out
	return ok(out)
}

func (s *Server) createCommand(q *request) response {
	key, r, good := s.commandScope(q)
	if !good {
		return r
	}
	if r, good := validateCommand(nil, q.obj, s.installTypes()); !good {
		return r
	}
	cmd := s.normalizeCommand(key, q.obj, s.commands[key])
	list := s.commands[key]
	replaced := false
	for i, e := range list {
		if e["id"] == cmd["id"] {
			list[i], replaced = cmd, true
		}
	}
	if !replaced {
		list = append(list, cmd)
	}
	s.commands[key] = list
	if replaced {
		return ok(cmd)
	}
	return response{status: http.StatusCreated, v: cmd}
}

// commandIndex finds a stored command by id.
func (s *Server) commandIndex(key, id string) int {
	for i, e := range s.commands[key] {
		if e["id"] == id {
			return i
		}
	}
	return -1
}

func (s *Server) getCommand(q *request) response {
	key, r, good := s.commandScope(q)
	if !good {
		return r
	}
	i := s.commandIndex(key, q.vars["cmd"])
	if i < 0 {
		return apiError(http.StatusNotFound, 10063, "Unknown application command")
	}
	return ok(s.commands[key][i])
}

func (s *Server) editCommand(q *request) response {
	key, r, good := s.commandScope(q)
	if !good {
		return r
	}
	i := s.commandIndex(key, q.vars["cmd"])
	if i < 0 {
		return apiError(http.StatusNotFound, 10063, "Unknown application command")
	}
	merged := copyMap(s.commands[key][i])
	for k, v := range q.obj {
		merged[k] = v
	}
	if r, good := validateCommand(nil, merged, s.installTypes()); !good {
		return r
	}
	merged["version"] = s.newID()
	s.commands[key][i] = merged
	return ok(merged)
}

func (s *Server) deleteCommand(q *request) response {
	key, r, good := s.commandScope(q)
	if !good {
		return r
	}
	i := s.commandIndex(key, q.vars["cmd"])
	if i < 0 {
		return apiError(http.StatusNotFound, 10063, "Unknown application command")
	}
	s.commands[key] = slices.Delete(s.commands[key], i, i+1)
	return noContent()
}

// Commands returns the application commands the bot registered, globally
// for guildID "" or in a guild.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	mustRoundTrip(s.commands[guildID], &out)
	return out
}

// channelLocked resolves the channel of a route.
func (s *Server) channelLocked(q *request) (*channel, response, bool) {
	c, known := s.channels[q.vars["ch"]]
	if !known {
		return nil, apiError(http.StatusNotFound, 10003, "Unknown Channel"), false
	}
	return c, response{}, true
}

func (s *Server) getChannel(q *request) response {
	c, r, good := s.channelLocked(q)
	if !good {
		return r
	}
	return ok(s.channelObjectLocked(c))
}

func (s *Server) typing(q *request) response {
	if _, r, good := s.channelLocked(q); !good {
		return r
	}
	return noContent()
}

func (s *Server) listMessages(q *request) response {
	c, r, good := s.channelLocked(q)
	if !good {
		return r
	}
	limit := 50
	if l, err := strconv.Atoi(q.call.Query.Get("limit")); err == nil && l >= 1 && l <= 100 {
		limit = l
	}
	out := []any{}
	for i := len(s.msgOrder) - 1; i >= 0 && len(out) < limit; i-- {
		if m := s.messages[s.msgOrder[i]]; !m.deleted && m.channelID == c.id {
			out = append(out, m.obj)
		}
	}
	return ok(out)
}

// newMessageLocked builds a message the bot sends into a channel from a
// request body; it returns an error response if the body is invalid.
func (s *Server) newMessageLocked(path []string, ch *channel, body map[string]any, files []File, rules msgRules) (map[string]any, response, bool) {
	if r, good := validateMessage(path, body, len(files), rules); !good {
		return nil, r, false
	}
	if body == nil {
		body = map[string]any{}
	}
	content := str(body["content"])
	flags, _ := num(body["flags"])
	obj := map[string]any{
		"id":               s.newID(),
		"type":             int(discordgo.MessageTypeDefault),
		"content":          content,
		"channel_id":       ch.id,
		"author":           s.botUserObject(),
		"attachments":      s.attachments(ch.id, files),
		"embeds":           embedsOf(body["embeds"]),
		"mentions":         s.mentionsLocked(content),
		"mention_roles":    []any{},
		"mention_everyone": false,
		"pinned":           false,
		"tts":              body["tts"] == true,
		"timestamp":        timestamp(time.Now()),
		"edited_timestamp": nil,
		"flags":            flags & (flagSuppressEmbeds | flagEphemeral | 1<<12 | flagComponentsV2),
		"components":       listOf(body["components"]),
	}
	if ref, isObj := body["message_reference"].(map[string]any); isObj {
		target, known := s.messages[str(ref["message_id"])]
		if !known || target.deleted {
			if ref["fail_if_not_exists"] != false {
				return nil, formError(append(path, "message_reference"), "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"), false
			}
		} else {
			reference := map[string]any{"type": 0, "channel_id": target.channelID, "message_id": str(target.obj["id"])}
			if ch.guildID != "" {
				reference["guild_id"] = ch.guildID
			}
			referenced := copyMap(target.obj)
			delete(referenced, "referenced_message")
			obj["message_reference"] = reference
			obj["referenced_message"] = referenced
			obj["type"] = int(discordgo.MessageTypeReply)
		}
	}
	return obj, response{}, true
}

// embedsOf normalizes embeds as Discord returns them.
func embedsOf(v any) []any {
	list, _ := v.([]any)
	out := []any{}
	for _, e := range list {
		em, isObj := e.(map[string]any)
		if !isObj {
			continue
		}
		em = copyMap(em)
		if _, set := em["type"]; !set {
			em["type"] = "rich"
		}
		pruneNulls(em)
		out = append(out, em)
	}
	return out
}

// listOf returns v if it is a JSON array, else an empty one.
func listOf(v any) []any {
	if l, isList := v.([]any); isList {
		return l
	}
	return []any{}
}

// attachments describes uploaded files as message attachments.
func (s *Server) attachments(channelID string, files []File) []any {
	out := []any{}
	for _, f := range files {
		id := s.newID()
		url := "https://cdn.discordapp.com/attachments/" + channelID + "/" + id + "/" + f.Name
		out = append(out, map[string]any{
			"id": id, "filename": f.Name, "size": len(f.Data), "url": url,
			"proxy_url": url, "content_type": f.ContentType,
		})
	}
	return out
}

// nonceWindow is how long Discord remembers a nonce sent with
// enforce_nonce ("the past few minutes").
const nonceWindow = 5 * time.Minute

// sentNonce is a message created with enforce_nonce.
type sentNonce struct {
	messageID string
	at        time.Time
}

func (s *Server) createMessage(q *request) response {
	ch, r, good := s.channelLocked(q)
	if !good {
		return r
	}
	// As on Discord: with enforce_nonce, a nonce the same author used in
	// the past few minutes returns that message instead of a new one.
	nonce, r, good := nonceOf(q.obj)
	if !good {
		return r
	}
	enforce := nonce != "" && q.obj["enforce_nonce"] == true
	if enforce {
		if sent, seen := s.nonces[nonce]; seen && time.Since(sent.at) < nonceWindow {
			if m := s.messages[sent.messageID]; m != nil && !m.deleted {
				return ok(m.obj)
			}
		}
	}
	if r, good := s.canPostLocked(ch); !good {
		return r
	}
	obj, r, good := s.newMessageLocked(nil, ch, q.obj, q.call.Files, channelMessage)
	if !good {
		return r
	}
	if ch.guildID != "" {
		obj["guild_id"] = ch.guildID
	}
	if nonce != "" {
		obj["nonce"] = nonce
	}
	s.storeMessageLocked(obj)
	if enforce {
		if s.nonces == nil {
			s.nonces = map[string]sentNonce{}
		}
		s.nonces[nonce] = sentNonce{messageID: str(obj["id"]), at: time.Now()}
	}
	return ok(obj)
}

// nonceOf returns a message body's nonce, an integer or a string of at most
// 25 characters, as a string.
func nonceOf(body map[string]any) (string, response, bool) {
	switch v := body["nonce"].(type) {
	case nil:
		return "", response{}, true
	case json.Number:
		return v.String(), response{}, true
	case string:
		if utf8.RuneCountInString(v) > 25 {
			return "", formError([]string{"nonce"}, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
		}
		return v, response{}, true
	}
	return "", formError([]string{"nonce"}, "BASE_TYPE_STRING", "Must be a string or an integer."), false
}

// messageLocked resolves the message of a channel message route.
func (s *Server) messageLocked(q *request) (*message, response, bool) {
	if _, r, good := s.channelLocked(q); !good {
		return nil, r, false
	}
	m, known := s.messages[q.vars["msg"]]
	if !known || m.deleted || m.channelID != q.vars["ch"] {
		return nil, apiError(http.StatusNotFound, 10008, "Unknown Message"), false
	}
	return m, response{}, true
}

func (s *Server) getMessage(q *request) response {
	m, r, good := s.messageLocked(q)
	if !good {
		return r
	}
	return ok(m.obj)
}

// applyEdit changes a stored message as a PATCH body asks. nullKeeps says
// whether a null field leaves the message unchanged (interaction callback
// data) or clears it (PATCH routes).
func (s *Server) applyEdit(m *message, body map[string]any, files []File, nullKeeps bool) (response, bool) {
	next := copyMap(m.obj)
	for _, key := range []string{"content", "embeds", "components", "attachments"} {
		v, present := body[key]
		if !present || (v == nil && nullKeeps) {
			continue
		}
		switch key {
		case "content":
			next["content"] = str(v)
			next["mentions"] = s.mentionsLocked(str(v))
		case "embeds":
			next["embeds"] = embedsOf(v)
		case "components":
			next["components"] = listOf(v)
		case "attachments":
			kept := []any{}
			wanted := map[string]bool{}
			for _, a := range listOf(v) {
				if am, isObj := a.(map[string]any); isObj {
					wanted[str(am["id"])] = true
				}
			}
			for _, a := range listOf(next["attachments"]) {
				if wanted[str(a.(map[string]any)["id"])] {
					kept = append(kept, a)
				}
			}
			next["attachments"] = kept
		}
	}
	if len(files) > 0 {
		next["attachments"] = append(listOf(next["attachments"]), s.attachments(m.channelID, files)...)
	}
	flags, _ := num(m.obj["flags"])
	if f, present := body["flags"]; present && f != nil {
		nf, _ := num(f)
		flags = flags&^flagSuppressEmbeds | nf&(flagSuppressEmbeds|flagComponentsV2)
	}
	check := map[string]any{
		"content": next["content"], "embeds": next["embeds"], "components": next["components"],
		"attachments": next["attachments"], "flags": flags,
	}
	if r, good := validateMessage(nil, check, 0, messageEdit); !good {
		return r, false
	}
	if flags&flagLoading == 0 {
		next["edited_timestamp"] = timestamp(time.Now())
	}
	next["flags"] = flags &^ flagLoading
	m.obj = next
	s.notifyLocked()
	return response{}, true
}

func (s *Server) editMessage(q *request) response {
	m, r, good := s.messageLocked(q)
	if !good {
		return r
	}
	if m.authorID != s.cfg.botID {
		return apiError(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
	}
	if r, good := s.applyEdit(m, q.obj, q.call.Files, false); !good {
		return r
	}
	return ok(m.obj)
}

func (s *Server) deleteMessage(q *request) response {
	m, r, good := s.messageLocked(q)
	if !good {
		return r
	}
	if m.authorID != s.cfg.botID {
		// Deleting another's message needs Manage Messages, which the
		// bot is not given.
		return apiError(http.StatusForbidden, 50013, "Missing Permissions")
	}
	m.deleted = true
	s.notifyLocked()
	return noContent()
}

func (s *Server) react(q *request) response {
	if _, r, good := s.messageLocked(q); !good {
		return r
	}
	return noContent()
}

// InteractionResponse is the initial response the bot gave an interaction.
type InteractionResponse struct {
	Type discordgo.InteractionResponseType
	Data json.RawMessage // the response's data object, or nil
	Time time.Time
}

// Message decodes Data as a message: content, embeds, components, flags.
func (r InteractionResponse) Message() (*discordgo.Message, error) {
	var m discordgo.Message
	if len(r.Data) == 0 {
		return &m, nil
	}
	err := json.Unmarshal(r.Data, &m)
	return &m, err
}

// Choices decodes the choices of an autocomplete result.
func (r InteractionResponse) Choices() ([]*discordgo.ApplicationCommandOptionChoice, error) {
	var d struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}
	if len(r.Data) == 0 {
		return nil, nil
	}
	err := json.Unmarshal(r.Data, &d)
	return d.Choices, err
}

// interaction is an interaction the Server dispatched.
type interaction struct {
	id        string
	token     string
	typ       discordgo.InteractionType
	name      string
	channelID string
	guildID   string
	userObj   map[string]any
	messageID string // the message a component is on
	sentAt    time.Time
	response  *InteractionResponse
	original  string
	followups []string
	// owners is authorizing_integration_owners: "0" (the guild, or "0"
	// in the bot's DM) when the server installed the app, "1" (the user)
	// when the user did.
	owners map[string]any
	// canSend is whether the user may send messages in the channel; a
	// user-installed app answering there publicly is held to it.
	canSend bool
	// focusedType is the type of the option an autocomplete is for.
	focusedType int64
	// fromComponent is whether a modal submit answers a modal opened from
	// a message component (only those may update the message, type 7).
	fromComponent bool
}

// userInstallOnly reports whether only the user's install authorizes ix:
// the server did not install the app.
func (ix *interaction) userInstallOnly() bool {
	_, guild := ix.owners["0"]
	return !guild
}

// maxUserAppFollowups is how many follow-ups an interaction authorized
// only by a user install may have.
const maxUserAppFollowups = 5

// allowedCallbacks lists the response types each interaction type accepts.
var allowedCallbacks = map[discordgo.InteractionType][]int64{
	discordgo.InteractionApplicationCommand:             {4, 5, 9, 12},
	discordgo.InteractionMessageComponent:               {4, 5, 6, 7, 9, 12},
	discordgo.InteractionApplicationCommandAutocomplete: {8},
	discordgo.InteractionModalSubmit:                    {4, 5, 6, 7},
}

// metadata is the interaction_metadata of messages answering ix.
func (ix *interaction) metadata() map[string]any {
	md := map[string]any{
		"id":                             ix.id,
		"type":                           int(ix.typ),
		"user":                           ix.userObj,
		"authorizing_integration_owners": ix.owners,
	}
	if ix.messageID != "" {
		md["interacted_message_id"] = ix.messageID
	}
	return md
}

// orZero returns id, or "0" when it is empty.
func orZero(id string) string {
	if id == "" {
		return "0"
	}
	return id
}

// interactionMessageLocked builds a message that answers an interaction.
// path is where the message sits in the request: "data" in a callback,
// the top level in a follow-up.
func (s *Server) interactionMessageLocked(path []string, ix *interaction, data map[string]any, files []File, rules msgRules) (map[string]any, response, bool) {
	ch := s.ensureChannelLocked(ix.channelID, ix.guildID)
	obj, r, good := s.newMessageLocked(path, ch, data, files, rules)
	if !good {
		return nil, r, false
	}
	obj["webhook_id"] = s.cfg.appID
	obj["application_id"] = s.cfg.appID
	obj["interaction_metadata"] = ix.metadata()
	if ix.typ == discordgo.InteractionApplicationCommand {
		obj["type"] = int(discordgo.MessageTypeChatInputCommand)
		obj["interaction"] = map[string]any{"id": ix.id, "type": int(ix.typ), "name": ix.name, "user": ix.userObj}
	}
	if ix.guildID != "" {
		obj["guild_id"] = ix.guildID
	}
	return obj, response{}, true
}

func (s *Server) interactionCallback(q *request) response {
	ix, known := s.ixns[q.vars["id"]]
	if !known || ix.token != q.vars["token"] {
		return apiError(http.StatusNotFound, 10062, "Unknown interaction")
	}
	if ix.response != nil {
		return apiError(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	}
	if time.Since(ix.sentAt) > s.cfg.ixnDeadline {
		return apiError(http.StatusNotFound, 10062, "Unknown interaction")
	}
	typ, _ := num(q.obj["type"])
	if !slices.Contains(allowedCallbacks[ix.typ], typ) {
		return formError([]string{"type"}, "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction")
	}
	data, _ := q.obj["data"].(map[string]any)
	if r, good := s.checkPublicLocked(ix, typ, data); !good {
		return r
	}
	var msg map[string]any
	switch typ {
	case 4:
		obj, r, good := s.interactionMessageLocked([]string{"data"}, ix, data, q.call.Files, interactionMessage)
		if !good {
			return r
		}
		msg = obj
		s.storeMessageLocked(obj)
		ix.original = str(obj["id"])
	case 5:
		flags, _ := num(data["flags"])
		obj, r, good := s.interactionMessageLocked([]string{"data"}, ix, map[string]any{"flags": flags}, nil, deferredMessage)
		if !good {
			return r
		}
		obj["flags"] = obj["flags"].(int64) | flagLoading
		msg = obj
		s.storeMessageLocked(obj)
		ix.original = str(obj["id"])
	case 6:
		ix.original = ix.messageID
	case 7:
		if ix.typ == discordgo.InteractionModalSubmit && !ix.fromComponent {
			return formError([]string{"type"}, "INTERACTION_RESPONSE_TYPE_INVALID", "Interaction response type is invalid for this interaction")
		}
		m, known := s.messages[ix.messageID]
		if !known || m.deleted {
			return apiError(http.StatusNotFound, 10008, "Unknown Message")
		}
		if r, good := s.applyEdit(m, data, q.call.Files, true); !good {
			return r
		}
		msg = m.obj
		ix.original = ix.messageID
	case 8:
		if r, good := validateChoices(data, ix.focusedType); !good {
			return r
		}
	case 9:
		if r, good := validateModal(data); !good {
			return r
		}
	}
	var raw json.RawMessage
	if data != nil {
		raw, _ = json.Marshal(data)
	}
	ix.response = &InteractionResponse{Type: discordgo.InteractionResponseType(typ), Data: raw, Time: time.Now()}
	s.notifyLocked()
	if q.call.Query.Get("with_response") != "true" {
		return noContent()
	}
	callback := map[string]any{"id": ix.id, "type": int(ix.typ)}
	resource := map[string]any{"type": typ}
	if msg != nil {
		callback["response_message_id"] = msg["id"]
		callback["response_message_loading"] = typ == 5
		f, _ := num(msg["flags"])
		callback["response_message_ephemeral"] = f&flagEphemeral != 0
		resource["message"] = msg
	}
	return ok(map[string]any{"interaction": callback, "resource": resource})
}

// webhookLocked resolves the interaction of an interaction webhook route.
func (s *Server) webhookLocked(q *request) (*interaction, response, bool) {
	ix, known := s.ixnToken[q.vars["token"]]
	if !known || q.vars["app"] != s.cfg.appID {
		return nil, apiError(http.StatusNotFound, 10015, "Unknown Webhook"), false
	}
	if time.Since(ix.sentAt) > webhookLifetime {
		return nil, apiError(http.StatusUnauthorized, 50027, "Invalid Webhook Token"), false
	}
	return ix, response{}, true
}

func (s *Server) createFollowup(q *request) response {
	ix, r, good := s.webhookLocked(q)
	if !good {
		return r
	}
	if ix.response == nil {
		return apiError(http.StatusNotFound, 10015, "Unknown Webhook")
	}
	if ix.userInstallOnly() && len(ix.followups) >= maxUserAppFollowups {
		return apiError(http.StatusBadRequest, 40094, "This interaction has hit the maximum number of follow up messages")
	}
	if orig := s.messages[ix.original]; orig != nil && !orig.deleted && ix.response.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
		if f, _ := num(orig.obj["flags"]); f&flagLoading != 0 {
			// "When using this endpoint directly after responding with
			// DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, this endpoint will
			// function as Edit Original Interaction Response": the
			// loading message is edited, and keeps its ephemerality.
			if r, good := s.applyEdit(orig, q.obj, q.call.Files, false); !good {
				return r
			}
			if q.call.Query.Get("wait") != "true" {
				return noContent()
			}
			return ok(orig.obj)
		}
	}
	if r, good := s.checkPublicLocked(ix, 4, q.obj); !good {
		return r
	}
	obj, r, good := s.interactionMessageLocked(nil, ix, q.obj, q.call.Files, interactionMessage)
	if !good {
		return r
	}
	obj["type"] = int(discordgo.MessageTypeDefault)
	delete(obj, "interaction")
	s.storeMessageLocked(obj)
	ix.followups = append(ix.followups, str(obj["id"]))
	if q.call.Query.Get("wait") != "true" {
		return noContent()
	}
	return ok(obj)
}

// webhookMessageLocked resolves @original or a follow-up of ix.
func (s *Server) webhookMessageLocked(ix *interaction, id string) (*message, response, bool) {
	if id == "@original" {
		id = ix.original
	} else if id != ix.original && !slices.Contains(ix.followups, id) {
		id = ""
	}
	m, known := s.messages[id]
	if id == "" || !known || m.deleted {
		return nil, apiError(http.StatusNotFound, 10008, "Unknown Message"), false
	}
	return m, response{}, true
}

// webhookTargetLocked finds the message a webhooks/{app}/{token}/messages/{msg}
// request is about, or the error response to give.
func (s *Server) webhookTargetLocked(q *request) (*message, response, bool) {
	ix, r, good := s.webhookLocked(q)
	if !good {
		return nil, r, false
	}
	return s.webhookMessageLocked(ix, q.vars["msg"])
}

func (s *Server) getWebhookMessage(q *request) response {
	m, r, good := s.webhookTargetLocked(q)
	if !good {
		return r
	}
	return ok(m.obj)
}

func (s *Server) editWebhookMessage(q *request) response {
	m, r, good := s.webhookTargetLocked(q)
	if !good {
		return r
	}
	if r, good := s.applyEdit(m, q.obj, q.call.Files, false); !good {
		return r
	}
	return ok(m.obj)
}

func (s *Server) deleteWebhookMessage(q *request) response {
	m, r, good := s.webhookTargetLocked(q)
	if !good {
		return r
	}
	m.deleted = true
	s.notifyLocked()
	return noContent()
}

// Response returns the initial response to an interaction, if it has one.
func (s *Server) Response(interactionID string) (InteractionResponse, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, known := s.ixns[interactionID]
	if !known || ix.response == nil {
		return InteractionResponse{}, false
	}
	return *ix.response, true
}

// WaitResponse waits for the initial response to an interaction and fails
// the test, listing the REST calls seen, if none comes within timeout.
func (s *Server) WaitResponse(tb testing.TB, interactionID string, timeout time.Duration) InteractionResponse {
	tb.Helper()
	var r InteractionResponse
	if !s.waitUntil(timeout, func() bool {
		ix, known := s.ixns[interactionID]
		if known && ix.response != nil {
			r = *ix.response
			return true
		}
		return false
	}) {
		tb.Fatalf("discordtest: interaction %s got no response within %v; calls seen:\n%s", interactionID, timeout, s.dumpCalls())
	}
	return r
}

// Original returns the message an interaction's response created or
// updated (after later edits), if any.
func (s *Server) Original(interactionID string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, known := s.ixns[interactionID]
	if !known || ix.original == "" {
		return nil, false
	}
	m, known := s.messages[ix.original]
	if !known || m.deleted {
		return nil, false
	}
	return decodeMessage(m.obj), true
}

// Followups returns the follow-up messages of an interaction that are not
// deleted, oldest first.
func (s *Server) Followups(interactionID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, known := s.ixns[interactionID]
	if !known {
		return nil
	}
	var out []*discordgo.Message
	for _, id := range ix.followups {
		if m := s.messages[id]; !m.deleted {
			out = append(out, decodeMessage(m.obj))
		}
	}
	return out
}
