package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
)

func testEntry(id string) *knowledge.Entry {
	return &knowledge.Entry{
		ID:       id,
		Title:    "Is ketamine addictive?",
		Body:     "Ketamine can be misused.",
		Sources:  []knowledge.Source{{ID: "s1", Title: "Ketamine facts", Publisher: "NIDA", Year: 2024, URL: "https://nida.nih.gov/k"}},
		Reviewed: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
	}
}

func TestRenderEntry(t *testing.T) {
	e := testEntry("addiction-risk")
	m := renderEntry(e, "Not medical advice.", answerOpts{Feedback: true, Share: true, Related: []*knowledge.Entry{testEntry("safety")}})
	if len(m.Embeds) != 1 {
		t.Fatalf("embeds = %d, want 1", len(m.Embeds))
	}
	emb := m.Embeds[0]
	if got, want := emb.Title, e.Title; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got, want := emb.Description, e.Body; got != want {
		t.Errorf("description = %q, want %q", got, want)
	}
	if len(emb.Fields) != 1 || emb.Fields[0].Name != "Sources" {
		t.Fatalf("fields = %+v, want one Sources field", emb.Fields)
	}
	if got, want := emb.Fields[0].Value, "[1] [Ketamine facts](https://nida.nih.gov/k) — NIDA, 2024"; got != want {
		t.Errorf("sources = %q, want %q", got, want)
	}
	if got, want := emb.Footer.Text, "Last reviewed 2026-01-02 · Not medical advice."; got != want {
		t.Errorf("footer = %q, want %q", got, want)
	}
	ids := customIDs(m.Components)
	want := []string{"faq:v:+:addiction-risk", "faq:v:-:addiction-risk", "faq:share:addiction-risk", "faq:r:safety"}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("custom ids = %v, want %v", ids, want)
	}
}

func customIDs(rows []discordgo.MessageComponent) []string {
	var out []string
	for _, r := range rows {
		for _, c := range r.(discordgo.ActionsRow).Components {
			switch c := c.(type) {
			case discordgo.Button:
				out = append(out, c.CustomID)
			case discordgo.SelectMenu:
				out = append(out, c.CustomID)
			}
		}
	}
	return out
}

// checkLimits fails if m breaks any of Discord's message limits.
func checkLimits(t *testing.T, m message) {
	t.Helper()
	if n := runes(m.Content); n > maxContent {
		t.Errorf("content is %d characters, limit %d", n, maxContent)
	}
	total := 0
	for _, e := range m.Embeds {
		if n := runes(e.Title); n > maxEmbedTitle {
			t.Errorf("embed title %d > %d", n, maxEmbedTitle)
		}
		if n := runes(e.Description); n > maxDescription {
			t.Errorf("description %d > %d", n, maxDescription)
		}
		if len(e.Fields) > maxFields {
			t.Errorf("%d fields > %d", len(e.Fields), maxFields)
		}
		for _, f := range e.Fields {
			if n := runes(f.Value); n > maxFieldValue {
				t.Errorf("field %q value %d > %d", f.Name, n, maxFieldValue)
			}
			if n := runes(f.Name); n > maxFieldName {
				t.Errorf("field name %d > %d", n, maxFieldName)
			}
		}
		if e.Footer != nil && runes(e.Footer.Text) > maxFooter {
			t.Errorf("footer %d > %d", runes(e.Footer.Text), maxFooter)
		}
		total += embedSize(e)
	}
	if total > maxEmbedTotal {
		t.Errorf("embeds total %d > %d", total, maxEmbedTotal)
	}
	if len(m.Components) > maxRows {
		t.Errorf("%d rows > %d", len(m.Components), maxRows)
	}
	for _, r := range m.Components {
		row := r.(discordgo.ActionsRow)
		if len(row.Components) > maxRowButtons {
			t.Errorf("%d components in a row > %d", len(row.Components), maxRowButtons)
		}
		for _, c := range row.Components {
			switch c := c.(type) {
			case discordgo.Button:
				if runes(c.Label) > maxLabel {
					t.Errorf("label %d > %d", runes(c.Label), maxLabel)
				}
				if len(c.CustomID) > maxCustomID || c.CustomID == "" {
					t.Errorf("custom id %q: length %d", c.CustomID, len(c.CustomID))
				}
			case discordgo.SelectMenu:
				if len(c.Options) > maxSelectOpts {
					t.Errorf("%d options > %d", len(c.Options), maxSelectOpts)
				}
				for _, o := range c.Options {
					if runes(o.Label) > maxOptionText || runes(o.Value) > maxOptionText {
						t.Errorf("option %q too long", o.Label)
					}
				}
			}
		}
	}
}

