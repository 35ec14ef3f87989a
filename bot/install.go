package bot

import (
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// A person can install faqbot to their account (a user install) and use
// /ask, the message command and the other members' commands anywhere:
// another server, where the bot is not a member, a DM or a group DM. What
// the bot does there differs from a server that installed it, because the
// server's settings, its moderators and its feedback data belong to the
// servers that installed the bot:
//
//   - every reply is ephemeral, seen only by the person who asked;
//   - no "Share in channel" (the bot may not post there) and no crisis
//     alert: one server's moderators are never told about a question
//     asked elsewhere;
//   - nothing goes to the feedback store (no unanswered question, no
//     vote, no "None of these").
//
// Discord tells which install authorizes an interaction in its
// authorizing_integration_owners: the guild install key ("0") is present,
// with the server's id (or "0" in the bot's DM), only where a server
// installed the app.

// serverInstalled reports whether a server install authorizes i: the
// guild key is present and names i's server ("0" in the bot's DM). An
// interaction without authorizing_integration_owners (Discord always
// sends it; the fuzz seeds do not) counts as a server install, as all were
// before user installs.
func serverInstalled(i *discordgo.Interaction) bool {
	if i.AuthorizingIntegrationOwners == nil {
		return true
	}
	owner, ok := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall]
	if !ok {
		return false
	}
	if i.GuildID == "" {
		return owner == "0" || owner == ""
	}
	return owner == i.GuildID
}

// userInstallable asks Discord whether the application can be installed
// by users: its integration_types_config has the user install key ("1")
// once User Install is ticked on the Developer Portal's Installation page.
// discordgo v0.29.0 reads that field under the wrong name
// (Application.IntegrationTypesConfig is tagged "integration_types"), so
// the answer is decoded here.
func (b *Bot) userInstallable(s *discordgo.Session) (bool, error) {
	url := discordgo.EndpointApplication("@me")
	body, err := s.RequestWithBucketID("GET", url, nil, url)
	if err != nil {
		b.restError(err)
		return false, fmt.Errorf("read the application's installation contexts: %w", err)
	}
	var app struct {
		Config map[string]json.RawMessage `json:"integration_types_config"`
	}
	if err := json.Unmarshal(body, &app); err != nil {
		return false, fmt.Errorf("read the application's installation contexts: %w", err)
	}
	_, user := app.Config["1"]
	if !user {
		b.lg.Info("user install is off for this application: members can use the commands only where a server added the bot (turn on User Install on the Developer Portal's Installation page to let them ask anywhere)")
	}
	return user, nil
}

// moderatorsOf reports whether the moderator channel belongs to server
// guildID, so that a crisis alert about a question asked there may go to
// it: one server's moderators are never told about another's members. It
// asks the gateway's state; a channel the state does not know (no session,
// or before GUILD_CREATE) is taken to be the server's, as the moderator
// channel of a bot in one server is.
func (b *Bot) moderatorsOf(guildID string) bool {
	s := b.sess.Load()
	if s == nil || s.State == nil {
		return true
	}
	ch, err := s.State.Channel(b.cfg.Discord.ModeratorChannel)
	if err != nil || ch.GuildID == "" || ch.GuildID == guildID {
		return true
	}
	b.lg.Info("crisis alert not sent: the moderator channel is in another server", zap.String("guild", guildID))
	return false
}
