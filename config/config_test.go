package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/faqbot/faqbot/knowledge"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.yaml.in/yaml/v3"
)

// env returns a getenv func over vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// writeFile writes content to a file in a temporary folder and returns its path.
func writeFile(tb testing.TB, name, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// messages splits a joined error into its messages.
func messages(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

func TestDefaultValidates(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v, want nil", err)
	}
}

func TestLoadNothingSetGivesDefault(t *testing.T) {
	got, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Load with nothing set = %v, want %v", got, want)
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name  string
		env   string
		value string
		got   func(Config) any
		want  any
	}{
		{"string", "FAQBOT_KNOWLEDGE_DIR", "/kb", func(c Config) any { return c.Knowledge.Dir }, "/kb"},
		{"url", "FAQBOT_DISCORD_API_URL", "http://proxy:8080/api/v10/", func(c Config) any { return c.Discord.APIURL }, "http://proxy:8080/api/v10/"},
		{"url gets trailing slash", "FAQBOT_DISCORD_API_URL", "http://proxy:8080/api/v10", func(c Config) any { return c.Discord.APIURL }, "http://proxy:8080/api/v10/"},
		{"bool false", "FAQBOT_DISCORD_EPHEMERAL", "false", func(c Config) any { return c.Discord.Ephemeral }, false},
		{"bool 0", "FAQBOT_KNOWLEDGE_WATCH", "0", func(c Config) any { return c.Knowledge.Watch }, false},
		{"bool TRUE", "FAQBOT_DISCORD_CRISIS_ALERTS", "TRUE", func(c Config) any { return c.Discord.CrisisAlerts }, true},
		{"int", "FAQBOT_DISCORD_RATE_LIMIT_QUESTIONS", "12", func(c Config) any { return c.Discord.RateLimit.Questions }, 12},
		{"int shard", "FAQBOT_DISCORD_SHARD_COUNT", "4", func(c Config) any { return c.Discord.ShardCount }, 4},
		{"float", "FAQBOT_ANSWER_THRESHOLD", "0.75", func(c Config) any { return c.Answer.Threshold }, 0.75},
		{"duration", "FAQBOT_DISCORD_RATE_LIMIT_PER", "1m30s", func(c Config) any { return c.Discord.RateLimit.Per }, 90 * time.Second},
		{"duration days", "FAQBOT_STORE_RETENTION", "30d", func(c Config) any { return c.Store.Retention }, 30 * 24 * time.Hour},
		{"size", "FAQBOT_KNOWLEDGE_MAX_FILE_SIZE", "1MiB", func(c Config) any { return c.Knowledge.MaxFileSize }, MiB},
		{"size bytes", "FAQBOT_KNOWLEDGE_MAX_FILE_SIZE", "5000", func(c Config) any { return c.Knowledge.MaxFileSize }, ByteSize(5000)},
		{"list", "FAQBOT_DISCORD_ALLOWED_GUILDS", "111,222", func(c Config) any { return c.Discord.AllowedGuilds }, []string{"111", "222"}},
		{"list spaces and empties", "FAQBOT_DISCORD_MODERATOR_ROLES", " 111 , ,222,", func(c Config) any { return c.Discord.ModeratorRoles }, []string{"111", "222"}},
		{"nested section", "FAQBOT_DISCORD_COMMANDS_SCOPE", "guild", func(c Config) any { return c.Discord.Commands.Scope }, "guild"},
		{"empty means unset", "FAQBOT_LOG_LEVEL", "", func(c Config) any { return c.Log.Level }, "info"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]string{tc.env: tc.value}
			switch tc.name { // settings that need another to validate
			case "nested section":
				vars["FAQBOT_DISCORD_COMMANDS_GUILDS"] = "123"
			case "bool TRUE":
				vars["FAQBOT_DISCORD_MODERATOR_CHANNEL"] = "123"
			}
			c, err := Load("", env(vars))
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.got(c); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s=%q: got %#v, want %#v", tc.env, tc.value, got, tc.want)
			}
		})
	}
}

