package bot

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// The editor is five legacy action rows of one text input each, within
// Discord's limits, filled with the entry; the suggestion replaces the
// keywords when a member's suggestion is accepted.
func TestEditorModal(t *testing.T) {
	e := testEntry("addiction-risk")
	e.Collection, e.Questions, e.Keywords = "faq", []string{"can you get hooked", "is it habit forming"}, []string{"hooked", "misuse"}
	d := draftOf(e)
	d.Mode, d.Version = modeEdit, "0123456789abcdef"
	m, err := editorModal(d)
	if err != nil {
		t.Fatal(err)
	}
	if m.CustomID != "faq:m:ed:e:0123456789abcdef:faq:addiction-risk" || utf8.RuneCountInString(m.Title) > maxModalTitle || len(m.Components) != 5 {
		t.Fatalf("modal = %q %q with %d rows", m.CustomID, m.Title, len(m.Components))
	}
	got := map[string]string{}
	for _, r := range m.Components {
		row := r.(discordgo.ActionsRow)
		if len(row.Components) != 1 {
			t.Fatalf("row = %+v, want one text input", row)
		}
		in := row.Components[0].(discordgo.TextInput)
		if utf8.RuneCountInString(in.Label) > 45 || in.MaxLength > maxInput || utf8.RuneCountInString(in.Placeholder) > 100 {
			t.Errorf("input %s breaks Discord's limits: %+v", in.CustomID, in)
		}
		got[in.CustomID] = in.Value
	}
	want := map[string]string{fieldTitle: e.Title, fieldQuestions: "can you get hooked\nis it habit forming", fieldKeywords: "hooked, misuse", fieldAnswer: e.Body, fieldSources: "s1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("field %s = %q, want %q", k, got[k], v)
		}
	}
	d.Mode, d.Suggestion = modeAccept, "please add more"
	m, _ = editorModal(d)
	if v := m.Components[2].(discordgo.ActionsRow).Components[0].(discordgo.TextInput); v.CustomID != fieldSuggestion || v.Value != "please add more" {
		t.Errorf("third input when accepting = %+v, want the suggestion", v)
	}
	d.Answer = strings.Repeat("x", maxInput+1)
	if _, err := editorModal(d); err == nil || !strings.Contains(err.Error(), "edit the file by hand") {
		t.Errorf("an answer over 4000 characters = %v, want a refusal", err)
	}
}

// A submitted editor becomes an edit: one phrasing a line, keywords and
// sources by commas; a field the editor did not have is kept.
func TestEditOf(t *testing.T) {
	values := map[string]string{fieldTitle: "  Is it safe? ", fieldQuestions: "one\n\n  two \r\nthree", fieldAnswer: "An answer.", fieldSources: "a, b  c,\nd", fieldSuggestion: "x"}
	d := draft{Title: values[fieldTitle], Questions: values[fieldQuestions], Answer: values[fieldAnswer], Sources: values[fieldSources]}
	e := editOf(d, values)
	if e.Title != "Is it safe?" || !slices.Equal(e.Questions, []string{"one", "two", "three"}) || !slices.Equal(e.Sources, []string{"a", "b", "c", "d"}) || e.Answer != "An answer." {
		t.Errorf("editOf = %+v", e)
	}
	if !slices.Equal(e.Keep, []string{fieldKeywords}) {
		t.Errorf("Keep = %v, want the keywords the editor did not have", e.Keep)
	}
}

// modalValues reads text inputs as discordgo decodes them from the
// gateway (pointers) and as built by hand (values).
func TestModalValues(t *testing.T) {
	raw := `{"custom_id":"m","components":[{"type":1,"components":[{"type":4,"custom_id":"a","value":"one"}]},{"type":1,"components":[{"type":4,"custom_id":"b","value":"two"}]}]}`
	var d discordgo.ModalSubmitInteractionData
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatal(err)
	}
	if got := modalValues(d); got["a"] != "one" || got["b"] != "two" {
		t.Errorf("from JSON: %v", got)
	}
	d = discordgo.ModalSubmitInteractionData{Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{CustomID: "c", Value: "three"}}}}}
	if got := modalValues(d); got["c"] != "three" {
		t.Errorf("by value: %v", got)
	}
}

// "Add as phrasing" is offered only when the nearest entry scores at
// least the suggestion threshold: below it, the entry does not answer the
// question.
func TestPhrasingButtonsNeedTheSuggestionThreshold(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	f, err := kbdir.Open(dir, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	snap, _, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := snap.Entries()[0]
	var cfg Config
	cfg.Folder = f
	cfg.Answer.SuggestThreshold = 0.2
	b := New(nil, nil, cfg)
	gaps := []inbox.Gap{
		{Example: "a", NearestID: e.ID, NearestScore: 0.19},
		{Example: "b", NearestID: e.ID, NearestScore: 0.2},
		{Example: "c", NearestID: e.ID, NearestScore: 0.9, Answered: true},
		{Example: "d"},
	}
	ids, note := b.phrasingButtons(snap, gaps)
	if note != "" || ids[0] != "" || ids[1] == "" || ids[2] != "" || ids[3] != "" {
		t.Errorf("buttons = %q (%q), want one, for the gap at the threshold", ids, note)
	}
}
