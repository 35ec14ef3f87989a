package bot

import (
	"strings"
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

// handleInteraction dispatches slash commands, the message command,
// autocomplete, component clicks and modal submits. refuseOutside is the
// one gate for where the bot answers: the handlers do not check again.
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
		case cmdAskAbout:
			b.askAbout(s, i, d) // askabout.go
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
		if id, ok := parseID(i.ModalSubmitData().CustomID); ok && id.verb == verbMissing {
			b.missingSubmitted(s, i, id.entry, modalValues(i.ModalSubmitData())) // missing.go
			return
		}
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
// visible only to the asker: where configured, and always where no server
// install authorizes the interaction (install.go).
func (b *Bot) ephemeral(i *discordgo.Interaction) bool {
	return !serverInstalled(i) || b.cfg.Discord.EphemeralIn(i.GuildID, i.ChannelID)
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
	b.respond(s, i, render(b.kb.Current()), b.ephemeral(i))
	b.lg.Info("command", zap.String("event", event))
}

// ask answers /ask. The question is an entry id when the user picked an
// autocomplete choice, else free text for the engine (answerFree).
func (b *Bot) ask(s discord, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) {
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
	b.answerFree(s, i, question{event: cmdAsk, text: q, record: true})
}

// A question is free text an interaction asks the engine about.
type question struct {
	event string // for logs and metrics
	text  string
	// private makes every reply ephemeral, wherever it is asked.
	private bool
	// record keeps an unanswered question in the feedback store (where a
	// server install authorizes the interaction).
	record bool
	// about is the message the question is about (the message command),
	// for the crisis alert's jump link; "" links the channel.
	about string
	// helper adds, to a crisis reply, how to help someone in crisis: the
	// text may be someone else's.
	helper bool
}

// answered is the outcome of answering a question.
type answered struct {
	r       knowledge.Reply
	m       message
	limited bool // over the rate limit: m says to wait
}

// answerFree answers a question: the reply is worked out before the rate
// limit is applied (answering checks for a crisis first), so a crisis
// reply is never limited. A crisis reply is always ephemeral, seen by the
// asker only, and comes with the moderators' alert where configured (a
// link, never a quote). Other replies are ephemeral where configured, or
// where a server install does not authorize the interaction
// (install.go), with a "Share in channel" button. If answering takes
// longer than Config.DeferAfter, the interaction is deferred, privately,
// and then edited.
func (b *Bot) answerFree(s discord, i *discordgo.Interaction, q question) {
	start := b.cfg.Now()
	eph := q.private || b.ephemeral(i)
	done := make(chan answered, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				b.lg.Error("handler panic", zap.String("event", q.event), zap.Any("panic", p))
				close(done)
			}
		}()
		done <- b.work(i, q, eph)
	}()
	timer := time.NewTimer(b.cfg.DeferAfter)
	defer timer.Stop()
	deferred := false
	var res answered
	ok := true
	select {
	case res, ok = <-done:
	case <-timer.C:
		// Deferred privately whatever the channel's setting: the reply
		// may be a crisis reply, which must never show publicly, and a
		// deferral's visibility cannot change afterwards.
		b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, true)
		deferred = true
		res, ok = <-done
	}
	if !ok {
		res = answered{m: message{Content: textError}, limited: true}
	}
	b.deliver(s, i, res, !eph && res.r.Kind != knowledge.KindCrisis, deferred)
	if !ok || res.limited {
		return
	}
	b.logReply(q.event, res.r, start)
	if res.r.Kind == knowledge.KindCrisis && serverInstalled(i) {
		b.crisisAlert(s, i.GuildID, i.ChannelID, q.about)
	}
	if q.record && serverInstalled(i) {
		b.recordUnanswered(q.event, q.text, res.r)
	}
}

