package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
)

// The editor is a Discord modal with one text input per field, in legacy
// action rows (discordgo v0.29.0 cannot read the submit of the newer Label
// component). Discord allows 5 inputs of at most 4000 characters each.
const (
	fieldTitle      = "title"
	fieldQuestions  = "questions"
	fieldKeywords   = "keywords"
	fieldAnswer     = "answer"
	fieldSources    = "sources"
	fieldSuggestion = "suggestion" // in place of keywords when accepting a member's suggestion
	maxInput        = 4000         // characters of a text input's value
	maxModalTitle   = 45
)

// Editor modes, in the modal's custom id.
const (
	modeEdit   = "e" // /kb edit
	modeNew    = "n" // /kb new
	modeAccept = "a" // accepting a member's suggestion
)

// A draft is the editor's content: what it opens with, or what a moderator
// submitted (kept for "Edit again" when it was refused).
type draft struct {
	Mode       string `json:"mode"`
	Version    string `json:"version"`
	Collection string `json:"collection"`
	ID         string `json:"id"`
	Title      string `json:"title"`
	Questions  string `json:"questions"`
	Keywords   string `json:"keywords"`
	Answer     string `json:"answer"`
	Sources    string `json:"sources"`
	Suggestion string `json:"suggestion,omitempty"`
}

// draftOf is the editor's content for an entry.
func draftOf(e *knowledge.Entry) draft {
	ids := make([]string, len(e.Sources))
	for n, s := range e.Sources {
		ids[n] = s.ID
	}
	return draft{
		Collection: e.Collection, ID: e.ID, Title: e.Title,
		Questions: strings.Join(e.Questions, "\n"), Keywords: strings.Join(e.Keywords, ", "),
		Answer: e.Body, Sources: strings.Join(ids, ", "),
	}
}

// openEditor answers /kb edit (and "Accept" on a suggestion, which passes
// the suggestion to show beside the fields) with the editor, filled from
// the entry's file as it is now.
func (b *Bot) openEditor(s discord, i *discordgo.Interaction, id, suggestion string) {
	f := b.cfg.Folder
	if f == nil {
		b.respond(s, i, message{Content: textEditEmbedded}, true)
		return
	}
	e, ok := b.kb.Current().Entry(id)
	if !ok {
		b.respond(s, i, message{Content: fmt.Sprintf("There is no entry %q in service. Pick one from the list as you type, or write a new one with /kb new.", cut(id, 100))}, true)
		return
	}
	data, v, err := f.Read(e.File)
	parsed, _ := knowledge.ParseEntry(e.File, data)
	if err != nil || parsed == nil {
		b.respond(s, i, message{Content: fmt.Sprintf("%s cannot be edited from Discord now: it has errors (see /kb reload). Fix the file by hand.", e.File)}, true)
		return
	}
	d := draftOf(parsed)
	d.Mode, d.Version = modeEdit, string(v)
	if suggestion != "" {
		d.Mode, d.Suggestion = modeAccept, suggestion
	}
	b.respondEditor(s, i, d)
}

// openNew answers /kb new with an empty editor for a new entry.
func (b *Bot) openNew(s discord, i *discordgo.Interaction, collection, id string) {
	if b.cfg.Folder == nil {
		b.respond(s, i, message{Content: textEditEmbedded}, true)
		return
	}
	if collection == "" {
		collection = "faq"
	}
	if !knowledge.ValidID(id) || !knowledge.ValidID(collection) || len(id) > maxNewID {
		b.respond(s, i, message{Content: "An id is the entry's file name: lower-case letters, digits and dashes, such as insurance-coverage (and the collection likewise, such as faq)."}, true)
		return
	}
	if e, ok := b.kb.Current().Entry(id); ok {
		b.respond(s, i, message{Content: fmt.Sprintf("The entry %s already exists (%s): use /kb edit entry: %s.", id, e.File, id)}, true)
		return
	}
	b.respondEditor(s, i, draft{Mode: modeNew, Version: string(kbdir.NoFile), Collection: collection, ID: id})
}

// respondEditor opens the editor modal with d.
func (b *Bot) respondEditor(s discord, i *discordgo.Interaction, d draft) {
	data, err := editorModal(d)
	if err != nil {
		b.respond(s, i, message{Content: err.Error()}, true)
		return
	}
	if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: data}); err != nil {
		b.restError(err)
		b.lg.Warn("open editor", zap.String("interaction", i.ID), zap.Error(err))
		return
	}
	b.lg.Info("editor opened", zap.String("entry", d.ID), zap.String("mode", d.Mode))
}

