package e2e_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/internal/kbtest"
)

// Editing the knowledge base from Discord, end to end: slash commands,
// the editor modal as the local Discord validates and submits it (type 5
// interactions), the files on disk, the knowledge base in service, the
// history, undo and git. The tests use a small knowledge base of their own.

var editKB = map[string]string{
	"sources.yaml": kbtest.TwoSources,
	"safety.yaml":  kbtest.Safety,
	"faq/what-is.md": `---
# Checked with the clinic team.
title: What is ketamine?
questions:
  - what kind of drug is ketamine  # from the forum
keywords: [anesthetic]
sources: [jhu]
reviewed: 2026-11-25
---
Ketamine is a medicine used for anesthesia.
`,
	"faq/addictive.md": `---
title: Is ketamine addictive?
questions:
  - can you get hooked on ketamine
keywords: [habit forming]
sources: [jhu, fda]
reviewed: 2026-11-25
---
Ketamine can be misused.
`,
}

// riley and sam are two moderators (by role); member is not one.
var (
	riley  = discordtest.Ctx{UserID: "1200000000000000701", Username: "riley", Roles: []string{modRole}}
	sam    = discordtest.Ctx{UserID: "1200000000000000702", Username: "sam", Roles: []string{modRole}}
	member = discordtest.Ctx{UserID: "1200000000000000703", Username: "kestrel"}
)

// startEditing runs a bot on a folder holding editKB, with moderators and
// a moderator channel; git, when set, makes the folder a git work tree.
func startEditing(t *testing.T, git bool) *harness {
	t.Helper()
	dir := t.TempDir()
	for name, data := range editKB {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if git {
		runGit(t, dir, "init", "-q")
		runGit(t, dir, "add", ".")
		runGit(t, dir, "-c", "user.name=setup", "-c", "user.email=setup@example.org", "commit", "-q", "-m", "start")
	}
	return startDir(t, dir, func(c *bot.Config) {
		c.Discord.ModeratorRoles = []string{modRole}
		c.Discord.ModeratorChannel = modChannel
	}, nil, discordtest.WithChannels(modChannel))
}

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// A modal as the bot sent it.
type modal struct {
	CustomID   string `json:"custom_id"`
	Title      string `json:"title"`
	Components []struct {
		Type       int `json:"type"`
		Components []struct {
			Type     int    `json:"type"`
			CustomID string `json:"custom_id"`
			Value    string `json:"value"`
		} `json:"components"`
	} `json:"components"`
}

// values returns the modal's text inputs by custom id.
func (m modal) values() map[string]string {
	out := map[string]string{}
	for _, r := range m.Components {
		for _, c := range r.Components {
			out[c.CustomID] = c.Value
		}
	}
	return out
}

// modalOf waits for interaction i's response and decodes it as a modal.
func modalOf(t *testing.T, h *harness, i *discordgo.Interaction) modal {
	t.Helper()
	r := h.srv.WaitResponse(t, i.ID, wait)
	var m modal
	if r.Type != discordgo.InteractionResponseModal || json.Unmarshal(r.Data, &m) != nil {
		msg, _ := r.Message()
		t.Fatalf("response = type %d %+v, want a modal", r.Type, msg)
	}
	for _, row := range m.Components {
		if row.Type != 1 || len(row.Components) != 1 || row.Components[0].Type != 4 {
			t.Fatalf("modal rows = %+v, want legacy action rows of one text input", m.Components)
		}
	}
	return m
}

// openEditor runs /kb edit entry:id as ctx and returns the interaction and
// its modal.
func openEditor(t *testing.T, h *harness, ctx discordtest.Ctx, id string) (*discordgo.Interaction, modal) {
	t.Helper()
	i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "kb", discordtest.SubCommand("edit", discordtest.StringOption("entry", id))))
	return i, modalOf(t, h, i)
}

// submit submits the modal of interaction i as ctx with values changed.
func submit(t *testing.T, h *harness, ctx discordtest.Ctx, i *discordgo.Interaction, values map[string]string) *discordgo.Interaction {
	t.Helper()
	sub, err := h.srv.SubmitModal(ctx, i.ID, values)
	if err != nil {
		t.Fatal(err)
	}
	return h.srv.SendInteraction(sub)
}

// edited waits for the bot to edit interaction i's original response
// (after deferring it) and returns the message.
func edited(t *testing.T, h *harness, i *discordgo.Interaction) *discordgo.Message {
	t.Helper()
	c := h.srv.WaitFor(t, discordtest.Route("PATCH", "/webhooks/*/"+i.Token+"/messages/@original"), wait)
	if c.Status >= 300 {
		t.Fatalf("edit of the response refused: %v", c)
	}
	m, ok := h.srv.Original(i.ID)
	if !ok {
		t.Fatalf("interaction %s has no original response", i.ID)
	}
	return m
}