// work answers q and renders the reply for interaction i.
func (b *Bot) work(i *discordgo.Interaction, q question, eph bool) answered {
	snap := b.kb.Current()
	r := b.answerOf(snap, q.text)
	if r.Kind != knowledge.KindCrisis && b.rateLimited(q.event, userID(i), func() {}) {
		return answered{r: r, m: message{Content: textRateLimited}, limited: true}
	}
	server := serverInstalled(i)
	o := answerOpts{
		Feedback: true,
		Share:    eph && server && i.GuildID != "" && r.Kind == knowledge.KindAnswer,
		Related:  related(snap, r.Entry),
		Suggest:  server && b.suggestEdits(),
	}
	if q.record && server {
		o.NoneToken = b.noneToken(r, q.text)
	}
	m := renderReply(r, o)
	if q.helper && r.Kind == knowledge.KindCrisis {
		m = renderCrisisHelper(r.Crisis, r.Text, r.Disclaimer)
	}
	return answered{r: r, m: m}
}

// deliver sends a worked-out reply: as the interaction's response, or,
// once deferred (privately), as an edit of it; a public reply after a
// deferral goes as a public follow-up, the private deferral saying so.
func (b *Bot) deliver(s discord, i *discordgo.Interaction, res answered, public, deferred bool) {
	switch {
	case !deferred:
		b.respond(s, i, res.m, !public || res.limited)
	case !public || res.limited:
		b.edit(s, i, res.m)
	default:
		// Edited first: a follow-up sent while the deferral is still
		// loading would replace it, privately (Discord's compatibility
		// rule for follow-ups).
		b.edit(s, i, message{Content: textAnsweredBelow})
		b.followup(s, i, res.m, false)
	}
}

