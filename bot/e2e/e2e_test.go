// Package e2e runs the bot, with the real discordgo client, against the
// local Discord of bot/discordtest. It is a package of its own because its
// TestMain points discordgo's endpoint globals at the local Discord for the
// whole test binary, which bot's own tests of those globals must not see.
package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// secretToken is the bot token in these tests; TestTokenNeverLogged checks
// it never reaches a log.
const secretToken = "MTIzNDU2.secret-token-do-not-log.XYZ"

// discordgoHook, when set, sees the format of every line discordgo logs,
// on the goroutine logging it, before the bot's filter: a test holds one
// of discordgo's goroutines there to force an ordering.
var discordgoHook atomic.Pointer[func(format string)]

// logs collects every log line of the test binary: the bot's and
// discordgo's (through bot.DiscordgoLogger, set once below).
var logs syncBuffer

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Sync() error { return nil }

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Len returns how much has been logged, for since.
func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// since returns what was logged after the first n bytes.
func (s *syncBuffer) since(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()[n:]
}

func TestMain(m *testing.M) {
	// discordgo's endpoints are package globals: point them at the local
	// Discord once, before any session exists (see discordtest's doc).
	if err := bot.SetAPIBase(discordtest.APIBase()); err != nil {
		log.Fatal(err)
	}
	filtered := bot.DiscordgoLogger(newLogger(nil).Named("discordgo"), secretToken)
	discordgo.Logger = func(msgL, caller int, format string, a ...any) {
		if hook := discordgoHook.Load(); hook != nil {
			(*hook)(format)
		}
		filtered(msgL, caller, format, a...)
	}
	// Knowledge folders live under the temporary folder: git must not find
	// a work tree above it and commit the bot's changes there.
	os.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	// Every test stops its bots and local Discords: nothing may be left
	// running (goroutine_test.go checks the same within a test).
	goleak.VerifyTestMain(m)
}

// newLogger logs to the shared buffer, as JSON at debug level (the most
// that is ever logged), and to t when given.
func newLogger(t *testing.T) *zap.Logger {
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.AddSync(&logs), zapcore.DebugLevel)
	if t != nil {
		core = zapcore.NewTee(core, zaptest.NewLogger(t).Core())
	}
	return zap.New(core)
}

// harness is a bot connected to a local Discord.
type harness struct {
	cfg   bot.Config
	srv   *discordtest.Server
	bot   *bot.Bot
	store *knowledge.Store
	dir   string // the knowledge folder
	s     *discordgo.Session
}

// start runs a bot against a new local Discord until the test ends. The
// knowledge base is a copy of the shipped one in a temporary folder, so a
// test can break it. mod adjusts the bot's configuration.
func start(t *testing.T, mod func(*bot.Config), opts ...discordtest.Option) *harness {
	t.Helper()
	return startWith(t, mod, nil, opts...)
}

// startWith is start with a hook to adjust the session before it opens.
func startWith(t *testing.T, mod func(*bot.Config), sess func(*discordgo.Session), opts ...discordtest.Option) *harness {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	return startDir(t, dir, mod, sess, opts...)
}