func TestRenderLimits(t *testing.T) {
	huge := strings.Repeat("ü", 10000)
	longID := strings.Repeat("a", 120)
	big := &knowledge.Entry{ID: "big", Title: huge, Body: huge, Reviewed: time.Now()}
	for i := range 40 {
		big.Sources = append(big.Sources, knowledge.Source{Title: huge[:200], Publisher: huge[:300], Year: 2000 + i, URL: "https://example.org/" + fmt.Sprint(i)})
	}
	var rel []*knowledge.Entry
	for i := range 9 {
		rel = append(rel, &knowledge.Entry{ID: fmt.Sprintf("rel-%d", i), Title: huge})
	}
	rel = append(rel, &knowledge.Entry{ID: longID, Title: "long id"})
	disclaimer := strings.Repeat("d", 3000)
	crisis := &knowledge.CrisisPolicy{Reply: huge}
	for range 50 {
		crisis.Resources = append(crisis.Resources, knowledge.Resource{Name: "988", Contact: "call 988", URL: "https://988lifeline.org"})
	}
	var sugs []knowledge.Suggestion
	for i := range 8 {
		sugs = append(sugs, knowledge.Suggestion{Entry: &knowledge.Entry{ID: fmt.Sprintf("s-%d", i), Title: huge}})
	}
	tests := []struct {
		name string
		m    message
	}{
		{"entry", renderEntry(big, disclaimer, answerOpts{Feedback: true, Share: true, Related: rel})},
		{"long id buttons dropped", renderEntry(&knowledge.Entry{ID: longID, Title: "t"}, "d", answerOpts{Feedback: true, Share: true})},
		{"text", renderText(huge, disclaimer)},
		{"suggestions", renderSuggestions(sugs, disclaimer, "AAAAAAAAAAAAAAAA")},
		{"crisis", renderCrisis(crisis, "", disclaimer)},
		{"reload", renderReload(manyProblems(500), knowledge.ErrNotClean, 3)},
		{"status", renderStatus(knowledge.Status{Source: huge, Problems: manyProblems(500)})},
		{"help", renderHelp(disclaimer)},
		{"privacy", renderPrivacy(true, 90*24*time.Hour)},
		{"privacy off", renderPrivacy(false, 0)},
		{"reload failed", renderReloadFailed("files changed", manyProblems(500), knowledge.ErrNotClean)},
		{"reload failed without problems", renderReloadFailed("SIGHUP", nil, fmt.Errorf("open knowledge folder: %s", huge))},
		{"recovered", renderReloadRecovered("SIGHUP", manyProblems(3), 18)},
		{"gaps", renderGaps(365, manyGaps(huge, 40), manyPhraseIDs(40), manyVotes(200), textPhrasingReadOnly, func(string) string { return huge })},
		{"phrasing added", renderPhrasingAdded("big", huge, kbdir.Change{N: 3, GitNote: huge}, manyProblems(500), knowledge.ErrNotClean, 3)},
		{"change failed", renderChangeFailed("big", fmt.Errorf("%s", huge), manyProblems(500), huge)},
		{"saved", renderSaved(draft{ID: "big", Title: huge}, kbdir.Change{N: 2, Summary: huge, GitNote: huge}, manyProblems(50), manyProblems(500), knowledge.ErrNotClean, 3)},
		{"history", renderHistory("big", manyChanges(huge, 200))},
		{"suggestion", renderSuggestion("big", huge, huge)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkLimits(t, tc.m) })
	}
}

