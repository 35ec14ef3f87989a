// Package config holds faqbot's settings: their defaults, a YAML file a
// moderator can edit, environment overrides for containers, and the checks
// that run before the bot starts.
//
// Every setting has a YAML path such as discord.api_url and an environment
// variable named FAQBOT_ plus that path in upper case with "_" for "."
// (FAQBOT_DISCORD_API_URL). [Load] applies defaults, then the file, then the
// environment, and reports every problem it finds at once.
//
// The Discord bot token is the one exception: it never comes from the file.
// It is read from DISCORD_TOKEN or from the file named by DISCORD_TOKEN_FILE
// and held as a [Secret], which prints as "[redacted]".
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/faqbot/faqbot/knowledge"
	"maps"
	"net"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap/zapcore"
)

// Names of the environment variables that carry the Discord bot token.
// They are the only way to give faqbot its token.
const (
	EnvToken     = "DISCORD_TOKEN"
	EnvTokenFile = "DISCORD_TOKEN_FILE"
)

// EnvPrefix starts the name of every setting's environment variable.
const EnvPrefix = "FAQBOT_"

// Values of [Commands.Scope].
const (
	ScopeGlobal = "global" // slash commands registered for every guild the bot is in
	ScopeGuild  = "guild"  // slash commands registered only in [Commands.Guilds]
)

// Config is faqbot's complete configuration. The zero value is not useful;
// start from [Default] or [Load].
//
// Config is a plain value: copy it freely. Printing it with fmt, encoding
// it as JSON or YAML, or logging it with zap never shows the token.
type Config struct {
	Knowledge Knowledge `yaml:"knowledge" json:"knowledge"`
	Answer    Answer    `yaml:"answer" json:"answer"`
	Discord   Discord   `yaml:"discord" json:"discord"`
	Log       Log       `yaml:"log" json:"log"`
	Ops       Ops       `yaml:"ops" json:"ops"`
	Store     Store     `yaml:"store" json:"store"`

	// Token is the Discord bot token, without the "Bot " prefix. Load reads
	// it from DISCORD_TOKEN or DISCORD_TOKEN_FILE only; it is empty when
	// neither is set. See [Config.RequireToken].
	Token Secret `yaml:"-" json:"-"`
}

// Knowledge says where the knowledge base comes from.
type Knowledge struct {
	// Dir is a folder of Markdown entries that replaces the knowledge base
	// compiled into the binary. The default, "", uses the embedded one.
	Dir string `yaml:"dir" json:"dir"`
	// Watch reloads the knowledge base when a file in Dir changes.
	// It has no effect on the embedded knowledge base. The default is true.
	Watch bool `yaml:"watch" json:"watch"`
	// ReviewPeriod is how long an entry's "reviewed" date stays current;
	// older entries are reported as due for review. The default is 8760h
	// (12 months).
	ReviewPeriod time.Duration `yaml:"review_period" json:"review_period"`
	// MaxFileSize is the largest entry file that is loaded; bigger files
	// are reported as problems. The default is 256KiB.
	MaxFileSize ByteSize `yaml:"max_file_size" json:"max_file_size"`
}

// Answer tunes how questions are matched and what every answer carries.
type Answer struct {
	// Disclaimer is the fixed footer under every answer. It must not be
	// empty. The default is [DefaultDisclaimer].
	Disclaimer string `yaml:"disclaimer" json:"disclaimer"`
	// Threshold is the lowest confidence (0 to 1: the confidence model's
	// estimate that the best entry answers the question) at which it is
	// given as the answer. The default is [knowledge.DefaultThreshold].
	Threshold float64 `yaml:"threshold" json:"threshold"`
	// SuggestThreshold is the lowest confidence (0 to 1) at which entries are
	// offered as suggestions when none reaches Threshold. It must not be
	// above Threshold. The default is [knowledge.DefaultSuggestThreshold].
	SuggestThreshold float64 `yaml:"suggest_threshold" json:"suggest_threshold"`
	// Margin is how far (0 to 1) the best entry must score above the
	// runner-up to be given as the answer; closer calls become suggestions.
	// The default is [knowledge.DefaultMargin].
	Margin float64 `yaml:"margin" json:"margin"`
}

// DefaultDisclaimer is the default [Answer.Disclaimer].
const DefaultDisclaimer = knowledge.DefaultDisclaimer