func TestEnvBadValues(t *testing.T) {
	tests := []struct{ env, value, want string }{
		{"FAQBOT_DISCORD_RATE_LIMIT_PER", "5x", `FAQBOT_DISCORD_RATE_LIMIT_PER: bad duration "5x"`},
		{"FAQBOT_STORE_RETENTION", "d", `FAQBOT_STORE_RETENTION: bad duration "d"`},
		{"FAQBOT_DISCORD_EPHEMERAL", "maybe", `FAQBOT_DISCORD_EPHEMERAL: bad true/false value "maybe"`},
		{"FAQBOT_DISCORD_SHARD_ID", "one", `FAQBOT_DISCORD_SHARD_ID: bad whole number "one"`},
		{"FAQBOT_ANSWER_MARGIN", "10%", `FAQBOT_ANSWER_MARGIN: bad number "10%"`},
		{"FAQBOT_KNOWLEDGE_MAX_FILE_SIZE", "1 TB", `FAQBOT_KNOWLEDGE_MAX_FILE_SIZE: bad size "1 TB"`},
	}
	for _, tc := range tests {
		t.Run(tc.env, func(t *testing.T) {
			_, err := Load("", env(map[string]string{tc.env: tc.value}))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Load with %s=%q: error %v, want it to start with %q", tc.env, tc.value, err, tc.want)
			}
		})
	}
}