// startDir is startWith on the knowledge folder dir.
func startDir(t *testing.T, dir string, mod func(*bot.Config), sess func(*discordgo.Session), opts ...discordtest.Option) *harness {
	t.Helper()
	opts = append([]discordtest.Option{discordtest.WithToken(secretToken)}, opts...)
	srv := discordtest.New(t, opts...)
	store, probs, err := knowledge.NewStore(dir, func() (*knowledge.Snapshot, knowledge.Problems, error) {
		return knowledge.Load(os.DirFS(dir), knowledge.LoadOptions{})
	})
	if err != nil {
		t.Fatalf("NewStore: %v %v", err, probs)
	}

	def := config.Default()
	cfg := bot.Config{
		Answer: knowledge.Options{
			Threshold:        def.Answer.Threshold,
			SuggestThreshold: def.Answer.SuggestThreshold,
			Margin:           def.Answer.Margin,
			Disclaimer:       def.Answer.Disclaimer,
		},
		Discord: def.Discord,
	}
	folder, err := kbdir.Open(dir, lint.Options{Match: cfg.Answer})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Folder = folder
	if mod != nil {
		mod(&cfg)
	}
	b := bot.New(newLogger(t).Named("bot"), store, cfg)
	s, err := bot.NewSession(secretToken, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if sess != nil {
		sess(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, cfg.Discord.Commands.Guilds) }()
	// Registered after discordtest.New, so it runs before the Server closes.
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	srv.WaitReady(t)
	srv.WaitFor(t, discordtest.Route("PUT", "/applications/*/commands"), wait)
	return &harness{cfg: cfg, srv: srv, bot: b, store: store, dir: dir, s: s}
}

// wait bounds each wait for something the bot should do. Waits return as
// soon as it happens, so the bound only matters when it does not: it is
// long because some steps load a knowledge base (a reload trains the
// classifier), which takes seconds under go test -race on a shared
// 2-core machine running other packages' tests at the same time.
const wait = 30 * time.Second

var postMessage = discordtest.Route("POST", "/channels/*/messages")

// nextPost waits for the n-th (0-based) message the bot posts in a channel.
func (h *harness) nextPost(t *testing.T, n int) discordtest.Call {
	t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		var ok []discordtest.Call
		for _, c := range h.srv.CallsMatching(postMessage) {
			if c.Status < 300 {
				ok = append(ok, c)
			}
		}
		if len(ok) > n {
			return ok[n]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no message %d posted; calls:\n%v", n, h.srv.Calls())
	return discordtest.Call{}
}

func decodeMsg(t *testing.T, c discordtest.Call) *discordgo.Message {
	t.Helper()
	var m discordgo.Message
	if err := c.Decode(&m); err != nil {
		t.Fatalf("decode %s: %v", c, err)
	}
	return &m
}

// checkNoMentions fails unless the JSON body parses no mentions.
func checkNoMentions(t *testing.T, body []byte) {
	t.Helper()
	var v struct {
		AllowedMentions *struct {
			Parse *[]string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body: %v", err)
	}
	if v.AllowedMentions == nil || v.AllowedMentions.Parse == nil || len(*v.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions is not {\"parse\": []}: %s", body)
	}
	if !bytes.Contains(body, []byte(`"parse":[]`)) {
		t.Errorf(`body lacks "parse":[]: %s`, body)
	}
}

// suggestionQuestion finds a question the knowledge base in service answers
// with suggestions, so the test does not depend on the matcher's tuning.
func suggestionQuestion(t *testing.T, h *harness) string {
	t.Helper()
	snap := h.store.Current()
	cands := []string{"can ketamine cause problems", "ketamine problems", "ketamine effects"}
	es := snap.Entries()
	for _, a := range es {
		for _, b := range es {
			if a != b {
				cands = append(cands, a.Title+" "+b.Title)
			}
		}
	}
	for _, q := range cands {
		if snap.Answer(q, h.cfg.Answer).Kind == knowledge.KindSuggestions {
			return q
		}
	}
	t.Skip("no question in the knowledge base gets suggestions")
	return ""
}

func botMention(h *harness) string { return "<@" + h.srv.BotUser().ID + ">" }

func title(t *testing.T, h *harness, id string) string {
	t.Helper()
	e, ok := h.store.Current().Entry(id)
	if !ok {
		t.Fatalf("no entry %s", id)
	}
	return e.Title
}

func TestMentionRepliesWithEmbed(t *testing.T) {
	h := start(t, nil)
	um := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, botMention(h)+" @everyone is ketamine addictive?"))
	c := h.nextPost(t, 0)
	m := decodeMsg(t, c)
	checkNoMentions(t, c.Body)
	if m.MessageReference == nil || m.MessageReference.MessageID != um.ID {
		t.Errorf("reply references %+v, want message %s", m.MessageReference, um.ID)
	}
	if len(m.Embeds) != 1 {
		t.Fatalf("embeds = %d, want 1: %s", len(m.Embeds), c.Body)
	}
	e := m.Embeds[0]
	if e.Title != title(t, h, "addiction-risk") {
		t.Errorf("title = %q", e.Title)
	}
	if len(e.Fields) == 0 || e.Fields[0].Name != "Sources" || !strings.Contains(e.Fields[0].Value, "](http") {
		t.Errorf("sources field = %+v", e.Fields)
	}
	if e.Footer == nil || !strings.HasPrefix(e.Footer.Text, "Last reviewed ") || !strings.Contains(e.Footer.Text, config.DefaultDisclaimer) {
		t.Errorf("footer = %+v", e.Footer)
	}
}

func TestDMReply(t *testing.T) {
	h := start(t, nil)
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{DM: true}, "What is ketamine?"))
	c := h.nextPost(t, 0)
	m := decodeMsg(t, c)
	checkNoMentions(t, c.Body)
	if want := h.srv.DMChannelID(discordtest.DefaultUserID); !strings.Contains(c.Path, want) {
		t.Errorf("posted to %s, want DM channel %s", c.Path, want)
	}
	if len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "what-is-ketamine") {
		t.Errorf("reply = %s", c.Body)
	}
}

