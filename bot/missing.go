package bot

import (
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/knowledge"
)

// After "Not helpful", a short, optional form asks what the answer was
// missing. What the member writes goes to the unanswered-questions inbox
// (what /kb gaps shows), as a question the entry did not answer, without
// their id or name; nothing is kept when they leave it empty or close the
// form (the vote is already counted). Written text is checked for a
// crisis first, like every question: a crisis gets the crisis reply and
// is never stored.

// fieldMissing is the form's one text input.
const fieldMissing = "missing"

// maxMissing is the longest answer the form takes.
const maxMissing = 500

// askMissing answers a "Not helpful" click on entry e with the form.
func (b *Bot) askMissing(s discord, i *discordgo.Interaction, e *knowledge.Entry) {
	in := textInput(fieldMissing, "What did you want to know? (optional)", discordgo.TextInputParagraph, "", false, maxMissing, "Your name is not sent. Leave it empty to skip.")
	data := &discordgo.InteractionResponseData{
		CustomID:   idMissing(e.ID),
		Title:      "What was missing?",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}},
	}
	if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: data}); err != nil {
		b.restError(err)
		b.lg.Warn("open missing form", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// missingSubmitted handles the form: a crisis gets the crisis reply, text
// goes to the inbox with the entry it was about, and either way the
// member is thanked privately.
func (b *Bot) missingSubmitted(s discord, i *discordgo.Interaction, id string, values map[string]string) {
	text := strings.TrimSpace(values[fieldMissing])
	if text == "" {
		b.respond(s, i, message{Content: textThanks}, true)
		return
	}
	r, crisis := b.crisisFirst(s, i, "missing", text)
	if crisis {
		return
	}
	// Personal-advice text is not kept: /privacy promises as much.
	if _, ok := b.kb.Current().Entry(id); ok && serverInstalled(i) && r.Kind != knowledge.KindPersonalAdvice {
		b.recordMissing(id, text) // feedback.go
	}
	b.respond(s, i, message{Content: textMissingThanks}, true)
}

// crisisFirst answers text typed into a form (what was missing, a
// suggested edit) with the crisis reply, privately, when it is a crisis,
// and alerts the moderators where the server installed the bot; it
// reports whether it did, and returns the reply it worked out.
func (b *Bot) crisisFirst(s discord, i *discordgo.Interaction, event, text string) (knowledge.Reply, bool) {
	start := b.cfg.Now()
	r := b.kb.Current().Answer(text, b.cfg.Answer)
	if r.Kind != knowledge.KindCrisis {
		return r, false
	}
	b.respond(s, i, renderReply(r, answerOpts{}), true)
	b.logReply(event, r, start)
	if serverInstalled(i) {
		b.crisisAlert(s, i.GuildID, i.ChannelID, "")
	}
	return r, true
}
