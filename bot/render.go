package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/faqbot/faqbot/knowledge"
)

// Discord's message limits, in characters. render keeps every message
// within them by construction: text is cut, lines and buttons are dropped.
const (
	maxContent     = 2000
	maxEmbedTitle  = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxFields      = 25
	maxRows        = 5
	maxRowButtons  = 5
	maxLabel       = 80
	maxCustomID    = 100
	maxSelectOpts  = 25
	maxOptionText  = 100
)

// A message is what the bot sends, before it is shaped into one of
// discordgo's request types. The zero value is an empty message.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// noMentions is the allowed_mentions of every message the bot sends: parse
// nothing. Parse must be a non-nil empty slice: discordgo serialises a nil
// one as "parse": null, which Discord reads as "parse the default mentions".
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// components returns m's components, never nil: discordgo serialises nil
// as null, and an empty list clears old buttons when a message is updated.
func (m message) components() []discordgo.MessageComponent {
	if m.Components == nil {
		return []discordgo.MessageComponent{}
	}
	return m.Components
}

func (m message) embeds() []*discordgo.MessageEmbed {
	if m.Embeds == nil {
		return []*discordgo.MessageEmbed{}
	}
	return m.Embeds
}

// responseData shapes m as an interaction response.
func (m message) responseData(ephemeral bool) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{
		Content:         m.Content,
		Embeds:          m.embeds(),
		Components:      m.components(),
		AllowedMentions: noMentions(),
	}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

// send shapes m as a channel message, replying to ref if it is not nil.
func (m message) send(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: noMentions(),
		Reference:       ref,
	}
}

// webhookEdit shapes m as an edit of a deferred interaction response.
func (m message) webhookEdit() *discordgo.WebhookEdit {
	content := m.Content
	embeds := m.embeds()
	comps := m.components()
	return &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &comps,
		AllowedMentions: noMentions(),
	}
}

// followup shapes m as an interaction follow-up message.
func (m message) followup(ephemeral bool) *discordgo.WebhookParams {
	p := &discordgo.WebhookParams{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: noMentions(),
	}
	if ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}

// cut returns s cut to at most n characters, ending with "…" when cut.
// Characters are runes: Discord counts Unicode code points.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:n-1]), func(r rune) bool { return r == ' ' || r == '\n' }) + "…"
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// answerOpts say which buttons go under an answer.
type answerOpts struct {
	Share    bool               // "Share in channel" (only on replies only the asker sees)
	Feedback bool               // Helpful / Not helpful
	Related  []*knowledge.Entry // follow-up entries, in order
	// NoneToken, on suggestions, goes in the "None of these" custom id so
	// the click can be recorded with its question (see tokens.go).
	NoneToken string
	// Suggest adds "Suggest an edit" (kbsuggest.go).
	Suggest bool
	// Delete, the token naming the member a public reply answers, adds
	// "Delete", which only they may use (delete.go).
	Delete string
	// Forum, the id of a forum post's owner, puts Solved and Not what I
	// asked, which only they may use, instead of Helpful / Not helpful
	// (forum.go).
	Forum string
}

