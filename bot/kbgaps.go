package bot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
)

// /kb gaps.
const (
	defaultGapDays = 30 // how far /kb gaps looks back without days
	maxGapRows     = 10 // gap groups shown, each with at most one button
)

// gapDays reads /kb gaps' days option, defaulting to 30 and keeping it
// within 1 to maxGapDays (Discord checks this too, but options are input).
func gapDays(opts []*discordgo.ApplicationCommandInteractionDataOption) int {
	for _, o := range opts {
		if o == nil || o.Name != optDays || o.Type != discordgo.ApplicationCommandOptionInteger {
			continue
		}
		if n, ok := intOption(o); ok {
			return int(min(max(n, 1), maxGapDays))
		}
	}
	return defaultGapDays
}

// gaps answers /kb gaps: the unanswered questions of the last days days,
// grouped, with per-entry helpfulness, and an "Add as phrasing" button
// under each group whose nearest entry is close enough to be the answer.
func (b *Bot) gaps(s discord, i *discordgo.Interaction, days int) {
	st := b.cfg.Inbox
	if st == nil {
		b.respond(s, i, message{Content: textNoStore}, true)
		return
	}
	// Grouping reads every question of the period: defer, then edit.
	b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, true)
	snap := b.kb.Current()
	since := b.cfg.Now().Add(-time.Duration(days) * 24 * time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	gaps, err := st.Gaps(ctx, since, snap, 0)
	var votes []inbox.EntryVotes
	if err == nil {
		votes, err = st.Helpfulness(ctx, since)
	}
	if err != nil {
		b.lg.Error("kb gaps failed", zap.String("interaction", i.ID), zap.Error(err))
		b.edit(s, i, message{Content: textError})
		return
	}
	shown := gaps[:min(len(gaps), maxGapRows)]
	ids, note := b.phrasingButtons(snap, shown)
	title := func(id string) string {
		if e, ok := snap.Entry(id); ok {
			return e.Title
		}
		return ""
	}
	b.edit(s, i, renderGaps(days, gaps, ids, votes, note, title))
	b.lg.Info("command", zap.String("event", "kb gaps"), zap.Int("groups", len(gaps)), zap.Int("days", days))
}

// suggestThreshold is the score an entry needs to be suggested: below it,
// the entry is not the answer to the question, and adding the question to
// it as a phrasing would make the bot answer wrongly with confidence.
func (b *Bot) suggestThreshold() float64 {
	if t := b.cfg.Answer.SuggestThreshold; t > 0 {
		return t
	}
	return knowledge.DefaultSuggestThreshold
}

// phrasingButtons returns, for each gap, the custom id of its "Add as
// phrasing" button, or "" for none: no nearest entry, one scoring below the
// suggestion threshold, an entry no longer in service, a question the
// knowledge base now answers, or a folder the bot cannot write. note says
// why there are no buttons at all, if so.
func (b *Bot) phrasingButtons(snap *knowledge.Snapshot, gaps []inbox.Gap) ([]string, string) {
	ids := make([]string, len(gaps))
	if b.cfg.Folder == nil {
		return ids, textPhrasingEmbedded
	}
	dir := b.cfg.Folder.Path()
	canWrite := map[string]bool{}
	readOnly := false
	for n, g := range gaps {
		e, ok := snap.Entry(g.NearestID)
		if g.NearestID == "" || !ok || g.Answered || g.NearestScore < b.suggestThreshold() {
			continue
		}
		folder := filepath.Join(dir, filepath.Dir(filepath.FromSlash(e.File)))
		w, seen := canWrite[folder]
		if !seen {
			w = writable(folder)
			canWrite[folder] = w
		}
		if !w {
			readOnly = true
			continue
		}
		if id := idPhrase(b.gapQs.put(g.Example, e.ID), e.ID); len(id) <= maxCustomID {
			ids[n] = id
		}
	}
	if readOnly {
		return ids, textPhrasingReadOnly
	}
	return ids, ""
}