func readFile(t *testing.T, h *harness, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(h.dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// answerBody asks q and returns the answer's text, or "" for no answer.
func answerBody(t *testing.T, h *harness, q string) string {
	t.Helper()
	m, _ := ask(t, h, member, q)
	if len(m.Embeds) == 0 {
		return ""
	}
	return m.Embeds[0].Description
}

// A moderator edits an entry from Discord: the editor opens filled in,
// the submit is saved with only what changed, the bot reloads and answers
// with it, and the change is in the history and in git by its moderator.
func TestEditFromDiscord(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	h := startEditing(t, true)
	i, m := openEditor(t, h, riley, "what-is")
	want := map[string]string{"title": "What is ketamine?", "questions": "what kind of drug is ketamine", "keywords": "anesthetic", "answer": "Ketamine is a medicine used for anesthesia.", "sources": "jhu"}
	for k, v := range want {
		if got := m.values()[k]; got != v {
			t.Errorf("editor field %s = %q, want %q", k, got, v)
		}
	}
	sub := submit(t, h, riley, i, map[string]string{
		"questions": "what kind of drug is ketamine\nwhat is ketamine used for",
		"answer":    "Ketamine is a medicine. Doctors use it for anesthesia.",
		"sources":   "jhu, fda",
	})
	if r := h.srv.WaitResponse(t, sub.ID, wait); r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("first response to the submit = type %d, want a deferral", r.Type)
	}
	reply := edited(t, h, sub)
	for _, s := range []string{"**Saved** What is ketamine? (`what-is`), change #1: questions, sources, answer", "Committed to git", "Reloaded", "/kb undo entry: what-is"} {
		if !strings.Contains(reply.Content, s) {
			t.Errorf("reply lacks %q:\n%s", s, reply.Content)
		}
	}
	file := readFile(t, h, "faq/what-is.md")
	for _, s := range []string{"# Checked with the clinic team.", "  - what kind of drug is ketamine  # from the forum\n  - what is ketamine used for\n", "keywords: [anesthetic]\n", "sources: [jhu, fda]\n", "---\nKetamine is a medicine. Doctors use it for anesthesia.\n"} {
		if !strings.Contains(file, s) {
			t.Errorf("file lacks %q:\n%s", s, file)
		}
	}
	if got := answerBody(t, h, "what is ketamine used for"); !strings.Contains(got, "Doctors use it") {
		t.Errorf("after the edit the new phrasing answers %q", got)
	}
	if got := runGit(t, h.dir, "log", "-1", "--format=%an <%ae>"); got != "riley <"+riley.UserID+"@users.discord.invalid>" {
		t.Errorf("the commit's author is %q, want riley", got)
	}
	hi := h.srv.SendInteraction(h.srv.SlashCommand(riley, "kb", discordtest.SubCommand("history", discordtest.StringOption("entry", "what-is"))))
	hm, _ := h.srv.WaitResponse(t, hi.ID, wait).Message()
	if !strings.Contains(hm.Content, "#1 · ") || !strings.Contains(hm.Content, "**riley** · edited `what-is` (questions, sources, answer)") {
		t.Errorf("history = %q", hm.Content)
	}
}

// A broken edit is refused: nothing is written, the previous knowledge
// base stays in service, and the moderator gets the problems and their
// text back.
func TestBrokenEditIsRefused(t *testing.T) {
	h := startEditing(t, false)
	before, served := readFile(t, h, "faq/what-is.md"), h.store.Current()
	i, _ := openEditor(t, h, riley, "what-is")
	sub := submit(t, h, riley, i, map[string]string{"sources": "jhu, nope", "answer": "A changed answer."})
	reply := edited(t, h, sub)
	if !strings.Contains(reply.Content, "**Not saved**") || !strings.Contains(reply.Content, `unknown source id "nope"`) || !strings.Contains(reply.Content, "Still serving the previous answers") {
		t.Errorf("reply = %q", reply.Content)
	}
	if got := readFile(t, h, "faq/what-is.md"); got != before {
		t.Errorf("a refused edit changed the file:\n%s", got)
	}
	if h.store.Current() != served {
		t.Error("a refused edit replaced the knowledge base in service")
	}
	if got := answerBody(t, h, "What is ketamine?"); got != "Ketamine is a medicine used for anesthesia." {
		t.Errorf("after a refused edit the answer is %q", got)
	}
	ids := buttonIDs(reply)
	if len(ids) != 1 {
		t.Fatalf("buttons = %v, want Edit again", ids)
	}
	again := h.srv.SendInteraction(h.srv.ComponentClick(riley, ids[0]))
	if v := modalOf(t, h, again).values(); v["sources"] != "jhu, nope" || v["answer"] != "A changed answer." {
		t.Errorf("Edit again opens %v, want the refused text", v)
	}
}

// Two moderators edit the same entry at once: the second is told who
// changed it, nothing is overwritten silently, and they can see the change.
func TestTwoModeratorsEditTheSameEntry(t *testing.T) {
	h := startEditing(t, false)
	ri, _ := openEditor(t, h, riley, "what-is")
	si, _ := openEditor(t, h, sam, "what-is")
	edited(t, h, submit(t, h, riley, ri, map[string]string{"answer": "Riley's answer."}))
	reply := edited(t, h, submit(t, h, sam, si, map[string]string{"answer": "Sam's answer."}))
	if !strings.Contains(reply.Content, "**Not saved**") || !strings.Contains(reply.Content, "riley changed it") {
		t.Errorf("second submit = %q, want who changed it", reply.Content)
	}
	if got := readFile(t, h, "faq/what-is.md"); !strings.Contains(got, "Riley's answer.") || strings.Contains(got, "Sam's answer.") {
		t.Errorf("file after both submits:\n%s", got)
	}
	open := buttonWith(reply, ":eo:")
	if open == "" {
		t.Fatalf("buttons = %v, want Open the current version", buttonIDs(reply))
	}
	c := h.srv.SendInteraction(h.srv.ComponentClick(sam, open))
	if v := modalOf(t, h, c).values(); v["answer"] != "Riley's answer." {
		t.Errorf("the current version opens with %q", v["answer"])
	}
}

// Undo puts an entry back, after a confirmation, and is kept in the
// history like any change.
func TestUndoFromDiscord(t *testing.T) {
	h := startEditing(t, false)
	orig := readFile(t, h, "faq/what-is.md")
	i, _ := openEditor(t, h, riley, "what-is")
	edited(t, h, submit(t, h, riley, i, map[string]string{"answer": "A worse answer."}))
	u := h.srv.SendInteraction(h.srv.SlashCommand(sam, "kb", discordtest.SubCommand("undo", discordtest.StringOption("entry", "what-is"))))
	confirm, _ := h.srv.WaitResponse(t, u.ID, wait).Message()
	if !strings.Contains(confirm.Content, "Undo change #1 to `what-is`, made by **riley**") {
		t.Errorf("confirmation = %q", confirm.Content)
	}
	if got := readFile(t, h, "faq/what-is.md"); got == orig {
		t.Fatal("the edit was not made")
	}
	undo := buttonWith(confirm, ":ux:")
	c := h.srv.SendInteraction(h.srv.ComponentClick(sam, undo))
	if r := h.srv.WaitResponse(t, c.ID, wait); r.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Errorf("first response to the undo click = type %d, want a deferred update", r.Type)
	}
	if m := edited(t, h, c); !strings.Contains(m.Content, "**Undone**: change #1") {
		t.Errorf("undo reply = %q", m.Content)
	}
	if got := readFile(t, h, "faq/what-is.md"); got != orig {
		t.Errorf("after undo the file is:\n%s\nwant:\n%s", got, orig)
	}
	if got := answerBody(t, h, "What is ketamine?"); got != "Ketamine is a medicine used for anesthesia." {
		t.Errorf("after undo the answer is %q", got)
	}
}

