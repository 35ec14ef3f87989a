package discordtest

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// Install says who installed the app where a user acts: the server, the
// user (who added the app to their account), or both. It becomes the
// interaction's authorizing_integration_owners: "0" with the guild id (or
// "0" in the bot's DM) for a server install, "1" with the user's id for a
// user install.
type Install int

const (
	// InstallServer is the default: the server installed the app (in the
	// bot's DM, the app is reached through a server install).
	InstallServer Install = iota
	// InstallUser is a user install alone: the server did not install the
	// app, and the bot need not be a member of it. It needs
	// WithUserInstall.
	InstallUser
	// InstallBoth is a user who installed the app, in a server that did
	// too. It needs WithUserInstall.
	InstallBoth
)

// owners is the authorizing_integration_owners of an interaction by user
// in guild ("" in a DM or private channel) under install.
func owners(install Install, guild, user string) map[discordgo.ApplicationIntegrationType]string {
	o := map[discordgo.ApplicationIntegrationType]string{}
	if install != InstallUser {
		o[discordgo.ApplicationIntegrationGuildInstall] = orZero(guild)
	}
	if install != InstallServer {
		o[discordgo.ApplicationIntegrationUserInstall] = user
	}
	return o
}

// ownersObject is owners as the JSON object Discord sends.
func ownersObject(o map[discordgo.ApplicationIntegrationType]string) map[string]any {
	out := map[string]any{}
	for k, v := range o {
		out[fmt.Sprint(int(k))] = v
	}
	return out
}

// checkOfferedLocked reports why Discord would not send an interaction:
// a user install the application does not support, a private channel
// without one, or a registered command whose contexts or
// integration_types leave it out where the user is. "" means it would.
func (s *Server) checkOfferedLocked(i *discordgo.Interaction, ctxType discordgo.InteractionContextType) string {
	_, byUser := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationUserInstall]
	_, byGuild := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall]
	switch {
	case byUser && !s.cfg.userInstall:
		return "the application does not support user installs (WithUserInstall)"
	case ctxType == discordgo.InteractionContextPrivateChannel && (!byUser || byGuild):
		return "only a user install reaches a private channel"
	case !byUser && !byGuild:
		return "nobody installed the application here"
	}
	d, isCmd := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !isCmd || (i.Type != discordgo.InteractionApplicationCommand && i.Type != discordgo.InteractionApplicationCommandAutocomplete) {
		return ""
	}
	cmd := s.commandLocked(i.GuildID, d.Name, d.CommandType)
	if cmd == nil {
		return "" // logged by SendInteraction
	}
	contexts := []int64{0, 1, 2}
	if list, set := cmd["contexts"].([]any); set {
		contexts = numbers(list)
	}
	if !slices.Contains(contexts, int64(ctxType)) {
		return fmt.Sprintf("command %q is not registered for interaction context %d (contexts %v)", d.Name, ctxType, contexts)
	}
	types := []int64{0}
	if list, set := cmd["integration_types"].([]any); set {
		types = numbers(list)
	}
	if !(byGuild && slices.Contains(types, 0)) && !(byUser && slices.Contains(types, 1)) {
		return fmt.Sprintf("command %q is not registered for the installation here (integration_types %v)", d.Name, types)
	}
	return ""
}

// numbers converts a JSON list of numbers.
func numbers(list []any) []int64 {
	var out []int64
	for _, v := range list {
		if n, ok := num(v); ok {
			out = append(out, n)
		}
	}
	return out
}

// commandLocked finds a registered command, in the guild first.
func (s *Server) commandLocked(guildID, name string, typ discordgo.ApplicationCommandType) map[string]any {
	keys := []string{""}
	if guildID != "" {
		keys = []string{guildID, ""}
	}
	if typ == 0 {
		typ = discordgo.ChatApplicationCommand
	}
	for _, key := range keys {
		for _, c := range s.commands[key] {
			t, _ := num(c["type"])
			if c["name"] == name && t == int64(typ) {
				return c
			}
		}
	}
	return nil
}

// checkPublicLocked refuses a response anyone could see (type 4 or 5
// without EPHEMERAL) to an interaction that only a user install
// authorizes, from a user who may not send messages there: "if a user
// invokes a command for a user-installed app from a server's channel where
// they don't have permission to send messages, the app won't be able to
// respond … with a non-ephemeral message".
func (s *Server) checkPublicLocked(ix *interaction, typ int64, data map[string]any) (response, bool) {
	flags, _ := num(data["flags"])
	if (typ != 4 && typ != 5) || flags&flagEphemeral != 0 || !ix.userInstallOnly() || ix.canSend {
		return response{}, true
	}
	return apiError(http.StatusForbidden, 50013, "Missing Permissions"), false
}

// focusedType returns the type of the focused option among options,
// looking into sub-commands.
func focusedType(options []*discordgo.ApplicationCommandInteractionDataOption) int64 {
	for _, o := range options {
		if o == nil {
			continue
		}
		if o.Focused {
			return int64(o.Type)
		}
		if t := focusedType(o.Options); t != 0 {
			return t
		}
	}
	return 0
}

// MessageCommand builds the interaction of a user choosing the message
// command name from the Apps menu of message targetID, a message the
// Server keeps (one SendMessageCreate returned, or the bot's). As on
// Discord, the interaction carries the whole target message, its content
// included, whatever the bot's intents. Pass it to SendInteraction.
func (s *Server) MessageCommand(c Ctx, name, targetID string) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := discordgo.ApplicationCommandInteractionData{Name: name, CommandType: discordgo.MessageApplicationCommand, TargetID: targetID}
	return place(&discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: d}, s.resolveLocked(c))
}

// resolvedTargetLocked fills a message command's resolved.messages with
// the target as the Server keeps it; it reports false if the Server does
// not know the target.
func (s *Server) resolvedTargetLocked(obj map[string]any, d discordgo.ApplicationCommandInteractionData) bool {
	if d.CommandType != discordgo.MessageApplicationCommand {
		return true
	}
	m, known := s.messages[d.TargetID]
	if !known || m.deleted {
		return false
	}
	data, _ := obj["data"].(map[string]any)
	data["target_id"] = d.TargetID
	data["resolved"] = map[string]any{"messages": map[string]any{d.TargetID: m.obj}}
	return true
}