// editorModal builds the editor. It refuses an entry whose text does not
// fit Discord's inputs, rather than cut it.
func editorModal(d draft) (*discordgo.InteractionResponseData, error) {
	id := idMod(modEdit, d.Mode, d.Version, d.Collection, d.ID)
	if len(id) > maxCustomID {
		return nil, fmt.Errorf("the id %s is too long to edit from Discord; edit the file by hand", d.ID)
	}
	title := "Edit " + d.ID
	third := textInput(fieldKeywords, "Keywords, separated by commas", discordgo.TextInputParagraph, d.Keywords, false, 1000, "e.g. hooked, habit forming, misuse")
	switch d.Mode {
	case modeNew:
		title = "New entry " + d.ID
	case modeAccept:
		title = "Suggested edit: " + d.ID
		third = textInput(fieldSuggestion, "The member's suggestion (not saved)", discordgo.TextInputParagraph, d.Suggestion, false, maxInput, "")
	}
	inputs := []discordgo.TextInput{
		textInput(fieldTitle, "Title: the question it answers", discordgo.TextInputShort, d.Title, true, 300, "e.g. Does insurance cover ketamine treatment?"),
		textInput(fieldQuestions, "Other phrasings, one a line", discordgo.TextInputParagraph, d.Questions, false, maxInput, "e.g. is ketamine covered by insurance"),
		third,
		textInput(fieldAnswer, "Answer (Discord Markdown)", discordgo.TextInputParagraph, d.Answer, true, maxInput, "Plain words, short sentences, no personal medical advice."),
		textInput(fieldSources, "Source ids from sources.yaml, by commas", discordgo.TextInputShort, d.Sources, true, 1000, "e.g. jhu-ketamine-2024, fda-moud"),
	}
	rows := make([]discordgo.MessageComponent, len(inputs))
	for n, in := range inputs {
		if utf8.RuneCountInString(in.Value) > in.MaxLength {
			return nil, fmt.Errorf("the %s of %s is longer than Discord's editor takes (%d characters): edit the file by hand", in.CustomID, d.ID, in.MaxLength)
		}
		rows[n] = discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}
	}
	return &discordgo.InteractionResponseData{CustomID: id, Title: cut(title, maxModalTitle), Components: rows}, nil
}

func textInput(id, label string, style discordgo.TextInputStyle, value string, required bool, max int, placeholder string) discordgo.TextInput {
	return discordgo.TextInput{CustomID: id, Label: label, Style: style, Value: value, Required: required, MaxLength: max, Placeholder: placeholder}
}