// renderEntry renders an entry as an embed: title, answer, numbered
// sources, footer with the review date and the disclaimer, and buttons.
func renderEntry(e *knowledge.Entry, disclaimer string, o answerOpts) message {
	emb := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       cut(e.Title, maxEmbedTitle),
		Description: cut(e.Body, maxDescription),
		Color:       0x2b7a78,
	}
	emb.Fields = sourceFields(e.Sources)
	footer := disclaimer
	if !e.Reviewed.IsZero() {
		footer = "Last reviewed " + e.Reviewed.Format("2006-01-02") + " · " + disclaimer
	}
	emb.Footer = &discordgo.MessageEmbedFooter{Text: cut(footer, maxFooter)}
	fitEmbed(emb)

	var rows []discordgo.MessageComponent
	var first []discordgo.MessageComponent
	switch {
	case o.Forum != "":
		first = append(first,
			button("Solved", discordgo.SuccessButton, idForum(verbSolved, e.ID, o.Forum)),
			button("Not what I asked", discordgo.SecondaryButton, idForum(verbNotAsked, e.ID, o.Forum)))
	case o.Feedback:
		first = append(first,
			button("Helpful", discordgo.SuccessButton, idVote(voteHelpful, e.ID)),
			button("Not helpful", discordgo.SecondaryButton, idVote(voteNotHelpful, e.ID)))
	}
	if o.Share {
		first = append(first, button("Share in channel", discordgo.PrimaryButton, idShare(e.ID)))
	}
	if o.Suggest {
		first = append(first, button("Suggest an edit", discordgo.SecondaryButton, idSuggestEdit(e.ID)))
	}
	if o.Delete != "" {
		first = append(first, deleteButton(o.Delete))
	}
	rows = appendRow(rows, first)
	var rel []discordgo.MessageComponent
	for _, r := range o.Related {
		if len(rel) == maxRowButtons {
			break
		}
		rel = append(rel, button(r.Title, discordgo.SecondaryButton, idRelated(r.ID)))
	}
	rows = appendRow(rows, rel)
	return message{Embeds: []*discordgo.MessageEmbed{emb}, Components: rows}
}

// maxSourcesText is how much of an answer's embed its sources may take:
// three fields' worth, enough for every source of the shipped entries,
// while a long list of long titles still leaves the answer room within
// the 6000-character embed total.
const maxSourcesText = 3 * maxFieldValue