func (b *Bot) followup(s discord, i *discordgo.Interaction, m message, ephemeral bool) {
	if _, err := s.FollowupMessageCreate(i, true, m.followup(ephemeral)); err != nil {
		b.restError(err)
		b.lg.Warn("interaction followup", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// autocomplete offers up to 25 entries for what the user has typed in
// /ask's question; a choice's value is the entry id. Typed text that is a
// crisis gets one choice, the text itself, so that submitting it, picked
// or not, reaches the crisis reply. No match is an empty list (restClient
// sends it as "choices": []).
func (b *Bot) autocomplete(s discord, i *discordgo.Interaction) {
	d := i.ApplicationCommandData()
	var typed string
	for _, o := range d.Options {
		if o != nil && o.Focused && o.Type == discordgo.ApplicationCommandOptionString {
			typed = stringOption(o)
		}
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	switch d.Name {
	case cmdKB:
		choices = b.kbAutocomplete(i, d) // moderation.go
	case cmdAsk:
		choices = b.askChoices(b.kb.Current(), typed)
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

// askChoices are /ask's choices for typed: the entries whose titles match,
// or, for a crisis, the typed text alone.
func (b *Bot) askChoices(snap *knowledge.Snapshot, typed string) []*discordgo.ApplicationCommandOptionChoice {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if v, crisis := b.crisisValue(snap, typed); crisis {
		return append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(strings.TrimSpace(typed), maxOptionText), Value: v})
	}
	for _, c := range snap.Complete(typed) {
		if len(choices) == knowledge.MaxChoices {
			break
		}
		if c.Name == "" || len(c.ID) > maxOptionText {
			continue
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(c.Name, maxOptionText), Value: c.ID})
	}
	return choices
}

// crisisValue reports whether typed is a crisis, and the choice value
// that submits it: the text itself, or, when it is longer than a choice
// value may be (100 characters), the first part of it that still gets the
// crisis reply (a sentence, the start, the end), else its start.
func (b *Bot) crisisValue(snap *knowledge.Snapshot, typed string) (string, bool) {
	typed = strings.TrimSpace(typed)
	if typed == "" || snap.Answer(typed, b.cfg.Answer).Kind != knowledge.KindCrisis {
		return "", false
	}
	if runes(typed) <= maxOptionText {
		return typed, true
	}
	r := []rune(typed)
	parts := strings.FieldsFunc(typed, func(c rune) bool { return c == '.' || c == '!' || c == '?' || c == '\n' })
	parts = append(parts, string(r[:maxOptionText]), string(r[len(r)-maxOptionText:]))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p != "" && runes(p) <= maxOptionText && snap.Answer(p, b.cfg.Answer).Kind == knowledge.KindCrisis {
			return p, true
		}
	}
	return string(r[:maxOptionText]), true
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
	case verbDelete:
		b.deleteReply(s, i, id.token) // delete.go
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
	server := serverInstalled(i)
	switch id.verb {
	case verbSuggest:
		// Answer in place: the suggestions become the answer, and a
		// public one keeps the asker's "Delete".
		r := b.entryReply(e)
		m := renderReply(r, answerOpts{Feedback: true, Share: msgEphemeral && i.GuildID != "" && server, Related: related(snap, e),
			Suggest: server && b.suggestEdits(), Delete: deleteOwner(i.Message)})
		b.respondType(s, i, discordgo.InteractionResponseUpdateMessage, m, false)
		b.logReply("suggestion", r, start)
	case verbRelated, verbTopic:
		r := b.entryReply(e)
		eph := b.ephemeral(i)
		m := renderReply(r, answerOpts{Feedback: true, Share: eph && i.GuildID != "" && server, Related: related(snap, e), Suggest: server && b.suggestEdits()})
		b.respond(s, i, m, eph)
		b.logReply(id.verb, r, start)
	case verbVote:
		b.vote(s, i, e, id.vote)
	case verbShare:
		b.share(s, i, snap, e)
	case verbSolved, verbNotAsked:
		b.forumVerdict(s, i, e, id) // forum.go
	}
}

// vote counts a Helpful / Not helpful click, and stores it where a server
// installed the bot. After Not helpful, where the store keeps questions,
// it asks what was missing (missing.go); otherwise it says thanks.
func (b *Bot) vote(s discord, i *discordgo.Interaction, e *knowledge.Entry, vote string) {
	b.countVote(e.ID, vote)
	b.lg.Info("feedback", zap.String("entry", e.ID), zap.String("vote", vote))
	if !serverInstalled(i) {
		b.respond(s, i, message{Content: textThanks}, true)
		return
	}
	b.recordVote(e.ID, vote == voteHelpful, userID(i))
	if vote == voteNotHelpful && b.cfg.Inbox != nil {
		b.askMissing(s, i, e)
		return
	}
	b.respond(s, i, message{Content: textThanks}, true)
}

// deleteOwner returns the token of the "Delete" button on m, or "".
func deleteOwner(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	var owner string
	var walk func([]discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch v := c.(type) {
			case *discordgo.ActionsRow:
				walk(v.Components)
			case *discordgo.Button:
				if id, ok := parseID(v.CustomID); ok && id.verb == verbDelete {
					owner = id.token
				}
			}
		}
	}
	walk(m.Components)
	return owner
}

// share posts an answer in the channel as a plain bot message, so it does
// not carry the asker's name as an interaction reply would, with "Delete"
// for the asker; the asker's own (ephemeral) answer keeps its place, its
// "Share in channel" turned grey. Only where a server installed the bot:
// it may not post elsewhere.
func (b *Bot) share(s discord, i *discordgo.Interaction, snap *knowledge.Snapshot, e *knowledge.Entry) {
	if i.GuildID == "" || !serverInstalled(i) || !b.cfg.Discord.Allows(i.GuildID, i.ChannelID) {
		b.respond(s, i, message{Content: textNotHere}, true)
		return
	}
	if !b.limit.allow(userID(i)) {
		b.metrics.RateLimited()
		b.respond(s, i, message{Content: textRateLimited}, true)
		return
	}
	b.ack(s, i)
	m := renderEntry(e, b.cfg.Answer.Disclaimer, answerOpts{Feedback: true, Related: related(snap, e), Suggest: b.suggestEdits(), Delete: b.deleteToken(userID(i))})
	if !b.send(s, i.ChannelID, m.send(nil)) {
		b.followup(s, i, message{Content: textShareFailed}, true)
		return
	}
	if i.Message != nil {
		b.editButtons(s, i, replaceButton(i.Message.Components, idShare(e.ID), sharedButton(idShare(e.ID))))
	}
	b.lg.Info("answer shared", zap.String("entry", e.ID))
}