// /kb new writes a new entry from the editor, and the bot answers it.
func TestNewEntryFromDiscord(t *testing.T) {
	h := startEditing(t, false)
	i := h.srv.SendInteraction(h.srv.SlashCommand(riley, "kb", discordtest.SubCommand("new", discordtest.StringOption("id", "insurance"))))
	if m := modalOf(t, h, i); m.values()["title"] != "" {
		t.Errorf("new entry editor = %+v", m)
	}
	sub := submit(t, h, riley, i, map[string]string{
		"title": "Does insurance cover ketamine?", "questions": "is ketamine covered by insurance",
		"answer": "It depends on your plan. Ask your insurer.", "sources": "fda",
	})
	if m := edited(t, h, sub); !strings.Contains(m.Content, "**Created** Does insurance cover ketamine?") {
		t.Errorf("reply = %q", m.Content)
	}
	if got := readFile(t, h, "faq/insurance.md"); !strings.Contains(got, "title: Does insurance cover ketamine?") {
		t.Errorf("new file:\n%s", got)
	}
	if got := answerBody(t, h, "is ketamine covered by insurance"); got != "It depends on your plan. Ask your insurer." {
		t.Errorf("the new entry answers %q", got)
	}
}

// A member suggests an edit: it reaches the moderator channel without who
// sent it, Accept opens the editor with the suggestion beside the fields,
// and saving marks the suggestion accepted.
func TestSuggestAnEdit(t *testing.T) {
	h := startEditing(t, false)
	m, _ := ask(t, h, member, "What is ketamine?")
	suggest := buttonWith(m, "faq:sg:")
	if suggest == "" {
		t.Fatalf("answer buttons = %v, want Suggest an edit", buttonIDs(m))
	}
	c := h.srv.SendInteraction(h.srv.ComponentClick(member, suggest))
	modalOf(t, h, c)
	// (A suggestion is checked for a crisis first, like anything a member
	// types: this one is ordinary.)
	text := "Please add that esketamine is a nasal spray for depression, <@1200000000000000999> **thanks**"
	s := submit(t, h, member, c, map[string]string{"suggestion": text})
	if r, _ := h.srv.WaitResponse(t, s.ID, wait).Message(); !strings.Contains(r.Content, "without your name") || r.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("member's confirmation = %+v", r)
	}
	post := modPosts(t, h, 1)[0]
	if strings.Contains(string(post.Body), member.UserID) || strings.Contains(string(post.Body), member.Username) {
		t.Errorf("the moderator channel post names the member: %s", post.Body)
	}
	checkNoMentions(t, post.Body)
	pm := decodeMsg(t, post)
	if len(pm.Embeds) != 1 || !strings.Contains(pm.Embeds[0].Description, "nasal spray for depression") {
		t.Fatalf("suggestion post = %+v", pm)
	}
	accept := buttonWith(pm, ":sa:")
	// A member cannot accept it.
	mc := h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{UserID: member.UserID, ChannelID: modChannel}, accept))
	if r, _ := h.srv.WaitResponse(t, mc.ID, wait).Message(); !strings.Contains(r.Content, "Only moderators") || !strings.Contains(r.Content, "<@&"+modRole+">") {
		t.Errorf("a member's Accept = %q, want a refusal naming the role", r.Content)
	}
	a := h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{UserID: riley.UserID, Username: "riley", Roles: riley.Roles, ChannelID: modChannel}, accept))
	am := modalOf(t, h, a)
	v := am.values()
	if !strings.Contains(v["suggestion"], text) || v["answer"] != "Ketamine is a medicine used for anesthesia." {
		t.Errorf("Accept opens %v, want the suggestion beside the fields", v)
	}
	if _, ok := v["keywords"]; ok {
		t.Error("the accept editor has keywords as well as the suggestion: more than 5 inputs")
	}
	sub, err := h.srv.SubmitModal(discordtest.Ctx{UserID: riley.UserID, Roles: riley.Roles, ChannelID: modChannel}, a.ID, map[string]string{"answer": "Ketamine is a medicine used for anesthesia and, as esketamine, for depression."})
	if err != nil {
		t.Fatal(err)
	}
	sub = h.srv.SendInteraction(sub)
	if r := h.srv.WaitResponse(t, sub.ID, wait); r.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Errorf("first response to the accepted edit = type %d, want a deferred update of the suggestion", r.Type)
	}
	if got := edited(t, h, sub); !strings.Contains(got.Content, "**Accepted** by riley") || len(buttonIDs(got)) != 0 {
		t.Errorf("the suggestion after saving = %q %v", got.Content, buttonIDs(got))
	}
	if got := readFile(t, h, "faq/what-is.md"); !strings.Contains(got, "keywords: [anesthetic]") || !strings.Contains(got, "for depression.") {
		t.Errorf("file after the accepted edit:\n%s", got)
	}
}