func TestFileThenEnv(t *testing.T) {
	path := writeFile(t, "faqbot.yaml", `
answer:
  threshold: 0.6
  margin: 0.2
discord:
  allowed_channels: [111, "222"]
  rate_limit:
    per: 1m
`)
	c, err := Load(path, env(map[string]string{
		"FAQBOT_ANSWER_MARGIN":            "0.3",
		"FAQBOT_DISCORD_RATE_LIMIT_PER":   "2d",
		"FAQBOT_DISCORD_ALLOWED_CHANNELS": "333",
	}))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"answer.threshold (file)", c.Answer.Threshold, 0.6},
		{"answer.margin (env over file)", c.Answer.Margin, 0.3},
		{"answer.suggest_threshold (default)", c.Answer.SuggestThreshold, knowledge.DefaultSuggestThreshold},
		{"discord.rate_limit.per (env over file)", c.Discord.RateLimit.Per, 48 * time.Hour},
		{"discord.rate_limit.questions (default)", c.Discord.RateLimit.Questions, 5},
		{"discord.allowed_channels (env replaces the file's list)", c.Discord.AllowedChannels, []string{"333"}},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestFileValues(t *testing.T) {
	path := writeFile(t, "faqbot.yaml", `
knowledge:
  dir:           # empty: the embedded knowledge base
  review_period: 180d
  max_file_size: 64 KiB
discord:
  # Ids as bare numbers are larger than a float64 can hold exactly.
  moderator_roles:
    - 123456789012345678
    - '987654321098765432'
  moderator_channel: 112233445566778899
  ephemeral: false
  forum: {channels: [223344556677889900], suggestions: true}
log:
ops: {addr: "127.0.0.1:9090"}
`)
	c, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"knowledge.dir", c.Knowledge.Dir, ""},
		{"knowledge.review_period", c.Knowledge.ReviewPeriod, 180 * 24 * time.Hour},
		{"knowledge.max_file_size", c.Knowledge.MaxFileSize, 64 * KiB},
		{"discord.moderator_roles", c.Discord.ModeratorRoles, []string{"123456789012345678", "987654321098765432"}},
		{"discord.moderator_channel", c.Discord.ModeratorChannel, "112233445566778899"},
		{"discord.ephemeral", c.Discord.Ephemeral, false},
		{"discord.forum.channels", c.Discord.Forum.Channels, []string{"223344556677889900"}},
		{"discord.forum.suggestions", c.Discord.Forum.Suggestions, true},
		{"forum channel", c.Discord.ForumChannel("223344556677889900") && !c.Discord.ForumChannel(""), true},
		{"log (empty section keeps defaults)", c.Log, Default().Log},
		{"ops.addr", c.Ops.Addr, "127.0.0.1:9090"},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %#v, want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string // each must appear, in this order
	}{
		{
			name: "unknown key with line",
			file: "answer:\n  threshold: 0.5\n  treshold: 0.4\n",
			want: []string{`faqbot.yaml:3: unknown setting "answer.treshold" (did you mean "answer.threshold"?)`},
		},
		{
			name: "unknown section",
			file: "log:\n  level: info\ndatabase:\n  path: x\n",
			want: []string{`faqbot.yaml:3: unknown setting "database"`},
		},
		{
			name: "token in file",
			file: "discord:\n  token: abc.def.ghi\n",
			want: []string{`faqbot.yaml:2: unknown setting "discord.token": the bot token is never read from the config file; set DISCORD_TOKEN or DISCORD_TOKEN_FILE instead`},
		},
		{
			name: "token at top level",
			file: "discord_token: abc\n",
			want: []string{`faqbot.yaml:1: unknown setting "discord_token"`, "set DISCORD_TOKEN or DISCORD_TOKEN_FILE instead"},
		},
		{
			name: "bad values, all reported",
			file: "answer:\n  threshold: high\ndiscord:\n  rate_limit:\n    per: 5x\n  ephemeral: sometimes\n",
			want: []string{
				`faqbot.yaml:2: answer.threshold: bad number "high"`,
				`faqbot.yaml:5: discord.rate_limit.per: bad duration "5x"`,
				`faqbot.yaml:6: discord.ephemeral: bad true/false value "sometimes"`,
			},
		},
		{
			name: "set twice",
			file: "log:\n  level: info\n  level: debug\n",
			want: []string{`faqbot.yaml:3: log.level: set twice (first on line 2)`},
		},
		{
			name: "list expected",
			file: "discord:\n  allowed_guilds: 123\n",
			want: []string{`faqbot.yaml:2: discord.allowed_guilds: must be a list`},
		},
		{
			name: "single value expected",
			file: "log:\n  level: [info]\n",
			want: []string{`faqbot.yaml:2: log.level: must be a single value`},
		},
		{
			name: "section expected",
			file: "store: yes\n",
			want: []string{`faqbot.yaml:1: store must be a section`},
		},
		{
			name: "number needs a value",
			file: "answer:\n  margin:\n",
			want: []string{`faqbot.yaml:2: answer.margin: needs a value`},
		},
		{
			name: "yaml syntax",
			file: "log:\n  level: info\n   format: json\n",
			want: []string{`faqbot.yaml:3: bad YAML:`},
		},
		{
			name: "two documents",
			file: "log:\n  level: info\n---\nlog:\n  level: debug\n",
			want: []string{`only one YAML document is allowed`},
		},
		{
			name: "file problems and validation problems together",
			file: "answer:\n  margin: 2\n  typo: 1\n",
			want: []string{`faqbot.yaml:3: unknown setting "answer.typo"`, `answer.margin: must be between 0 and 1, got 2`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "faqbot.yaml", tc.file)
			_, err := Load(path, env(nil))
			if err == nil {
				t.Fatalf("Load(%q) succeeded, want errors %q", tc.file, tc.want)
			}
			msg := strings.ReplaceAll(err.Error(), path, "faqbot.yaml")
			at := 0
			for _, w := range tc.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("Load error:\n%s\nwant it to contain (in order):\n%s", msg, strings.Join(tc.want, "\n"))
				}
				at += i + len(w)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), env(nil))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing file) = %v, want an os.ErrNotExist error", err)
	}
}

