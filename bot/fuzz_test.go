package bot

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/knowledge"
)

// The fuzz targets here read what anyone on Discord can send the bot. Their
// seed corpora (testdata/fuzz/<target>) run with the tests; to fuzz for
// longer:
//
//	go test ./bot -run '^$' -fuzz FuzzInteraction -fuzztime 10m
//	go test ./bot -run '^$' -fuzz FuzzMessage -fuzztime 10m
//	go test ./bot -run '^$' -fuzz FuzzParseID -fuzztime 10m
//	go test ./bot -run '^$' -fuzz FuzzQuoteQuestion -fuzztime 10m
//	go test ./bot -run '^$' -fuzz FuzzFrameParser -fuzztime 10m

// FuzzParseID: any custom id parses without panicking, and one that parses
// names a well-formed entry or token and is the id the bot would make.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		idSuggest("what-is-ketamine"), idRelated("a-b"), idShare("x1"), idVote(voteHelpful, "esketamine"),
		idVote(voteNotHelpful, "e"), idNone, idNoneToken("AAAAAAAAAAAAAAAA"), idPhrase("abcdefghijklmnop", "safety"),
		idTopicMenu(3), "faq:v:*:x", "faq:s:../x", "faq:", "", "faq:none:", "faq:topic:+1", strings.Repeat("faq:s:a", 20),
		idDelete("0123456789ab:0123456789abcdef"), "faq:del:", "faq:del:1200000000000000300", "faq:del:0123456789ab:0123456789abcdeg", idMissing("safety"), idForum(verbSolved, "safety", "1200000000000000300"),
		idForum(verbNotAsked, "a-b", "1"), "faq:fs:safety", "faq:fn:safety:", idSuggestEdit("dependency"), idMod("edit", "x"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseID(s)
		if !ok {
			return
		}
		if len(s) > maxCustomID {
			t.Fatalf("parseID(%q) accepted %d bytes", s, len(s))
		}
		if c.entry != "" && !validEntryID(c.entry) || c.verb != verbModerator && c.verb != verbDelete && c.token != "" && !validToken(c.token) ||
			c.verb == verbDelete && !deleteTokenPattern.MatchString(c.token) ||
			c.user != "" && !snowflakePattern.MatchString(c.user) {
			t.Fatalf("parseID(%q) = %+v: malformed entry, token or user", s, c)
		}
		var canonical string
		switch c.verb {
		case verbSuggest:
			canonical = idSuggest(c.entry)
		case verbRelated:
			canonical = idRelated(c.entry)
		case verbShare:
			canonical = idShare(c.entry)
		case verbVote:
			canonical = idVote(c.vote, c.entry)
		case verbPhrase:
			canonical = idPhrase(c.token, c.entry)
		case verbNone:
			if c.token == "" {
				return // "faq:none" and "faq:none:" both mean the plain button
			}
			canonical = idNoneToken(c.token)
		case verbSuggestEdit:
			canonical = idSuggestEdit(c.entry)
		case verbMissing:
			canonical = idMissing(c.entry)
		case verbDelete:
			canonical = idDelete(c.token)
		case verbSolved, verbNotAsked:
			canonical = idForum(c.verb, c.entry, c.user)
		case verbModerator:
			return // the moderator tools parse the rest themselves (moderation.go)
		case verbTopic:
			return // any integer: the value chosen is checked, not the menu's number
		default:
			t.Fatalf("parseID(%q) = unknown verb %q", s, c.verb)
		}
		if canonical != s {
			t.Fatalf("parseID(%q) = %+v, which the bot writes as %q", s, c, canonical)
		}
	})
}

// recorder is a discord that keeps what the handlers send.
type recorder struct {
	mu        sync.Mutex
	responses []*discordgo.InteractionResponse
	edits     []*discordgo.WebhookEdit
	followups []*discordgo.WebhookParams
	sends     []*discordgo.MessageSend
	deletes   []string
}

func (r *recorder) InteractionRespond(_ *discordgo.Interaction, resp *discordgo.InteractionResponse, _ ...discordgo.RequestOption) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.responses = append(r.responses, resp)
	return nil
}

func (r *recorder) InteractionResponseEdit(_ *discordgo.Interaction, e *discordgo.WebhookEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, e)
	return &discordgo.Message{}, nil
}

func (r *recorder) FollowupMessageCreate(_ *discordgo.Interaction, _ bool, p *discordgo.WebhookParams, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.followups = append(r.followups, p)
	return &discordgo.Message{}, nil
}

func (r *recorder) ChannelMessageSendComplex(_ string, m *discordgo.MessageSend, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sends = append(r.sends, m)
	return &discordgo.Message{}, nil
}

func (r *recorder) ChannelMessageDelete(ch, msg string, _ ...discordgo.RequestOption) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deletes = append(r.deletes, ch+"/"+msg)
	return nil
}