func TestIgnoresBotsAndOwnMessages(t *testing.T) {
	h := start(t, nil)
	other := h.srv.UserMessage(discordtest.Ctx{UserID: "1200000000000000999"}, botMention(h)+" is ketamine addictive?")
	other.Author.Bot = true
	h.srv.SendMessageCreate(other)
	// The bot's own message comes back as MESSAGE_CREATE too.
	own := h.srv.UserMessage(discordtest.Ctx{UserID: h.srv.BotUser().ID}, botMention(h)+" is ketamine addictive?")
	own.Author.Bot = true
	h.srv.SendMessageCreate(own)
	// A message that does not mention the bot.
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, "is ketamine addictive?"))
	// Then one that should be answered: once it is, the others were seen.
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, botMention(h)+" what is ketamine?"))
	h.nextPost(t, 0)
	time.Sleep(100 * time.Millisecond)
	if n := len(h.srv.CallsMatching(postMessage)); n != 1 {
		t.Errorf("bot posted %d messages, want 1: %v", n, h.srv.CallsMatching(postMessage))
	}
}

func TestAsk(t *testing.T) {
	h := start(t, nil)

	t.Run("ephemeral embed", func(t *testing.T) {
		i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{}, "ask", discordtest.StringOption("question", "Is ketamine addictive?")))
		r := h.srv.WaitResponse(t, i.ID, wait)
		if r.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Fatalf("response type = %d", r.Type)
		}
		m, err := r.Message()
		if err != nil {
			t.Fatal(err)
		}
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("flags = %d, want ephemeral (64)", m.Flags)
		}
		checkNoMentions(t, r.Data)
		if len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "addiction-risk") {
			t.Errorf("reply = %s", r.Data)
		}
		if !bytes.Contains(r.Data, []byte(`"faq:share:addiction-risk"`)) {
			t.Errorf("no Share button: %s", r.Data)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		for _, typed := range []string{"", "ket", "side", "zzzzqqq"} {
			i := h.srv.SendInteraction(h.srv.Autocomplete(discordtest.Ctx{}, "ask", discordtest.Focused(discordtest.StringOption("question", typed))))
			r := h.srv.WaitResponse(t, i.ID, wait)
			if r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("%q: response type = %d", typed, r.Type)
			}
			choices, err := r.Choices()
			if err != nil {
				t.Fatal(err)
			}
			if len(choices) > 25 {
				t.Errorf("%q: %d choices", typed, len(choices))
			}
			if typed == "ket" && len(choices) == 0 {
				t.Errorf("%q: no choices", typed)
			}
			for _, c := range choices {
				if len([]rune(c.Name)) > 100 {
					t.Errorf("choice name %q too long", c.Name)
				}
				if _, ok := h.store.Current().Entry(c.Value.(string)); !ok {
					t.Errorf("choice value %v is not an entry id", c.Value)
				}
			}
		}
	})

	t.Run("picked choice answers that entry", func(t *testing.T) {
		i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: "1200000000000000301"}, "ask", discordtest.StringOption("question", "hallucinations")))
		m, _ := h.srv.WaitResponse(t, i.ID, wait).Message()
		if len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "hallucinations") {
			t.Errorf("reply = %+v", m)
		}
	})

	t.Run("suggestion button answers in place", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: "1200000000000000302"}
		i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", suggestionQuestion(t, h))))
		r := h.srv.WaitResponse(t, i.ID, wait)
		m, _ := r.Message()
		var pick string
		for _, row := range m.Components {
			for _, c := range row.(*discordgo.ActionsRow).Components {
				if b, ok := c.(*discordgo.Button); ok && strings.HasPrefix(b.CustomID, "faq:s:") && pick == "" {
					pick = b.CustomID
				}
			}
		}
		if pick == "" {
			t.Fatalf("no suggestion buttons: %s", r.Data)
		}
		if !bytes.Contains(r.Data, []byte(`"faq:none"`)) {
			t.Errorf("no None of these: %s", r.Data)
		}
		click := h.srv.SendInteraction(h.srv.ComponentClick(ctx, pick))
		cr := h.srv.WaitResponse(t, click.ID, wait)
		if cr.Type != discordgo.InteractionResponseUpdateMessage {
			t.Fatalf("click response type = %d, want update", cr.Type)
		}
		cm, _ := cr.Message()
		id := strings.TrimPrefix(pick, "faq:s:")
		if len(cm.Embeds) != 1 || cm.Embeds[0].Title != title(t, h, id) {
			t.Errorf("click reply = %s", cr.Data)
		}
		checkNoMentions(t, cr.Data)
	})

	t.Run("share posts publicly without the asker", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: "1200000000000000303", Username: "secretasker"}
		i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", "What is ketamine?")))
		h.srv.WaitResponse(t, i.ID, wait)
		before := len(h.srv.CallsMatching(postMessage))
		click := h.srv.SendInteraction(h.srv.ComponentClick(ctx, "faq:share:what-is-ketamine"))
		h.srv.WaitResponse(t, click.ID, wait)
		c := h.nextPost(t, before)
		checkNoMentions(t, c.Body)
		if bytes.Contains(c.Body, []byte("secretasker")) || bytes.Contains(c.Body, []byte(ctx.UserID)) {
			t.Errorf("shared message names the asker: %s", c.Body)
		}
		m := decodeMsg(t, c)
		if m.Flags&discordgo.MessageFlagsEphemeral != 0 || len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "what-is-ketamine") {
			t.Errorf("shared = %s", c.Body)
		}
		if bytes.Contains(c.Body, []byte("faq:share:")) {
			t.Errorf("public message has a Share button: %s", c.Body)
		}
	})

	t.Run("unknown entry in a button", func(t *testing.T) {
		click := h.srv.ComponentClick(discordtest.Ctx{}, "faq:s:no-such-entry")
		click.Message = &discordgo.Message{ID: "1200000000000000777", ChannelID: discordtest.DefaultChannelID}
		click = h.srv.SendInteraction(click)
		r := h.srv.WaitResponse(t, click.ID, wait)
		m, _ := r.Message()
		if r.Type != discordgo.InteractionResponseChannelMessageWithSource || m.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(m.Content, "no longer available") {
			t.Errorf("reply = %d %s", r.Type, r.Data)
		}
	})

	t.Run("crisis is plain text only the asker sees", func(t *testing.T) {
		i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: "1200000000000000304"}, "ask", discordtest.StringOption("question", "I want to kill myself")))
		r := h.srv.WaitResponse(t, i.ID, wait)
		m, _ := r.Message()
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("crisis reply to /ask is public: the channel would see who is in crisis")
		}
		if len(m.Embeds) != 0 || len(m.Components) != 0 {
			t.Errorf("crisis reply has embeds or buttons: %s", r.Data)
		}
		for _, want := range []string{"988", "911", "naloxone"} {
			if !strings.Contains(m.Content, want) {
				t.Errorf("crisis reply lacks %q: %s", want, m.Content)
			}
		}
		checkNoMentions(t, r.Data)
	})

	t.Run("rate limit", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: "1200000000000000305"}
		var last discordtest.InteractionResponse
		for range 6 {
			i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", "What is ketamine?")))
			last = h.srv.WaitResponse(t, i.ID, wait)
		}
		m, _ := last.Message()
		if !strings.Contains(m.Content, "please wait") || m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("6th question: %s", last.Data)
		}
		// Another user is not limited.
		i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{UserID: "1200000000000000306"}, "ask", discordtest.StringOption("question", "What is ketamine?")))
		m, _ = h.srv.WaitResponse(t, i.ID, wait).Message()
		if len(m.Embeds) != 1 {
			t.Errorf("other user limited too: %+v", m)
		}
	})

	t.Run("feedback counted", func(t *testing.T) {
		ctx := discordtest.Ctx{UserID: "1200000000000000307"}
		i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "ask", discordtest.StringOption("question", "What is esketamine?")))
		h.srv.WaitResponse(t, i.ID, wait)
		click := h.srv.SendInteraction(h.srv.ComponentClick(ctx, "faq:v:+:esketamine"))
		h.srv.WaitResponse(t, click.ID, wait)
		if got := h.bot.Feedback()["esketamine"].Helpful; got != 1 {
			t.Errorf("helpful votes = %d, want 1", got)
		}
	})

	t.Run("topics, sources, help, privacy", func(t *testing.T) {
		for _, name := range []string{"topics", "sources", "help", "privacy"} {
			i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{}, name))
			r := h.srv.WaitResponse(t, i.ID, wait)
			if r.Type != discordgo.InteractionResponseChannelMessageWithSource {
				t.Errorf("/%s: response type %d", name, r.Type)
			}
			checkNoMentions(t, r.Data)
		}
		click := h.srv.SendInteraction(h.srv.ComponentClick(discordtest.Ctx{}, "faq:topic:0", "safety"))
		m, _ := h.srv.WaitResponse(t, click.ID, wait).Message()
		if len(m.Embeds) != 1 || m.Embeds[0].Title != title(t, h, "safety") {
			t.Errorf("topic pick = %+v", m)
		}
	})
}

