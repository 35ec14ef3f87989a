package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// A member who sees something to improve in an answer presses "Suggest an
// edit" under it and writes what should change. The suggestion is posted in
// the moderator channel, with Accept (which opens the editor with the
// suggestion beside the fields) and Dismiss. Nothing about the member is
// kept or posted with it: not their id, not their name.

// maxSuggestion is the longest suggestion a member can write.
const maxSuggestion = 1000

// suggestEdits reports whether answers offer "Suggest an edit": when
// discord.suggest_edits is on and there is a moderator channel to send
// suggestions to.
func (b *Bot) suggestEdits() bool {
	return b.cfg.Discord.SuggestEdits && b.cfg.Discord.ModeratorChannel != ""
}

// suggestEdit answers "Suggest an edit" with the suggestion form.
func (b *Bot) suggestEdit(s discord, i *discordgo.Interaction, id string) {
	if !b.suggestEdits() {
		b.respond(s, i, message{Content: textNoSuggestions}, true)
		return
	}
	e, ok := b.kb.Current().Entry(id)
	if !ok {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	in := textInput(fieldSuggestion, "What should change? (your name is not sent)", discordgo.TextInputParagraph, "", true, maxSuggestion, "e.g. The answer should also say … (a source helps)")
	in.MinLength = 10
	data := &discordgo.InteractionResponseData{
		CustomID:   idSuggestEdit(e.ID),
		Title:      cut("Suggest an edit: "+e.Title, maxModalTitle),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}},
	}
	if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: data}); err != nil {
		b.restError(err)
		b.lg.Warn("open suggestion form", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// suggestionSubmitted posts a member's suggestion for moderators. It is
// rate limited like questions, and logged without its text.
func (b *Bot) suggestionSubmitted(s discord, i *discordgo.Interaction, id string, values map[string]string) {
	text := strings.TrimSpace(values[fieldSuggestion])
	e, ok := b.kb.Current().Entry(id)
	switch {
	case !b.suggestEdits():
		b.respond(s, i, message{Content: textNoSuggestions}, true)
		return
	case !ok:
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	case text == "":
		b.respond(s, i, message{Content: "The suggestion was empty, so nothing was sent."}, true)
		return
	}
	// A person in crisis may write it anywhere: the resources come first,
	// and nothing is posted.
	if _, crisis := b.crisisFirst(s, i, "suggest", text); crisis {
		return
	}
	switch {
	case !b.limit.allow(userID(i)):
		b.metrics.RateLimited()
		b.respond(s, i, message{Content: textRateLimited}, true)
		return
	}
	m := renderSuggestion(e.ID, e.Title, text)
	if !b.send(s, b.cfg.Discord.ModeratorChannel, m.send(nil)) {
		b.respond(s, i, message{Content: "Sorry, your suggestion could not be sent to the moderators. Please try again later."}, true)
		return
	}
	b.lg.Info("edit suggested", zap.String("entry", e.ID), zap.Int("length", len(text)))
	b.respond(s, i, message{Content: "Thank you! Your suggestion was sent to the moderators, without your name."}, true)
}

// renderSuggestion is a suggestion as the moderator channel shows it: the
// entry and the text, escaped so that it cannot format, link or mention.
func renderSuggestion(id, title, text string) message {
	emb := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       cut("Suggested edit: "+title, maxEmbedTitle),
		Description: quoteQuestion(text, maxSuggestion),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Entry " + id + " · from a member; who sent it is not recorded"},
	}
	return message{
		Content: "A member suggests a change to an answer.",
		Embeds:  []*discordgo.MessageEmbed{emb},
		Components: appendRow(nil, []discordgo.MessageComponent{
			button("Accept: open the editor", discordgo.PrimaryButton, idMod(modAccept, id)),
			button("Dismiss", discordgo.SecondaryButton, idMod(modDismiss, id)),
		}),
	}
}

// mdUnescaper undoes mdEscaper and quoteQuestion's quotes, to put a
// suggestion back into a text input.
var mdUnescaper = strings.NewReplacer(`\\`, `\`, `\*`, "*", `\_`, "_", `\~`, "~", "\\`", "`", `\|`, "|", `\>`, ">", `\#`, "#", `\[`, "[", `\]`, "]", ":\u200b//", "://")

// acceptSuggestion opens the editor of the entry with the suggestion
// (read back from the clicked message) beside its fields.
func (b *Bot) acceptSuggestion(s discord, i *discordgo.Interaction, id string) {
	text := ""
	if i.Message != nil && len(i.Message.Embeds) > 0 && i.Message.Embeds[0] != nil {
		text = strings.TrimSuffix(strings.TrimPrefix(i.Message.Embeds[0].Description, "“"), "”")
		text = mdUnescaper.Replace(text)
	}
	if text == "" {
		text = "(the suggestion could not be read from the message)"
	}
	b.openEditor(s, i, id, text)
}

// dismissSuggestion marks a suggestion dismissed, without its buttons.
func (b *Bot) dismissSuggestion(s discord, i *discordgo.Interaction) {
	m := message{Content: fmt.Sprintf("**Dismissed** by %s.", mdEscaper.Replace(author(i).Name))}
	if i.Message != nil {
		m.Embeds = i.Message.Embeds
	}
	b.respondType(s, i, discordgo.InteractionResponseUpdateMessage, m, false)
	b.lg.Info("suggestion dismissed")
}

const textNoSuggestions = "Suggestions are not set up on this server. You can tell a moderator directly."
