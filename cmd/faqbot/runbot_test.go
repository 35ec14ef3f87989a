package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

// stepWait bounds each wait for something the running bot should do. The
// waits end as soon as it happens; the bound is long because starting and
// reloading load a knowledge base, which takes seconds under go test -race
// on a shared 2-core machine running other packages' tests too.
const stepWait = 30 * time.Second

// lockedBuffer is a bytes.Buffer safe for the logger and the test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunBot runs "faqbot run" against a local Discord: it registers the
// commands, answers a mention, stops cleanly on cancel and never logs the
// token.
// runInBackground starts "faqbot run" with env as its environment. stop
// cancels it and returns run's error (once; later calls return nil); it
// also runs at cleanup. stderr holds the logs.
func runInBackground(t *testing.T, env map[string]string) (stop func() error, stderr *lockedBuffer) {
	t.Helper()
	var stdout lockedBuffer
	stderr = new(lockedBuffer)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"faqbot", "run"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, stderr)
	}()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("run did not stop")
			return nil
		}
	}
	t.Cleanup(func() { stop() })
	return stop, stderr
}

func TestRunBot(t *testing.T) {
	const token = "runbot-secret-token"
	// run sets the same base again; discordtest needs it before New.
	if err := bot.SetAPIBase(discordtest.APIBase()); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.WithToken(token))
	dbPath := filepath.Join(t.TempDir(), "faqbot.db")
	env := map[string]string{
		"DISCORD_TOKEN":          token,
		"FAQBOT_DISCORD_API_URL": discordtest.APIBase(),
		"FAQBOT_STORE_ENABLED":   "false",
		"FAQBOT_STORE_PATH":      dbPath,
		"FAQBOT_LOG_LEVEL":       "debug",
	}
	stop, stderr := runInBackground(t, env)

	srv.WaitReady(t)
	srv.WaitFor(t, discordtest.Route("PUT", "/applications/*/commands"), stepWait)
	if got := len(srv.Commands("")); got != len(bot.Commands()) {
		t.Errorf("registered %d global commands, want %d", got, len(bot.Commands()))
	}
	if id, ok := srv.LastIdentify(); !ok || id.Intents != bot.Intents {
		t.Errorf("IDENTIFY intents = %v, want %v", id.Intents, bot.Intents)
	}
	srv.SendMessageCreate(srv.UserMessage(discordtest.Ctx{}, "<@"+srv.BotUser().ID+"> is ketamine addictive?"))
	srv.WaitFor(t, discordtest.Route("POST", "/channels/*/messages"), stepWait)

	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	logs := stderr.String()
	if strings.Contains(logs, token) {
		t.Errorf("the token is in the logs")
	}
	for _, want := range []string{`"bot running"`, `"question answered"`, `"bot stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	// store.enabled: false: no database is created.
	if _, err := os.Stat(dbPath); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("store disabled, but %s exists (%v)", dbPath, err)
	}
}

func TestRunBotNeedsToken(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"faqbot", "run"}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("run without a token: %v, want an error naming DISCORD_TOKEN", err)
	}
}
