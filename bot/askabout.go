package bot

import (
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// eventAskAbout names the message command in logs and metrics.
const eventAskAbout = "message_command"

// askAbout answers the message command "Ask faqbot" (a message's Apps
// menu): the target message's text, which Discord sends with the command
// whatever the bot's intents, answered for the member who used it alone.
// The text may be someone else's, so a crisis reply says how to help
// someone in crisis, the moderators' alert links the message (never
// quotes it), and nothing is kept in the feedback store: its author did
// not ask the bot.
func (b *Bot) askAbout(s discord, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) {
	text := b.targetText(d)
	if text == "" {
		b.respond(s, i, message{Content: textNoText}, true)
		return
	}
	b.lg.Debug("question", zap.String("event", eventAskAbout), zap.String("text", text))
	b.answerFree(s, i, question{event: eventAskAbout, text: text, private: true, about: d.TargetID, helper: true})
}

// targetText is the text of the message the message command was used on,
// as a question.
func (b *Bot) targetText(d discordgo.ApplicationCommandInteractionData) string {
	if d.Resolved == nil || d.Resolved.Messages[d.TargetID] == nil {
		return ""
	}
	return questionText(d.Resolved.Messages[d.TargetID].Content, b.botID.Load().(string))
}

// questionText is a message's text as a question: mentions of the bot
// removed, trimmed.
func questionText(content, botID string) string {
	return strings.TrimSpace(mentionRE.ReplaceAllStringFunc(content, func(s string) string {
		if mentionRE.FindStringSubmatch(s)[1] == botID {
			return " "
		}
		return s
	}))
}