// maxDisclaimer bounds [Answer.Disclaimer] so that an answer, its sources and
// the footer still fit in one 2000-character Discord message.
const maxDisclaimer = 500

// Discord holds the settings for talking to Discord.
type Discord struct {
	// APIURL is the base URL of Discord's REST API, ending in "/". Point it
	// at a REST proxy to share one rate limit among several processes.
	// The default is "https://discord.com/api/v10/".
	APIURL string `yaml:"api_url" json:"api_url"`
	// Ephemeral makes answers visible only to the person who asked,
	// except where PublicChannels says otherwise. The default is true.
	Ephemeral bool `yaml:"ephemeral" json:"ephemeral"`
	// PublicChannels lists channel or server (guild) ids where answers are
	// visible to everyone even though Ephemeral is true.
	PublicChannels []string `yaml:"public_channels" json:"public_channels"`
	// PrivateChannels lists channel or server (guild) ids where answers are
	// visible only to the asker even though Ephemeral is false.
	PrivateChannels []string `yaml:"private_channels" json:"private_channels"`
	// AllowedGuilds lists the server ids the bot answers in.
	// Empty, the default, means every server the bot has been added to.
	AllowedGuilds []string `yaml:"allowed_guilds" json:"allowed_guilds"`
	// AllowedChannels lists the channel ids the bot answers in.
	// Empty, the default, means every channel.
	AllowedChannels []string `yaml:"allowed_channels" json:"allowed_channels"`
	// ModeratorRoles lists the role ids allowed to use moderator commands
	// such as reloading the knowledge base.
	ModeratorRoles []string `yaml:"moderator_roles" json:"moderator_roles"`
	// ModeratorChannel is the channel id that receives knowledge base reload
	// problems and, if CrisisAlerts is true, crisis alerts. "" means none.
	ModeratorChannel string `yaml:"moderator_channel" json:"moderator_channel"`
	// CrisisAlerts posts a notice to ModeratorChannel when someone gets the
	// crisis reply. It requires ModeratorChannel. The default is false.
	CrisisAlerts bool `yaml:"crisis_alerts" json:"crisis_alerts"`
	// SuggestEdits puts a "Suggest an edit" button under answers; members'
	// suggestions go to ModeratorChannel, without who sent them. It does
	// nothing without ModeratorChannel. The default is true.
	SuggestEdits bool `yaml:"suggest_edits" json:"suggest_edits"`
	// Forum configures answering new posts in help forums.
	Forum Forum `yaml:"forum" json:"forum"`
	// Commands says where slash commands are registered.
	Commands Commands `yaml:"commands" json:"commands"`
	// ShardID is this process's shard, from 0 to ShardCount-1. The default is 0.
	ShardID int `yaml:"shard_id" json:"shard_id"`
	// ShardCount is the total number of shards. Discord requires sharding
	// from 2,500 servers per shard on. The default is 1.
	ShardCount int `yaml:"shard_count" json:"shard_count"`
	// RateLimit bounds how many questions one person can ask.
	RateLimit RateLimit `yaml:"rate_limit" json:"rate_limit"`
}

// Forum configures the help-forum auto-answer: when a member opens a post
// in one of Channels, the bot matches its title (and tags) and, when an
// entry answers it confidently, replies in the post with that answer and
// Solved / Not what I asked buttons. Otherwise it stays quiet, or, with
// Suggestions, offers "Did you mean…". A title about a crisis gets the
// crisis reply at once. The zero value answers in no forum.
type Forum struct {
	// Channels lists the forum channel ids whose new posts the bot
	// answers. They are answered even when not in AllowedChannels (a
	// post is a channel of its own); AllowedGuilds still applies. The
	// default is none.
	Channels []string `yaml:"channels" json:"channels"`
	// Suggestions posts "Did you mean…" buttons on a post no entry
	// answers confidently but some come close. The default is false:
	// the bot stays quiet and leaves the post to people.
	Suggestions bool `yaml:"suggestions" json:"suggestions"`
}

// Commands says where slash commands are registered.
type Commands struct {
	// Scope is [ScopeGlobal] (the default) or [ScopeGuild].
	Scope string `yaml:"scope" json:"scope"`
	// Guilds lists the server ids to register in when Scope is "guild".
	Guilds []string `yaml:"guilds" json:"guilds"`
}

