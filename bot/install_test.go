package bot

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/knowledge"
)

func TestServerInstalled(t *testing.T) {
	type owners = map[discordgo.ApplicationIntegrationType]string
	const guild, user = "1200000000000000100", "1200000000000000300"
	tests := []struct {
		name   string
		guild  string
		owners owners
		want   bool
	}{
		{"server install in its server", guild, owners{0: guild}, true},
		{"both installs", guild, owners{0: guild, 1: user}, true},
		{"user install in a server that did not install the bot", guild, owners{1: user}, false},
		{"the guild key names another server", guild, owners{0: "1300000000000000100"}, false},
		{"bot DM through a server install", "", owners{0: "0"}, true},
		{"bot DM through a user install only", "", owners{1: user}, false},
		{"private channel", "", owners{1: user}, false},
		{"no owners at all (payloads before user installs)", guild, nil, true},
	}
	for _, tc := range tests {
		i := &discordgo.Interaction{GuildID: tc.guild, AuthorizingIntegrationOwners: tc.owners}
		if got := serverInstalled(i); got != tc.want {
			t.Errorf("%s: serverInstalled = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// With user install, the members' commands and the message command are
// offered by both installs everywhere; /kb stays a server-install,
// in-server command. Without it, no integration_types are sent (Discord
// refuses user install for an application that does not support it).
func TestCommandsFor(t *testing.T) {
	for _, user := range []bool{false, true} {
		names := map[string]bool{}
		for _, c := range CommandsFor(user) {
			names[c.Name] = true
			b, _ := json.Marshal(c)
			switch {
			case !user && c.IntegrationTypes != nil:
				t.Errorf("CommandsFor(false): %q has integration_types: %s", c.Name, b)
			case user && c.Name == cmdKB:
				if fmtList(c.IntegrationTypes) != "[0]" || fmtList(c.Contexts) != "[0]" {
					t.Errorf("CommandsFor(true): /kb = %s, want server install in servers only", b)
				}
			case user:
				if fmtList(c.IntegrationTypes) != "[0 1]" || fmtList(c.Contexts) != "[0 1 2]" {
					t.Errorf("CommandsFor(true): %q = %s, want both installs in every context", c.Name, b)
				}
			}
			if c.Name == cmdAskAbout && (c.Type != discordgo.MessageApplicationCommand || c.Description != "" || len(c.Options) != 0) {
				t.Errorf("%q = %s, want a message command without description or options", c.Name, b)
			}
		}
		for _, want := range []string{cmdAsk, cmdTopics, cmdSources, cmdHelp, cmdPrivacy, cmdAskAbout, cmdKB} {
			if !names[want] {
				t.Errorf("CommandsFor(%v) lacks %q", user, want)
			}
		}
	}
}

// fmtList formats a list of enum values, "[]" for none.
func fmtList[T ~uint](l *[]T) string {
	if l == nil {
		return "[]"
	}
	return fmt.Sprint(*l)
}

// snapshotWith loads the shipped knowledge base plus one entry file.
func snapshotWith(t *testing.T, name, body string) *knowledge.Snapshot {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "faq", name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	snap, _, err := knowledge.Load(os.DirFS(dir), knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// The crisis check comes before an autocomplete pick: text that is both an
// entry id and a crisis gets the crisis reply, and every shipped entry id
// still opens its entry.
func TestAnswerOfCrisisFirst(t *testing.T) {
	snap := snapshotWith(t, "i-want-to-kill-myself.md", `---
title: An entry whose id reads as a crisis
questions: [a question nobody asks about zebras]
sources: [jhu-ketamine-2024]
reviewed: 2026-12-01
---
Text.
`)
	if _, ok := snap.Entry("i-want-to-kill-myself"); !ok {
		t.Fatal("the test entry did not load")
	}
	b := New(nil, nil, Config{})
	if r := b.answerOf(snap, "i-want-to-kill-myself"); r.Kind != knowledge.KindCrisis {
		t.Errorf("answerOf(an entry id that is a crisis) = %s, want crisis", r.Kind)
	}
	for _, e := range snap.Entries() {
		if e.ID == "i-want-to-kill-myself" {
			continue
		}
		if r := b.answerOf(snap, e.ID); r.Kind != knowledge.KindAnswer || r.Entry == nil || r.Entry.ID != e.ID {
			t.Errorf("answerOf(%q) = %s %v, want the entry", e.ID, r.Kind, r.Entry)
		}
	}
}

func TestCrisisValue(t *testing.T) {
	snap, _, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := New(nil, nil, Config{})
	story := strings.Repeat("I have been taking my medication as prescribed for a while now and work is fine. ", 3)
	tests := []struct {
		name, typed string
		crisis      bool
	}{
		{"short crisis", "i want to kill myself", true},
		{"crisis at the end of a long story", story + "Tonight I want to kill myself.", true},
		{"a question", "is ketamine addictive", false},
		{"nothing typed", "  ", false},
	}
	for _, tc := range tests {
		v, crisis := b.crisisValue(snap, tc.typed)
		if crisis != tc.crisis {
			t.Errorf("%s: crisis = %v, want %v", tc.name, crisis, tc.crisis)
			continue
		}
		if !crisis {
			continue
		}
		if n := len([]rune(v)); n == 0 || n > maxOptionText {
			t.Errorf("%s: value of %d characters", tc.name, n)
		}
		if r := b.answerOf(snap, v); r.Kind != knowledge.KindCrisis {
			t.Errorf("%s: submitting %q gets %s, want the crisis reply", tc.name, v, r.Kind)
		}
	}
}

// A "Delete" token lets only the member it was made for delete, does not
// contain their id, and differs from reply to reply.
func TestDeleteToken(t *testing.T) {
	b := New(nil, nil, Config{})
	const asker, other = "1200000000000000300", "1200000000000000301"
	t1, t2 := b.deleteToken(asker), b.deleteToken(asker)
	if t1 == t2 || strings.Contains(t1, asker) || !deleteTokenPattern.MatchString(t1) {
		t.Fatalf("tokens %q and %q: want two unrelated tokens of the right shape, without the id", t1, t2)
	}
	if !b.mayDelete(t1, asker) || !b.mayDelete(t2, asker) {
		t.Error("the asker may not delete")
	}
	if b.mayDelete(t1, other) || b.mayDelete(t1, "") {
		t.Error("another member may delete")
	}
	if New(nil, nil, Config{}).mayDelete(t1, asker) {
		t.Error("a token made by another run of the bot is accepted")
	}
	if _, ok := parseID(idDelete(t1)); !ok {
		t.Errorf("idDelete(%q) does not parse", t1)
	}
}

func TestReplaceButton(t *testing.T) {
	rows := []discordgo.MessageComponent{
		&discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			&discordgo.Button{Label: "Helpful", CustomID: "faq:v:+:a"},
			&discordgo.Button{Label: "Share in channel", CustomID: idShare("a")},
		}},
		&discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.Button{Label: "Related", CustomID: "faq:r:b"}}},
	}
	got := replaceButton(rows, idShare("a"), sharedButton(idShare("a")))
	b, _ := json.Marshal(got)
	want := `[{"components":[{"label":"Helpful","style":1,"disabled":false,"custom_id":"faq:v:+:a","type":2},` +
		`{"label":"Shared in channel","style":2,"disabled":true,"custom_id":"faq:share:a","type":2}],"type":1},` +
		`{"components":[{"label":"Related","style":1,"disabled":false,"custom_id":"faq:r:b","type":2}],"type":1}]`
	if string(b) != want {
		t.Errorf("replaceButton = %s\nwant %s", b, want)
	}
	if got := replaceButton(rows[1:], "faq:r:b", nil); len(got) != 0 {
		t.Errorf("dropping a row's only button left %d rows", len(got))
	}
}

// The message command's crisis reply says how to help someone, above the
// resources; the resources win when both do not fit.
func TestRenderCrisisHelper(t *testing.T) {
	c := &knowledge.CrisisPolicy{Reply: "Call 911 now.", Resources: []knowledge.Resource{{Name: "988 Lifeline", Contact: "Call or text 988"}}}
	m := renderCrisisHelper(c, "", knowledge.DefaultDisclaimer)
	if !strings.HasPrefix(m.Content, crisisHelperNote) || !strings.Contains(m.Content, "Call or text 988") || len(m.Components) != 0 {
		t.Errorf("helper crisis reply = %q", m.Content)
	}
	c.Reply = strings.Repeat("r", 1900)
	if m := renderCrisisHelper(c, "", ""); strings.Contains(m.Content, crisisHelperNote) || !strings.Contains(m.Content, "988") {
		t.Errorf("with a long reply: %.60q…, want the resources without the note", m.Content)
	}
}