func TestEmptyFile(t *testing.T) {
	for _, content := range []string{"", "# only a comment\n", "---\n"} {
		c, err := Load(writeFile(t, "faqbot.yaml", content), env(nil))
		if err != nil {
			t.Errorf("Load(%q) error: %v", content, err)
			continue
		}
		if !reflect.DeepEqual(c, Default()) {
			t.Errorf("Load(%q) = %v, want Default()", content, c)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"review period", func(c *Config) { c.Knowledge.ReviewPeriod = 0 }, "knowledge.review_period: must be more than 0"},
		{"max file size", func(c *Config) { c.Knowledge.MaxFileSize = -1 }, "knowledge.max_file_size: must be more than 0"},
		{"disclaimer empty", func(c *Config) { c.Answer.Disclaimer = "  " }, "answer.disclaimer: must not be empty"},
		{"disclaimer long", func(c *Config) { c.Answer.Disclaimer = strings.Repeat("x", 501) }, "answer.disclaimer: is 501 characters, the limit is 500"},
		{"threshold above 1", func(c *Config) { c.Answer.Threshold = 1.5 }, "answer.threshold: must be between 0 and 1, got 1.5"},
		{"suggest threshold negative", func(c *Config) { c.Answer.SuggestThreshold = -0.1 }, "answer.suggest_threshold: must be between 0 and 1"},
		{"suggest above threshold", func(c *Config) { c.Answer.SuggestThreshold = 0.8 }, "answer.suggest_threshold: must not be above answer.threshold (0.7), got 0.8"},
		{"margin", func(c *Config) { c.Answer.Margin = 7 }, "answer.margin: must be between 0 and 1"},
		{"api url relative", func(c *Config) { c.Discord.APIURL = "/api/v10/" }, "discord.api_url: must be an absolute http:// or https:// URL"},
		{"api url scheme", func(c *Config) { c.Discord.APIURL = "ftp://discord.com/api/" }, "discord.api_url: must be an absolute http:// or https:// URL"},
		{"api url query", func(c *Config) { c.Discord.APIURL = "https://discord.com/api/?x=1" }, "discord.api_url: must not have a query"},
		{"public channel id", func(c *Config) { c.Discord.PublicChannels = []string{"general"} }, `discord.public_channels: "general" is not a Discord id`},
		{"private channel id", func(c *Config) { c.Discord.PrivateChannels = []string{"12a"} }, `discord.private_channels: "12a" is not a Discord id`},
		{"channel in both lists", func(c *Config) { c.Discord.PublicChannels = []string{"1"}; c.Discord.PrivateChannels = []string{"1"} }, "discord.private_channels: 1 is also in discord.public_channels"},
		{"guild id", func(c *Config) { c.Discord.AllowedGuilds = []string{"-5"} }, `discord.allowed_guilds: "-5" is not a Discord id`},
		{"guild id too big", func(c *Config) { c.Discord.AllowedGuilds = []string{"99999999999999999999"} }, `discord.allowed_guilds: "99999999999999999999" is not a Discord id`},
		{"channel id", func(c *Config) { c.Discord.AllowedChannels = []string{""} }, `discord.allowed_channels: "" is not a Discord id`},
		{"role id", func(c *Config) { c.Discord.ModeratorRoles = []string{"@mods"} }, `discord.moderator_roles: "@mods" is not a Discord id`},
		{"moderator channel id", func(c *Config) { c.Discord.ModeratorChannel = "#mods" }, `discord.moderator_channel: "#mods" is not a Discord id`},
		{"forum channel id", func(c *Config) { c.Discord.Forum.Channels = []string{"#help"} }, `discord.forum.channels: "#help" is not a Discord id`},
		{"crisis alerts need a channel", func(c *Config) { c.Discord.CrisisAlerts = true }, "discord.crisis_alerts: needs discord.moderator_channel"},
		{"scope", func(c *Config) { c.Discord.Commands.Scope = "server" }, `discord.commands.scope: must be "global" or "guild", got "server"`},
		{"guild scope needs guilds", func(c *Config) { c.Discord.Commands.Scope = ScopeGuild }, "discord.commands.guilds: must list at least one server id"},
		{"command guild id", func(c *Config) { c.Discord.Commands.Guilds = []string{"x"} }, `discord.commands.guilds: "x" is not a Discord id`},
		{"shard count", func(c *Config) { c.Discord.ShardCount = 0 }, "discord.shard_count: must be at least 1, got 0"},
		{"shard id negative", func(c *Config) { c.Discord.ShardID = -1 }, "discord.shard_id: must be from 0 to discord.shard_count-1 (0), got -1"},
		{"shard id too big", func(c *Config) { c.Discord.ShardCount = 2; c.Discord.ShardID = 2 }, "discord.shard_id: must be from 0 to discord.shard_count-1 (1), got 2"},
		{"rate limit questions", func(c *Config) { c.Discord.RateLimit.Questions = 0 }, "discord.rate_limit.questions: must be at least 1"},
		{"rate limit per", func(c *Config) { c.Discord.RateLimit.Per = -time.Second }, "discord.rate_limit.per: must be more than 0, got -1s"},
		{"log level", func(c *Config) { c.Log.Level = "verbose" }, `log.level: must be debug, info, warn or error, got "verbose"`},
		{"log format", func(c *Config) { c.Log.Format = "text" }, `log.format: must be json or console, got "text"`},
		{"ops addr", func(c *Config) { c.Ops.Addr = "8080" }, `ops.addr: must be host:port`},
		{"ops port", func(c *Config) { c.Ops.Addr = ":http-alt" }, `ops.addr: port must be a number`},
		{"store path", func(c *Config) { c.Store.Path = "" }, "store.path: must not be empty while store.enabled is true"},
		{"store retention", func(c *Config) { c.Store.Retention = 0 }, "store.retention: must be more than 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.change(&c)
			err := c.Validate()
			if got := messages(err); len(got) != 1 || !strings.HasPrefix(got[0], tc.want) {
				t.Errorf("Validate() = %q, want exactly one problem starting %q", got, tc.want)
			}
		})
	}

	t.Run("store off needs no path", func(t *testing.T) {
		c := Default()
		c.Store = Store{Enabled: false}
		if err := c.Validate(); err != nil {
			t.Errorf("Validate() with store.enabled false = %v, want nil", err)
		}
	})
}

