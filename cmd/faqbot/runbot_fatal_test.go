package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/discordtest"
)

// startRun runs "faqbot run" with token against the local Discord and
// returns a function that waits, at most timeout, for run's result, and
// run's log.
func startRun(t *testing.T, token string) (func(timeout time.Duration) (error, bool), *lockedBuffer) {
	t.Helper()
	env := map[string]string{
		"DISCORD_TOKEN":          token,
		"FAQBOT_DISCORD_API_URL": discordtest.APIBase(),
		"FAQBOT_STORE_ENABLED":   "false",
	}
	var stdout, stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"faqbot", "run"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	var (
		result   error
		finished bool
	)
	wait := func(timeout time.Duration) (error, bool) {
		if !finished {
			select {
			case result = <-done:
				finished = true
			case <-time.After(timeout):
			}
		}
		return result, finished
	}
	t.Cleanup(func() {
		cancel()
		if _, ok := wait(15 * time.Second); !ok {
			t.Error("run did not stop")
		}
	})
	return wait, &stderr
}

// waitConnected waits until run has opened the gateway (or has ended):
// the bound of waitRunError then counts from the fatal close, not from
// loading the knowledge base, which trains its classifier first and
// under -race on a loaded machine can take longer than that bound.
func waitConnected(t *testing.T, srv *discordtest.Server, wait func(time.Duration) (error, bool)) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for srv.Connections() == 0 {
		if _, done := wait(20 * time.Millisecond); done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("run did not open the gateway within 2 minutes")
		}
	}
}

// waitRunError waits for run to fail.
func waitRunError(t *testing.T, wait func(time.Duration) (error, bool)) error {
	t.Helper()
	err, ok := wait(10 * time.Second)
	if !ok {
		t.Fatal("run still running 10s after a fatal close: a retry loop?")
	}
	if err == nil {
		t.Fatal("run returned nil, want an error")
	}
	return err
}

// TestRunBotFatalClose: when Discord closes the gateway with a code after
// which reconnecting cannot help, at connection or later, "faqbot run"
// exits at once with a non-zero status and an error that says what to
// fix, without connecting again.
func TestRunBotFatalClose(t *testing.T) {
	const token = "runbot-secret-token"
	if err := bot.SetAPIBase(discordtest.APIBase()); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, err error, srv *discordtest.Server, code int, want string) {
		t.Helper()
		msg := err.Error()
		if !strings.Contains(msg, fmt.Sprint(code)) || !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %d or %q", msg, code, want)
		}
		if got := exitCode(err); got != exitGatewayRefused {
			t.Errorf("exit status %d, want %d", got, exitGatewayRefused)
		}
		if n := srv.Connections(); n != 1 {
			t.Errorf("%d gateway connections, want 1: no retry", n)
		}
	}

	t.Run("bad token at connection", func(t *testing.T) {
		srv := discordtest.New(t, discordtest.WithToken(token))
		wait, stderr := startRun(t, "not-the-token")
		waitConnected(t, srv, wait)
		err := waitRunError(t, wait)
		check(t, err, srv, 4004, "DISCORD_TOKEN")
		if strings.Contains(stderr.String(), "not-the-token") {
			t.Errorf("the token is in the logs")
		}
	})

	for code, want := range map[int]string{
		4004: "DISCORD_TOKEN",
		4010: "discord.shard_id",
		4011: "discord.shard_count",
		4012: "discord.api_url",
		4013: "report it as a bug",
		4014: "Privileged Gateway Intents",
	} {
		t.Run(fmt.Sprintf("%d after connecting", code), func(t *testing.T) {
			srv := discordtest.New(t, discordtest.WithToken(token))
			wait, stderr := startRun(t, token)
			srv.WaitReady(t)
			srv.WaitFor(t, discordtest.Route("PUT", "/applications/*/commands"), 5*time.Second)
			srv.CloseGateway(code)
			err := waitRunError(t, wait)
			check(t, err, srv, code, want)
			if !strings.Contains(stderr.String(), `"gateway closed for good"`) {
				t.Errorf("the close was not logged:\n%s", stderr.String())
			}
		})
	}
}