func TestKBReload(t *testing.T) {
	const modRole = "1200000000000000500"
	h := start(t, func(c *bot.Config) { c.Discord.ModeratorRoles = []string{modRole} })
	reload := func(ctx discordtest.Ctx) *discordgo.Message {
		t.Helper()
		i := h.srv.SendInteraction(h.srv.SlashCommand(ctx, "kb", discordtest.SubCommand("reload")))
		h.srv.WaitResponse(t, i.ID, wait)
		deadline := time.Now().Add(wait)
		for time.Now().Before(deadline) {
			if m, ok := h.srv.Original(i.ID); ok && m.Content != "" {
				return m
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("no reload reply")
		return nil
	}

	// Manage Server alone is not enough when moderator roles are set.
	m := reload(discordtest.Ctx{Permissions: discordgo.PermissionManageGuild})
	if !strings.Contains(m.Content, "Only moderators") {
		t.Errorf("non-moderator: %q", m.Content)
	}
	m = reload(discordtest.Ctx{Roles: []string{modRole}})
	if !strings.Contains(m.Content, "Reloaded") {
		t.Errorf("moderator: %q", m.Content)
	}

	// Break the folder: the reload fails, says why, and the old answers stay.
	bad := filepath.Join(h.dir, "faq", "what-is-ketamine.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: x\nalises: [y]\n---\nbody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = reload(discordtest.Ctx{Roles: []string{modRole}})
	if !strings.Contains(m.Content, "Reload failed") || !strings.Contains(m.Content, "what-is-ketamine.md") {
		t.Errorf("broken reload: %q", m.Content)
	}
	i := h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{}, "ask", discordtest.StringOption("question", "What is ketamine?")))
	am, _ := h.srv.WaitResponse(t, i.ID, wait).Message()
	if len(am.Embeds) != 1 || am.Embeds[0].Title != "What is ketamine?" {
		t.Errorf("after a failed reload: %+v", am)
	}

	// /kb status works for moderators.
	i = h.srv.SendInteraction(h.srv.SlashCommand(discordtest.Ctx{Roles: []string{modRole}}, "kb", discordtest.SubCommand("status")))
	sm, _ := h.srv.WaitResponse(t, i.ID, wait).Message()
	if !strings.Contains(sm.Content, "entries") || !strings.Contains(sm.Content, "failed") {
		t.Errorf("status: %q", sm.Content)
	}
}

func TestGatewayCloseResumes(t *testing.T) {
	h := start(t, nil)
	h.srv.CloseGateway(4000)
	deadline := time.Now().Add(wait)
	for h.srv.Resumes() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if h.srv.Resumes() == 0 {
		t.Fatalf("no RESUME after close 4000")
	}
	h.srv.WaitReady(t)
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, botMention(h)+" what is ketamine?"))
	h.nextPost(t, 0)
}