// editSubmitted saves a submitted editor: rest is the modal's custom id
// after "ed:". The whole knowledge base is checked as it would be; the
// file is written, the knowledge base reloaded and the moderator told, or
// nothing is written, the previous knowledge base stays in service, and
// the moderator gets the problems and a way back to their text.
func (b *Bot) editSubmitted(s discord, i *discordgo.Interaction, rest string, values map[string]string) {
	parts := strings.Split(rest, ":")
	if len(parts) != 4 || b.cfg.Folder == nil {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	d := draft{Mode: parts[0], Version: parts[1], Collection: parts[2], ID: parts[3],
		Title: values[fieldTitle], Questions: values[fieldQuestions], Keywords: values[fieldKeywords],
		Answer: values[fieldAnswer], Sources: values[fieldSources], Suggestion: values[fieldSuggestion]}
	file, err := kbdir.EntryFile(d.Collection, d.ID)
	if err != nil {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	accept := d.Mode == modeAccept && i.Message != nil
	if accept {
		// The suggestion's message is updated when the edit is saved.
		b.respondType(s, i, discordgo.InteractionResponseDeferredMessageUpdate, message{}, false)
	} else {
		b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, true)
	}
	c, probs, err := b.cfg.Folder.Write(file, kbdir.Version(d.Version), editOf(d, values), author(i))
	var out message
	if err != nil {
		b.lg.Info("edit refused", zap.String("entry", d.ID), zap.Bool("conflict", errors.Is(err, kbdir.ErrConflict)), zap.Int("problems", len(probs.Errors())))
		out = b.renderEditRefused(d, file, err, probs)
	} else {
		b.lg.Info("entry edited", zap.String("entry", d.ID), zap.String("action", c.Action), zap.Int("change", c.N))
		rprobs, rerr := b.Reload(causeEdit)
		out = renderSaved(d, c, probs, rprobs, rerr, b.kb.Current().Len())
	}
	if !accept {
		b.edit(s, i, out)
		return
	}
	if err == nil {
		var embeds []*discordgo.MessageEmbed
		if i.Message != nil {
			embeds = i.Message.Embeds
		}
		b.edit(s, i, message{Content: cut(fmt.Sprintf("**Accepted** by %s: saved to **%s** (change #%d).", mdEscaper.Replace(author(i).Name), d.ID, c.N), maxContent), Embeds: embeds})
	}
	b.followup(s, i, out, true)
}

// editOf turns a submitted editor into a kbdir.Edit: one phrasing a line,
// keywords and sources by commas. A field the editor did not have is kept.
func editOf(d draft, values map[string]string) kbdir.Edit {
	lines := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	split := func(s string, seps string) []string {
		var out []string
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	e := kbdir.Edit{
		Title:     strings.TrimSpace(d.Title),
		Questions: lines(d.Questions),
		Keywords:  split(d.Keywords, ",\n"),
		Sources:   split(d.Sources, ", \n"),
		Answer:    d.Answer,
	}
	for _, f := range []string{fieldTitle, fieldQuestions, fieldKeywords, fieldAnswer, fieldSources} {
		if _, given := values[f]; !given {
			e.Keep = append(e.Keep, f)
		}
	}
	return e
}

// renderSaved reports a saved edit and the reload after it.
func renderSaved(d draft, c kbdir.Change, warnings, probs knowledge.Problems, err error, entries int) message {
	what := "Saved"
	if c.Action == "new" {
		what = "Created"
	}
	s := fmt.Sprintf("**%s** %s (`%s`), change #%d: %s.\n", what, mdEscaper.Replace(cut(d.Title, 200)), d.ID, c.N, c.Summary)
	s += gitLine(c)
	if errors.Is(err, errNoReload) {
		s += "This bot cannot reload its knowledge base; the change takes effect after a restart."
		return message{Content: cut(s, maxContent)}
	}
	s += fmt.Sprintf("Undo it with /kb undo entry: %s.\n", d.ID)
	return message{Content: cut(s+renderReload(probs, err, entries).Content, maxContent)}
}

// gitLine says whether a change was committed to git.
func gitLine(c kbdir.Change) string {
	switch {
	case c.Committed:
		return "Committed to git with you as its author.\n"
	case c.GitNote != "":
		return "Not committed to git: " + mdEscaper.Replace(cut(c.GitNote, 400)) + ".\n"
	}
	return ""
}

// renderEditRefused says why an edit was not saved, and offers the
// moderator their text back.
func (b *Bot) renderEditRefused(d draft, file string, err error, probs knowledge.Problems) message {
	var buttons []discordgo.MessageComponent
	extra := "Your text is kept for 15 minutes: \"Edit again\" opens the editor with it."
	if errors.Is(err, kbdir.ErrConflict) {
		// Offer the text on the current version: saving it then is a
		// choice made knowing someone else changed the entry.
		if _, v, rerr := b.cfg.Folder.Read(file); rerr == nil {
			d.Version = string(v)
		}
		extra = "Open the current version to see their change, or edit again with your text (saving it then replaces their change)."
		buttons = append(buttons, button("Open the current version", discordgo.PrimaryButton, idMod(modOpen, d.ID)))
	}
	if errors.Is(err, kbdir.ErrUnchanged) {
		extra = ""
	} else if raw, jerr := json.Marshal(d); jerr == nil {
		buttons = append(buttons, button("Edit again with my text", discordgo.SecondaryButton, idMod(modEditAgain, b.drafts.put(string(raw), d.ID))))
	}
	return renderChangeFailed(d.ID, err, probs, extra, buttons...)
}

// renderChangeFailed reports a change that was not made. The error is for
// moderators: it names the file and what to change (or who changed the
// entry meanwhile).
func renderChangeFailed(entry string, err error, probs knowledge.Problems, extra string, buttons ...discordgo.MessageComponent) message {
	s := fmt.Sprintf("**Not saved** (`%s`): %s", entry, mdEscaper.Replace(err.Error()))
	if errs := probs.Errors(); len(errs) > 0 {
		s += ". Still serving the previous answers. Fix these:" + problemList(errs)
	}
	if extra != "" {
		s += "\n" + extra
	}
	return message{Content: cut(s, maxContent), Components: appendRow(nil, buttons)}
}

// editAgain reopens the editor with a refused draft.
func (b *Bot) editAgain(s discord, i *discordgo.Interaction, token string) {
	h, ok := b.drafts.get(token)
	var d draft
	if !ok || json.Unmarshal([]byte(h.text), &d) != nil {
		b.respond(s, i, message{Content: "This draft has expired (drafts are kept 15 minutes, and not across restarts). Run /kb edit again."}, true)
		return
	}
	b.respondEditor(s, i, d)
}
