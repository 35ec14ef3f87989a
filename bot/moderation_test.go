package bot

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/knowledge"
)

func manyGaps(text string, n int) []inbox.Gap {
	var gs []inbox.Gap
	for i := range n {
		gs = append(gs, inbox.Gap{Example: text, Count: n - i, Distinct: 3, NoneOfThese: 1, NearestID: fmt.Sprintf("entry-%d", i), NearestScore: 0.2})
	}
	return gs
}

func manyPhraseIDs(n int) []string {
	var ids []string
	for i := range n {
		ids = append(ids, idPhrase("AAAAAAAAAAAAAAAA", fmt.Sprintf("entry-%d", i)))
	}
	return ids
}

func manyVotes(n int) []inbox.EntryVotes {
	var vs []inbox.EntryVotes
	for i := range n {
		vs = append(vs, inbox.EntryVotes{EntryID: fmt.Sprintf("entry-%d", i), Helpful: 3, NotHelpful: 1, Voters: 4})
	}
	return vs
}

func TestParseIDTokens(t *testing.T) {
	const tok = "Ab3_-xYz0123456Q"
	tests := []struct {
		in           string
		ok           bool
		verb, token  string
		entry        string
		roundTripped string
	}{
		{idNoneToken(""), true, verbNone, "", "", "faq:none"},
		{idNoneToken(tok), true, verbNone, tok, "", "faq:none:" + tok},
		{idPhrase(tok, "addiction-risk"), true, verbPhrase, tok, "addiction-risk", "faq:ph:" + tok + ":addiction-risk"},
		{"faq:none:short", false, "", "", "", ""},
		{"faq:none:" + tok + "x", false, "", "", "", ""},
		{"faq:none:Ab3_-xYz0123456!", false, "", "", "", ""},
		{"faq:ph:" + tok, false, "", "", "", ""},
		{"faq:ph:" + tok + ":../x", false, "", "", "", ""},
		{"faq:ph:" + tok + ":Upper", false, "", "", "", ""},
		{"faq:ph:short:safety", false, "", "", "", ""},
		{"faq:ph::safety", false, "", "", "", ""},
	}
	for _, tc := range tests {
		got, ok := parseID(tc.in)
		if ok != tc.ok || (ok && (got.verb != tc.verb || got.token != tc.token || got.entry != tc.entry)) {
			t.Errorf("parseID(%q) = %+v, %v, want verb %q token %q entry %q, %v", tc.in, got, ok, tc.verb, tc.token, tc.entry, tc.ok)
		}
		if tc.roundTripped != "" && tc.in != tc.roundTripped {
			t.Errorf("custom id = %q, want %q", tc.in, tc.roundTripped)
		}
	}
}