// sourceFields shows an answer's sources in as many fields as they need
// ("Sources", then "Sources (continued)"): one field holds only about five
// long citations, and a citation left out would be a claim without its
// source.
func sourceFields(srcs []knowledge.Source) []*discordgo.MessageEmbedField {
	var fields []*discordgo.MessageEmbedField
	for i, v := range splitLines(sourcesField(srcs, maxSourcesText), maxFieldValue, maxFieldValue) {
		name := "Sources"
		if i > 0 {
			name = "Sources (continued)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: v})
	}
	return fields
}

// splitLines splits text at line ends into a first part of at most first
// characters and further parts of at most rest characters each, never
// breaking a line across parts (a line too long for a part is cut). It
// returns nothing for empty text.
func splitLines(text string, first, rest int) []string {
	var parts []string
	var b strings.Builder
	limit := first
	for _, line := range strings.Split(text, "\n") {
		if b.Len() > 0 && runes(b.String())+1+runes(line) > limit {
			parts = append(parts, b.String())
			b.Reset()
			limit = rest
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(cut(line, limit))
	}
	if b.Len() > 0 {
		parts = append(parts, b.String())
	}
	return parts
}

// sourcesField formats sources as numbered masked links, one per line,
// dropping whole lines (and saying how many) to stay within limit.
func sourcesField(srcs []knowledge.Source, limit int) string {
	var b strings.Builder
	for i, s := range srcs {
		line := citeNumber(s, i) + " " + sourceLine(s)
		more := ""
		if rest := len(srcs) - i - 1; rest > 0 {
			more = fmt.Sprintf("\n…and %d more", rest)
		}
		sep := ""
		if b.Len() > 0 {
			sep = "\n"
		}
		// Keep room for the "…and N more" line that would follow a cut.
		if runes(b.String())+runes(sep+line)+runes(more) > limit {
			left := len(srcs) - i
			tail := fmt.Sprintf("%s…and %d more", sep, left)
			if b.Len() == 0 {
				return cut(line, limit)
			}
			if runes(b.String())+runes(tail) <= limit {
				b.WriteString(tail)
			}
			return b.String()
		}
		b.WriteString(sep + line)
	}
	return b.String()
}

// citeNumber is how a source is numbered, "[3]": its number in the
// snapshot's list (see [knowledge.Source.Number]), the same under every
// answer and in /sources; i+1 for a source that has none. The brackets
// keep Discord from reading "3." as a list and renumbering it from 1.
func citeNumber(s knowledge.Source, i int) string {
	n := s.Number
	if n <= 0 {
		n = i + 1
	}
	return "[" + strconv.Itoa(n) + "]"
}

// sourceLine formats one source: a masked link to its title, then its
// publisher (or authors) and date ("2024", or "undated, checked 2026").
func sourceLine(s knowledge.Source) string {
	title := escapeLinkText(cut(s.Title, 200))
	link := title
	if u := s.URL; u != "" && !strings.ContainsAny(u, " ()<>") {
		link = "[" + title + "](" + u + ")"
	}
	by := s.Publisher
	if by == "" {
		by = s.Authors
	}
	by = cut(by, 100)
	date := s.Date()
	switch {
	case by != "" && date != "":
		return link + " — " + by + ", " + date
	case by != "":
		return link + " — " + by
	case date != "":
		return link + " (" + date + ")"
	}
	return link
}

// escapeLinkText keeps a title from closing the masked link early.
func escapeLinkText(s string) string {
	return strings.NewReplacer("[", "(", "]", ")").Replace(s)
}

// embedSize counts the characters Discord counts towards the 6000 limit.
func embedSize(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

// fitEmbed shortens the description until the embed is within the total
// limit. The title, sources and footer are already capped, and together
// stay far below it.
func fitEmbed(e *discordgo.MessageEmbed) {
	if over := embedSize(e) - maxEmbedTotal; over > 0 {
		e.Description = cut(e.Description, max(runes(e.Description)-over, 1))
	}
}

func button(label string, style discordgo.ButtonStyle, id string) discordgo.MessageComponent {
	return discordgo.Button{Label: cut(label, maxLabel), Style: style, CustomID: id}
}

// appendRow adds a row of components, dropping buttons whose custom id is
// too long and whole rows past Discord's five.
func appendRow(rows []discordgo.MessageComponent, comps []discordgo.MessageComponent) []discordgo.MessageComponent {
	var ok []discordgo.MessageComponent
	for _, c := range comps {
		if b, isButton := c.(discordgo.Button); isButton && (b.CustomID == "" || len(b.CustomID) > maxCustomID) {
			continue
		}
		if len(ok) == maxRowButtons {
			break
		}
		ok = append(ok, c)
	}
	if len(ok) == 0 || len(rows) == maxRows {
		return rows
	}
	return append(rows, discordgo.ActionsRow{Components: ok})
}

// renderText renders a fixed reply (no match, help, personal advice) as
// plain content with the disclaimer.
func renderText(text, disclaimer string) message {
	text = strings.TrimSpace(text)
	tail := "\n\n-# " + disclaimer
	return message{Content: cut(text, maxContent-runes(tail)) + cut(tail, maxContent)}
}

// renderSuggestions renders "Did you mean…" with one button per entry and
// "None of these".
func renderSuggestions(sugs []knowledge.Suggestion, disclaimer, noneToken string) message {
	var comps []discordgo.MessageComponent
	for _, s := range sugs {
		if len(comps) == maxRowButtons-1 {
			break
		}
		comps = append(comps, button(s.Entry.Title, discordgo.PrimaryButton, idSuggest(s.Entry.ID)))
	}
	comps = append(comps, button("None of these", discordgo.SecondaryButton, idNoneToken(noneToken)))
	m := renderText("Did you mean one of these?", disclaimer)
	m.Components = appendRow(nil, comps)
	return m
}

// renderCrisis renders the crisis reply as plain text anyone can read at
// a glance: the reply, every resource and the overdose steps, all in the
// content so nothing hides behind a button or an embed. (Who sees it is
// the caller's choice: on /ask, the asker alone.) The disclaimer comes last, in
// small print, after the resources.
func renderCrisis(c *knowledge.CrisisPolicy, text, disclaimer string) message {
	var b strings.Builder
	if c != nil && strings.TrimSpace(c.Reply) != "" {
		text = c.Reply
	}
	b.WriteString(strings.TrimSpace(text))
	if c != nil && len(c.Resources) > 0 {
		b.WriteString("\n\n**Help right now:**")
		for _, r := range c.Resources {
			line := "\n• **" + r.Name + "**: " + r.Contact
			if r.URL != "" {
				line += " <" + r.URL + ">"
			}
			b.WriteString(line)
		}
	}
	if c != nil && len(c.OverdoseSteps) > 0 {
		b.WriteString("\n\n**If someone may have overdosed:**")
		for i, s := range c.OverdoseSteps {
			fmt.Fprintf(&b, "\n%d. %s", i+1, s)
		}
	}
	body := b.String()
	// The resources always win the space: the disclaimer is added only
	// when it fits after them.
	if tail := "\n\n-# " + disclaimer; disclaimer != "" && runes(body)+runes(tail) <= maxContent {
		return message{Content: body + tail}
	}
	return message{Content: cut(body, maxContent)}
}

// crisisHelperNote goes above the crisis reply to the message command:
// the member who used it asked about a message that may be someone
// else's.
const crisisHelperNote = "**The message you asked about sounds like someone may be in danger.** " +
	"If they might act on it now, or may have overdosed, call 911 (or your local emergency number) for them: don't wait. " +
	"Otherwise, reach out to them privately: ask them directly whether they are safe, listen, " +
	"and share the 988 Lifeline (call or text 988). You can also tell a moderator."

// renderCrisisHelper renders the crisis reply with, above it, how to help
// someone in crisis. The resources win the space: the note is left out
// when both do not fit.
func renderCrisisHelper(c *knowledge.CrisisPolicy, text, disclaimer string) message {
	m := renderCrisis(c, text, disclaimer)
	if with := crisisHelperNote + "\n\n" + m.Content; runes(with) <= maxContent {
		m.Content = with
	}
	return m
}

// renderCrisisAlert is the notice posted to the moderator channel: where,
// with a jump link, and never what was said or by whom.
func renderCrisisAlert(guildID, channelID, messageID string) message {
	link := "https://discord.com/channels/" + guildID + "/" + channelID
	if messageID != "" {
		link += "/" + messageID
	}
	return message{Content: "Someone was just shown the crisis resources in <#" + channelID + ">. A moderator may want to check in: " + link}
}

// deleteButton is "Delete", for the member token names.
func deleteButton(token string) discordgo.MessageComponent {
	return button("Delete", discordgo.DangerButton, idDelete(token))
}

// renderReply renders any engine reply, with a row holding "Delete" when
// o.Delete is set, except under a crisis reply: the resources, and
// nothing else.
func renderReply(r knowledge.Reply, o answerOpts) message {
	m := renderKind(r, o)
	if r.Kind == knowledge.KindSuggestions && r.Text != "" {
		m.Content = withLead(strings.TrimSpace(r.Text)+" ", m.Content) // "I don't have information about zoloft yet. Did you mean…"
	}
	if r.Note != "" && r.Kind != knowledge.KindCrisis {
		// The safety note goes first, where it is read even if the rest
		// is not.
		m.Content = withLead(strings.TrimSpace(r.Note)+"\n", m.Content)
	}
	if o.Delete != "" && r.Kind != knowledge.KindCrisis && !(r.Kind == knowledge.KindAnswer && r.Entry != nil) {
		m.Components = appendRow(m.Components, []discordgo.MessageComponent{deleteButton(o.Delete)})
	}
	return m
}

// withLead puts lead before content and fits the two in Discord's limit
// by cutting content's body, never its last line when that is the
// disclaimer ("-# General education, …"): every reply keeps it.
func withLead(lead, content string) string {
	body, tail := content, ""
	if i := strings.LastIndex(content, "\n\n-# "); i >= 0 {
		body, tail = content[:i], content[i:]
	}
	return cut(lead+body, maxContent-runes(tail)) + tail
}

// renderKind renders an engine reply by its kind.
func renderKind(r knowledge.Reply, o answerOpts) message {
	switch r.Kind {
	case knowledge.KindAnswer:
		if r.Entry != nil {
			return renderEntry(r.Entry, r.Disclaimer, o)
		}
	case knowledge.KindSuggestions:
		if len(r.Suggestions) > 0 {
			return renderSuggestions(r.Suggestions, r.Disclaimer, o.NoneToken)
		}
	case knowledge.KindCrisis:
		return renderCrisis(r.Crisis, r.Text, r.Disclaimer)
	case knowledge.KindPersonalAdvice:
		m := renderText(r.Text, r.Disclaimer)
		if r.Entry != nil {
			// The general entry, without buttons: the reply is about
			// someone's own care, so do not invite sharing it.
			m.Embeds = renderEntry(r.Entry, r.Disclaimer, answerOpts{}).Embeds
		}
		return m
	}
	return renderText(r.Text, r.Disclaimer)
}

// renderTopics lists the entries by collection, with select menus (at most
// 25 options each, one row each) that open an entry.
func renderTopics(s *knowledge.Snapshot) message {
	emb := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "What I can answer",
		Description: "Pick a topic below, or ask in your own words with /ask.",
	}
	var options []discordgo.SelectMenuOption
	for _, c := range s.Collections() {
		var lines []string
		for _, e := range s.Collection(c) {
			lines = append(lines, "• "+e.Title)
			options = append(options, discordgo.SelectMenuOption{
				Label: cut(e.Title, maxOptionText),
				Value: e.ID,
			})
		}
		if len(emb.Fields) == maxFields {
			continue
		}
		emb.Fields = append(emb.Fields, &discordgo.MessageEmbedField{
			Name:  cut(collectionName(c), maxFieldName),
			Value: joinLines(lines, maxFieldValue),
		})
	}
	trimFields(emb)
	var rows []discordgo.MessageComponent
	for i := 0; i < len(options) && len(rows) < maxRows; i += maxSelectOpts {
		chunk := options[i:min(i+maxSelectOpts, len(options))]
		var valid []discordgo.SelectMenuOption
		for _, o := range chunk {
			if runes(o.Value) <= maxOptionText {
				valid = append(valid, o)
			}
		}
		if len(valid) == 0 {
			continue
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.SelectMenu{
				MenuType:    discordgo.StringSelectMenu,
				CustomID:    idTopicMenu(len(rows)),
				Placeholder: "Open a topic",
				Options:     valid,
			},
		}})
	}
	return message{Embeds: []*discordgo.MessageEmbed{emb}, Components: rows}
}