func TestRateLimitedReplyArrivesOnce(t *testing.T) {
	h := start(t, nil)
	h.srv.RateLimitNext(postMessage, 1, 200*time.Millisecond, false)
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, botMention(h)+" what is ketamine?"))
	h.nextPost(t, 0)
	time.Sleep(300 * time.Millisecond)
	var delivered int
	for _, c := range h.srv.CallsMatching(postMessage) {
		if c.Status < 300 {
			delivered++
		}
	}
	if delivered != 1 {
		t.Errorf("reply delivered %d times, want 1", delivered)
	}
	if got := len(h.srv.Messages(discordtest.DefaultChannelID)); got != 2 { // the question and the reply
		t.Errorf("channel has %d messages, want 2", got)
	}
}

// panicky is a knowledge source that panics once, then serves normally.
type panicky struct {
	*knowledge.Store
	once sync.Once
}

func (p *panicky) Current() *knowledge.Snapshot {
	p.once.Do(func() { panic("boom") })
	return p.Store.Current()
}

func TestPanicRecovered(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithToken(secretToken))
	store := embeddedStoreTB(t)
	b := bot.New(newLogger(t), &panicky{Store: store}, bot.Config{})
	s, _ := bot.NewSession(secretToken, 0, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, nil) }()
	t.Cleanup(func() { cancel(); <-done })
	srv.WaitReady(t)
	mention := "<@" + srv.BotUser().ID + "> what is ketamine?"
	srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{}, mention))
	time.Sleep(100 * time.Millisecond)
	srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{}, mention))
	srv.WaitFor(t, postMessage, wait)
	if !strings.Contains(logs.String(), `"handler panic"`) {
		t.Errorf("panic not logged")
	}
}

