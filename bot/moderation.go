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
	"github.com/faqbot/faqbot/knowledge/lint"
)

// Causes of a reload, as reports name them.
const (
	causeRequested = "/kb reload"
	causePhrasing  = "phrasing added from /kb gaps"
)

// errNoReload is Reload's error when the knowledge source cannot reload.
var errNoReload = errors.New("this knowledge base cannot be reloaded")

// Reload re-reads the knowledge base, as /kb reload does: it counts and
// logs the result and reports it to the moderator channel (see
// [Bot.ReportReload]). cause names what asked for it, such as "SIGHUP".
// The previous knowledge base stays in service when the new one has
// errors. Safe for concurrent use (the knowledge.Store serialises reloads).
func (b *Bot) Reload(cause string) (knowledge.Problems, error) {
	if b.reload == nil {
		return nil, errNoReload
	}
	probs, err := b.reload.Reload()
	n := b.kb.Current().Len()
	b.metrics.Reload(err == nil)
	b.metrics.SetEntries(n)
	if err != nil {
		b.lg.Warn("kb reload failed", zap.String("cause", cause), zap.Int("problems", len(probs)), zap.Error(err))
	} else {
		b.lg.Info("kb reloaded", zap.String("cause", cause), zap.Int("entries", n), zap.Int("problems", len(probs)))
	}
	b.ReportReload(cause, probs, err)
	return probs, err
}

// ReportReload tells the moderator channel (Discord.ModeratorChannel)
// about a reload: when it failed, its problems, each as "file:line: what to
// change"; when it succeeded after a failure, that the bot has recovered.
// A success after a success posts nothing, nor does a failure with exactly
// the problems already posted (an editor saving a broken file again). Call
// it for reloads done elsewhere, such as by the folder watcher; Reload
// calls it itself. Nothing is posted without a moderator channel or
// outside Run. Safe for concurrent use; reports are posted in order.
func (b *Bot) ReportReload(cause string, probs knowledge.Problems, err error) {
	b.reportMu.Lock()
	defer b.reportMu.Unlock()
	var m message
	if err != nil {
		key := failureKey(probs, err)
		if b.failing && key == b.lastFailure {
			return
		}
		b.failing, b.lastFailure = true, key
		m = renderReloadFailed(cause, probs, err)
	} else {
		if !b.failing {
			return
		}
		b.failing, b.lastFailure = false, ""
		m = renderReloadRecovered(cause, probs, b.kb.Current().Len())
	}
	ch := b.cfg.Discord.ModeratorChannel
	if ch == "" {
		return
	}
	s := b.sess.Load()
	if s == nil {
		b.lg.Warn("reload report not sent: not connected", zap.Bool("ok", err == nil))
		return
	}
	if b.send(b.rest(s), ch, m.send(nil)) {
		b.lg.Info("reload report sent", zap.Bool("ok", err == nil), zap.String("cause", cause))
	}
}

// failureKey identifies a failed reload's problems.
func failureKey(probs knowledge.Problems, err error) string {
	var k strings.Builder
	for _, p := range probs {
		k.WriteString(p.Severity.String() + ": " + p.String() + "\n")
	}
	k.WriteString(err.Error())
	return k.String()
}

// errorsFirst returns ps with the errors (what stops a reload) before the
// warnings, so a cut list keeps them.
func errorsFirst(ps knowledge.Problems) knowledge.Problems {
	out := append(knowledge.Problems{}, ps.Errors()...)
	for _, p := range ps {
		if p.Severity != knowledge.Error {
			out = append(out, p)
		}
	}
	return out
}

// renderReloadFailed is the moderator channel's report of a failed reload.
// The error itself is shown only when there are no problems to show (the
// folder could not be read): it is for moderators, and names the folder.
func renderReloadFailed(cause string, probs knowledge.Problems, err error) message {
	var b strings.Builder
	fmt.Fprintf(&b, "**Knowledge base reload failed** (%s): still serving the previous knowledge base. ", cause)
	if len(probs.Errors()) > 0 {
		b.WriteString("Fix these, save, and it reloads:")
		b.WriteString(problemList(errorsFirst(probs)))
	} else {
		b.WriteString("The knowledge folder could not be read:\n```\n" + cut(err.Error(), 1000) + "\n```")
	}
	return message{Content: cut(b.String(), maxContent)}
}

// renderReloadRecovered reports a clean reload after a failed one.
func renderReloadRecovered(cause string, probs knowledge.Problems, entries int) message {
	s := fmt.Sprintf("**Knowledge base recovered** (%s): the new knowledge base loaded cleanly; %d entries in service.", cause, entries)
	if len(probs) > 0 {
		s += fmt.Sprintf(" %d warning(s) remain; see /kb status.", len(probs))
	}
	return message{Content: cut(s, maxContent)}
}

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
// under each group whose nearest entry can take the question.
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
	b.edit(s, i, renderGaps(days, gaps, ids, votes, note))
	b.lg.Info("command", zap.String("event", "kb gaps"), zap.Int("groups", len(gaps)), zap.Int("days", days))
}

