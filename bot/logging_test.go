package bot

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestDiscordgoLoggerFilters feeds the filter discordgo v0.29.0's own log
// calls that carry payloads (wsapi.go, restapi.go) with what they print,
// and checks what reaches the log.
func TestDiscordgoLoggerFilters(t *testing.T) {
	const (
		secret   = "MTIzNDU2.bot-token-part.XYZ"
		text     = "my husband took too many pills"
		userID   = "1200000000000000300"
		ixnToken = "aW50ZXJhY3Rpb246MTIwMDAwMDAwMDAwMDAwMDQwMDpzZWNyZXQtdG9rZW4tZm9yLXRoaXMtaW50ZXJhY3Rpb24"
	)
	raw := json.RawMessage(`{"id":"1200000000000000901","channel_id":"1200000000000000200","content":"` + text + `","author":{"id":"` + userID + `","username":"tester"}}`)
	frame := `{"op":0,"s":7,"t":"MESSAGE_CREATE","d":` + string(raw) + `}`
	ev := &discordgo.Event{Operation: 0, Sequence: 7, Type: "MESSAGE_CREATE", RawData: raw,
		Struct: &discordgo.MessageCreate{Message: &discordgo.Message{Content: text, Author: &discordgo.User{ID: userID}}}}
	tests := []struct {
		name   string
		level  int
		format string
		args   []any
		keep   []string // must be in the line
	}{
		{"first event after resume", discordgo.LogWarning, "Expected READY/RESUMED, instead got:\n%#v\n", []any{ev}, []string{"Expected READY/RESUMED", "dropped"}},
		{"unknown op", discordgo.LogWarning, "unknown Op: %d, Seq: %d, Type: %s, Data: %s, message: %s", []any{42, int64(7), "MESSAGE_CREATE", string(raw), frame}, []string{"unknown Op: 42, Seq: 7, Type: MESSAGE_CREATE", "payload dropped"}},
		{"unknown event", discordgo.LogWarning, "unknown event: Op: %d, Seq: %d, Type: %s, Data: %s", []any{0, int64(7), "NEW_THING", string(raw)}, []string{"Type: NEW_THING"}},
		{"read error", discordgo.LogWarning, "error reading from gateway %s websocket, %s", []any{"wss://gateway.discord.gg?v=10&encoding=json", errors.New("websocket: close 4000 (Unknown error.)")}, []string{"wss://gateway.discord.gg?v=10&encoding=json", "close 4000"}},
		{"rest retry", discordgo.LogInformational, "%s Failed (%s), Retrying...", []any{"https://discord.com/api/v10/webhooks/1200000000000000001/" + ixnToken + "/messages/@original", "502 Bad Gateway"}, []string{"/webhooks/[id]/[token]/messages/@original", "502 Bad Gateway"}},
		{"rest error body", discordgo.LogError, "error: %s", []any{errors.New(`HTTP 400 Bad Request, {"message": "` + text + `", "code": 50035}`)}, []string{"HTTP 400 Bad Request", "payload dropped"}},
		{"token in an error", discordgo.LogError, "error sending identify packet to gateway %s, %s", []any{"wss://gateway.discord.gg", errors.New("write Bot " + secret + ": broken pipe")}, []string{"[redacted]"}},
		{"heartbeat", discordgo.LogError, "haven't gotten a heartbeat ACK in %v, triggering a reconnection", []any{3 * time.Second}, []string{"3s"}},
		{"debug", discordgo.LogDebug, "Op: %d, Seq: %d, Type: %s, Data: %s\n\n", []any{0, int64(7), "MESSAGE_CREATE", string(raw)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			core, logs := observer.New(zapcore.DebugLevel)
			DiscordgoLogger(zap.New(core), secret)(tc.level, 2, tc.format, tc.args...)
			entries := logs.All()
			if tc.level == discordgo.LogDebug {
				if len(entries) != 0 {
					t.Fatalf("a debug line was logged: %v", entries)
				}
				return
			}
			if len(entries) != 1 {
				t.Fatalf("logged %d lines, want 1", len(entries))
			}
			line := entries[0].ContextMap()["detail"].(string)
			for _, leak := range []string{text, userID, "1200000000000000901", secret, "bot-token-part", ixnToken} {
				if strings.Contains(line, leak) {
					t.Errorf("line %q contains %q", line, leak)
				}
			}
			for _, want := range tc.keep {
				if !strings.Contains(line, want) {
					t.Errorf("line %q lacks %q", line, want)
				}
			}
			if len(line) > maxLogLine+len("…") || strings.Contains(line, "\n") {
				t.Errorf("line is %d bytes or has a newline: %q", len(line), line)
			}
		})
	}
}
