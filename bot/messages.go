package bot

import (
	"regexp"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/knowledge"
)

// mentionRE matches user mentions, <@id> and <@!id>.
var mentionRE = regexp.MustCompile(`<@!?([0-9]+)>`)

func (b *Bot) onMessageCreate(s *discordgo.Session, m *discordgo.MessageCreate) {
	if !b.enter() {
		return
	}
	defer b.guard("message")
	b.handleMessage(b.rest(s), m.Message)
}

// handleMessage answers a direct message, or a guild message that mentions
// the bot, with a reply to it. It ignores bots (itself included), webhooks
// and system messages.
func (b *Bot) handleMessage(s discord, m *discordgo.Message) {
	botID := b.botID.Load().(string)
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" || m.Author.ID == botID {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	dm := m.GuildID == ""
	event := "dm"
	if !dm {
		event = "mention"
		if botID == "" || !mentions(m, botID) {
			return
		}
	}
	start := b.cfg.Now()
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	q := questionText(m.Content, botID)
	// The reply is worked out before the allowlist and the rate limit are
	// applied (answering is cheap, and checks for a crisis first): a
	// crisis reply is never refused or rate-limited, and goes before every
	// other reply. Where the bot is not set up (a DM when only some
	// servers are allowed, another channel) it answers a crisis and
	// nothing else.
	snap := b.kb.Current()
	var r knowledge.Reply
	if q == "" {
		r = snap.Answer("help", b.cfg.Answer)
	} else {
		r = b.answerOf(snap, q)
	}
	crisis := r.Kind == knowledge.KindCrisis
	allowed := b.cfg.Discord.Allows(m.GuildID, m.ChannelID)
	if !allowed && !crisis {
		b.lg.Debug("not allowed here", zap.String("event", event), zap.String("guild", m.GuildID), zap.String("channel", m.ChannelID))
		return
	}
	b.lg.Debug("question", zap.String("event", event), zap.String("text", q))
	if !crisis && b.rateLimited(event, m.Author.ID, func() {
		b.post(s, m.ChannelID, message{Content: textRateLimited}.send(ref), postOpts{})
	}) {
		return
	}
	o := answerOpts{Feedback: true, Related: related(snap, r.Entry), NoneToken: b.noneToken(r, q), Suggest: b.suggestEdits()}
	if !dm {
		o.Delete = b.deleteToken(m.Author.ID) // the asker may remove the public reply (delete.go)
	}
	msg := renderReply(r, o)
	b.post(s, m.ChannelID, msg.send(ref), postOpts{urgent: crisis, durable: true, done: func(error) {
		b.logReply(event, r, start) // its latency includes the wait in the backlog
	}})
	if !allowed {
		return // no alert, nothing kept: the moderators here did not set the bot up
	}
	if crisis && !dm {
		b.crisisAlert(s, m.GuildID, m.ChannelID, m.ID)
	}
	b.recordUnanswered(event, q, r)
}

// rateLimited applies the per-user rate limit to a question whose reply is
// not a crisis reply, and reports whether it is over. The first time in a
// window, notify tells the member to wait; after that the bot stays
// silent, so one member's flood cannot fill the shared backlog.
func (b *Bot) rateLimited(event, user string, notify func()) bool {
	switch b.limit.check(user) {
	case refused:
		b.metrics.RateLimited()
		b.lg.Info("rate limited", zap.String("event", event))
		notify()
		return true
	case silenced:
		b.metrics.RateLimited()
		b.lg.Debug("rate limited, already told", zap.String("event", event))
		return true
	}
	return false
}

// mentions reports whether m mentions the user id.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	for _, sm := range mentionRE.FindAllStringSubmatch(m.Content, -1) {
		if sm[1] == id {
			return true
		}
	}
	return false
}

// crisisAlert tells the moderator channel, if configured, that someone was
// shown the crisis resources: a jump link, no quote and no name. It goes
// with the crisis replies, before everything else.
func (b *Bot) crisisAlert(s discord, guildID, channelID, messageID string) {
	d := b.cfg.Discord
	if !d.CrisisAlerts || d.ModeratorChannel == "" || guildID == "" || !b.moderatorsOf(guildID) {
		return
	}
	b.post(s, d.ModeratorChannel, renderCrisisAlert(guildID, channelID, messageID).send(nil), postOpts{urgent: true, durable: true})
	b.lg.Info("crisis alert sent", zap.String("guild", guildID))
}