func manyChanges(huge string, n int) []kbdir.Change {
	var out []kbdir.Change
	for i := range n {
		out = append(out, kbdir.Change{N: n - i, Time: time.Now(), Entry: "big", Action: "undo", Undoes: n - i - 1, By: kbdir.Author{Name: huge}, Summary: huge})
	}
	return out
}

func manyProblems(n int) knowledge.Problems {
	var ps knowledge.Problems
	for i := range n {
		ps = append(ps, knowledge.Problem{File: "faq/x.md", Line: i + 1, Msg: "unknown field \"alises\""})
	}
	return ps
}

func TestRenderShippedKnowledgeBase(t *testing.T) {
	snap, probs, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("Load: %v %v", err, probs)
	}
	for _, e := range snap.Entries() {
		m := renderEntry(e, knowledge.DefaultDisclaimer, answerOpts{Feedback: true, Share: true, Related: related(snap, e)})
		checkLimits(t, m)
		if len(m.Embeds[0].Fields) == 0 {
			t.Errorf("%s: no sources field", e.ID)
		}
	}
	checkLimits(t, renderTopics(snap))
	checkLimits(t, renderSources(snap))
	topics := renderTopics(snap)
	if len(topics.Components) == 0 {
		t.Errorf("topics has no select menu")
	}
}

