package bot

import (
	"net/url"
	"strings"
	"testing"
)

func TestRewriteHead(t *testing.T) {
	req := "GET /gateway/3/?v=10&encoding=json HTTP/1.1\r\nHost: gateway.discord.gg\r\nUser-Agent: Go-http-client/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Key: abc==\r\n\r\n"
	tests := []struct {
		to, wantLine, wantHost string
	}{
		{"wss://gateway-us-east1-b.discord.gg", "GET /?encoding=json&v=10 HTTP/1.1", "Host: gateway-us-east1-b.discord.gg"},
		{"ws://127.0.0.1:4567", "GET /?encoding=json&v=10 HTTP/1.1", "Host: 127.0.0.1:4567"},
		{"wss://node.discord.gg/resume?compress=zlib-stream&v=9", "GET /resume?compress=zlib-stream&encoding=json&v=10 HTTP/1.1", "Host: node.discord.gg"},
	}
	for _, tc := range tests {
		to, err := url.Parse(tc.to)
		if err != nil {
			t.Fatal(err)
		}
		// Written in pieces, as a writer may: nothing leaves until the head
		// is whole.
		h := &headRewrite{to: to}
		var out []byte
		for i, piece := range []string{req[:10], req[10:40], req[40:], `{"op":2}`} {
			got := h.rewrite([]byte(piece))
			if i < 2 && len(got) != 0 {
				t.Fatalf("%s: %q left before the head was whole", tc.to, got)
			}
			out = append(out, got...)
		}
		lines := strings.Split(string(out), "\r\n")
		if lines[0] != tc.wantLine || lines[1] != tc.wantHost {
			t.Errorf("%s: request starts %q %q, want %q %q", tc.to, lines[0], lines[1], tc.wantLine, tc.wantHost)
		}
		if !strings.Contains(string(out), "\r\nSec-WebSocket-Key: abc==\r\n\r\n{\"op\":2}") {
			t.Errorf("%s: the rest of the request changed: %q", tc.to, out)
		}
	}
}
