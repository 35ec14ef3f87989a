package discordtest_test

import (
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// TestEnforceNonce: as on Discord, a message created with a nonce and
// enforce_nonce is returned, not created again, when the same nonce comes
// back; without enforce_nonce, or with another nonce, a new one is made.
func TestEnforceNonce(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	post := func(body map[string]any) (string, string) {
		t.Helper()
		b, err := dg.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(discordtest.DefaultChannelID), body, "")
		if err != nil {
			t.Fatalf("POST %v: %v", body, err)
		}
		var m struct {
			ID    string `json:"id"`
			Nonce string `json:"nonce"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m.ID, m.Nonce
	}
	first, nonce := post(map[string]any{"content": "hello", "nonce": "r123", "enforce_nonce": true})
	if nonce != "r123" {
		t.Errorf("nonce = %q, want r123", nonce)
	}
	if again, _ := post(map[string]any{"content": "hello", "nonce": "r123", "enforce_nonce": true}); again != first {
		t.Errorf("repeat with enforce_nonce created %s, want %s returned", again, first)
	}
	if other, _ := post(map[string]any{"content": "hello", "nonce": "r124", "enforce_nonce": true}); other == first {
		t.Errorf("another nonce returned the first message")
	}
	if loose, _ := post(map[string]any{"content": "hello", "nonce": "r123"}); loose == first {
		t.Errorf("without enforce_nonce the first message was returned")
	}
	if got := len(srv.Messages(discordtest.DefaultChannelID)); got != 3 {
		t.Errorf("channel has %d messages, want 3", got)
	}
	_, err = dg.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(discordtest.DefaultChannelID),
		map[string]any{"content": "x", "nonce": "12345678901234567890123456"}, "")
	if err == nil {
		t.Errorf("a 26-character nonce was accepted")
	}
}
