package e2e_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/internal/kbwatch"
	"github.com/faqbot/faqbot/knowledge"
)

// Tests of what the bot records in the inbox store (the feedback
// database) and of the moderator tools built on it, through the local
// Discord. The file name sorts before e2e_test.go so that
// TestTokenNeverLogged, which checks everything this binary logged, still
// runs last.

const (
	modRole    = "1200000000000000500"
	modChannel = "1200000000000000600"
)

var moderator = discordtest.Ctx{UserID: "1200000000000000501", Roles: []string{modRole}}

// openInbox opens a feedback store in a temporary folder; it is closed
// after the bot of the test has stopped.
func openInbox(t *testing.T) (*inbox.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "inbox.db")
	st, err := inbox.Open(context.Background(), path, inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // before start's cleanup: runs after it
	return st, path
}

// withInbox is a start option: the store, moderator role and channel.
func withInbox(st *inbox.Store) func(*bot.Config) {
	return func(c *bot.Config) {
		c.Inbox = st
		c.Discord.ModeratorRoles = []string{modRole}
		c.Discord.ModeratorChannel = modChannel
	}
}

// row is one unanswered question as stored.
type row struct {
	Kind, Question, Nearest string
	Score                   float64
}

// readRows reads the unanswered table straight from the SQLite file, as
// anyone holding the file could.
func readRows(t *testing.T, path string) []row {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Query(`SELECT kind, question, nearest_id, nearest_score FROM unanswered ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.Kind, &r.Question, &r.Nearest, &r.Score); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// waitRows waits until the file holds n unanswered questions (recording
// happens just after the reply is sent).
func waitRows(t *testing.T, path string, n int) []row {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		rows := readRows(t, path)
		if len(rows) >= n || time.Now().After(deadline) {
			if len(rows) != n {
				t.Fatalf("%d questions stored, want %d: %+v", len(rows), n, rows)
			}
			return rows
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// dumpDB returns every value of every table of the file, as text.
func dumpDB(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rs, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var n string
		rs.Scan(&n)
		tables = append(tables, n)
	}
	rs.Close()
	var b strings.Builder
	for _, tb := range tables {
		rs, err := db.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s.%v|", tb, v)
			}
			b.WriteString("\n")
		}
		rs.Close()
	}
	return b.String()
}

// ask runs /ask and returns the reply.
func ask(t *testing.T, h *harness, ctx discordtest.Ctx, q string) (*discordgo.Message, discordtest.InteractionResponse) {
	t.Helper()
	i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", q)))
	r := h.srv.WaitResponse(t, i.ID, wait)
	m, err := r.Message()
	if err != nil {
		t.Fatal(err)
	}
	return m, r
}

// deferred waits for the edit of a deferred interaction response.
func deferred(t *testing.T, h *harness, interactionID string) *discordgo.Message {
	t.Helper()
	h.srv.WaitResponse(t, interactionID, wait)
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if m, ok := h.srv.Original(interactionID); ok && (m.Content != "" || len(m.Embeds) > 0) {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("deferred response %s never edited", interactionID)
	return nil
}

// buttonIDs lists the custom ids of a message's buttons.
func buttonIDs(m *discordgo.Message) []string {
	var out []string
	for _, r := range m.Components {
		row, ok := r.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range row.Components {
			if b, ok := c.(*discordgo.Button); ok {
				out = append(out, b.CustomID)
			}
		}
	}
	return out
}

// noneID returns the "None of these" custom id of a suggestions reply.
func noneID(t *testing.T, m *discordgo.Message) string {
	t.Helper()
	for _, id := range buttonIDs(m) {
		if strings.HasPrefix(id, "faq:none") {
			return id
		}
	}
	t.Fatalf("no None of these button in %+v", m.Components)
	return ""
}

func TestInboxRecordsOnlyUnanswered(t *testing.T) {
	st, path := openInbox(t)
	h := start(t, withInbox(st))
	asker := discordtest.Ctx{UserID: "1200000000000000811", Username: "privateperson"}

	// Not stored: an answer, crisis, personal advice and help, through
	// /ask and through a mention.
	for n, q := range []string{"Is ketamine addictive?", "I want to kill myself", "how many mg of ketamine should I take", "hello"} {
		ask(t, h, discordtest.Ctx{UserID: fmt.Sprintf("12000000000000008%02d", 20+n)}, q)
		h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: fmt.Sprintf("12000000000000008%02d", 30+n)}, botMention(h)+" "+q))
	}
	h.nextPost(t, 3) // every mention answered

	// Stored: no_match through /ask and through a mention (with another
	// user's mention in it), and suggestions.
	m, _ := ask(t, h, asker, "side effects of prednisone")
	if len(m.Embeds) != 0 || len(buttonIDs(m)) != 0 {
		t.Fatalf("not a no_match reply: %+v", m)
	}
	// The row is written after the reply goes out: wait for each before
	// the next question, so the rows are in the order asked.
	waitRows(t, path, 1)
	before := len(h.srv.CallsMatching(postMessage))
	h.srv.SendMessageCreate(h.srv.UserMessage(asker, botMention(h)+" is caffeine addictive <@1200000000000000999>"))
	h.nextPost(t, before)
	waitRows(t, path, 2)
	sq := suggestionQuestion(t, h)
	ask(t, h, asker, sq)

	rows := waitRows(t, path, 3)
	snap := h.store.Current()
	want := []struct{ kind, q string }{
		{"no_match", "side effects of prednisone"},
		{"no_match", "is caffeine addictive @someone"},
		{"suggestions", sq},
	}
	for n, w := range want {
		if rows[n].Kind != w.kind || rows[n].Question != w.q {
			t.Errorf("row %d = %+v, want %s %q", n, rows[n], w.kind, w.q)
		}
	}
	r := snap.Answer(sq, h.cfg.Answer)
	if rows[2].Nearest != r.Suggestions[0].Entry.ID || rows[2].Score != r.Suggestions[0].Score {
		t.Errorf("suggestions row nearest = %s %.3f, want %s %.3f", rows[2].Nearest, rows[2].Score, r.Suggestions[0].Entry.ID, r.Suggestions[0].Score)
	}

	// /privacy says what is kept, and for how long.
	i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{}, "privacy"))
	pr := h.srv.WaitResponse(t, i.ID, wait)
	pm, _ := pr.Message()
	checkNoMentions(t, pr.Data)
	for _, want := range []string{"feedback database", "deleted after 90 days", "never stores your Discord user id"} {
		if !strings.Contains(pm.Content, want) {
			t.Errorf("/privacy lacks %q: %q", want, pm.Content)
		}
	}

	// Nothing in the file names a person or a place.
	dump := dumpDB(t, path)
	for _, leak := range []string{asker.UserID, "privateperson", discordtest.DefaultUserID, "1200000000000000999", discordtest.DefaultGuildID, discordtest.DefaultChannelID, h.srv.BotUser().ID, "kill myself", "how many mg", "Is ketamine addictive"} {
		if strings.Contains(dump, leak) {
			t.Errorf("the database holds %q:\n%s", leak, dump)
		}
	}
}

func TestFeedbackClicksStored(t *testing.T) {
	st, path := openInbox(t)
	h := start(t, withInbox(st))

	t.Run("none of these", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: "1200000000000000812"}
		sq := suggestionQuestion(t, h)
		i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", sq)))
		m, _ := h.srv.WaitResponse(t, i.ID, wait).Message()
		id := noneID(t, m)
		if !regexp.MustCompile(`^faq:none:[A-Za-z0-9_-]{16}$`).MatchString(id) || strings.Contains(id, sq) {
			t.Fatalf("None of these custom id = %q, want faq:none:<token>", id)
		}
		waitRows(t, path, 1) // the suggestions

		click := h.srv.SendInteraction(h.srv.ComponentClick(ctx, id))
		cr := h.srv.WaitResponse(t, click.ID, wait)
		cm, _ := cr.Message()
		if cr.Type != discordgo.InteractionResponseUpdateMessage || len(buttonIDs(cm)) != 0 {
			t.Errorf("None of these reply = %d %s", cr.Type, cr.Data)
		}
		rows := waitRows(t, path, 2)
		if rows[1].Kind != "none_of_these" || rows[1].Question != sq {
			t.Errorf("row = %+v, want none_of_these %q", rows[1], sq)
		}

		// The token works once; an unknown (expired) one answers the same and
		// records nothing. (The buttons are gone from the updated message: the
		// clicks name it, as a client still showing the old one would.)
		orig, ok := h.srv.Original(i.ID)
		if !ok {
			t.Fatal("no original response message")
		}
		for _, again := range []string{id, "faq:none:AAAAAAAAAAAAAAAA"} {
			c := h.srv.ComponentClick(ctx, again)
			c.Message = &discordgo.Message{ID: orig.ID, ChannelID: orig.ChannelID}
			c = h.srv.SendInteraction(c)
			r := h.srv.WaitResponse(t, c.ID, wait)
			if m, _ := r.Message(); r.Type != discordgo.InteractionResponseUpdateMessage || m.Content == "" {
				t.Errorf("click on %s: %d %s", again, r.Type, r.Data)
			}
		}
		time.Sleep(100 * time.Millisecond)
		if rows := readRows(t, path); len(rows) != 2 {
			t.Errorf("%d rows after repeated and expired clicks, want 2: %+v", len(rows), rows)
		}
	})

	t.Run("a vote counts once per user per entry", func(t *testing.T) {
		a := discordtest.Ctx{UserID: "1200000000000000813"}
		b := discordtest.Ctx{UserID: "1200000000000000814"}
		ask(t, h, a, "What is esketamine?")
		ask(t, h, b, "What is esketamine?")
		clickVote := func(c discordtest.Ctx, id string) {
			t.Helper()
			i := h.srv.SendInteraction(h.srv.ComponentClick(c, id))
			r := h.srv.WaitResponse(t, i.ID, wait)
			if r.Type == discordgo.InteractionResponseModal && strings.Contains(id, ":-:") {
				return // Not helpful asks what was missing (TestNotHelpfulAsksWhatWasMissing)
			}
			if m, _ := r.Message(); !strings.Contains(m.Content, "Thanks") {
				t.Errorf("vote reply = %q", m.Content)
			}
		}
		for range 3 {
			clickVote(a, "faq:v:+:esketamine")
		}
		clickVote(a, "faq:v:-:esketamine") // a changes their mind
		clickVote(b, "faq:v:+:esketamine")

		votes, err := st.Helpfulness(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want := []inbox.EntryVotes{{EntryID: "esketamine", Helpful: 1, NotHelpful: 1, Voters: 2}}
		if fmt.Sprint(votes) != fmt.Sprint(want) {
			t.Errorf("Helpfulness = %+v, want %+v", votes, want)
		}
		if got := h.bot.Feedback()["esketamine"].Helpful; got != 4 {
			t.Errorf("in-memory click count = %d, want 4 (every click)", got)
		}
		dump := dumpDB(t, path)
		for _, leak := range []string{a.UserID, b.UserID} {
			if strings.Contains(dump, leak) {
				t.Errorf("the database holds user id %s", leak)
			}
		}
	})
}

func TestStoreDisabledRecordsNothing(t *testing.T) {
	h := start(t, func(c *bot.Config) { c.Inbox = nil })
	m, _ := ask(t, h, discordtest.Ctx{}, suggestionQuestion(t, h))
	if id := noneID(t, m); id != "faq:none" {
		t.Errorf("None of these custom id = %q, want faq:none (no question held)", id)
	}
	i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{}, "privacy"))
	pm, _ := h.srv.WaitResponse(t, i.ID, wait).Message()
	if !strings.Contains(pm.Content, "Nothing") || strings.Contains(pm.Content, "deleted after") {
		t.Errorf("/privacy with the store off = %q", pm.Content)
	}
	i = h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{Permissions: discordgo.PermissionManageGuild}, "kb", discordtest.SubCommand("gaps")))
	gm, _ := h.srv.WaitResponse(t, i.ID, wait).Message()
	if !strings.Contains(gm.Content, "store is off") {
		t.Errorf("/kb gaps with the store off = %q", gm.Content)
	}
}

// breakEntry writes an entry file with an unknown field (line 3) and
// returns a function putting the original back.
func breakEntry(t *testing.T, h *harness) (restore func()) {
	t.Helper()
	file := filepath.Join(h.dir, "faq", "what-is-ketamine.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("---\ntitle: x\nalises: [y]\n---\nbody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return func() {
		if err := os.WriteFile(file, orig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var modPost = discordtest.Route("POST", "/channels/"+modChannel+"/messages")

// modPosts waits until the moderator channel got n posts and returns them.
func modPosts(t *testing.T, h *harness, n int) []discordtest.Call {
	t.Helper()
	deadline := time.Now().Add(wait)
	for len(h.srv.CallsMatching(modPost)) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := h.srv.CallsMatching(modPost)
	if len(got) != n {
		t.Fatalf("moderator channel got %d posts, want %d: %v", len(got), n, got)
	}
	return got
}

func TestReloadReportedToModeratorChannel(t *testing.T) {
	h := start(t, withInbox(nil), discordtest.WithChannels(modChannel))

	t.Run("kb reload", func(t *testing.T) {
		reload := func() *discordgo.Message {
			t.Helper()
			i := h.srv.SendInteraction(h.srv.SlashCommand(moderator, "kb", discordtest.SubCommand("reload")))
			return deferred(t, h, i.ID)
		}
		reload() // clean: nothing to report
		time.Sleep(50 * time.Millisecond)
		modPosts(t, h, 0)

		restore := breakEntry(t, h)
		if m := reload(); !strings.Contains(m.Content, "Reload failed") {
			t.Errorf("/kb reload = %q", m.Content)
		}
		c := modPosts(t, h, 1)[0]
		checkNoMentions(t, c.Body)
		m := decodeMsg(t, c)
		for _, want := range []string{"reload failed", "/kb reload", `faq/what-is-ketamine.md:3: unknown field "alises"`} {
			if !strings.Contains(m.Content, want) {
				t.Errorf("report lacks %q: %q", want, m.Content)
			}
		}
		reload() // the same problems again: not posted twice
		time.Sleep(50 * time.Millisecond)
		modPosts(t, h, 1)

		restore()
		reload()
		c = modPosts(t, h, 2)[1]
		checkNoMentions(t, c.Body)
		if m := decodeMsg(t, c); !strings.Contains(m.Content, "recovered") {
			t.Errorf("recovery report = %q", m.Content)
		}
	})

	// The folder watcher's reloads are reported through Bot.ReportReload,
	// as faqbot run wires it.
	t.Run("folder watcher", func(t *testing.T) {
		base := len(h.srv.CallsMatching(modPost))
		w := kbwatch.New(newLogger(t), h.store, h.dir, kbwatch.Options{
			Debounce: 50 * time.Millisecond,
			OnReload: func(r kbwatch.Result) { h.bot.ReportReload(r.Cause, r.Problems, r.Err) },
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		time.Sleep(100 * time.Millisecond) // the watch is set up

		restore := breakEntry(t, h)
		m := decodeMsg(t, modPosts(t, h, base+1)[base])
		if !strings.Contains(m.Content, "files changed") || !strings.Contains(m.Content, "faq/what-is-ketamine.md:3") {
			t.Errorf("report = %q", m.Content)
		}
		restore()
		if m := decodeMsg(t, modPosts(t, h, base+2)[base+1]); !strings.Contains(m.Content, "recovered") {
			t.Errorf("recovery report = %q", m.Content)
		}
	})
}

// seedGaps records unanswered questions and votes as the bot would have.
func seedGaps(t *testing.T, st *inbox.Store) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{"does insurance cover ketamine", "is ketamine covered by insurance", "Does insurance cover ketamine?", "what about kratom"} {
		if err := st.RecordUnanswered(ctx, inbox.Unanswered{Kind: inbox.KindNoMatch, Question: q}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordNoneOfThese(ctx, "is ketamine covered by insurance", time.Now()); err != nil {
		t.Fatal(err)
	}
	for n, helpful := range []bool{true, true, false} {
		if err := st.RecordVote(ctx, "safety", helpful, st.Hash(fmt.Sprint(n)), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKBGaps(t *testing.T) {
	st, _ := openInbox(t)
	seedGaps(t, st)
	h := start(t, withInbox(st))

	// Moderators only.
	i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{Permissions: discordgo.PermissionManageGuild}, "kb", discordtest.SubCommand("gaps")))
	if m, _ := h.srv.WaitResponse(t, i.ID, wait).Message(); !strings.Contains(m.Content, "Only moderators") {
		t.Errorf("non-moderator: %q", m.Content)
	}

	i = h.srv.SendInteraction(h.srv.SlashCommand(moderator, "kb", discordtest.SubCommand("gaps", discordtest.IntegerOption("days", 7))))
	r := h.srv.WaitResponse(t, i.ID, wait)
	if rm, _ := r.Message(); r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || rm.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("gaps response = %d %s, want a deferred ephemeral one", r.Type, r.Data)
	}
	m := deferred(t, h, i.ID)
	if len(m.Embeds) != 1 {
		t.Fatalf("gaps reply = %+v", m)
	}
	e := m.Embeds[0]
	if !strings.Contains(e.Title, "last 7 days") {
		t.Errorf("title = %q", e.Title)
	}
	// Three wordings of the insurance question are one group of 4 (3
	// asked, 1 None of these); kratom is another.
	for _, want := range []string{"5 unanswered question(s) in 2 group(s)", "**1.** “", "asked 4× (3 wordings, 1 “None of these”)", "**2.** “what about kratom” — asked 1×"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("gaps lack %q:\n%s", want, e.Description)
		}
	}
	if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Value, "**safety**: 2 helpful, 1 not helpful (3 people)") {
		t.Errorf("helpfulness = %+v", e.Fields)
	}
	// A button only for a row whose nearest entry scores at least the
	// suggestion threshold: no entry answers insurance or kratom, and
	// adding either question to the nearest entry would make the bot
	// answer it wrongly, with confidence (TestAddPhrasingFlow has one).
	snap := h.store.Current()
	if !strings.Contains(e.Description, "· listed as not covered: *cost and insurance*") {
		t.Errorf("gaps do not name the not-covered topic the insurance questions are closest to:\n%s", e.Description)
	}
	if ids := buttonIDs(m); len(ids) != 0 {
		t.Errorf("buttons = %v, want none", ids)
	}
	for _, id := range buttonIDs(m) {
		if !regexp.MustCompile(`^faq:ph:[A-Za-z0-9_-]{16}:[a-z0-9-]+$`).MatchString(id) {
			t.Errorf("button custom id %q", id)
		}
		if strings.Contains(id, "insurance") {
			t.Errorf("custom id carries the question: %q", id)
		}
		entry := id[strings.LastIndex(id, ":")+1:]
		if _, ok := snap.Entry(entry); !ok {
			t.Errorf("button for unknown entry %q", entry)
		}
	}
}

func TestKBGapsEmbeddedHasNoButtons(t *testing.T) {
	st, _ := openInbox(t)
	seedGaps(t, st)
	h := start(t, func(c *bot.Config) {
		withInbox(st)(c)
		c.Folder = nil // the embedded knowledge base
	})
	i := h.srv.SendInteraction(h.srv.SlashCommand(moderator, "kb", discordtest.SubCommand("gaps")))
	m := deferred(t, h, i.ID)
	if ids := buttonIDs(m); len(ids) != 0 {
		t.Errorf("buttons %v with the embedded knowledge base", ids)
	}
	if !strings.Contains(m.Content, "knowledge.dir is not set") || !strings.Contains(m.Embeds[0].Title, "last 30 days") {
		t.Errorf("reply = %q %q", m.Content, m.Embeds[0].Title)
	}
}

// The one-click flow: a question the bot could not answer, /kb gaps, "Add
// as phrasing", and the same question then answers that entry exactly.
func TestAddPhrasingFlow(t *testing.T) {
	st, _ := openInbox(t)
	h := start(t, withInbox(st), discordtest.WithChannels(modChannel))
	asker := discordtest.Ctx{UserID: "1200000000000000815"}
	q := suggestionQuestion(t, h)
	if m, _ := ask(t, h, asker, q); len(m.Embeds) != 0 {
		t.Fatalf("%q was answered: %+v", q, m)
	}
	deadline := time.Now().Add(wait)
	for {
		if g, _ := st.Gaps(context.Background(), time.Time{}, nil, 0); len(g) == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	i := h.srv.SendInteraction(h.srv.SlashCommand(moderator, "kb", discordtest.SubCommand("gaps")))
	gm := deferred(t, h, i.ID)
	ids := buttonIDs(gm)
	if len(ids) != 1 {
		t.Fatalf("buttons = %v, want one: %+v", ids, gm)
	}
	pick := ids[0]
	entry := pick[strings.LastIndex(pick, ":")+1:]
	e, _ := h.store.Current().Entry(entry)
	file := filepath.Join(h.dir, filepath.FromSlash(e.File))
	before, _ := os.ReadFile(file)

	// A member who is not a moderator cannot use it.
	c := h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{UserID: "1200000000000000816", Permissions: discordgo.PermissionManageGuild}, pick))
	if m, _ := h.srv.WaitResponse(t, c.ID, wait).Message(); !strings.Contains(m.Content, "Only moderators") || m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("non-moderator click: %+v", m)
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Fatalf("a non-moderator's click changed %s", e.File)
	}

	// A moderator's click asks first, naming the entry; confirmed, it
	// adds the question and reloads.
	m := confirmPhrasing(t, h, pick, e.Title)
	if !strings.Contains(m.Content, "Added") || !strings.Contains(m.Content, "**"+entry+"**") || !strings.Contains(m.Content, "Reloaded") {
		t.Errorf("add phrasing reply = %q", m.Content)
	}
	after, _ := os.ReadFile(file)
	if !strings.Contains(string(after), q) || len(after) <= len(before) {
		t.Errorf("%s after the click:\n%s", e.File, after)
	}
	if ne, _ := h.store.Current().Entry(entry); !slices.Contains(ne.Questions, q) {
		t.Errorf("the knowledge base in service lacks the phrasing: %v", ne.Questions)
	}

	// Asked again, the question answers that entry, exactly.
	am, _ := ask(t, h, discordtest.Ctx{UserID: "1200000000000000817"}, q)
	if len(am.Embeds) != 1 || am.Embeds[0].Title != e.Title {
		t.Errorf("after adding the phrasing, %q got %+v, want %s", q, am, entry)
	}
	if r := h.store.Current().Answer(q, h.cfg.Answer); r.Kind != knowledge.KindAnswer || r.Entry.ID != entry || r.Score != 1 {
		t.Errorf("Answer(%q) = %s %v %.2f, want an exact answer from %s", q, r.Kind, r.Entry, r.Score, entry)
	}

	// A second click reports the duplicate and changes nothing.
	m = confirmPhrasing(t, h, pick, e.Title)
	if !strings.Contains(m.Content, "Not saved") || !strings.Contains(m.Content, "duplicate phrasing") {
		t.Errorf("second click = %q", m.Content)
	}
	if again, _ := os.ReadFile(file); string(again) != string(after) {
		t.Errorf("the second click changed %s", e.File)
	}
	// An unknown token is refused politely.
	forged := "faq:ph:AAAAAAAAAAAAAAAA:" + entry
	fc := h.srv.ComponentClick(moderator, forged)
	fc.Message = &discordgo.Message{ID: "1200000000000000779", ChannelID: discordtest.DefaultChannelID}
	fc = h.srv.SendInteraction(fc)
	if fm, _ := h.srv.WaitResponse(t, fc.ID, wait).Message(); !strings.Contains(fm.Content, "expired") {
		t.Errorf("unknown token: %q", fm.Content)
	}
	// The reloads succeeded: nothing for the moderator channel.
	if n := len(h.srv.CallsMatching(modPost)); n != 0 {
		t.Errorf("%d moderator channel posts, want 0", n)
	}
}

// confirmPhrasing clicks an "Add as phrasing" button as a moderator,
// checks that the bot asks first and names the entry's title, confirms,
// and returns the outcome the bot puts in place of the question.
func confirmPhrasing(t *testing.T, h *harness, pick, title string) *discordgo.Message {
	t.Helper()
	c := h.srv.SendInteraction(h.srv.ComponentClick(moderator, pick))
	ask, _ := h.srv.WaitResponse(t, c.ID, wait).Message()
	if !strings.Contains(ask.Content, "Add “") || !strings.Contains(ask.Content, title) || ask.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("the click = %+v, want a private question naming %q", ask, title)
	}
	yes := buttonWith(ask, ":pc:")
	if yes == "" {
		t.Fatalf("confirmation buttons = %v", buttonIDs(ask))
	}
	k := h.srv.SendInteraction(h.srv.ComponentClick(moderator, yes))
	h.srv.WaitFor(t, discordtest.Route("PATCH", "/webhooks/*/"+k.Token+"/messages/@original"), wait)
	out, _ := h.srv.Original(k.ID)
	return out
}