// Ids the fuzz seeds use.
const (
	fuzzGuild   = "1200000000000000100"
	fuzzChannel = "1200000000000000200"
	fuzzModRole = "1200000000000000500"
)

var (
	fuzzOnce  sync.Once
	fuzzStore *knowledge.Store
)

// fuzzBots returns a bot with no allow-list and one allowed only in
// fuzzGuild's fuzzChannel, both on the shipped knowledge base.
func fuzzBots(tb testing.TB) (open, fenced *Bot) {
	fuzzOnce.Do(func() {
		var err error
		fuzzStore, _, err = knowledge.NewStore("embedded", func() (*knowledge.Snapshot, knowledge.Problems, error) {
			return knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
		})
		if err != nil {
			panic(err)
		}
	})
	d := config.Default().Discord
	d.ModeratorRoles = []string{fuzzModRole}
	d.RateLimit = config.RateLimit{Questions: 1 << 30}
	open = New(zap.NewNop(), fuzzStore, Config{Discord: d})
	d.AllowedGuilds, d.AllowedChannels = []string{fuzzGuild}, []string{fuzzChannel}
	fenced = New(zap.NewNop(), fuzzStore, Config{Discord: d})
	return open, fenced
}

// FuzzInteraction decodes random INTERACTION_CREATE payloads as discordgo
// does and dispatches them to the handlers: nothing panics, an interaction
// gets at most one response, every message parses no mentions and stays
// within Discord's limits, and from outside the allow-list nothing but a
// refusal is sent.
func FuzzInteraction(f *testing.F) {
	open, fenced := fuzzBots(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		var i discordgo.Interaction
		if err := json.Unmarshal(payload, &i); err != nil {
			return // discordgo drops an event it cannot decode
		}
		for _, b := range []*Bot{open, fenced} {
			r := &recorder{}
			b.handleInteraction(r, &i)
			checkRecorded(t, r)
			if b == fenced && !b.cfg.Discord.Allows(i.GuildID, i.ChannelID) && !moderatorTool(&i) {
				if len(r.responses) > 1 || len(r.edits)+len(r.followups)+len(r.sends) > 0 {
					t.Fatalf("outside the allow-list the bot sent more than a refusal: %+v", r)
				}
				if len(r.responses) == 1 {
					// A refusal, or the crisis reply (privately): a
					// crisis is answered everywhere.
					d := r.responses[0].Data
					crisis := d != nil && d.Flags&discordgo.MessageFlagsEphemeral != 0 && strings.Contains(d.Content, "988")
					if d == nil || len(d.Embeds) > 0 || len(d.Choices) > 0 || d.Content != "" && d.Content != textNotHere && !crisis {
						t.Fatalf("outside the allow-list: %+v", d)
					}
				}
			}
		}
	})
}

// checkRecorded checks what one interaction made the bot send.
func checkRecorded(t *testing.T, r *recorder) {
	t.Helper()
	if len(r.responses) > 1 {
		t.Fatalf("%d responses to one interaction", len(r.responses))
	}
	checkMessage := func(what, content string, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent, am *discordgo.MessageAllowedMentions) {
		t.Helper()
		if (content != "" || len(embeds) > 0) && (am == nil || am.Parse == nil || len(am.Parse) != 0 || len(am.Users) > 0 || len(am.Roles) > 0) {
			t.Fatalf("%s parses mentions: %+v", what, am)
		}
		if n := utf8.RuneCountInString(content); n > maxContent {
			t.Fatalf("%s content is %d characters", what, n)
		}
		if len(embeds) > 10 {
			t.Fatalf("%s has %d embeds", what, len(embeds))
		}
		for _, e := range embeds {
			if n := embedSize(e); n > 6000 {
				t.Fatalf("%s embed is %d characters", what, n)
			}
		}
		checkComponents(t, what, comps)
	}
	for _, resp := range r.responses {
		d := resp.Data
		if d == nil {
			continue
		}
		if len(d.Choices) > 25 {
			t.Fatalf("%d autocomplete choices", len(d.Choices))
		}
		for _, c := range d.Choices {
			if n := utf8.RuneCountInString(c.Name); n == 0 || n > 100 {
				t.Fatalf("choice name of %d characters", n)
			}
		}
		checkMessage("response", d.Content, d.Embeds, d.Components, d.AllowedMentions)
	}
	for _, e := range r.edits {
		content := ""
		if e.Content != nil {
			content = *e.Content
		}
		var embeds []*discordgo.MessageEmbed
		if e.Embeds != nil {
			embeds = *e.Embeds
		}
		var comps []discordgo.MessageComponent
		if e.Components != nil {
			comps = *e.Components
		}
		checkMessage("edit", content, embeds, comps, e.AllowedMentions)
	}
	for _, p := range r.followups {
		checkMessage("follow-up", p.Content, p.Embeds, p.Components, p.AllowedMentions)
	}
	for _, m := range r.sends {
		checkMessage("message", m.Content, m.Embeds, m.Components, m.AllowedMentions)
	}
}

