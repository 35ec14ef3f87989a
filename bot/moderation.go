package bot

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// Causes of a reload, as reports name them.
const (
	causeRequested = "/kb reload"
	causePhrasing  = "phrasing added from /kb gaps"
	causeEdit      = "edit from Discord"
	causeUndo      = "undo from Discord"
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

// sourcesShown returns how many of srcs an answer's Sources fields list in
// full (see sourceFields).
func sourcesShown(srcs []knowledge.Source) int {
	n := 0
	for _, line := range strings.Split(sourcesField(srcs, maxSourcesText), "\n") {
		if n < len(srcs) && strings.HasPrefix(line, citeNumber(srcs[n], n)+" ") && !strings.HasSuffix(line, "…") {
			n++
		}
	}
	return n
}

// isModerator reports whether the member may use /kb and its buttons: a
// member with the Administrator permission (which the server owner always
// has), one of the configured moderator roles, or, when none are
// configured, the Manage Server permission.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	if i.GuildID == "" || i.Member == nil {
		return false
	}
	if i.Member.Permissions&discordgo.PermissionAdministrator != 0 {
		return true
	}
	if roles := b.cfg.Discord.ModeratorRoles; len(roles) > 0 {
		for _, r := range i.Member.Roles {
			if slices.Contains(roles, r) {
				return true
			}
		}
		return false
	}
	return i.Member.Permissions&discordgo.PermissionManageGuild != 0
}

// refuseNonModerator answers a member who is not a moderator, saying who
// is, and reports whether it did. what names the action for the log.
func (b *Bot) refuseNonModerator(s discord, i *discordgo.Interaction, what string) bool {
	if b.isModerator(i) {
		return false
	}
	b.lg.Info("moderator action refused", zap.String("action", what), zap.String("guild", i.GuildID))
	b.respond(s, i, message{Content: b.notModeratorText()}, true)
	return true
}

// notModeratorText says who may use the moderator tools. Role mentions
// show as the roles' names and ping no one (no message parses mentions).
func (b *Bot) notModeratorText() string {
	roles := b.cfg.Discord.ModeratorRoles
	if len(roles) == 0 {
		return "Only moderators can use this: members with the Manage Server or Administrator permission."
	}
	ms := make([]string, len(roles))
	for n, r := range roles {
		ms[n] = "<@&" + r + ">"
	}
	return "Only moderators can use this: members with one of these roles: " + strings.Join(ms, ", ") + ", or with the Administrator permission. Ask a server admin to give you one."
}

// kbCommand handles /kb and its sub-commands, for moderators only.
func (b *Bot) kbCommand(s discord, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) {
	if b.refuseNonModerator(s, i, "/kb") {
		return
	}
	sub := ""
	var opts []*discordgo.ApplicationCommandInteractionDataOption
	if len(d.Options) > 0 && d.Options[0] != nil {
		sub, opts = d.Options[0].Name, d.Options[0].Options
	}
	switch sub {
	case subGaps:
		b.gaps(s, i, gapDays(opts))
		return
	case subEdit:
		b.openEditor(s, i, stringOpt(opts, optEntry), "") // kbedit.go
		return
	case subNew:
		b.openNew(s, i, stringOpt(opts, optColl), stringOpt(opts, optID))
		return
	case subHistory:
		b.history(s, i, stringOpt(opts, optEntry)) // kbhistory.go
		return
	case subUndo:
		b.askUndo(s, i, stringOpt(opts, optEntry))
		return
	}
	if b.reload == nil {
		b.respond(s, i, message{Content: textNoReload}, true)
		return
	}
	switch sub {
	case subStatus:
		m := renderStatus(b.reload.Status())
		m.Content = cut(m.Content+b.folderNote(), maxContent)
		b.respond(s, i, m, true)
	case subReload:
		// Reading a folder can outlast Discord's 3 s: defer, then edit.
		b.respondType(s, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, message{}, true)
		probs, err := b.Reload(causeRequested)
		b.edit(s, i, renderReload(probs, err, b.kb.Current().Len()))
	default:
		b.respond(s, i, message{Content: textError}, true)
	}
}

// folderNote says, for /kb status, whether moderators can edit from
// Discord and where their changes are kept.
func (b *Bot) folderNote() string {
	f := b.cfg.Folder
	if f == nil {
		return "\nEditing from Discord is off: this bot serves the knowledge base built into it (knowledge.dir is not set)."
	}
	committing, note := f.Git()
	switch {
	case committing:
		return "\nChanges made from Discord are kept in the folder's history (/kb history) and committed to git."
	case note != "":
		return "\nChanges made from Discord are kept in the folder's history (/kb history), but not committed: " + note + "."
	}
	return "\nChanges made from Discord are kept in the folder's history (/kb history)."
}

// stringOpt returns the string option name of a sub-command.
func stringOpt(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o != nil && o.Name == name && o.Type == discordgo.ApplicationCommandOptionString {
			return strings.TrimSpace(stringOption(o))
		}
	}
	return ""
}

// kbAutocomplete offers entries (by title or id) for /kb's entry options
// and the collections for /kb new, to moderators only.
func (b *Bot) kbAutocomplete(i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) []*discordgo.ApplicationCommandOptionChoice {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if !b.isModerator(i) || len(d.Options) == 0 || d.Options[0] == nil {
		return choices
	}
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range d.Options[0].Options {
		if o != nil && o.Focused && o.Type == discordgo.ApplicationCommandOptionString {
			focused = o
		}
	}
	if focused == nil {
		return choices
	}
	typed := strings.ToLower(strings.TrimSpace(stringOption(focused)))
	snap := b.kb.Current()
	add := func(name, value string) bool {
		if len(choices) == knowledge.MaxChoices {
			return false
		}
		if len(value) <= maxOptionText {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(name, maxOptionText), Value: value})
		}
		return true
	}
	if focused.Name == optColl {
		for _, c := range snap.Collections() {
			if strings.Contains(c, typed) && !add(c, c) {
				break
			}
		}
		return choices
	}
	for _, e := range snap.Entries() {
		if (strings.Contains(e.ID, typed) || strings.Contains(strings.ToLower(e.Title), typed)) && !add(e.ID+" · "+e.Title, e.ID) {
			break
		}
	}
	return choices
}

