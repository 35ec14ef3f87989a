package bot

import (
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/knowledge"
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
	if !allowed && b.inForumPost(i.ChannelID) { // forum.go
		allowed = len(d.AllowedGuilds) == 0 || slices.Contains(d.AllowedGuilds, i.GuildID)
	}
	if !allowed && moderatorTool(i) {
		allowed = len(d.AllowedGuilds) == 0 || slices.Contains(d.AllowedGuilds, i.GuildID)
	}
	if allowed {
		return false
	}
	if b.crisisWhereRefused(s, i) {
		return true
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

// crisisWhereRefused answers a question asked where the bot is not set up
// (/ask, or Ask faqbot on a message) when it is a crisis: the resources,
// privately, and nothing else (no alert, nothing kept: the moderators
// there did not set the bot up). It reports whether it answered.
func (b *Bot) crisisWhereRefused(s discord, i *discordgo.Interaction) bool {
	if i.Type != discordgo.InteractionApplicationCommand {
		return false
	}
	start := b.cfg.Now()
	d := i.ApplicationCommandData()
	var text string
	switch d.Name {
	case cmdAsk:
		for _, o := range d.Options {
			if o != nil && o.Name == optQuestion {
				text = stringOption(o)
			}
		}
	case cmdAskAbout:
		text = b.targetText(d)
	}
	if strings.TrimSpace(text) == "" {
		return false
	}
	r := b.kb.Current().Answer(text, b.cfg.Answer)
	if r.Kind != knowledge.KindCrisis {
		return false
	}
	m := renderReply(r, answerOpts{})
	if d.Name == cmdAskAbout {
		m = renderCrisisHelper(r.Crisis, r.Text, r.Disclaimer) // it may be someone else's message
	}
	b.respond(s, i, m, true)
	b.logReply("refused place", r, start)
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
