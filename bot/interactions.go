package bot

import (
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/knowledge"
)

func (b *Bot) onInteractionCreate(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if !b.enter() {
		return
	}
	defer b.guard("interaction")
	b.handleInteraction(b.rest(s), ic.Interaction)
}

// handleInteraction dispatches slash commands, autocomplete and component
// clicks.
func (b *Bot) handleInteraction(s discord, i *discordgo.Interaction) {
	if b.refuseOutside(s, i) { // allowlist.go
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		d := i.ApplicationCommandData()
		switch d.Name {
		case cmdAsk:
			b.ask(s, i, d)
		case cmdTopics:
			b.simple(s, i, cmdTopics, func(snap *knowledge.Snapshot) message { return renderTopics(snap) })
		case cmdSources:
			b.simple(s, i, cmdSources, func(snap *knowledge.Snapshot) message { return renderSources(snap) })
		case cmdHelp:
			b.respond(s, i, renderHelp(b.cfg.Answer.Disclaimer), true)
		case cmdPrivacy:
			b.respond(s, i, renderPrivacy(b.cfg.Inbox != nil, b.cfg.Inbox.Retention()), true)
		case cmdKB:
			b.kbCommand(s, i, d)
		default:
			b.respond(s, i, message{Content: textError}, true)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(s, i)
	case discordgo.InteractionMessageComponent:
		b.component(s, i)
	case discordgo.InteractionModalSubmit:
		b.modalSubmit(s, i) // moderation.go
	}
}

// userID returns who triggered the interaction.
func userID(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// ephemeral reports whether replies in the interaction's channel are
// visible only to the asker.
func (b *Bot) ephemeral(i *discordgo.Interaction) bool {
	return b.cfg.Discord.EphemeralIn(i.GuildID, i.ChannelID)
}

// respond answers an interaction with a new message.
func (b *Bot) respond(s discord, i *discordgo.Interaction, m message, ephemeral bool) {
	b.respondType(s, i, discordgo.InteractionResponseChannelMessageWithSource, m, ephemeral)
}

func (b *Bot) respondType(s discord, i *discordgo.Interaction, t discordgo.InteractionResponseType, m message, ephemeral bool) {
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: t, Data: m.responseData(ephemeral)})
	if err != nil {
		b.restError(err)
		b.lg.Warn("interaction respond", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// edit replaces a deferred response.
func (b *Bot) edit(s discord, i *discordgo.Interaction, m message) {
	if _, err := s.InteractionResponseEdit(i, m.webhookEdit()); err != nil {
		b.restError(err)
		b.lg.Warn("interaction edit", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// simple answers a command that only renders the snapshot.
func (b *Bot) simple(s discord, i *discordgo.Interaction, event string, render func(*knowledge.Snapshot) message) {
	if !b.cfg.Discord.Allows(i.GuildID, i.ChannelID) {
		b.respond(s, i, message{Content: textNotHere}, true)
		return
	}
	b.respond(s, i, render(b.kb.Current()), b.ephemeral(i))
	b.lg.Info("command", zap.String("event", event))
}

// ask answers /ask. The question is an entry id when the user picked an
// autocomplete choice, else free text for the engine. The reply is
// ephemeral where configured, with a "Share in channel" button, except a
// crisis reply, which everyone can read. If answering takes longer than
// Config.DeferAfter, the interaction is deferred and then edited.
func (b *Bot) ask(s discord, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) {
	start := b.cfg.Now()
	if !b.cfg.Discord.Allows(i.GuildID, i.ChannelID) {
		b.respond(s, i, message{Content: textNotHere}, true)
		return
	}
	var q string
	for _, o := range d.Options {
		if o != nil && o.Name == optQuestion && o.Type == discordgo.ApplicationCommandOptionString {
			q = stringOption(o)
		}
	}
	if q == "" {
		b.respond(s, i, message{Content: textEmptyAsk}, true)
		return
	}
	b.lg.Debug("question", zap.String("event", cmdAsk), zap.String("text", q))
	eph := b.ephemeral(i)

	type result struct {
		r       knowledge.Reply
		m       message
		limited bool // over the rate limit: m says to wait
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				b.lg.Error("handler panic", zap.String("event", cmdAsk), zap.Any("panic", p))
				close(done)
			}
		}()
		// The reply is worked out before the rate limit is applied (it
		// checks for a crisis first): a crisis reply is never limited.
		snap := b.kb.Current()
		r := b.answerOf(snap, q)
		if r.Kind != knowledge.KindCrisis && b.rateLimited(cmdAsk, userID(i), func() {}) {
			done <- result{r, message{Content: textRateLimited}, true}
			return
		}
		share := eph && i.GuildID != "" && r.Kind == knowledge.KindAnswer
		done <- result{r, renderReply(r, answerOpts{Feedback: true, Share: share, Related: related(snap, r.Entry), NoneToken: b.noneToken(r, q), Suggest: b.suggestEdits()}), false}
	}()

	timer := time.NewTimer(b.cfg.DeferAfter)
	defer timer.Stop()
	select {
	case res, ok := <-done:
		if !ok {
			b.respond(s, i, message{Content: textError}, true)
			return
		}
		if res.limited {
			b.respond(s, i, res.m, true) // an interaction must be answered, every time
			return
		}
		crisis := res.r.Kind == knowledge.KindCrisis
		b.respond(s, i, res.m, eph && !crisis)
		b.logReply(cmdAsk, res.r, start)
		if crisis {
			b.crisisAlert(s, i.GuildID, i.ChannelID, "")
		}
		b.recordUnanswered(cmdAsk, q, res.r)
	case <-timer.C:
		b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, eph)
		res, ok := <-done
		if !ok {
			b.edit(s, i, message{Content: textError})
			return
		}
		b.edit(s, i, res.m)
		if res.limited {
			return
		}
		b.logReply(cmdAsk, res.r, start)
		if res.r.Kind == knowledge.KindCrisis {
			if eph {
				// The deferred reply was already ephemeral: post the
				// resources for everyone as well.
				b.followup(s, i, res.m, false)
			}
			b.crisisAlert(s, i.GuildID, i.ChannelID, "")
		}
		b.recordUnanswered(cmdAsk, q, res.r)
	}
}

func (b *Bot) followup(s discord, i *discordgo.Interaction, m message, ephemeral bool) {
	if _, err := s.FollowupMessageCreate(i, true, m.followup(ephemeral)); err != nil {
		b.restError(err)
		b.lg.Warn("interaction followup", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// autocomplete offers up to 25 entries for what the user has typed in
// /ask's question; a choice's value is the entry id.
func (b *Bot) autocomplete(s discord, i *discordgo.Interaction) {
	d := i.ApplicationCommandData()
	var typed string
	for _, o := range d.Options {
		if o != nil && o.Focused && o.Type == discordgo.ApplicationCommandOptionString {
			typed = stringOption(o)
		}
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if d.Name == cmdKB {
		choices = b.kbAutocomplete(i, d) // moderation.go
	}
	if d.Name == cmdAsk {
		for _, c := range b.kb.Current().Complete(typed) {
			if len(choices) == knowledge.MaxChoices {
				break
			}
			if c.Name == "" || len(c.ID) > maxOptionText {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(c.Name, maxOptionText), Value: c.ID})
		}
	}
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		b.restError(err)
		b.lg.Warn("autocomplete respond", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// component handles button clicks and the topics menu. Custom ids are
// checked, and their entry ids looked up in the snapshot in service: an
// unknown one gets a polite reply and nothing else.
func (b *Bot) component(s discord, i *discordgo.Interaction) {
	d := i.MessageComponentData()
	id, ok := parseID(d.CustomID)
	if !ok {
		b.lg.Info("unknown component", zap.Int("custom_id_len", len(d.CustomID)))
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	if id.verb == verbTopic {
		if len(d.Values) != 1 || !validEntryID(d.Values[0]) {
			b.respond(s, i, message{Content: textUnknownEntry}, true)
			return
		}
		id.entry = d.Values[0]
	}
	switch id.verb {
	case verbPhrase:
		b.addPhrasing(s, i, id)
		return
	case verbModerator:
		b.modComponent(s, i, id.token) // moderation.go
		return
	case verbSuggestEdit:
		b.suggestEdit(s, i, id.entry) // kbsuggest.go
		return
	}
	start := b.cfg.Now()
	snap := b.kb.Current()
	if id.verb == verbNone {
		b.countNone()
		b.recordNone(id.token)
		m := renderText(snap.Safety().NoMatch.Reply, b.cfg.Answer.Disclaimer)
		if m.Content == "" {
			m = renderText(textUnknownEntry, b.cfg.Answer.Disclaimer)
		}
		b.respondType(s, i, discordgo.InteractionResponseUpdateMessage, m, false)
		b.lg.Info("feedback", zap.String("vote", "none_of_these"))
		return
	}
	e, ok := snap.Entry(id.entry)
	if !ok {
		b.lg.Info("unknown entry in component", zap.String("verb", id.verb))
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	msgEphemeral := i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	switch id.verb {
	case verbSuggest:
		// Answer in place: the suggestions become the answer.
		r := b.entryReply(e)
		m := renderReply(r, answerOpts{Feedback: true, Share: msgEphemeral && i.GuildID != "", Related: related(snap, e), Suggest: b.suggestEdits()})
		b.respondType(s, i, discordgo.InteractionResponseUpdateMessage, m, false)
		b.logReply("suggestion", r, start)
	case verbRelated, verbTopic:
		r := b.entryReply(e)
		eph := b.ephemeral(i)
		m := renderReply(r, answerOpts{Feedback: true, Share: eph && i.GuildID != "", Related: related(snap, e), Suggest: b.suggestEdits()})
		b.respond(s, i, m, eph)
		b.logReply(id.verb, r, start)
	case verbVote:
		b.countVote(e.ID, id.vote)
		b.recordVote(e.ID, id.vote == voteHelpful, userID(i))
		b.respond(s, i, message{Content: textThanks}, true)
		b.lg.Info("feedback", zap.String("entry", e.ID), zap.String("vote", id.vote))
	case verbShare:
		b.share(s, i, snap, e)
	}
}

// share posts an answer in the channel as a plain bot message, so it does
// not carry the asker's name as an interaction reply would, and tells the
// asker privately.
func (b *Bot) share(s discord, i *discordgo.Interaction, snap *knowledge.Snapshot, e *knowledge.Entry) {
	if i.GuildID == "" || !b.cfg.Discord.Allows(i.GuildID, i.ChannelID) {
		b.respond(s, i, message{Content: textNotHere}, true)
		return
	}
	if !b.limit.allow(userID(i)) {
		b.metrics.RateLimited()
		b.respond(s, i, message{Content: textRateLimited}, true)
		return
	}
	b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, true)
	m := renderEntry(e, b.cfg.Answer.Disclaimer, answerOpts{Feedback: true, Related: related(snap, e), Suggest: b.suggestEdits()})
	if b.send(s, i.ChannelID, m.send(nil)) {
		b.edit(s, i, message{Content: textShared})
		b.lg.Info("answer shared", zap.String("entry", e.ID))
		return
	}
	b.edit(s, i, message{Content: textShareFailed})
}
