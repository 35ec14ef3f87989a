package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine running: "faqbot
// run" must stop everything it started (the bot, discordgo's session, the
// ops listener, the folder watcher) before it returns.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