// slowKB is a knowledge source that takes its time.
type slowKB struct {
	*knowledge.Store
	delay time.Duration
}

func (k slowKB) Current() *knowledge.Snapshot {
	time.Sleep(k.delay)
	return k.Store.Current()
}

func TestSlowAnswerIsDeferred(t *testing.T) {
	srv := discordtest.New(t, discordtest.WithToken(secretToken))
	store := embeddedStoreTB(t)
	b := bot.New(newLogger(t), slowKB{store, 300 * time.Millisecond}, bot.Config{Discord: config.Default().Discord, DeferAfter: 50 * time.Millisecond})
	s, _ := bot.NewSession(secretToken, 0, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, nil) }()
	t.Cleanup(func() { cancel(); <-done })
	srv.WaitReady(t)
	srv.WaitFor(t, discordtest.Route("PUT", "/applications/*/commands"), wait)

	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "ask", discordtest.StringOption("question", "What is ketamine?")))
	r := srv.WaitResponse(t, i.ID, wait)
	if r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("response type %d, want deferred (5)", r.Type)
	}
	if m, _ := r.Message(); m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("deferred response is not ephemeral")
	}
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if m, ok := srv.Original(i.ID); ok && len(m.Embeds) == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("deferred answer never edited in")
}

func TestCrisisMentionAlertsModerators(t *testing.T) {
	const modChannel = "1200000000000000600"
	h := start(t, func(c *bot.Config) {
		c.Discord.ModeratorChannel = modChannel
		c.Discord.CrisisAlerts = true
	}, discordtest.WithChannels(modChannel))
	um := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{Username: "hurting"}, botMention(h)+" I want to kill myself"))
	var reply, alert *discordtest.Call
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) && (reply == nil || alert == nil) {
		for _, c := range h.srv.CallsMatching(postMessage) {
			switch {
			case strings.Contains(c.Path, modChannel):
				alert = &c
			case strings.Contains(c.Path, discordtest.DefaultChannelID):
				reply = &c
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if reply == nil || alert == nil {
		t.Fatalf("reply %v, alert %v; calls %v", reply, alert, h.srv.Calls())
	}
	m := decodeMsg(t, *reply)
	if m.MessageReference == nil || m.MessageReference.MessageID != um.ID {
		t.Errorf("crisis reply is not a reply to the message: %s", reply.Body)
	}
	if !strings.Contains(m.Content, "988") || len(m.Embeds) != 0 {
		t.Errorf("crisis reply = %s", reply.Body)
	}
	checkNoMentions(t, reply.Body)
	checkNoMentions(t, alert.Body)
	a := decodeMsg(t, *alert)
	if !strings.Contains(a.Content, "https://discord.com/channels/"+discordtest.DefaultGuildID+"/"+discordtest.DefaultChannelID+"/"+um.ID) {
		t.Errorf("alert lacks the jump link: %q", a.Content)
	}
	for _, leak := range []string{"kill", "hurting", discordtest.DefaultUserID} {
		if strings.Contains(string(alert.Body), leak) {
			t.Errorf("alert contains %q: %s", leak, alert.Body)
		}
	}
}

// TestTokenNeverLogged runs last by name order and checks everything the
// test binary logged, the bot's logs and discordgo's, at debug level.
func TestTokenNeverLogged(t *testing.T) {
	// discordgo prints IDENTIFY, token included, at debug.
	h := startWith(t, nil, func(s *discordgo.Session) { s.LogLevel = discordgo.LogDebug })
	h.srv.CloseGateway(4000) // reconnect: another IDENTIFY or RESUME
	h.srv.WaitReady(t)
	h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{}, botMention(h)+" what is ketamine?"))
	h.nextPost(t, 0)
	out := logs.String()
	if out == "" {
		t.Fatal("nothing logged")
	}
	if strings.Contains(out, secretToken) || strings.Contains(out, "secret-token-do-not-log") {
		t.Errorf("the token is in the logs")
	}
	if strings.Contains(out, "what is ketamine") && strings.Contains(out, discordtest.DefaultUserID) {
		t.Errorf("question text logged with a user id")
	}
}
