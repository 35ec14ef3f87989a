package bot

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// DiscordgoLogger returns a function for discordgo.Logger that writes
// discordgo's own log lines to lg, through a filter: no line carries a
// gateway payload, a message's text or anyone's id.
//
//   - Debug lines are dropped: at that level discordgo prints whole gateway
//     payloads, the IDENTIFY with the token included (wsapi.go).
//   - Of the other lines' arguments, only numbers, durations, times, errors
//     and short plain strings (a URL, an event type) are kept. Payloads are
//     replaced by their size: discordgo v0.29.0 prints, at warning level,
//     the first event after a RESUME whole ("Expected READY/RESUMED,
//     instead got: %#v"), which after a replay is a member's message with
//     their id, and unknown events and opcodes with their data.
//   - Snowflakes (Discord ids: user, message, channel, interaction) become
//     "[id]", long tokens (an interaction token in a URL) "[token]", and
//     any of secrets "[redacted]".
//   - A line is cut to maxLogLine bytes.
//
// Set discordgo.Logger once, in run, before opening a session.
func DiscordgoLogger(lg *zap.Logger, secrets ...string) func(msgL, caller int, format string, a ...any) {
	var pairs []string
	for _, s := range secrets {
		if s != "" {
			pairs = append(pairs, s, "[redacted]")
		}
	}
	redact := strings.NewReplacer(pairs...)
	return func(msgL, caller int, format string, a ...any) {
		if msgL >= discordgo.LogDebug {
			return
		}
		text := filterLine(redact, format, a)
		switch msgL {
		case discordgo.LogError:
			lg.Error("discordgo", zap.String("detail", text))
		case discordgo.LogWarning:
			lg.Warn("discordgo", zap.String("detail", text))
		default:
			lg.Info("discordgo", zap.String("detail", text))
		}
	}
}

// maxLogLine bounds one line from discordgo.
const maxLogLine = 500

// maxLogString is the longest string argument kept as it is.
const maxLogString = 200

var (
	// snowflakeRE matches Discord ids: 17 to 20 digits (15 and up, to be
	// safe with early ids), not inside a longer word.
	snowflakeRE = regexp.MustCompile(`\b[0-9]{15,20}\b`)
	// tokenRE matches long runs of token characters: interaction and
	// webhook tokens in URLs, and bot tokens' parts.
	tokenRE = regexp.MustCompile(`[A-Za-z0-9_\-]{40,}`)
)

// filterLine formats one discordgo line with its arguments made safe.
func filterLine(redact *strings.Replacer, format string, a []any) string {
	args := make([]any, len(a))
	for i, v := range a {
		args[i] = safeArg(redact, v)
	}
	text := fmt.Sprintf(strings.TrimSpace(format), args...)
	text = redact.Replace(text)
	text = tokenRE.ReplaceAllString(text, "[token]")
	text = snowflakeRE.ReplaceAllString(text, "[id]")
	text = strings.Join(strings.Fields(text), " ") // one line
	return cutBytes(text, maxLogLine)
}

// cutBytes cuts s to at most n bytes, on a rune boundary, marking the cut.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// safeArg returns v if it cannot carry a payload, or a stand-in saying
// what was dropped.
func safeArg(redact *strings.Replacer, v any) any {
	switch x := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64,
		time.Duration, time.Time:
		return x
	case error:
		// Errors name what failed (a URL, a close code, a JSON field);
		// a REST error also quotes Discord's JSON answer, which is cut.
		msg := x.Error()
		if i := strings.IndexAny(msg, "{[\""); i >= 0 {
			msg = strings.TrimSpace(msg[:i]) + " " + dropped(len(msg)-i)
		}
		msg = redact.Replace(msg) // before cutting, which could split a secret
		return cutBytes(msg, maxLogString)
	case string:
		return plainString(x)
	case []byte:
		return dropped(len(x))
	}
	return fmt.Sprintf("[%T dropped]", v)
}

// plainString keeps a short string that does not look like JSON.
func plainString(s string) string {
	if len(s) > maxLogString || strings.ContainsAny(s, "{}[]\"") {
		return dropped(len(s))
	}
	return s
}

func dropped(n int) string { return fmt.Sprintf("[payload dropped, %d bytes]", n) }
