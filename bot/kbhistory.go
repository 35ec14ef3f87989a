package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/kbdir"
)

// maxHistory is how many changes /kb history lists.
const maxHistory = 15

// history answers /kb history: the changes made from Discord, newest
// first, to one entry or to all.
func (b *Bot) history(s discord, i *discordgo.Interaction, id string) {
	f := b.cfg.Folder
	if f == nil {
		b.respond(s, i, message{Content: textEditEmbedded}, true)
		return
	}
	if id != "" && !validEntryID(id) {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	h, err := f.History(id)
	if err != nil {
		b.lg.Error("kb history failed", zap.String("interaction", i.ID), zap.Error(err))
		b.respond(s, i, message{Content: textError}, true)
		return
	}
	b.respond(s, i, renderHistory(id, h), true)
}

// renderHistory lists changes, newest first.
func renderHistory(id string, h []kbdir.Change) message {
	of := ""
	if id != "" {
		of = " to " + id
	}
	if len(h) == 0 {
		return message{Content: "No changes" + of + " have been made from Discord yet."}
	}
	undoneBy := map[int]int{}
	for _, c := range h {
		if c.Action == "undo" {
			undoneBy[c.Undoes] = c.N
		}
	}
	lines := []string{fmt.Sprintf("**Changes made from Discord%s**, newest first (%d in all). /kb undo puts an entry back as it was before its last one.", of, len(h))}
	for _, c := range h[:min(len(h), maxHistory)] {
		line := fmt.Sprintf("#%d · %s · **%s** · %s `%s`", c.N, c.Time.UTC().Format("2006-01-02 15:04 MST"), mdEscaper.Replace(cut(c.By.Name, 50)), actionWords(c.Action), c.Entry)
		if c.Summary != "" {
			line += " (" + mdEscaper.Replace(c.Summary) + ")"
		}
		if n, ok := undoneBy[c.N]; ok {
			line += fmt.Sprintf(" · undone by #%d", n)
		}
		lines = append(lines, line)
	}
	if len(h) > maxHistory {
		lines = append(lines, fmt.Sprintf("…and %d older change(s), in the knowledge folder's .faqbot/history.jsonl.", len(h)-maxHistory))
	}
	return message{Content: joinLines(lines, maxContent)}
}

func actionWords(action string) string {
	switch action {
	case "new":
		return "created"
	case "phrasing":
		return "added a phrasing to"
	case "undo":
		return "undid a change to"
	}
	return "edited"
}

// askUndo answers /kb undo: it says which change would be undone, and
// undoes it only when the moderator confirms (undoConfirmed).
func (b *Bot) askUndo(s discord, i *discordgo.Interaction, id string) {
	f := b.cfg.Folder
	if f == nil {
		b.respond(s, i, message{Content: textEditEmbedded}, true)
		return
	}
	if !validEntryID(id) {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	c, err := f.UndoTarget(id)
	if err != nil {
		b.respond(s, i, message{Content: cut(mdEscaper.Replace(err.Error()), maxContent)}, true)
		return
	}
	after := "The entry goes back to how it was before it."
	if c.Before == kbdir.NoFile {
		after = "That change created the entry, so undoing it removes the entry."
	}
	m := message{
		Content: cut(fmt.Sprintf("Undo change #%d to `%s`, made by **%s** on %s (%s)? %s The undo is checked like any edit, and kept in the history.",
			c.N, c.Entry, mdEscaper.Replace(cut(c.By.Name, 50)), c.Time.UTC().Format("2006-01-02 15:04 MST"), mdEscaper.Replace(c.Summary), after), maxContent),
		Components: appendRow(nil, []discordgo.MessageComponent{
			button(fmt.Sprintf("Undo #%d", c.N), discordgo.DangerButton, idMod(modUndo, strconv.Itoa(c.N), c.Entry)),
			button("Cancel", discordgo.SecondaryButton, idMod(modCancel)),
		}),
	}
	b.respond(s, i, m, true)
}

// undoConfirmed undoes change n of entry id, reloads, and reports in place
// of the confirmation.
func (b *Bot) undoConfirmed(s discord, i *discordgo.Interaction, nStr, id string) {
	n, err := strconv.Atoi(nStr)
	if err != nil {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	b.respondType(s, i, discordgo.InteractionResponseDeferredMessageUpdate, message{}, true)
	c, probs, err := b.cfg.Folder.Undo(id, n, author(i))
	if err != nil {
		b.lg.Info("undo refused", zap.String("entry", id), zap.Int("change", n), zap.Bool("conflict", errors.Is(err, kbdir.ErrConflict)))
		b.edit(s, i, renderChangeFailed(id, err, probs, ""))
		return
	}
	b.lg.Info("change undone", zap.String("entry", id), zap.Int("undid", n), zap.Int("change", c.N))
	rprobs, rerr := b.Reload(causeUndo)
	text := fmt.Sprintf("**Undone**: change #%d to `%s` (now change #%d). %s", n, id, c.N, strings.TrimSpace(gitLine(c)))
	b.edit(s, i, message{Content: cut(text+"\n"+renderReload(rprobs, rerr, b.kb.Current().Len()).Content, maxContent)})
}