// collectionName turns a folder name into a heading: "side-effects" →
// "Side effects".
func collectionName(c string) string {
	if c == "faq" {
		return "General questions"
	}
	c = strings.ReplaceAll(c, "-", " ")
	if c == "" {
		return c
	}
	r, n := utf8.DecodeRuneInString(c)
	return strings.ToUpper(string(r)) + c[n:]
}

// joinLines joins lines with newlines, dropping whole lines (and saying how
// many) to stay within limit.
func joinLines(lines []string, limit int) string {
	var b strings.Builder
	for i, l := range lines {
		sep := ""
		if i > 0 {
			sep = "\n"
		}
		more := ""
		if rest := len(lines) - i - 1; rest > 0 {
			more = fmt.Sprintf("\n…and %d more", rest)
		}
		if runes(b.String())+runes(sep+l)+runes(more) > limit {
			tail := fmt.Sprintf("%s…and %d more", sep, len(lines)-i)
			if b.Len() == 0 {
				return cut(l, limit)
			}
			if runes(b.String())+runes(tail) <= limit {
				b.WriteString(tail)
			}
			return b.String()
		}
		b.WriteString(sep + l)
	}
	if b.Len() == 0 {
		return "(none)"
	}
	return b.String()
}

// trimFields drops fields from the end until the embed fits the total.
func trimFields(e *discordgo.MessageEmbed) {
	for embedSize(e) > maxEmbedTotal && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	fitEmbed(e)
}