func TestTokens(t *testing.T) {
	now := time.Unix(1000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	tk := newTokens(15*time.Minute, 3, clock)

	a := tk.put("does insurance cover ketamine", "cost")
	if !validToken(a) {
		t.Fatalf("token %q is not a valid token", a)
	}
	if b := tk.put("x", ""); b == a {
		t.Fatalf("two puts gave the same token %q", a)
	}
	h, ok := tk.get(a)
	if !ok || h.text != "does insurance cover ketamine" || h.entry != "cost" {
		t.Errorf("get = %+v, %v", h, ok)
	}
	if _, ok := tk.get("AAAAAAAAAAAAAAAA"); ok {
		t.Error("an unknown token was found")
	}

	// take uses a token once.
	c := tk.put("q", "")
	if _, ok := tk.take(c); !ok {
		t.Fatal("take of a fresh token failed")
	}
	if _, ok := tk.take(c); ok {
		t.Error("a token was taken twice")
	}

	// Tokens expire after the TTL.
	mu.Lock()
	now = now.Add(15 * time.Minute)
	mu.Unlock()
	if _, ok := tk.get(a); ok {
		t.Error("token still valid after 15 minutes")
	}

	// The map is bounded: the oldest go first.
	tk = newTokens(time.Hour, 3, clock)
	var toks []string
	for i := range 5 {
		mu.Lock()
		now = now.Add(time.Second)
		mu.Unlock()
		toks = append(toks, tk.put(fmt.Sprint(i), ""))
	}
	if n := tk.len(); n != 3 {
		t.Errorf("len = %d, want 3", n)
	}
	if _, ok := tk.get(toks[0]); ok {
		t.Error("the oldest token was kept past the bound")
	}
	if h, ok := tk.get(toks[4]); !ok || h.text != "4" {
		t.Error("the newest token was dropped")
	}
}

func TestRenderPrivacy(t *testing.T) {
	on := renderPrivacy(true, 90*24*time.Hour).Content
	for _, want := range []string{
		"could not answer (no match, suggestions only, or \"None of these\")",
		"Discord mentions removed",
		"one-way salted hash mixed with the answer's id",
		"never stores your Discord user id, username, server or channel",
		"questions about a crisis or personal medical advice",
		"deleted after 90 days",
		"store.enabled: false",
		"15 minutes",
		"restarts before it has posted a reply",
	} {
		if !strings.Contains(on, want) {
			t.Errorf("privacy (store on) lacks %q:\n%s", want, on)
		}
	}
	if got := renderPrivacy(true, 30*24*time.Hour).Content; !strings.Contains(got, "deleted after 30 days") {
		t.Errorf("privacy does not follow store.retention:\n%s", got)
	}
	off := renderPrivacy(false, 0).Content
	if !strings.Contains(off, "Nothing") || !strings.Contains(off, "turned off") {
		t.Errorf("privacy (store off) does not say nothing is stored:\n%s", off)
	}
	for _, not := range []string{"feedback database so", "deleted after", "salted hash"} {
		if strings.Contains(off, not) {
			t.Errorf("privacy (store off) says %q:\n%s", not, off)
		}
	}
}

func TestPeriod(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{90 * 24 * time.Hour, "90 days"},
		{24 * time.Hour, "1 day"},
		{36 * time.Hour, "36h0m0s"},
	}
	for _, tc := range tests {
		if got := period(tc.in); got != tc.want {
			t.Errorf("period(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenderReloadReports(t *testing.T) {
	probs := knowledge.Problems{
		{File: "faq/a.md", Line: 9, Severity: knowledge.Warning, Msg: "reading level is grade 9"},
		{File: "faq/what-is-ketamine.md", Line: 3, Severity: knowledge.Error, Msg: `unknown field "alises"`},
	}
	m := renderReloadFailed("files changed", probs, knowledge.ErrNotClean)
	if !strings.Contains(m.Content, "faq/what-is-ketamine.md:3: unknown field") || !strings.Contains(m.Content, "files changed") {
		t.Errorf("failure report = %q", m.Content)
	}
	if strings.Index(m.Content, "what-is-ketamine") > strings.Index(m.Content, "reading level") {
		t.Errorf("errors are not listed before warnings: %q", m.Content)
	}
	m = renderReloadFailed("SIGHUP", nil, errors.New("open knowledge folder: no such file"))
	if !strings.Contains(m.Content, "no such file") {
		t.Errorf("failure without problems = %q", m.Content)
	}
	m = renderReloadRecovered("SIGHUP", nil, 18)
	if !strings.Contains(m.Content, "recovered") || !strings.Contains(m.Content, "18 entries") {
		t.Errorf("recovery report = %q", m.Content)
	}
}

func TestRenderGaps(t *testing.T) {
	gaps := []inbox.Gap{
		{Example: "does insurance cover *ketamine*", Count: 3, Distinct: 2, NoneOfThese: 1, NearestID: "cost", NearestScore: 0.22},
		{Example: "what about kratom", Count: 1, Distinct: 1},
		{Example: "is ketamine addictive", Count: 1, Distinct: 1, NearestID: "addiction-risk", NearestScore: 1, Answered: true},
	}
	ids := []string{idPhrase("AAAAAAAAAAAAAAAA", "cost"), "", ""}
	votes := []inbox.EntryVotes{{EntryID: "safety", Helpful: 2, NotHelpful: 1, Voters: 3}}
	titles := map[string]string{"addiction-risk": "Is ketamine addictive?"}
	m := renderGaps(30, gaps, ids, votes, "", func(id string) string { return titles[id] })
	if len(m.Embeds) != 1 {
		t.Fatalf("embeds = %d", len(m.Embeds))
	}
	d := m.Embeds[0].Description
	for _, want := range []string{
		"5 unanswered question(s) in 3 group(s)",
		`**1.** “does insurance cover \*ketamine\*” — asked 3× (2 wordings, 1 “None of these”) · nearest: **cost** (0.22)`,
		"**2.** “what about kratom” — asked 1× · no close entry",
		"now answered by **addiction-risk** “Is ketamine addictive?” (1.00)",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("gaps lack %q:\n%s", want, d)
		}
	}
	if f := m.Embeds[0].Fields; len(f) != 1 || !strings.Contains(f[0].Value, "**safety**: 2 helpful, 1 not helpful (3 people)") {
		t.Errorf("helpfulness = %+v", f)
	}
	got := customIDs(m.Components)
	if len(got) != 1 || got[0] != ids[0] {
		t.Errorf("buttons = %v, want only %v", got, ids[0])
	}
	label := m.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button).Label
	if label != "1. Add as phrasing to cost" {
		t.Errorf("label = %q", label)
	}

	m = renderGaps(7, nil, nil, nil, textPhrasingEmbedded, func(string) string { return "" })
	if !strings.Contains(m.Embeds[0].Description, "No unanswered questions") || m.Content != textPhrasingEmbedded || len(m.Components) != 0 {
		t.Errorf("empty gaps = %+v", m)
	}
}

func TestGapDays(t *testing.T) {
	opt := func(n int64) []*discordgo.ApplicationCommandInteractionDataOption {
		return []*discordgo.ApplicationCommandInteractionDataOption{{Name: optDays, Type: discordgo.ApplicationCommandOptionInteger, Value: float64(n)}}
	}
	tests := []struct {
		opts []*discordgo.ApplicationCommandInteractionDataOption
		want int
	}{
		{nil, 30},
		{opt(7), 7},
		{opt(0), 1},
		{opt(100000), maxGapDays},
	}
	for _, tc := range tests {
		if got := gapDays(tc.opts); got != tc.want {
			t.Errorf("gapDays(%v) = %d, want %d", tc.opts, got, tc.want)
		}
	}
}

// Who is a moderator: Administrator always (the server owner has it);
// then the configured roles, or Manage Server when none are configured.
// A refusal says who is.
func TestIsModerator(t *testing.T) {
	member := func(perms int64, roles ...string) *discordgo.Interaction {
		return &discordgo.Interaction{GuildID: "1", Member: &discordgo.Member{User: &discordgo.User{ID: "2"}, Permissions: perms, Roles: roles}}
	}
	tests := []struct {
		name  string
		roles []string
		i     *discordgo.Interaction
		want  bool
	}{
		{"administrator, roles configured", []string{"10"}, member(discordgo.PermissionAdministrator), true},
		{"manage server, roles configured", []string{"10"}, member(discordgo.PermissionManageGuild), false},
		{"the role", []string{"10", "11"}, member(0, "11"), true},
		{"another role", []string{"10"}, member(0, "12"), false},
		{"manage server, no roles configured", nil, member(discordgo.PermissionManageGuild), true},
		{"plain member, no roles configured", nil, member(0), false},
		{"a DM", nil, &discordgo.Interaction{User: &discordgo.User{ID: "2"}}, false},
	}
	for _, tc := range tests {
		var cfg Config
		cfg.Discord.ModeratorRoles = tc.roles
		b := New(nil, nil, cfg)
		if got := b.isModerator(tc.i); got != tc.want {
			t.Errorf("%s: isModerator = %v, want %v", tc.name, got, tc.want)
		}
	}
	var cfg Config
	cfg.Discord.ModeratorRoles = []string{"10", "11"}
	if got := New(nil, nil, cfg).notModeratorText(); !strings.Contains(got, "<@&10>, <@&11>") || !strings.Contains(got, "Administrator") {
		t.Errorf("refusal = %q, want it to name the roles and Administrator", got)
	}
}