// phrasingButtons returns, for each gap, the custom id of its "Add as
// phrasing" button, or "" for none: no nearest entry, an entry no longer
// in service, a question the knowledge base now answers, or a folder the
// bot cannot write. note says why there are no buttons at all, if so.
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
		if g.NearestID == "" || !ok || g.Answered {
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

// writable reports whether the bot can create files in folder, as
// knowledge.AddPhrasing must (it writes a temporary file there and renames
// it over the entry). The probe's name starts with ".", so the folder
// watcher and the loader ignore it.
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
// empty, says why there are no buttons.
func renderGaps(days int, gaps []inbox.Gap, ids []string, votes []inbox.EntryVotes, note string) message {
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
		switch {
		case g.NearestID == "":
			line += " · no close entry"
		case g.Answered:
			line += fmt.Sprintf(" · now answered by **%s** (%.2f)", g.NearestID, g.NearestScore)
		default:
			line += fmt.Sprintf(" · nearest: **%s** (%.2f)", g.NearestID, g.NearestScore)
		}
		lines = append(lines, line)
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
		content = "A button adds its row's question to the questions of the nearest entry, in the knowledge folder, and reloads."
	}
	var rows []discordgo.MessageComponent
	for k := 0; k < len(buttons); k += maxRowButtons {
		rows = appendRow(rows, buttons[k:min(k+maxRowButtons, len(buttons))])
	}
	return message{Content: cut(content, maxContent), Embeds: []*discordgo.MessageEmbed{emb}, Components: rows}
}

// addPhrasing handles "Add as phrasing" from /kb gaps, for moderators only:
// it appends the gap's question to the entry's questions in the knowledge
// folder, reloads (reporting like /kb reload), and says how it went.
func (b *Bot) addPhrasing(s discord, i *discordgo.Interaction, id componentID) {
	if !b.isModerator(i) {
		b.lg.Info("moderator action refused", zap.String("action", "add phrasing"), zap.String("guild", i.GuildID))
		b.respond(s, i, message{Content: textNotModerator}, true)
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
	// Writing, checking and reloading the folder can outlast 3 s.
	b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, true)
	_, _, err := b.cfg.Folder.AddPhrasing(id.entry, h.text, author(i))
	if err != nil {
		// The error quotes the question: Debug only (house style 20).
		b.lg.Warn("add phrasing failed", zap.String("entry", id.entry), zap.Bool("duplicate", errors.Is(err, kbdir.ErrDuplicatePhrasing)))
		b.lg.Debug("add phrasing error", zap.String("entry", id.entry), zap.Error(err))
		b.edit(s, i, renderPhrasingFailed(id.entry, err))
		return
	}
	b.lg.Info("phrasing added", zap.String("entry", id.entry))
	probs, rerr := b.Reload(causePhrasing)
	b.edit(s, i, renderPhrasingAdded(id.entry, h.text, probs, rerr, b.kb.Current().Len()))
}

// renderPhrasingAdded reports an added phrasing and the reload after it.
func renderPhrasingAdded(entry, q string, probs knowledge.Problems, err error, entries int) message {
	s := fmt.Sprintf("Added %s to the questions of **%s**.\n", quoteQuestion(q, 300), entry)
	if errors.Is(err, errNoReload) {
		s += "This bot cannot reload its knowledge base; the change takes effect after a restart."
		return message{Content: cut(s, maxContent)}
	}
	if err == nil {
		s += "Asking it now answers that entry.\n"
	}
	return message{Content: cut(s+renderReload(probs, err, entries).Content, maxContent)}
}

// renderPhrasingFailed reports why a phrasing was not added. The error is
// for moderators: it names the file and what to change (or the entry that
// already has the phrasing).
func renderPhrasingFailed(entry string, err error) message {
	return message{Content: cut(fmt.Sprintf("**Not added** to **%s**: %s", entry, mdEscaper.Replace(err.Error())), maxContent)}
}

// Fixed replies of the moderator tools.
const (
	textNoStore          = "The feedback store is off (store.enabled: false), so nothing is recorded and there are no gaps to show."
	textPhrasingEmbedded = "No \"Add as phrasing\" buttons: this bot serves the knowledge base built into it (knowledge.dir is not set), which cannot be edited. Copy knowledge/data to a folder, set knowledge.dir to it and restart to add phrasings from here; or add them to the files by hand."
	textPhrasingReadOnly = "Some rows have no \"Add as phrasing\" button: the bot cannot write to the knowledge folder. Add those questions to the entry files by hand, or make the folder writable for the bot."
	textPhrasingExpired  = "This button has expired (buttons last 15 minutes, and not across restarts). Run /kb gaps again."
)

// author is the moderator who made an interaction, as the history and git
// record them: their server nickname or Discord display name, and id.
func author(i *discordgo.Interaction) kbdir.Author {
	var u *discordgo.User
	name := ""
	if i.Member != nil {
		u, name = i.Member.User, i.Member.Nick
	}
	if u == nil {
		u = i.User
	}
	if u == nil {
		return kbdir.Author{Name: "unknown"}
	}
	if name == "" {
		name = u.GlobalName
	}
	if name == "" {
		name = u.Username
	}
	return kbdir.Author{Name: name, ID: u.ID}
}

// Display is how much of an entry the bot's answers show (button labels,
// related buttons, the Sources field), for the content checks that warn
// about what Discord would cut (see package knowledge/lint).
func Display() lint.Display {
	return lint.Display{MaxTitle: maxLabel, MaxRelated: maxRowButtons, SourcesShown: sourcesShown}
}

// sourcesShown returns how many of srcs the Sources field lists in full.
func sourcesShown(srcs []knowledge.Source) int {
	n := 0
	for _, line := range strings.Split(sourcesField(srcs, maxFieldValue), "\n") {
		if strings.HasPrefix(line, fmt.Sprintf("%d. ", n+1)) && !strings.HasSuffix(line, "…") {
			n++
		}
	}
	return n
}