// renderSources lists every reference, numbered.
func renderSources(s *knowledge.Snapshot) message {
	var lines []string
	for i, src := range s.Sources() {
		lines = append(lines, citeNumber(src, i)+" "+sourceLine(src))
	}
	emb := &discordgo.MessageEmbed{
		Type:   discordgo.EmbedTypeRich,
		Title:  "Sources",
		Footer: &discordgo.MessageEmbedFooter{Text: "Every answer lists the sources it is based on, by these numbers."},
	}
	// Every source is listed, so every number an answer cites is here:
	// the list runs on from the description into fields, within the
	// embed total (less room for the title, footer and field names).
	for i, part := range splitLines(joinLines(lines, maxEmbedTotal-600), maxDescription, maxFieldValue) {
		if i == 0 {
			emb.Description = part
			continue
		}
		emb.Fields = append(emb.Fields, &discordgo.MessageEmbedField{Name: "Sources (continued)", Value: part})
	}
	fitEmbed(emb)
	return message{Embeds: []*discordgo.MessageEmbed{emb}}
}

// helpText describes the commands.
const helpText = `**faqbot** answers general questions about ketamine as a treatment for opioid use disorder (OUD), from a knowledge base kept by this server's moderators. Every answer lists its sources.

**/ask** question — ask in your own words; pick a suggestion as you type, or send free text. Only you see the answer, unless you press "Share in channel" (which does not name you).
**/topics** — everything I can answer, by topic.
**/sources** — the references the answers are based on.
**/privacy** — what I store.
**Ask faqbot** — in a message's Apps menu: answers that message, for you alone.
You can also mention me with a question (you can delete my reply), or send me a direct message. If you added me to your account, /ask works in any server or DM, and only you see the answers there.`

