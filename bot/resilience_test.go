package bot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// frame builds a server frame (unmasked unless mask is set).
func frame(op byte, payload []byte, mask bool) []byte {
	out := []byte{0x80 | op}
	b1 := byte(0)
	if mask {
		b1 = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		out = append(out, b1|byte(n))
	case n <= 0xffff:
		out = append(out, b1|126)
		out = binary.BigEndian.AppendUint16(out, uint16(n))
	default:
		out = append(out, b1|127)
		out = binary.BigEndian.AppendUint64(out, uint64(n))
	}
	if !mask {
		return append(out, payload...)
	}
	key := [4]byte{0x12, 0x34, 0x56, 0x78}
	out = append(out, key[:]...)
	for i, c := range payload {
		out = append(out, c^key[i%4])
	}
	return out
}

func closePayload(code int, reason string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, uint16(code)), reason...)
}

func TestFrameParserFindsCloseCode(t *testing.T) {
	head := []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	hello := []byte(`{"op":10,"d":{"heartbeat_interval":41250}}`)
	big := []byte(strings.Repeat("x", 70000)) // 64-bit length
	mid := []byte(strings.Repeat("y", 300))   // 16-bit length
	tests := []struct {
		name       string
		stream     []byte
		wantCode   int
		wantReason string
	}{
		{"close 4004", concat(head, frame(1, hello, false), frame(8, closePayload(4004, "Authentication failed."), false)), 4004, "Authentication failed."},
		{"after long frames", concat(head, frame(2, big, false), frame(1, mid, false), frame(9, nil, false), frame(8, closePayload(4014, "Disallowed intent(s)."), false)), 4014, "Disallowed intent(s)."},
		{"masked", concat(head, frame(8, closePayload(4010, "Invalid shard."), true)), 4010, "Invalid shard."},
		{"no status", concat(head, frame(8, nil, false)), websocket.CloseNoStatusReceived, ""},
		{"crlf look-alikes in the head", concat([]byte("HTTP/1.1 101 OK\r\nX: a\r\r\n\r\n"), frame(8, closePayload(1000, ""), false)), 1000, ""},
	}
	for _, tc := range tests {
		for _, chunk := range []int{1, 2, 3, 7, 4096, len(tc.stream)} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, chunk), func(t *testing.T) {
				var calls []string
				p := frameParser{onClose: func(code int, reason string) { calls = append(calls, fmt.Sprintf("%d %s", code, reason)) }}
				for b := tc.stream; len(b) > 0; {
					n := min(chunk, len(b))
					p.feed(b[:n])
					b = b[n:]
				}
				p.feed(frame(8, closePayload(4000, "later"), false)) // only the first counts
				want := fmt.Sprintf("%d %s", tc.wantCode, tc.wantReason)
				if len(calls) != 1 || calls[0] != want {
					t.Errorf("onClose calls = %q, want [%q]", calls, want)
				}
			})
		}
	}
}

func concat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

// TestCloseFilter: while the bot runs, a close it sends with 1000 or 1001
// (which would end the session on Discord) leaves as resumableClose, and
// nothing else changes; once it is stopping, 1000 leaves as 1000.
func TestCloseFilter(t *testing.T) {
	req := []byte("GET /?v=10&encoding=json HTTP/1.1\r\nHost: gateway.discord.gg\r\nUpgrade: websocket\r\n\r\n")
	identify := []byte(`{"op":2,"d":{"token":"x","note":"\x88\x82 looks like a close header"}}`)
	tests := []struct {
		name     string
		code     int
		stopping bool
		want     int
	}{
		{"1000 while running", 1000, false, resumableClose},
		{"1001 while running", 1001, false, resumableClose},
		{"1000 when stopping", 1000, true, 1000},
		{"1012 (opcode 7)", 1012, false, 1012},
		{"4000", 4000, false, 4000},
	}
	for _, tc := range tests {
		for _, chunk := range []int{1, 5, 4096} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, chunk), func(t *testing.T) {
				stream := concat(req, frame(1, identify, true), frame(9, nil, true), frame(8, closePayload(tc.code, "bye"), true))
				orig := append([]byte(nil), stream...)
				f := closeFilter{final: func() bool { return tc.stopping }}
				var out []byte
				for b := stream; len(b) > 0; {
					// A close frame is written whole: never cut inside it.
					n := min(chunk, len(b))
					if rest := len(b) - n; rest > 0 && rest < len(frame(8, closePayload(tc.code, "bye"), true)) {
						n = len(b)
					}
					out = append(out, f.filter(b[:n])...)
					b = b[n:]
				}
				if !bytes.Equal(stream, orig) {
					t.Fatal("the filter changed the caller's bytes")
				}
				var got []string
				p := frameParser{onClose: func(code int, reason string) { got = append(got, fmt.Sprintf("%d %s", code, reason)) }}
				p.feed([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n"))
				p.feed(out[len(req):])
				if want := fmt.Sprintf("%d bye", tc.want); len(got) != 1 || got[0] != want {
					t.Errorf("close sent as %q, want %q", got, want)
				}
				if n := len(out) - len(frame(8, closePayload(tc.code, "bye"), true)); !bytes.Equal(out[:n], orig[:n]) {
					t.Errorf("bytes before the close frame changed")
				}
			})
		}
	}
}