// RateLimit allows each person Questions questions in any window of Per.
type RateLimit struct {
	// Questions is the number of questions allowed per window. The default is 5.
	Questions int `yaml:"questions" json:"questions"`
	// Per is the length of the window. The default is 30s.
	Per time.Duration `yaml:"per" json:"per"`
}

// Log configures the process log.
type Log struct {
	// Level is debug, info (the default), warn or error. Question text is
	// only logged at debug.
	Level string `yaml:"level" json:"level"`
	// Format is json (the default) or console.
	Format string `yaml:"format" json:"format"`
}

// Ops configures the operations HTTP server (health checks and metrics).
type Ops struct {
	// Addr is the host:port to listen on, such as ":8080" or
	// "127.0.0.1:8080". The default, "", turns the server off.
	Addr string `yaml:"addr" json:"addr"`
}

// Store configures the database of feedback and usage counts.
type Store struct {
	// Enabled turns the database on. The default is true.
	Enabled bool `yaml:"enabled" json:"enabled"`
	// Path is the database file. The default is "faqbot.db".
	Path string `yaml:"path" json:"path"`
	// Retention is how long records are kept. The default is 2160h (90 days).
	Retention time.Duration `yaml:"retention" json:"retention"`
	// SaltFile names a file holding the salt used to hash user ids.
	// The default, "", generates a salt and keeps it in the database.
	SaltFile string `yaml:"salt_file" json:"salt_file"`
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Knowledge: Knowledge{
			Watch:        true,
			ReviewPeriod: 365 * 24 * time.Hour,
			MaxFileSize:  256 * KiB,
		},
		Answer: Answer{
			Disclaimer:       DefaultDisclaimer,
			Threshold:        knowledge.DefaultThreshold,
			SuggestThreshold: knowledge.DefaultSuggestThreshold,
			Margin:           knowledge.DefaultMargin,
		},
		Discord: Discord{
			APIURL:       "https://discord.com/api/v10/",
			Ephemeral:    true,
			SuggestEdits: true,
			Commands:     Commands{Scope: ScopeGlobal},
			ShardCount:   1,
			RateLimit:    RateLimit{Questions: 5, Per: 30 * time.Second},
		},
		Log:   Log{Level: "info", Format: "json"},
		Store: Store{Enabled: true, Path: "faqbot.db", Retention: 90 * 24 * time.Hour},
	}
}

// Load builds the configuration: [Default], then the YAML file at path (if
// path is not ""), then the FAQBOT_ environment variables, then the token
// from DISCORD_TOKEN or DISCORD_TOKEN_FILE. getenv is typically os.Getenv;
// an empty variable counts as unset. Finally it runs [Config.Validate].
//
// The error lists every problem found, each naming the setting and, for the
// file, the line. On error Load returns the zero Config.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	var errs []error
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return Config{}, fmt.Errorf("read config: %w", err)
		}
		errs = append(errs, decodeYAML(&c, path, data)...)
	}
	errs = append(errs, applyEnv(&c, getenv)...)
	tok, err := readToken(getenv)
	if err != nil {
		errs = append(errs, err)
	}
	c.Token = tok
	if c.Discord.APIURL != "" && !strings.HasSuffix(c.Discord.APIURL, "/") {
		// Callers join endpoint paths onto the base URL.
		c.Discord.APIURL += "/"
	}
	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	return c, nil
}

// readToken reads the bot token from DISCORD_TOKEN or DISCORD_TOKEN_FILE.
// Errors never contain the token.
func readToken(getenv func(string) string) (Secret, error) {
	tok, file := getenv(EnvToken), getenv(EnvTokenFile)
	switch {
	case tok != "" && file != "":
		return "", fmt.Errorf("%s and %s are both set: set only one", EnvToken, EnvTokenFile)
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("%s: %w", EnvTokenFile, err)
		}
		tok = strings.TrimSpace(string(data))
		if tok == "" {
			return "", fmt.Errorf("%s: file %s is empty", EnvTokenFile, file)
		}
		if strings.ContainsAny(tok, " \t\r\n") {
			return "", fmt.Errorf("%s: file %s must hold only the bot token (no spaces, no \"Bot \" prefix)", EnvTokenFile, file)
		}
	case tok != "":
		tok = strings.TrimSpace(tok)
		if strings.ContainsAny(tok, " \t\r\n") {
			return "", fmt.Errorf("%s: must be only the bot token (no spaces, no \"Bot \" prefix)", EnvToken)
		}
	}
	return Secret(tok), nil
}