// modComponent handles the moderator tools' buttons (custom ids made by
// idMod): the part after "m:" is rest.
func (b *Bot) modComponent(s discord, i *discordgo.Interaction, rest string) {
	if b.refuseNonModerator(s, i, "button") {
		return
	}
	parts := strings.Split(rest, ":")
	if b.cfg.Folder == nil && parts[0] != modCancel {
		b.respond(s, i, message{Content: textEditEmbedded}, true)
		return
	}
	switch {
	case parts[0] == modCancel:
		b.respondType(s, i, discordgo.InteractionResponseUpdateMessage, message{Content: "Cancelled: nothing was changed."}, true)
	case parts[0] == modEditAgain && len(parts) == 2:
		b.editAgain(s, i, parts[1]) // kbedit.go
	case parts[0] == modOpen && len(parts) == 2 && validEntryID(parts[1]):
		b.openEditor(s, i, parts[1], "")
	case parts[0] == modPhrase && len(parts) == 3 && validToken(parts[1]) && validEntryID(parts[2]):
		b.phrasingConfirmed(s, i, parts[1], parts[2]) // kbgaps.go
	case parts[0] == modUndo && len(parts) == 3 && validEntryID(parts[2]):
		b.undoConfirmed(s, i, parts[1], parts[2]) // kbhistory.go
	case parts[0] == modAccept && len(parts) == 2 && validEntryID(parts[1]):
		b.acceptSuggestion(s, i, parts[1]) // kbsuggest.go
	case parts[0] == modDismiss && len(parts) == 2:
		b.dismissSuggestion(s, i)
	default:
		b.respond(s, i, message{Content: textUnknownEntry}, true)
	}
}

// The moderator tools' custom ids: faq:m:<verb>:<args>.
const (
	modEdit      = "ed" // the editor modal: ed:<mode>:<version>:<collection>:<id>
	modEditAgain = "ea" // reopen the editor with a refused draft: ea:<token>
	modOpen      = "eo" // open the editor on the current version: eo:<id>
	modPhrase    = "pc" // confirm "Add as phrasing": pc:<token>:<id>
	modUndo      = "ux" // confirm /kb undo: ux:<change>:<id>
	modAccept    = "sa" // accept a member's suggestion: sa:<id>
	modDismiss   = "sd" // dismiss it: sd:<id>
	modCancel    = "no" // cancel a confirmation
)

// modalSubmit handles a submitted modal: the entry editor (moderators) or
// a member's suggested edit.
func (b *Bot) modalSubmit(s discord, i *discordgo.Interaction) {
	d := i.ModalSubmitData()
	id, ok := parseID(d.CustomID)
	switch {
	case ok && id.verb == verbSuggestEdit:
		b.suggestionSubmitted(s, i, id.entry, modalValues(d)) // kbsuggest.go
	case ok && id.verb == verbModerator && strings.HasPrefix(id.token, modEdit+":"):
		if b.refuseNonModerator(s, i, "edit") {
			return
		}
		b.editSubmitted(s, i, strings.TrimPrefix(id.token, modEdit+":"), modalValues(d)) // kbedit.go
	default:
		b.lg.Info("unknown modal", zap.Int("custom_id_len", len(d.CustomID)))
		b.respond(s, i, message{Content: textUnknownEntry}, true)
	}
}

// modalValues returns a submitted modal's text inputs by custom id. The
// inputs come as discordgo decodes them (pointers) or as values.
func modalValues(d discordgo.ModalSubmitInteractionData) map[string]string {
	out := map[string]string{}
	var walk func(c discordgo.MessageComponent)
	walk = func(c discordgo.MessageComponent) {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			for _, cc := range c.Components {
				walk(cc)
			}
		case discordgo.ActionsRow:
			for _, cc := range c.Components {
				walk(cc)
			}
		case *discordgo.TextInput:
			out[c.CustomID] = c.Value
		case discordgo.TextInput:
			out[c.CustomID] = c.Value
		}
	}
	for _, c := range d.Components {
		walk(c)
	}
	return out
}

// Fixed replies of the moderator tools.
const (
	textNoStore          = "The feedback store is off (store.enabled: false), so nothing is recorded and there are no gaps to show."
	textEditEmbedded     = "This bot serves the knowledge base built into it (knowledge.dir is not set), which cannot be edited from Discord. Run faqbot export DIR to copy it to a folder, set knowledge.dir to that folder and restart; then /kb edit, /kb new and \"Add as phrasing\" work."
	textPhrasingEmbedded = "No \"Add as phrasing\" buttons: this bot serves the knowledge base built into it (knowledge.dir is not set), which cannot be edited. Run faqbot export DIR to copy it to a folder, set knowledge.dir to it and restart to add phrasings from here; or add them to the files by hand."
	textPhrasingReadOnly = "Some rows have no \"Add as phrasing\" button: the bot cannot write to the knowledge folder. Add those questions to the entry files by hand, or make the folder writable for the bot."
	textPhrasingExpired  = "This button has expired (buttons last 15 minutes, and not across restarts). Run /kb gaps again."
)