// checkComponents checks Discord's limits on rows and custom ids, and that
// every id is one the bot can parse back.
func checkComponents(t *testing.T, what string, rows []discordgo.MessageComponent) {
	t.Helper()
	if len(rows) > 5 {
		t.Fatalf("%s has %d rows", what, len(rows))
	}
	for _, row := range rows {
		ar, ok := row.(discordgo.ActionsRow)
		if !ok {
			if p, isPtr := row.(*discordgo.ActionsRow); isPtr {
				ar, ok = *p, true
			}
		}
		if !ok {
			continue
		}
		if len(ar.Components) > 5 {
			t.Fatalf("%s row has %d components", what, len(ar.Components))
		}
		for _, c := range ar.Components {
			var id string
			switch c := c.(type) {
			case discordgo.Button:
				id = c.CustomID
			case *discordgo.Button:
				id = c.CustomID
			case discordgo.SelectMenu:
				id = c.CustomID
			case *discordgo.SelectMenu:
				id = c.CustomID
			}
			if id == "" {
				continue
			}
			if len(id) > maxCustomID {
				t.Fatalf("%s custom id of %d bytes", what, len(id))
			}
			if _, ok := parseID(id); !ok {
				t.Fatalf("%s custom id %q does not parse", what, id)
			}
		}
	}
}

// FuzzMessage decodes random MESSAGE_CREATE payloads and hands them to the
// message handler: nothing panics, a message gets at most one reply, which
// parses no mentions and never repeats what was asked.
func FuzzMessage(f *testing.F) {
	const bot = "1200000000000000001"
	for _, s := range []string{
		`{"id":"1","channel_id":"2","guild_id":"3","author":{"id":"4"},"content":"<@` + bot + `> is ketamine addictive?","mentions":[{"id":"` + bot + `"}]}`,
		`{"id":"1","channel_id":"2","author":{"id":"4"},"content":"i want to k i l l myself"}`,
		`{"id":"1","channel_id":"2","author":{"id":"4","bot":true},"content":"what is ketamine"}`,
		`{"id":"1","channel_id":"2","guild_id":"3","author":{"id":"4"},"content":"<@!` + bot + `> @everyone [x](http://evil.example) zqxmark"}`,
		`{"id":"1","channel_id":"2","author":null,"content":"hi"}`,
		`{"id":"1","type":19,"channel_id":"2","author":{"id":"4"},"content":"hello"}`,
	} {
		f.Add([]byte(s))
	}
	open, _ := fuzzBots(f)
	open.botID.Store(bot)
	f.Fuzz(func(t *testing.T, payload []byte) {
		var m discordgo.Message
		if json.Unmarshal(payload, &m) != nil {
			return
		}
		r := &recorder{}
		open.handleMessage(r, &m)
		open.settle(t) // replies are posted from the backlog
		if len(r.sends) > 1 || len(r.responses)+len(r.edits)+len(r.followups) > 0 {
			t.Fatalf("one message, replies %+v", r)
		}
		checkRecorded(t, r)
		for _, ms := range r.sends {
			if strings.Contains(ms.Content, "zqxmark") {
				t.Fatalf("the reply repeats the message: %q", ms.Content)
			}
			for _, e := range ms.Embeds {
				if strings.Contains(e.Description+e.Title, "zqxmark") {
					t.Fatalf("the reply repeats the message: %+v", e)
				}
			}
		}
	})
}

// FuzzQuoteQuestion: a question quoted back to moderators (/kb gaps) can
// neither become a link nor break out of its Markdown.
func FuzzQuoteQuestion(f *testing.F) {
	for _, s := range []string{
		"[click](http://evil.example) @everyone <@&1>", "```</code>```", "\\[x\\](https://e.x)", "a\u200b://b",
		"**bold** __u__ ~~s~~ ||spoiler|| > quote # h", strings.Repeat("http://x ", 40),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		out := quoteQuestion(q, 150)
		if strings.Contains(out, "://") {
			t.Fatalf("quoteQuestion(%q) = %q: a web address stays linkable", q, out)
		}
		// Every Markdown character is escaped: preceded by an odd number
		// of backslashes.
		for i, c := range out {
			if !strings.ContainsRune("*_~`|>#[]", c) {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && out[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Fatalf("quoteQuestion(%q) = %q: %q at %d is not escaped", q, out, c, i)
			}
		}
	})
}

// FuzzFrameParser: any bytes from the gateway parse without panicking, and
// a close frame after them is found with its code.
func FuzzFrameParser(f *testing.F) {
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n\x81\x05hello"))
	f.Add([]byte("\r\n\r\n\x88\x02\x0f\xa4"))
	f.Add([]byte("\r\n\r\n\x82\x7e\x00\x03abc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		calls := 0
		p := frameParser{onClose: func(int, string) { calls++ }}
		p.feed(b)
		if calls > 1 {
			t.Fatalf("%d close frames reported", calls)
		}
	})
}