func renderHelp(disclaimer string) message { return renderText(helpText, disclaimer) }

// privacyStored says what the feedback store (package inbox) keeps. Keep
// it true to the code: bot/feedback.go is the only writer, and the inbox
// package doc states the same rules. %s is the retention period.
const privacyStored = `**What faqbot stores**
faqbot keeps a small feedback database so moderators can improve its answers. It stores the text of questions the bot could not answer (no match, suggestions only, or "None of these"), and what you write in "What was missing?", with Discord mentions removed, the time and the closest entry; and Helpful/Not helpful votes, each under a one-way salted hash mixed with the answer's id, so each person counts once per answer. It never stores your Discord user id, username, server or channel, the text of questions it answered, or questions about a crisis or personal medical advice, nor anything from "Ask faqbot" or where this server did not add the bot. Everything is deleted after %s. The moderators can turn the database off (store.enabled: false); then nothing is recorded.
• While "Did you mean…" buttons are showing, that question is also held in memory (never on disk) for up to 15 minutes, so that a "None of these" click can be recorded with it.
• One exception to the above: if the bot restarts before it has posted a reply to your message, it keeps that reply (not your question) and the channel it goes to in the database until it posts it after the restart, and deletes it then, or after an hour.`

// privacyNotStored is the same when the store is off (store.enabled:
// false): nothing about people or questions is written anywhere.
const privacyNotStored = `**What faqbot stores**
Nothing: the feedback database is turned off here (store.enabled: false), so no question, vote or anything else about you is written to disk. The bot reads a question, answers it and forgets it.
• "Helpful" / "Not helpful" clicks are only counted per answer, as numbers in memory, without who clicked; the counts are gone when the bot restarts.`