// writable reports whether the bot can create files in folder, as an edit
// must (it writes a temporary file there and renames it over the entry).
// The probe's name starts with ".", so the folder watcher and the loader
// ignore it.
func writable(folder string) bool {
	f, err := os.CreateTemp(folder, ".faqbot-write-check-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return true
}

// mdEscaper keeps question text from being read as Discord Markdown, and
// its web addresses from becoming links (a zero-width space after the
// scheme's colon): a moderator must not be one click from a link a member
// typed.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, ">", `\>`, "#", `\#`, "[", `\[`, "]", `\]`, "://", ":\u200b//")

// quoteQuestion shows a stored question: cut, escaped, in quotes.
func quoteQuestion(q string, n int) string {
	return "“" + mdEscaper.Replace(cut(q, n)) + "”"
}

// renderGaps renders /kb gaps: the groups (at most maxGapRows, ids[n] the
// button of gaps[n] or ""), then the helpfulness per entry. note, if not
// empty, says why there are no buttons; title gives an entry's title.
func renderGaps(days int, gaps []inbox.Gap, ids []string, votes []inbox.EntryVotes, note string, title func(string) string) message {
	total := 0
	for _, g := range gaps {
		total += g.Count
	}
	var lines []string
	if len(gaps) == 0 {
		lines = append(lines, "No unanswered questions in this period.")
	} else {
		lines = append(lines, fmt.Sprintf("%d unanswered question(s) in %d group(s), most asked first. *Nearest* is the closest entry and its score (0 to 1).", total, len(gaps)))
	}
	var buttons []discordgo.MessageComponent
	for n, g := range gaps[:min(len(gaps), maxGapRows)] {
		lines = append(lines, gapLine(n, g, title))
		if n < len(ids) && ids[n] != "" {
			buttons = append(buttons, button(fmt.Sprintf("%d. Add as phrasing to %s", n+1, g.NearestID), discordgo.SecondaryButton, ids[n]))
		}
	}
	if len(gaps) > maxGapRows {
		lines = append(lines, fmt.Sprintf("…and %d more group(s): faqbot gaps lists them all.", len(gaps)-maxGapRows))
	}
	var vl []string
	for _, v := range votes {
		vl = append(vl, fmt.Sprintf("**%s**: %d helpful, %d not helpful (%d people)", v.EntryID, v.Helpful, v.NotHelpful, v.Voters))
	}
	if len(vl) == 0 {
		vl = append(vl, "No votes in this period.")
	}
	emb := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       fmt.Sprintf("Unanswered questions, last %d days", days),
		Description: joinLines(lines, maxDescription),
		Fields:      []*discordgo.MessageEmbedField{{Name: "Helpful / Not helpful", Value: joinLines(vl, maxFieldValue)}},
	}
	trimFields(emb)
	content := note
	if content == "" && len(buttons) > 0 {
		content = "A button offers to add its row's question to the questions of the nearest entry (you confirm first). Rows whose nearest entry scores below the suggestion threshold have none: that question needs its own entry."
	}
	var rows []discordgo.MessageComponent
	for k := 0; k < len(buttons); k += maxRowButtons {
		rows = appendRow(rows, buttons[k:min(k+maxRowButtons, len(buttons))])
	}
	return message{Content: cut(content, maxContent), Embeds: []*discordgo.MessageEmbed{emb}, Components: rows}
}

// gapLine is one group of /kb gaps.
func gapLine(n int, g inbox.Gap, title func(string) string) string {
	line := fmt.Sprintf("**%d.** %s — asked %d×", n+1, quoteQuestion(g.Example, 150), g.Count)
	var extra []string
	if g.Distinct > 1 {
		extra = append(extra, fmt.Sprintf("%d wordings", g.Distinct))
	}
	if g.NoneOfThese > 0 {
		extra = append(extra, fmt.Sprintf("%d “None of these”", g.NoneOfThese))
	}
	if len(extra) > 0 {
		line += " (" + strings.Join(extra, ", ") + ")"
	}
	ref := "**" + g.NearestID + "**"
	if t := title(g.NearestID); t != "" {
		ref += " " + quoteQuestion(t, 80)
	}
	switch {
	case g.NotCovered != "":
		line += " · listed as not covered: *" + g.NotCovered + "* (not-covered.yaml)"
	case g.NearestID == "":
		line += " · no close entry"
	case g.Answered:
		line += fmt.Sprintf(" · now answered by %s (%.2f)", ref, g.NearestScore)
	default:
		line += fmt.Sprintf(" · nearest: %s (%.2f)", ref, g.NearestScore)
	}
	return line
}