func TestValidateReportsEverything(t *testing.T) {
	c := Default()
	c.Answer.Threshold = 2
	c.Answer.Disclaimer = ""
	c.Discord.APIURL = "discord.com"
	c.Discord.AllowedGuilds = []string{"abc"}
	c.Discord.ShardCount = 0
	c.Log.Level = "loud"
	c.Store.Retention = 0
	err := c.Validate()
	got := messages(err)
	for _, prefix := range []string{
		"answer.disclaimer:", "answer.threshold:", "discord.api_url:", "discord.allowed_guilds:",
		"discord.shard_count:", "log.level:", "store.retention:",
	} {
		if !slices.ContainsFunc(got, func(m string) bool { return strings.HasPrefix(m, prefix) }) {
			t.Errorf("Validate() problems %q: missing %s", got, prefix)
		}
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != len(got) {
		t.Errorf("Validate() should join one error per problem, got %#v", err)
	}
}

func TestToken(t *testing.T) {
	file := writeFile(t, "token", "  file-token.abc \n")
	tests := []struct {
		name    string
		vars    map[string]string
		want    string
		wantErr string
	}{
		{name: "none", vars: nil, want: ""},
		{name: "env", vars: map[string]string{"DISCORD_TOKEN": "env-token.abc"}, want: "env-token.abc"},
		{name: "file trimmed", vars: map[string]string{"DISCORD_TOKEN_FILE": file}, want: "file-token.abc"},
		{name: "both", vars: map[string]string{"DISCORD_TOKEN": "x", "DISCORD_TOKEN_FILE": file}, wantErr: "DISCORD_TOKEN and DISCORD_TOKEN_FILE are both set"},
		{name: "missing file", vars: map[string]string{"DISCORD_TOKEN_FILE": file + ".nope"}, wantErr: "DISCORD_TOKEN_FILE: open"},
		{name: "empty file", vars: map[string]string{"DISCORD_TOKEN_FILE": writeFile(t, "empty", "\n")}, wantErr: "DISCORD_TOKEN_FILE: file"},
		{name: "Bot prefix in env", vars: map[string]string{"DISCORD_TOKEN": "Bot secret-part"}, wantErr: `DISCORD_TOKEN: must be only the bot token (no spaces, no "Bot " prefix)`},
		{name: "Bot prefix in file", vars: map[string]string{"DISCORD_TOKEN_FILE": writeFile(t, "bot", "Bot secret-part\n")}, wantErr: "must hold only the bot token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load("", env(tc.vars))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Load error = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "secret-part") {
					t.Errorf("Load error %q shows the token", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Token.Reveal(); got != tc.want {
				t.Errorf("Token.Reveal() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRequireToken(t *testing.T) {
	c := Default()
	err := c.RequireToken()
	if err == nil || !strings.Contains(err.Error(), "set DISCORD_TOKEN") || !strings.Contains(err.Error(), "DISCORD_TOKEN_FILE") {
		t.Errorf("RequireToken() without a token = %v, want a message naming DISCORD_TOKEN and DISCORD_TOKEN_FILE", err)
	}
	c.Token = "t"
	if err := c.RequireToken(); err != nil {
		t.Errorf("RequireToken() with a token = %v, want nil", err)
	}
}

func TestTokenNeverShown(t *testing.T) {
	const tok = "MTIzNDU2.Gx-SECRET-TOKEN"
	c, err := Load("", env(map[string]string{"DISCORD_TOKEN": tok}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Token.Reveal() != tok {
		t.Fatalf("token not loaded")
	}
	outputs := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
		outputs["config "+verb] = fmt.Sprintf(verb, c)
		outputs["pointer "+verb] = fmt.Sprintf(verb, &c)
		outputs["token "+verb] = fmt.Sprintf(verb, c.Token)
		outputs["struct with token "+verb] = fmt.Sprintf(verb, struct{ T Secret }{c.Token})
	}
	outputs["String"] = c.String()
	outputs["Redacted"] = fmt.Sprintf("%#v", c.Redacted())
	for name, v := range map[string]any{"config": c, "token": c.Token, "redacted": c.Redacted()} {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs["json "+name] = string(j)
		y, err := yaml.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs["yaml "+name] = string(y)
	}
	for _, enc := range []string{"json", "console"} {
		var buf bytes.Buffer
		cfg := zapcore.EncoderConfig{MessageKey: "msg", LevelKey: "level", EncodeLevel: zapcore.LowercaseLevelEncoder}
		encoder := zapcore.NewJSONEncoder(cfg)
		if enc == "console" {
			encoder = zapcore.NewConsoleEncoder(cfg)
		}
		lg := zap.New(zapcore.NewCore(encoder, zapcore.AddSync(&buf), zap.DebugLevel))
		lg.Info("config",
			zap.Object("object", c), zap.Any("any", c), zap.Reflect("reflect", c),
			zap.Any("token_any", c.Token), zap.Stringer("token_stringer", c.Token), zap.Reflect("token_reflect", c.Token),
			zap.Any("redacted", c.Redacted()))
		outputs["zap "+enc] = buf.String()
	}
	for name, out := range outputs {
		if strings.Contains(out, tok) || strings.Contains(out, "SECRET") || strings.Contains(out, fmt.Sprintf("%x", tok)) {
			t.Errorf("%s shows the token: %s", name, out)
		}
	}
	if !strings.Contains(outputs["zap json"], `"discord_token":"[redacted]"`) {
		t.Errorf("zap json output should say the token is set: %s", outputs["zap json"])
	}
	if !strings.Contains(outputs["zap json"], `"api_url":"https://discord.com/api/v10/"`) {
		t.Errorf("zap json output should include the settings: %s", outputs["zap json"])
	}
}

func TestRedacted(t *testing.T) {
	m := Default().Redacted()
	if got := m["discord_token"]; got != "not set" {
		t.Errorf(`Redacted()["discord_token"] without a token = %v, want "not set"`, got)
	}
	store := m["store"].(map[string]any)
	if got, want := store["retention"], "90d"; got != want {
		t.Errorf(`Redacted() store.retention = %v, want %v`, got, want)
	}
	if got, want := m["knowledge"].(map[string]any)["max_file_size"], "256KiB"; got != want {
		t.Errorf(`Redacted() knowledge.max_file_size = %v, want %v`, got, want)
	}
}

// TestEverySettingRoundTrips sets every setting from the environment to the
// text Redacted shows for its default and checks that Load gives Default
// back: every setting type parses, and Redacted writes values Load accepts.
func TestEverySettingRoundTrips(t *testing.T) {
	vars := map[string]string{}
	red := Default().Redacted()
	for _, s := range settings() {
		var v any = red
		for part := range strings.SplitSeq(s.path, ".") {
			v = v.(map[string]any)[part]
		}
		switch v := v.(type) {
		case []string:
			vars[s.env()] = strings.Join(v, ",")
		default:
			vars[s.env()] = fmt.Sprint(v)
		}
	}
	c, err := Load("", env(vars))
	if err != nil {
		t.Fatal(err)
	}
	if want := Default(); !reflect.DeepEqual(c, want) {
		t.Errorf("Load(env from Redacted(Default())) = %v, want %v", c, want)
	}
}

func TestEnvNames(t *testing.T) {
	names := EnvNames()
	if !slices.Contains(names, "FAQBOT_DISCORD_API_URL") {
		t.Errorf("EnvNames() = %q, missing FAQBOT_DISCORD_API_URL", names)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if !strings.HasPrefix(n, EnvPrefix) {
			t.Errorf("EnvNames(): %s lacks the %s prefix", n, EnvPrefix)
		}
		if seen[n] {
			t.Errorf("EnvNames(): %s names two settings", n)
		}
		seen[n] = true
	}
	if got, want := len(names), 33; got != want {
		t.Errorf("len(EnvNames()) = %d, want %d (update this test, the example file and docs/deploy.md for a new setting)", got, want)
	}
}

// TestExampleFile checks that the example file loads, sets every setting
// explicitly, and shows exactly the defaults.
func TestExampleFile(t *testing.T) {
	const path = "faqbot.example.yaml"
	c, err := Load(path, env(nil))
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	// Compare through Redacted: the file's [] is an empty list, the default a nil one.
	if got, want := c.String(), Default().String(); got != want {
		t.Errorf("%s differs from Default():\n got %s\nwant %s", path, got, want)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var leaves []string
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			path, v := joinPath(prefix, n.Content[i].Value), n.Content[i+1]
			if v.Kind == yaml.MappingNode {
				walk(v, path)
			} else {
				leaves = append(leaves, path)
			}
		}
	}
	walk(doc.Content[0], "")
	for _, s := range settings() {
		if !slices.Contains(leaves, s.path) {
			t.Errorf("%s does not show the setting %s", path, s.path)
		}
	}
}

// TestDeployDocsListEveryVariable keeps docs/deploy.md's table of
// environment variables complete.
func TestDeployDocsListEveryVariable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(EnvNames(), EnvToken, EnvTokenFile) {
		if !bytes.Contains(data, []byte("`"+name+"`")) {
			t.Errorf("docs/deploy.md does not mention `%s`", name)
		}
	}
}

func TestEphemeralIn(t *testing.T) {
	d := Default().Discord
	d.PublicChannels = []string{"10", "100"}  // channel 10, guild 100
	d.PrivateChannels = []string{"20", "200"} // channel 20, guild 200
	tests := []struct {
		name           string
		ephemeral      bool
		guild, channel string
		want           bool
	}{
		{"default on", true, "1", "2", true},
		{"default off", false, "1", "2", false},
		{"public channel", true, "1", "10", false},
		{"public guild", true, "100", "2", false},
		{"private channel", false, "1", "20", true},
		{"private guild", false, "200", "2", true},
		{"channel beats guild", true, "200", "10", false},
		{"channel beats guild the other way", false, "100", "20", true},
		{"direct message", true, "", "2", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d.Ephemeral = tc.ephemeral
			if got := d.EphemeralIn(tc.guild, tc.channel); got != tc.want {
				t.Errorf("EphemeralIn(%q, %q) with ephemeral %v = %v, want %v", tc.guild, tc.channel, tc.ephemeral, got, tc.want)
			}
		})
	}
}

func TestAllows(t *testing.T) {
	tests := []struct {
		name           string
		guilds, chans  []string
		guild, channel string
		want           bool
	}{
		{"empty lists allow all", nil, nil, "1", "2", true},
		{"guild listed", []string{"1"}, nil, "1", "2", true},
		{"guild not listed", []string{"1"}, nil, "3", "2", false},
		{"direct message with guild list", []string{"1"}, nil, "", "2", false},
		{"channel listed", nil, []string{"2"}, "1", "2", true},
		{"channel not listed", nil, []string{"2"}, "1", "4", false},
		{"both must allow", []string{"1"}, []string{"2"}, "1", "4", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Discord{AllowedGuilds: tc.guilds, AllowedChannels: tc.chans}
			if got := d.Allows(tc.guild, tc.channel); got != tc.want {
				t.Errorf("Allows(%q, %q) = %v, want %v", tc.guild, tc.channel, got, tc.want)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30s", 30 * time.Second, true},
		{"1h30m", 90 * time.Minute, true},
		{"90d", 90 * 24 * time.Hour, true},
		{" 1d ", 24 * time.Hour, true},
		{"0d", 0, true},
		{"1.5d", 0, false},
		{"5x", 0, false},
		{"d", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		got, err := parseDuration(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want ByteSize
		ok   bool
	}{
		{"262144", 256 * KiB, true},
		{"256KiB", 256 * KiB, true},
		{"256 kib", 256 * KiB, true},
		{"2MiB", 2 * MiB, true},
		{"1GiB", GiB, true},
		{"10KB", 10000, true},
		{"3MB", 3000000, true},
		{"7B", 7, true},
		{"1.5MiB", 0, false},
		{"KiB", 0, false},
		{"-1", 0, false},
		{"1TB", 0, false},
		{"99999999999GiB", 0, false},
	}
	for _, tc := range tests {
		got, err := parseByteSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseByteSize(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	for b, want := range map[ByteSize]string{0: "0B", 1000: "1000B", 256 * KiB: "256KiB", 3 * MiB: "3MiB", 2 * GiB: "2GiB", 1536: "1536B"} {
		if got := b.String(); got != want {
			t.Errorf("ByteSize(%d).String() = %q, want %q", int64(b), got, want)
		}
	}
}

// TestDeployDocsYAML checks that every YAML example in docs/deploy.md
// parses, so a copied manifest does not fail on indentation.
func TestDeployDocsYAML(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := 0
	rest := string(data)
	for {
		_, after, ok := strings.Cut(rest, "```yaml\n")
		if !ok {
			break
		}
		block, tail, _ := strings.Cut(after, "```")
		rest = tail
		blocks++
		dec := yaml.NewDecoder(strings.NewReader(block))
		for {
			var v any
			if err := dec.Decode(&v); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("docs/deploy.md YAML block %d: %v\n%s", blocks, err, block)
				}
				break
			}
		}
	}
	if blocks == 0 {
		t.Error("docs/deploy.md has no YAML examples")
	}
}
