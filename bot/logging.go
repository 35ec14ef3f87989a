package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// DiscordgoLogger returns a function for discordgo.Logger that writes
// discordgo's own log lines to lg. Debug lines are dropped: at that level
// discordgo prints whole gateway payloads, the IDENTIFY with the token
// included (wsapi.go). Any secret still found in a line is replaced by
// "[redacted]". Set discordgo.Logger once, in run, before opening a session.
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
		text := redact.Replace(fmt.Sprintf(format, a...))
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