// RequireToken reports an error if no Discord bot token was given.
// Only running the bot needs the token, so [Config.Validate] does not check it.
func (c Config) RequireToken() error {
	if c.Token == "" {
		return fmt.Errorf("no Discord bot token: set %s to the token, or %s to the path of a file that holds it", EnvToken, EnvTokenFile)
	}
	return nil
}

// Validate checks every setting and returns all problems at once, joined
// with [errors.Join]; each names the setting by its YAML path. It does not
// require the token; see [Config.RequireToken].
func (c Config) Validate() error {
	var errs []error
	bad := func(setting, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", setting, fmt.Sprintf(format, args...)))
	}

	k := c.Knowledge
	if k.ReviewPeriod <= 0 {
		bad("knowledge.review_period", "must be more than 0, got %s", formatDuration(k.ReviewPeriod))
	}
	if k.MaxFileSize <= 0 {
		bad("knowledge.max_file_size", "must be more than 0, got %s", k.MaxFileSize)
	}

	a := c.Answer
	if strings.TrimSpace(a.Disclaimer) == "" {
		bad("answer.disclaimer", "must not be empty: it is shown under every answer")
	} else if n := len([]rune(a.Disclaimer)); n > maxDisclaimer {
		bad("answer.disclaimer", "is %d characters, the limit is %d so answers fit in one Discord message", n, maxDisclaimer)
	}
	fraction := func(setting string, v float64) bool {
		if !(v >= 0 && v <= 1) { // also catches NaN
			bad(setting, "must be between 0 and 1, got %v", v)
			return false
		}
		return true
	}
	okT := fraction("answer.threshold", a.Threshold)
	okS := fraction("answer.suggest_threshold", a.SuggestThreshold)
	fraction("answer.margin", a.Margin)
	if okT && okS && a.SuggestThreshold > a.Threshold {
		bad("answer.suggest_threshold", "must not be above answer.threshold (%v), got %v", a.Threshold, a.SuggestThreshold)
	}

	d := c.Discord
	if err := checkAPIURL(d.APIURL); err != nil {
		bad("discord.api_url", "%v", err)
	}
	ids := func(setting string, list []string) {
		for _, id := range list {
			if !isSnowflake(id) {
				bad(setting, "%q is not a Discord id (ids are long numbers; copy them with Developer Mode on)", id)
			}
		}
	}
	ids("discord.public_channels", d.PublicChannels)
	ids("discord.private_channels", d.PrivateChannels)
	ids("discord.allowed_guilds", d.AllowedGuilds)
	ids("discord.allowed_channels", d.AllowedChannels)
	ids("discord.moderator_roles", d.ModeratorRoles)
	ids("discord.commands.guilds", d.Commands.Guilds)
	ids("discord.forum.channels", d.Forum.Channels)
	for _, id := range d.PublicChannels {
		if contains(d.PrivateChannels, id) {
			bad("discord.private_channels", "%s is also in discord.public_channels: list it in only one", id)
		}
	}
	if d.ModeratorChannel != "" && !isSnowflake(d.ModeratorChannel) {
		bad("discord.moderator_channel", "%q is not a Discord id (ids are long numbers; copy them with Developer Mode on)", d.ModeratorChannel)
	}
	if d.CrisisAlerts && d.ModeratorChannel == "" {
		bad("discord.crisis_alerts", "needs discord.moderator_channel: alerts are posted there")
	}
	switch d.Commands.Scope {
	case ScopeGlobal:
	case ScopeGuild:
		if len(d.Commands.Guilds) == 0 {
			bad("discord.commands.guilds", "must list at least one server id when discord.commands.scope is %q", ScopeGuild)
		}
	default:
		bad("discord.commands.scope", "must be %q or %q, got %q", ScopeGlobal, ScopeGuild, d.Commands.Scope)
	}
	if d.ShardCount < 1 {
		bad("discord.shard_count", "must be at least 1, got %d", d.ShardCount)
	}
	if d.ShardID < 0 || (d.ShardCount >= 1 && d.ShardID >= d.ShardCount) {
		bad("discord.shard_id", "must be from 0 to discord.shard_count-1 (%d), got %d", d.ShardCount-1, d.ShardID)
	}
	if d.RateLimit.Questions < 1 {
		bad("discord.rate_limit.questions", "must be at least 1, got %d", d.RateLimit.Questions)
	}
	if d.RateLimit.Per <= 0 {
		bad("discord.rate_limit.per", "must be more than 0, got %s", formatDuration(d.RateLimit.Per))
	}

	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	switch c.Log.Format {
	case "json", "console":
	default:
		bad("log.format", "must be json or console, got %q", c.Log.Format)
	}

	if c.Ops.Addr != "" {
		if err := checkAddr(c.Ops.Addr); err != nil {
			bad("ops.addr", "%v", err)
		}
	}

	if s := c.Store; s.Enabled {
		if s.Path == "" {
			bad("store.path", "must not be empty while store.enabled is true")
		}
		if s.Retention <= 0 {
			bad("store.retention", "must be more than 0, got %s", formatDuration(s.Retention))
		}
	}
	return errors.Join(errs...)
}

func checkAPIURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("bad URL %q", s)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("must be an absolute http:// or https:// URL, got %q", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("must not have a query or fragment, got %q", s)
	}
	return nil
}

func checkAddr(s string) error {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("must be host:port such as :8080 or 127.0.0.1:8080, got %q", s)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port must be a number from 0 to 65535, got %q", port)
	}
	return nil
}

// isSnowflake reports whether s looks like a Discord id: a decimal uint64.
func isSnowflake(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

// EphemeralIn reports whether an answer in the given channel of the given
// server should be visible only to the asker. A channel listed in
// PublicChannels or PrivateChannels decides first, then its server, then
// Ephemeral. guildID is "" in direct messages.
func (d Discord) EphemeralIn(guildID, channelID string) bool {
	for _, id := range []string{channelID, guildID} {
		if id == "" {
			continue
		}
		if contains(d.PublicChannels, id) {
			return false
		}
		if contains(d.PrivateChannels, id) {
			return true
		}
	}
	return d.Ephemeral
}

// ForumChannel reports whether channelID is one of Forum.Channels.
func (d Discord) ForumChannel(channelID string) bool {
	return channelID != "" && contains(d.Forum.Channels, channelID)
}

// Allows reports whether the bot may answer in the given channel of the
// given server: AllowedGuilds and AllowedChannels each allow everything
// when empty. guildID is "" in direct messages, which AllowedGuilds, when
// set, does not allow.
func (d Discord) Allows(guildID, channelID string) bool {
	if len(d.AllowedGuilds) > 0 && !contains(d.AllowedGuilds, guildID) {
		return false
	}
	if len(d.AllowedChannels) > 0 && !contains(d.AllowedChannels, channelID) {
		return false
	}
	return true
}

// Redacted returns the effective configuration as nested maps keyed like the
// YAML file, for one startup log line or a "show config" command. It never
// contains the token: the key "discord_token" says only whether one is set.
// Durations and sizes are written the way the file accepts them ("90d",
// "256KiB").
func (c Config) Redacted() map[string]any {
	m := redactStruct(reflect.ValueOf(c))
	if c.Token != "" {
		m["discord_token"] = redacted
	} else {
		m["discord_token"] = "not set"
	}
	return m
}

func redactStruct(v reflect.Value) map[string]any {
	m := make(map[string]any)
	t := v.Type()
	for i := range t.NumField() {
		name, ok := yamlName(t.Field(i))
		if !ok {
			continue
		}
		f := v.Field(i)
		switch {
		case f.Type() == durationType:
			m[name] = formatDuration(time.Duration(f.Int()))
		case f.Type() == byteSizeType:
			m[name] = ByteSize(f.Int()).String()
		case f.Kind() == reflect.Struct:
			m[name] = redactStruct(f)
		case f.Kind() == reflect.Slice:
			m[name] = append([]string{}, f.Interface().([]string)...)
		default:
			m[name] = f.Interface()
		}
	}
	return m
}

// String returns the redacted configuration as JSON on one line.
func (c Config) String() string {
	b, err := json.Marshal(c.Redacted())
	if err != nil {
		return fmt.Sprintf("config: %v", err) // unreachable: plain maps, strings and numbers
	}
	return string(b)
}

// MarshalLogObject writes the redacted configuration to a zap log entry,
// so zap.Object("config", cfg) and zap.Any("config", cfg) are safe.
func (c Config) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	m := c.Redacted()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := enc.AddReflected(k, m[k]); err != nil {
			return err
		}
	}
	return nil
}

var _ zapcore.ObjectMarshaler = Config{}