// addPhrasing handles "Add as phrasing" from /kb gaps, for moderators
// only: it shows what it would add to which entry, and adds it only when
// the moderator confirms (phrasingConfirmed).
func (b *Bot) addPhrasing(s discord, i *discordgo.Interaction, id componentID) {
	if b.refuseNonModerator(s, i, "add phrasing") {
		return
	}
	if b.cfg.Folder == nil {
		b.respond(s, i, message{Content: textPhrasingEmbedded}, true)
		return
	}
	h, ok := b.gapQs.get(id.token)
	if !ok || h.entry != id.entry {
		b.respond(s, i, message{Content: textPhrasingExpired}, true)
		return
	}
	e, ok := b.kb.Current().Entry(id.entry)
	if !ok {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	m := message{
		Content: cut(fmt.Sprintf("Add %s to the questions of **%s** (`%s`)? From then on, asking it answers this entry, with confidence. Add it only if this entry answers it; a question that needs its own answer is a new entry (/kb new).", quoteQuestion(h.text, 300), mdEscaper.Replace(cut(e.Title, 200)), e.ID), maxContent),
		Components: appendRow(nil, []discordgo.MessageComponent{
			button("Add as phrasing", discordgo.PrimaryButton, idMod(modPhrase, id.token, e.ID)),
			button("Cancel", discordgo.SecondaryButton, idMod(modCancel)),
		}),
	}
	b.respond(s, i, m, true)
}

// phrasingConfirmed adds a gap's question to the entry's questions in the
// knowledge folder, reloads (reporting like /kb reload), and says how it
// went in place of the confirmation.
func (b *Bot) phrasingConfirmed(s discord, i *discordgo.Interaction, token, entry string) {
	h, ok := b.gapQs.get(token)
	if !ok || h.entry != entry {
		b.respondType(s, i, discordgo.InteractionResponseUpdateMessage, message{Content: textPhrasingExpired}, true)
		return
	}
	// Writing, checking and reloading the folder can outlast 3 s.
	b.respondType(s, i, discordgo.InteractionResponseDeferredMessageUpdate, message{}, true)
	c, probs, err := b.cfg.Folder.AddPhrasing(entry, h.text, author(i))
	if err != nil {
		// The error quotes the question: Debug only (house style 20).
		b.lg.Warn("add phrasing failed", zap.String("entry", entry), zap.Bool("duplicate", errors.Is(err, kbdir.ErrDuplicatePhrasing)))
		b.lg.Debug("add phrasing error", zap.String("entry", entry), zap.Error(err))
		b.edit(s, i, renderChangeFailed(entry, err, probs, ""))
		return
	}
	b.lg.Info("phrasing added", zap.String("entry", entry), zap.Int("change", c.N))
	rprobs, rerr := b.Reload(causePhrasing)
	b.edit(s, i, renderPhrasingAdded(entry, h.text, c, rprobs, rerr, b.kb.Current().Len()))
}

// renderPhrasingAdded reports an added phrasing and the reload after it.
func renderPhrasingAdded(entry, q string, c kbdir.Change, probs knowledge.Problems, err error, entries int) message {
	s := fmt.Sprintf("Added %s to the questions of **%s** (change #%d).\n", quoteQuestion(q, 300), entry, c.N)
	if errors.Is(err, errNoReload) {
		s += "This bot cannot reload its knowledge base; the change takes effect after a restart."
		return message{Content: cut(s, maxContent)}
	}
	if err == nil {
		s += "Asking it now answers that entry.\n"
	}
	s += gitLine(c)
	return message{Content: cut(s+renderReload(probs, err, entries).Content, maxContent)}
}