// privacyCommon holds what is true either way: the rate limiter
// (ratelimit.go) and the logs.
const privacyCommon = `
• To limit how fast one person can ask, the bot remembers the times of your recent questions, keyed by your user id, in memory only, for the rate-limit window; it is gone when the bot restarts.
• The bot's logs record the kind of reply, the matching entry and its score, never your question together with who asked.
• "Share in channel" posts the answer without your name, and "Suggest an edit" sends what you write to the moderators without your name.
• When moderators change the answers from Discord, each change is kept with the moderator's Discord name and id and the time, so that it can be reviewed and undone.
The bot cannot read messages in channels unless they mention it, or someone uses "Ask faqbot" on one.`

// renderPrivacy says what the bot stores: with stored, what the feedback
// store keeps and for how long (retention); without, that nothing is kept.
func renderPrivacy(stored bool, retention time.Duration) message {
	if !stored {
		return message{Content: privacyNotStored + privacyCommon}
	}
	return message{Content: fmt.Sprintf(privacyStored, period(retention)) + privacyCommon}
}

// period writes a retention period in words: "90 days", "1 day", or a
// duration such as "36h0m0s" when it is not whole days.
func period(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d > 0 && d%day == 0:
		return strconv.Itoa(int(d/day)) + " days"
	}
	return d.String()
}

// renderStatus describes the knowledge base in service for moderators.
func renderStatus(st knowledge.Status) message {
	var b strings.Builder
	fmt.Fprintf(&b, "**Knowledge base**: %d entries from %s, loaded %s.", st.Entries, st.Source, st.LoadedAt.UTC().Format(time.RFC3339))
	if !st.FailedAt.IsZero() {
		fmt.Fprintf(&b, "\nThe last reload failed at %s; the previous knowledge base is still in service.", st.FailedAt.UTC().Format(time.RFC3339))
	}
	b.WriteString(problemList(st.Problems))
	return message{Content: cut(b.String(), maxContent)}
}

// renderReload reports a reload to the moderator who asked for it.
func renderReload(probs knowledge.Problems, err error, entries int) message {
	var b strings.Builder
	if err != nil {
		b.WriteString("**Reload failed**: still serving the previous knowledge base.")
	} else {
		fmt.Fprintf(&b, "**Reloaded**: %d entries in service.", entries)
	}
	b.WriteString(problemList(probs))
	return message{Content: cut(b.String(), maxContent)}
}

func problemList(ps knowledge.Problems) string {
	if len(ps) == 0 {
		return "\nNo problems."
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, "• "+p.Severity.String()+": "+p.String())
	}
	return fmt.Sprintf("\n%d problem(s):\n", len(ps)) + "```\n" + joinLines(lines, 1500) + "\n```"
}

// Fixed replies for situations that are not questions.
const (
	textRateLimited   = "You're asking quickly — please wait a few seconds and try again."
	textNotHere       = "I don't answer in this channel. Please ask where the moderators have set me up."
	textUnknownEntry  = "Sorry, that topic is no longer available. Try /topics or ask again with /ask."
	textThanks        = "Thanks for the feedback!"
	textShareFailed   = "Sorry, I couldn't post in this channel."
	textNoReload      = "This bot's knowledge base cannot be reloaded."
	textError         = "Sorry, something went wrong. Please try again."
	textEmptyAsk      = "Ask me a question, for example: /ask question: Is ketamine addictive?"
	textAnsweredBelow = "Here is the answer, for everyone in the channel:"
	textNoText        = "That message has no text I can read. Ask in your own words with /ask."
	textNotYours      = "Only the person who asked can delete this reply. (If that's you: the button stops working when I restart; a moderator can remove the reply.)"
	textDeleteFailed  = "Sorry, I couldn't delete that reply. Please try again."
	textNotYourPost   = "Only the person who opened this post can mark the answer."
	textNotAsked      = "Thanks: that answer wasn't it, so I've taken it down and told the moderators (without your name). Someone here can help."
	textMissingThanks = "Thank you! The moderators will see what was missing (without your name), so the answer can be improved."
)
