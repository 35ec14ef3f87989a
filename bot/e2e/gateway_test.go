package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// After a RESUME the local Discord replays what the bot missed before
// RESUMED, as Discord does; discordgo v0.29.0 then logs the first replayed
// event whole at warning level ("Expected READY/RESUMED, instead got"),
// which is a member's message with their id. Nothing of it may reach the
// log: not the text, not the id.
func TestResumeReplayLogsNoPayload(t *testing.T) {
	h := start(t, nil)
	from := logs.Len()
	const (
		text = "replay canary: my partner is not waking up after using"
		user = "1200000000000000777"
	)
	// Hold the RESUME so the message is dispatched while the bot is away,
	// and so replayed.
	h.srv.HoldResume(true)
	h.srv.CloseGateway(4000)
	h.srv.WaitFrame(t, func(f discordtest.Frame) bool { return f.Op == 6 }, wait)
	um := h.srv.SendMessageCreate(h.srv.UserMessage(discordtest.Ctx{UserID: user}, botMention(h)+" "+text))
	h.srv.HoldResume(false)
	h.srv.WaitReady(t)
	if m := decodeMsg(t, h.nextPost(t, 0)); m.MessageReference == nil || m.MessageReference.MessageID != um.ID {
		t.Fatalf("the replayed message was not answered: %+v", m)
	}

	out := logs.since(from)
	if !strings.Contains(out, "Expected READY/RESUMED") {
		t.Fatalf("discordgo did not log the replayed event: the test no longer covers the case\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if containsAny(line, user) {
			t.Errorf("a log line holds the member's id: %.300s", line)
		}
		if containsAny(line, "replay canary") && (strings.Contains(line, `"discordgo`) || !strings.Contains(line, `"level":"debug"`)) {
			t.Errorf("a log line above debug, or from discordgo, holds the message text: %.300s", line)
		}
	}
}

// containsAny reports whether line holds s as text or as the bytes Go
// prints for a []byte with %#v (0x31, 0x32, …), as discordgo's %#v of an
// event prints its raw data.
func containsAny(line, s string) bool {
	goBytes := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%#v", []byte(s)), "[]byte{"), "}")
	return strings.Contains(line, s) || strings.Contains(line, goBytes)
}
