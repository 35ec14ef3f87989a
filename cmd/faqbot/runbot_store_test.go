package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
	"github.com/faqbot/faqbot/knowledge"
)

// TestRunBotStoreAndSIGHUP runs "faqbot run" with the store on and a
// knowledge folder: an unanswered question lands in the database at
// store.path, SIGHUP reloads, and a failed reload, then the recovery, are
// posted to the moderator channel.
func TestRunBotStoreAndSIGHUP(t *testing.T) {
	const (
		token      = "runbot-store-token"
		modChannel = "1200000000000000900"
	)
	if err := bot.SetAPIBase(discordtest.APIBase()); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.WithToken(token), discordtest.WithChannels(modChannel))
	tmp := t.TempDir()
	kb := filepath.Join(tmp, "kb")
	if err := os.CopyFS(kb, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(tmp, "inbox.db")
	env := map[string]string{
		"DISCORD_TOKEN":                    token,
		"FAQBOT_DISCORD_API_URL":           discordtest.APIBase(),
		"FAQBOT_DISCORD_MODERATOR_CHANNEL": modChannel,
		"FAQBOT_KNOWLEDGE_DIR":             kb,
		"FAQBOT_KNOWLEDGE_WATCH":           "false", // so only SIGHUP reloads
		"FAQBOT_STORE_PATH":                dbPath,
		"FAQBOT_STORE_RETENTION":           "30d",
	}
	stop, stderr := runInBackground(t, env)
	srv.WaitReady(t)
	srv.WaitFor(t, discordtest.Route("PUT", "/applications/*/commands"), stepWait)

	// An unanswered question is stored.
	srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{}, "<@"+srv.BotUser().ID+"> side effects of prednisone"))
	srv.WaitFor(t, discordtest.Route("POST", "/channels/"+discordtest.DefaultChannelID+"/messages"), stepWait)
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var kind, q string
	deadline := time.Now().Add(stepWait)
	for {
		err = db.QueryRow(`SELECT kind, question FROM unanswered`).Scan(&kind, &q)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || kind != "no_match" || q != "side effects of prednisone" {
		t.Errorf("stored row = %q %q (%v), want no_match \"side effects of prednisone\"", kind, q, err)
	}

	// /privacy reflects store.retention.
	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "privacy"))
	pm, _ := srv.WaitResponse(t, i.ID, stepWait).Message()
	if !strings.Contains(pm.Content, "deleted after 30 days") {
		t.Errorf("/privacy = %q, want the 30-day retention", pm.Content)
	}

	// SIGHUP with a broken file: the problems go to the moderator channel.
	modPosts := discordtest.Route("POST", "/channels/"+modChannel+"/messages")
	file := filepath.Join(kb, "faq", "what-is-ketamine.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("---\ntitle: x\nalises: [y]\n---\nbody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	c := srv.WaitFor(t, modPosts, stepWait)
	if body := string(c.Body); !strings.Contains(body, "faq/what-is-ketamine.md:3") || !strings.Contains(body, "SIGHUP") || !strings.Contains(body, `"parse":[]`) {
		t.Errorf("reload report = %s", body)
	}

	// Fixed, and SIGHUP again: the recovery is posted.
	if err := os.WriteFile(file, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(stepWait)
	for len(srv.CallsMatching(modPosts)) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if posts := srv.CallsMatching(modPosts); len(posts) != 2 || !strings.Contains(string(posts[1].Body), "recovered") {
		t.Errorf("moderator channel posts = %v, want the failure then the recovery", posts)
	}

	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if strings.Contains(stderr.String(), "prednisone") {
		t.Errorf("the question text was logged at info level")
	}
}