func TestNoMentionsSerialisesEmptyParse(t *testing.T) {
	m := renderText("@everyone hi", "d")
	for name, v := range map[string]any{
		"response": m.responseData(true),
		"send":     m.send(nil),
		"edit":     m.webhookEdit(),
		"followup": m.followup(false),
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"allowed_mentions":{"parse":[]`) {
			t.Errorf("%s: JSON %s lacks \"parse\":[]", name, b)
		}
	}
	b, _ := json.Marshal(m.responseData(true))
	if !strings.Contains(string(b), `"flags":64`) {
		t.Errorf("ephemeral response %s lacks flags 64", b)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"hello", 5, "hello"},
		{"hello world", 6, "hello…"},
		{"ééééé", 3, "éé…"},
		{"abc", 0, ""},
	}
	for _, tc := range tests {
		if got := cut(tc.in, tc.n); got != tc.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestParseID(t *testing.T) {
	tests := []struct {
		in    string
		ok    bool
		verb  string
		entry string
	}{
		{idSuggest("addiction-risk"), true, verbSuggest, "addiction-risk"},
		{idRelated("safety"), true, verbRelated, "safety"},
		{idShare("safety"), true, verbShare, "safety"},
		{idVote(voteHelpful, "safety"), true, verbVote, "safety"},
		{idVote(voteNotHelpful, "safety"), true, verbVote, "safety"},
		{idNone, true, verbNone, ""},
		{idTopicMenu(0), true, verbTopic, ""},
		{"faq:s:../etc", false, "", ""},
		{"faq:s:", false, "", ""},
		{"faq:s:Upper", false, "", ""},
		{"faq:v:x:safety", false, "", ""},
		{"faq:none:x", false, "", ""},
		{"other:s:safety", false, "", ""},
		{"faq:s:" + strings.Repeat("a", 100), false, "", ""},
		{"", false, "", ""},
	}
	for _, tc := range tests {
		got, ok := parseID(tc.in)
		if ok != tc.ok || (ok && (got.verb != tc.verb || got.entry != tc.entry)) {
			t.Errorf("parseID(%q) = %+v, %v, want verb %q entry %q, %v", tc.in, got, ok, tc.verb, tc.entry, tc.ok)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(5, 30*time.Second, func() time.Time { return now })
	for i := range 5 {
		if !l.allow("u") {
			t.Fatalf("question %d refused", i+1)
		}
	}
	if l.allow("u") {
		t.Fatal("6th question in 30s allowed")
	}
	if !l.allow("v") {
		t.Fatal("another user refused")
	}
	now = now.Add(30*time.Second + time.Millisecond)
	if !l.allow("u") {
		t.Fatal("refused after the window")
	}
	now = now.Add(time.Hour)
	l.mu.Lock()
	l.sweepLocked(now)
	l.mu.Unlock()
	if got := l.size(); got != 0 {
		t.Errorf("size after sweep = %d, want 0", got)
	}
}

func TestCommandsValid(t *testing.T) {
	for _, c := range append(Commands(), CommandsFor(true)...) {
		chat := c.Type == 0 || c.Type == discordgo.ChatApplicationCommand
		if len(c.Name) > 32 || len(c.Description) > 100 || chat == (c.Description == "") {
			t.Errorf("command %q: bad name or description (a chat command needs one, a message command none)", c.Name)
		}
		b, _ := json.Marshal(c)
		b = []byte(strings.ReplaceAll(string(b), `"choices":null`, ""))
		if strings.Contains(string(b), `"options":null`) {
			t.Errorf("command %q serialises options null", c.Name)
		}
		// choices stays null (discordgo's default): Discord rejects choices
		// next to autocomplete.
		if c.Name == cmdKB {
			if c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions != discordgo.PermissionManageGuild {
				t.Errorf("kb default_member_permissions = %v, want Manage Server", c.DefaultMemberPermissions)
			}
		}
	}
}

// The crisis reply puts the resources first and the disclaimer after them;
// a disclaimer too long to fit never pushes a resource out.
func TestRenderCrisisResourcesFirst(t *testing.T) {
	c := &knowledge.CrisisPolicy{Reply: "Call 911 now.", Resources: []knowledge.Resource{{Name: "988 Lifeline", Contact: "Call or text 988"}}, OverdoseSteps: []string{"Give naloxone."}}
	m := renderCrisis(c, "", knowledge.DefaultDisclaimer)
	if !strings.Contains(m.Content, "988") || !strings.Contains(m.Content, "naloxone") || !strings.HasSuffix(m.Content, knowledge.DefaultDisclaimer) {
		t.Errorf("crisis content = %q, want resources, steps, then the disclaimer", m.Content)
	}
	if m := renderCrisis(c, "", strings.Repeat("d", 3000)); !strings.Contains(m.Content, "988") || strings.Contains(m.Content, "ddd") {
		t.Errorf("with a huge disclaimer, crisis content = %.80q…, want the resources and no disclaimer", m.Content)
	}
}

// A long fixed reply keeps its disclaimer when the safety note or the
// "not covered" sentence goes in front of it: the body is cut, not the
// disclaimer.
func TestLeadKeepsTheDisclaimer(t *testing.T) {
	long := strings.Repeat("word ", 395) // just under Discord's 2,000 characters with the disclaimer
	for _, r := range []knowledge.Reply{
		{Kind: knowledge.KindPersonalAdvice, Text: long, Disclaimer: "General education, not medical advice.", Note: "**If you or someone else is in danger now, call 911, or call or text 988.**"},
		{Kind: knowledge.KindNoMatch, Text: long, Disclaimer: "General education, not medical advice.", Note: "**Call 911 or 988 if you are in danger.**"},
	} {
		m := renderReply(r, answerOpts{})
		if !strings.HasSuffix(m.Content, "-# General education, not medical advice.") || !strings.HasPrefix(m.Content, "**") {
			t.Errorf("%s reply with a note: starts %.40q, ends %q; want the note first and the disclaimer last", r.Kind, m.Content, m.Content[max(0, len(m.Content)-60):])
		}
		checkLimits(t, m)
	}
}