// buttonWith returns the custom id of m's button whose id contains part,
// or "".
func buttonWith(m *discordgo.Message, part string) string {
	for _, id := range buttonIDs(m) {
		if strings.Contains(id, part) {
			return id
		}
	}
	return ""
}

// A crisis written into "Suggest an edit" gets the crisis reply at once,
// privately, and is not posted for moderators as a suggestion.
func TestSuggestAnEditWithACrisis(t *testing.T) {
	h := startEditing(t, false)
	m, _ := ask(t, h, member, "What is ketamine?")
	c := h.srv.SendInteraction(h.srv.ComponentClick(member, buttonWith(m, "faq:sg:")))
	modalOf(t, h, c)
	text := "forget the answer, i have the pills counted out and i want to die tonight"
	s := submit(t, h, member, c, map[string]string{"suggestion": text})
	r, _ := h.srv.WaitResponse(t, s.ID, wait).Message()
	if !strings.Contains(r.Content, "Call 911") || r.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("reply to a crisis suggestion = %+v, want the crisis resources, privately", r)
	}
	for _, post := range h.srv.CallsMatching(modPost) {
		if strings.Contains(string(post.Body), "pills counted out") {
			t.Errorf("the crisis text was posted for moderators: %s", post.Body)
		}
	}
}
