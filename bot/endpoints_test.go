package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// discordgoDir returns the directory of the discordgo module this package
// builds against, as the go command resolves it.
func discordgoDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/bwmarrin/discordgo").Output()
	if err != nil {
		t.Fatalf("go list discordgo: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		t.Fatal("go list gave no directory for discordgo")
	}
	return dir
}

// apiDerivedStringVars parses discordgo's endpoints.go and returns the
// package-level variables that hold strings (not funcs) and whose initializer
// reaches EndpointAPI, directly or through other package-level variables,
// functions included. EndpointAPI itself is part of the result.
func apiDerivedStringVars(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	inits := map[string]ast.Expr{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Values) != len(vs.Names) {
				continue
			}
			for i, n := range vs.Names {
				inits[n.Name] = vs.Values[i]
			}
		}
	}
	refs := map[string][]string{}
	for name, e := range inits {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if _, known := inits[id.Name]; known {
					refs[name] = append(refs[name], id.Name)
				}
			}
			return true
		})
	}
	// isFunc reports whether a variable holds a function: a func literal,
	// or another variable that does.
	var isFunc func(name string, depth int) bool
	isFunc = func(name string, depth int) bool {
		switch e := inits[name].(type) {
		case *ast.FuncLit:
			return true
		case *ast.Ident:
			return depth < len(inits) && isFunc(e.Name, depth+1)
		}
		return false
	}
	reaches := map[string]bool{"EndpointAPI": true}
	for changed := true; changed; {
		changed = false
		for name, rs := range refs {
			if reaches[name] {
				continue
			}
			for _, r := range rs {
				if reaches[r] {
					reaches[name], changed = true, true
					break
				}
			}
		}
	}
	var names []string
	for name := range reaches {
		if !isFunc(name, 0) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// restoreAPIVars puts back the discordgo globals SetAPIBase writes when the
// test ends.
func restoreAPIVars(t *testing.T) {
	t.Helper()
	saved := map[string]string{}
	for name, p := range apiVars {
		saved[name] = *p
	}
	version := discordgo.APIVersion
	t.Cleanup(func() {
		for name, p := range apiVars {
			*p = saved[name]
		}
		discordgo.APIVersion = version
	})
}

func TestAPIVarsCoverDiscordgo(t *testing.T) {
	file := filepath.Join(discordgoDir(t), "endpoints.go")
	parsed := apiDerivedStringVars(t, file)
	if len(parsed) < 10 || !slices.Contains(parsed, "EndpointGuilds") || slices.Contains(parsed, "EndpointChannelMessages") {
		t.Fatalf("parsing %s found implausible endpoint variables: %v", file, parsed)
	}
	var listed []string
	for name := range apiVars {
		listed = append(listed, name)
	}
	slices.Sort(listed)
	for _, name := range parsed {
		if apiVars[name] == nil {
			t.Errorf("discordgo.%s is derived from EndpointAPI but missing from apiVars: SetAPIBase would leave it pointing at Discord", name)
		}
	}
	for _, name := range listed {
		if !slices.Contains(parsed, name) {
			t.Errorf("apiVars lists %s, which %s no longer derives from EndpointAPI", name, file)
		}
	}
}

func TestSetAPIBase(t *testing.T) {
	restoreAPIVars(t)
	const base = "http://127.0.0.1:1234/api/v10/"
	for range 2 { // idempotent
		if err := SetAPIBase("http://127.0.0.1:1234/api/v10"); err != nil {
			t.Fatalf("SetAPIBase: %v", err)
		}
		for name, p := range apiVars {
			if !strings.HasPrefix(*p, base) {
				t.Errorf("%s = %q, want prefix %q", name, *p, base)
			}
			if want := base + apiSuffixes[name]; *p != want {
				t.Errorf("%s = %q, want %q", name, *p, want)
			}
		}
	}
	if discordgo.APIVersion != "10" {
		t.Errorf("APIVersion = %q, want 10", discordgo.APIVersion)
	}
	checks := map[string]string{
		discordgo.EndpointAPI:                                base,
		discordgo.EndpointGatewayBot:                         base + "gateway/bot",
		discordgo.EndpointChannelMessages("1"):               base + "channels/1/messages",
		discordgo.EndpointInteractionResponse("2", "t"):      base + "interactions/2/t/callback",
		discordgo.EndpointApplicationGuildCommands("3", "4"): base + "applications/3/guilds/4/commands",
		discordgo.EndpointOAuth2Application("5"):             base + "oauth2/applications/5",
	}
	for got, want := range checks {
		if got != want {
			t.Errorf("endpoint = %q, want %q", got, want)
		}
	}

	if err := SetAPIBase("https://discord.example/api/v9/"); err != nil {
		t.Fatalf("SetAPIBase v9: %v", err)
	}
	if discordgo.APIVersion != "9" || discordgo.EndpointUsers != "https://discord.example/api/v9/users/" {
		t.Errorf("after v9 base: APIVersion %q, EndpointUsers %q", discordgo.APIVersion, discordgo.EndpointUsers)
	}
	for _, bad := range []string{"", "127.0.0.1:1234/api/v10/", "ftp://h/api/v10/", "http:///api/v10/", "http://h/api/v10/?x=1", "http://h/api/v10/#f", "http://u@h/api/v10/"} {
		if err := SetAPIBase(bad); err == nil {
			t.Errorf("SetAPIBase(%q) accepted an invalid base", bad)
		}
	}
	if discordgo.EndpointUsers != "https://discord.example/api/v9/users/" {
		t.Errorf("a rejected base changed EndpointUsers to %q", discordgo.EndpointUsers)
	}
}

func TestDefaultAPIBase(t *testing.T) {
	restoreAPIVars(t)
	if err := SetAPIBase(DefaultAPIBase); err != nil {
		t.Fatalf("SetAPIBase(DefaultAPIBase): %v", err)
	}
	if discordgo.APIVersion != "10" || discordgo.EndpointAPI != DefaultAPIBase {
		t.Errorf("APIVersion %q, EndpointAPI %q, want 10 and %q", discordgo.APIVersion, discordgo.EndpointAPI, DefaultAPIBase)
	}
	if discordgo.EndpointVoice != DefaultAPIBase+"/voice/" {
		t.Errorf("EndpointVoice = %q: discordgo's own suffix should be kept", discordgo.EndpointVoice)
	}
}
