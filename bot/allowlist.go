package bot

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// refuseOutside refuses an interaction from a server or channel the bot is
// not configured for (config.Discord.AllowedGuilds, AllowedChannels) and
// reports whether it did. Anyone can craft a button click or an
// autocomplete request in any channel the bot can see, so every kind of
// interaction is checked here, before any handler runs: a refused one is
// answered with a private "not here" (an empty list for autocomplete),
// logged, and changes nothing: no answer, no vote, no record.
//
// The moderator tools (/kb and its buttons) are checked by server only:
// moderators use them in their own channel, which need not be one where
// members ask, and they check the moderator roles themselves.
func (b *Bot) refuseOutside(s discord, i *discordgo.Interaction) bool {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete, discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
	default:
		return false // not handled at all
	}
	d := b.cfg.Discord
	allowed := d.Allows(i.GuildID, i.ChannelID)
	if !allowed && moderatorTool(i) {
		allowed = len(d.AllowedGuilds) == 0 || slices.Contains(d.AllowedGuilds, i.GuildID)
	}
	if allowed {
		return false
	}
	b.lg.Info("interaction refused: not allowed here", zap.Int("type", int(i.Type)), zap.String("guild", i.GuildID), zap.String("channel", i.ChannelID))
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		err := s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
		})
		if err != nil {
			b.restError(err)
			b.lg.Warn("autocomplete respond", zap.String("interaction", i.ID), zap.Error(err))
		}
		return true
	}
	b.respond(s, i, message{Content: textNotHere}, true)
	return true
}

// moderatorTool reports whether an interaction is /kb or one of its
// buttons.
func moderatorTool(i *discordgo.Interaction) bool {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		return i.ApplicationCommandData().Name == cmdKB
	case discordgo.InteractionMessageComponent:
		id := i.MessageComponentData().CustomID
		return strings.HasPrefix(id, idPrefix+verbPhrase+":") || strings.HasPrefix(id, idPrefix+verbModerator+":")
	case discordgo.InteractionModalSubmit:
		return strings.HasPrefix(i.ModalSubmitData().CustomID, idPrefix+verbModerator+":")
	}
	return false
}

// Options come from whoever sent the interaction: read them without
// trusting their shape. discordgo's StringValue and IntValue panic on an
// option whose value is missing or of another type, and a list may hold
// null.

// stringOption returns o's value if it is a string, else "".
func stringOption(o *discordgo.ApplicationCommandInteractionDataOption) string {
	if o == nil {
		return ""
	}
	s, _ := o.Value.(string)
	return s
}

// intOption returns o's value if it is a number.
func intOption(o *discordgo.ApplicationCommandInteractionDataOption) (int64, bool) {
	if o == nil {
		return 0, false
	}
	f, ok := o.Value.(float64)
	if !ok || f != f || f > 1<<53 || f < -(1<<53) {
		return 0, false
	}
	return int64(f), true
}