func TestGatewayErrorAdvice(t *testing.T) {
	for code, want := range map[int]string{
		4004: "DISCORD_TOKEN", 4010: "shard_id", 4011: "shard_count", 4012: "api_url", 4013: "bug", 4014: "Privileged Gateway Intents",
	} {
		err := asGatewayError(fmt.Errorf("wrapped: %w", &websocket.CloseError{Code: code, Text: "reason"}))
		if err == nil {
			t.Fatalf("%d: not fatal", code)
		}
		msg := err.Error()
		if !strings.Contains(msg, want) || !strings.Contains(msg, fmt.Sprint(code)) || !strings.Contains(msg, "not reconnecting") {
			t.Errorf("%d: %q lacks %q, the code or \"not reconnecting\"", code, msg, want)
		}
	}
	for _, code := range []int{1000, 1001, 1006, 4000, 4001, 4002, 4003, 4005, 4007, 4008, 4009} {
		if asGatewayError(&websocket.CloseError{Code: code}) != nil {
			t.Errorf("%d counted as fatal", code)
		}
	}
	if asGatewayError(errors.New("dial tcp: refused")) != nil {
		t.Errorf("a network error counted as fatal")
	}
}

func TestRetryable(t *testing.T) {
	restErr := func(status, code int) error {
		return &discordgo.RESTError{
			Response: &http.Response{StatusCode: status, Status: fmt.Sprint(status)},
			Message:  &discordgo.APIErrorMessage{Code: code},
		}
	}
	info := func(attempts, status int) *attemptInfo { return &attemptInfo{attempts: attempts, status: status} }
	refused := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	tests := []struct {
		name       string
		err        error
		info       *attemptInfo
		idempotent bool
		want       bool
	}{
		{"500 idempotent", restErr(500, 0), info(1, 500), true, true},
		{"503 not idempotent", restErr(503, 0), info(1, 503), false, false},
		{"502 after discordgo", errors.New("Exceeded Max retries HTTP 502 Bad Gateway"), info(1, 502), true, true},
		{"timeout idempotent", errors.New("context deadline exceeded"), info(1, 0), true, true},
		{"timeout not idempotent", errors.New("context deadline exceeded"), info(1, 0), false, false},
		{"refused, not idempotent", fmt.Errorf("post: %w", refused), info(1, 0), false, true},
		{"429 after the pacer", errors.New("rate limited"), info(6, 429), true, false},
		{"400", restErr(400, 50035), info(1, 400), true, false},
		{"unknown interaction", restErr(404, 10062), info(1, 404), true, false},
		{"never sent", errors.New("json: unsupported value"), info(0, 0), true, false},
	}
	for _, tc := range tests {
		if got := classify(tc.err, tc.info).retryable(tc.idempotent); got != tc.want {
			t.Errorf("%s: retryable = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The status reaches the metrics even when discordgo's error lacks it.
	var re *discordgo.RESTError
	if err := classify(errors.New("Exceeded Max retries HTTP 502"), info(1, 502)).error(); !errors.As(err, &re) || re.Response.StatusCode != 502 {
		t.Errorf("error() = %v, want a RESTError with 502", err)
	}
}

func TestBackoff(t *testing.T) {
	for n := 1; n <= 10; n++ {
		for range 50 {
			d := backoff(100*time.Millisecond, time.Second, n)
			ceil := min(100*time.Millisecond<<(n-1), time.Second)
			if d < ceil/2 || d > ceil {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, ceil/2, ceil)
			}
		}
	}
}

func TestNonceAndBuckets(t *testing.T) {
	ref := &discordgo.MessageSend{Reference: &discordgo.MessageReference{MessageID: "12345678901234567890"}}
	if got := nonceFor(ref); got != "r12345678901234567890" {
		t.Errorf("reply nonce = %q", got)
	}
	a, b := nonceFor(&discordgo.MessageSend{}), nonceFor(&discordgo.MessageSend{})
	if a == b || len(a) > 25 || len(b) > 25 {
		t.Errorf("random nonces %q, %q", a, b)
	}
	seen := map[string]bool{}
	for i := range 10000 {
		seen[shardBucket("interaction", fmt.Sprint(1_000_000_000_000+i))] = true
	}
	if len(seen) != restShards {
		t.Errorf("%d buckets for 10000 interactions, want %d", len(seen), restShards)
	}
}
