package dockerfile_test

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/faqbot/faqbot/config"
)

// root is the repository root, relative to this package.
const root = "../.."

// An instruction is one parsed Dockerfile instruction.
type instruction struct {
	cmd   string   // lower case: "from", "run", "copy", ...
	args  []string // for a shell-form RUN, one string holding the command
	flags []string // such as --from=build or --mount=...
	json  bool     // exec form: ["a", "b"]
	line  int
}

// A stage is a FROM instruction and the instructions after it.
type stage struct {
	image, name string
	line        int
	instrs      []instruction
}

func (s stage) find(cmd string) []instruction {
	var out []instruction
	for _, in := range s.instrs {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// parseDockerfile parses the repository's Dockerfile into stages.
func parseDockerfile(tb testing.TB) []stage {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		tb.Fatal(err)
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("parse Dockerfile: %v", err)
	}
	for _, w := range res.Warnings {
		tb.Errorf("Dockerfile:%d: %s", w.Location.Start.Line, w.Short)
	}
	var stages []stage
	for _, n := range res.AST.Children {
		in := instruction{cmd: strings.ToLower(n.Value), flags: n.Flags, json: n.Attributes["json"], line: n.StartLine}
		for a := n.Next; a != nil; a = a.Next {
			in.args = append(in.args, a.Value)
		}
		if in.cmd == "from" {
			s := stage{line: in.line}
			if len(in.args) > 0 {
				s.image = in.args[0]
			}
			if len(in.args) == 3 && strings.EqualFold(in.args[1], "as") {
				s.name = in.args[2]
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			continue // ARG before the first FROM
		}
		stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
	}
	return stages
}

// builderAndFinal returns the first and the last stage.
func builderAndFinal(tb testing.TB) (build, final stage) {
	tb.Helper()
	stages := parseDockerfile(tb)
	if len(stages) < 2 {
		tb.Fatalf("Dockerfile has %d stages, want a builder stage and a runtime stage", len(stages))
	}
	return stages[0], stages[len(stages)-1]
}

func TestMultiStage(t *testing.T) {
	builderAndFinal(t)
}

var (
	goLine     = regexp.MustCompile(`(?m)^go (\d+)\.(\d+)(?:\.(\d+))?\s*$`)
	assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
	golangTag  = regexp.MustCompile(`^golang:(\d+)\.(\d+)\.(\d+)(?:-[a-z0-9.]+)?(?:@sha256:[0-9a-f]{64})?$`)
)

// TestBuilderMatchesGoMod checks that the builder image pins the Go release
// go.mod asks for. An older patch release would make the go command fetch a
// newer toolchain during the build; a floating tag would make builds differ.
func TestBuilderMatchesGoMod(t *testing.T) {
	build, _ := builderAndFinal(t)
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	want := goLine.FindSubmatch(mod)
	if want == nil {
		t.Fatal("go.mod has no go line")
	}
	got := golangTag.FindStringSubmatch(build.image)
	if got == nil {
		t.Fatalf("Dockerfile:%d: builder image %q, want golang:X.Y.Z (a pinned release)", build.line, build.image)
	}
	if got[1] != string(want[1]) || got[2] != string(want[2]) {
		t.Errorf("Dockerfile:%d: builder image %s, want Go %s.%s as in go.mod", build.line, build.image, want[1], want[2])
	}
	if len(want[3]) > 0 {
		gp, _ := strconv.Atoi(got[3])
		wp, _ := strconv.Atoi(string(want[3]))
		if gp < wp {
			t.Errorf("Dockerfile:%d: builder image %s is older than go.mod's go %s.%s.%s", build.line, build.image, want[1], want[2], want[3])
		}
	}
	if build.name == "" {
		t.Errorf("Dockerfile:%d: name the builder stage (FROM ... AS build)", build.line)
	}
}

// TestDependenciesBeforeSources checks that modules are downloaded in a
// layer that only go.mod and go.sum invalidate.
func TestDependenciesBeforeSources(t *testing.T) {
	build, _ := builderAndFinal(t)
	copyMod, download, copyAll := -1, -1, -1
	for i, in := range build.instrs {
		switch {
		case in.cmd == "copy" && copyMod < 0 && slices.Contains(in.args, "go.mod") && slices.Contains(in.args, "go.sum"):
			copyMod = i
		case in.cmd == "run" && download < 0 && strings.Contains(strings.Join(in.args, " "), "go mod download"):
			download = i
		case in.cmd == "copy" && copyAll < 0 && len(in.args) > 0 && in.args[0] == ".":
			copyAll = i
		}
	}
	if copyMod < 0 || download < 0 || copyAll < 0 {
		t.Fatalf("builder stage needs COPY go.mod go.sum, RUN go mod download and COPY . . (found at %d, %d, %d)", copyMod, download, copyAll)
	}
	if !(copyMod < download && download < copyAll) {
		t.Errorf("builder stage order: COPY go.mod go.sum (#%d), RUN go mod download (#%d), COPY . . (#%d); want them in that order", copyMod, download, copyAll)
	}
}

// goBuild returns the builder stage's go build instruction.
func goBuild(tb testing.TB, build stage) instruction {
	tb.Helper()
	var found []instruction
	for _, in := range build.find("run") {
		if strings.Contains(strings.Join(in.args, " "), "go build") {
			found = append(found, in)
		}
	}
	if len(found) != 1 {
		tb.Fatalf("builder stage has %d RUN instructions with go build, want 1", len(found))
	}
	return found[0]
}

// buildCommand expands the go build instruction the way the builder's shell
// would, with the stage's ARG defaults (overridden by args) and ENV values.
// It returns the environment the command runs with (the stage's ARG and ENV
// values, then the command's leading VAR=value assignments) and the
// command words.
func buildCommand(tb testing.TB, build stage, args map[string]string) (assign, words []string) {
	tb.Helper()
	run := goBuild(tb, build)
	if run.json {
		tb.Fatalf("Dockerfile:%d: write the go build RUN in shell form so ARGs expand", run.line)
	}
	cmd := strings.Join(run.args, " ")
	for _, op := range []string{"&&", "||", ";", "|", "`", "$(", ">", "<"} {
		if strings.Contains(cmd, op) {
			tb.Fatalf("Dockerfile:%d: keep the go build RUN one plain command (found %q) so this test can run it", run.line, op)
		}
	}
	var env []string
	for _, in := range build.instrs {
		if in.line >= run.line {
			break
		}
		switch in.cmd {
		case "arg":
			for _, a := range in.args {
				name, def, _ := strings.Cut(a, "=")
				if v, ok := args[name]; ok {
					def = v
				}
				env = append(env, name+"="+def)
			}
		case "env":
			for i := 0; i+1 < len(in.args); i += 3 { // name, value, separator
				env = append(env, in.args[i]+"="+in.args[i+1])
			}
		}
	}
	words, err := shell.NewLex('\\').ProcessWords(cmd, shell.EnvsFromSlice(env))
	if err != nil {
		tb.Fatalf("Dockerfile:%d: expand %q: %v", run.line, cmd, err)
	}
	assign = env
	for len(words) > 0 && assignment.MatchString(words[0]) {
		assign, words = append(assign, words[0]), words[1:]
	}
	if len(words) < 2 || words[0] != "go" || words[1] != "build" {
		tb.Fatalf("Dockerfile:%d: want [VAR=value ...] go build ..., got %q", run.line, words)
	}
	return assign, words
}

func TestStaticBuild(t *testing.T) {
	build, _ := builderAndFinal(t)
	assign, words := buildCommand(t, build, nil)
	cgo := ""
	for _, a := range assign { // the last assignment wins
		if v, ok := strings.CutPrefix(a, "CGO_ENABLED="); ok {
			cgo = v
		}
	}
	if cgo != "0" {
		t.Errorf("go build runs with %q, want CGO_ENABLED=0 (in ENV or the RUN) for a static binary", assign)
	}
	if !slices.Contains(words, "-trimpath") {
		t.Errorf("go build %q lacks -trimpath", words)
	}
	if !slices.Contains(words, "./cmd/faqbot") {
		t.Errorf("go build %q does not build ./cmd/faqbot", words)
	}
}

func TestRuntimeImage(t *testing.T) {
	_, final := builderAndFinal(t)
	switch {
	case strings.HasPrefix(final.image, "gcr.io/distroless/static"):
		// Has CA certificates, /etc/passwd with nonroot, no shell.
	case final.image == "scratch":
		certs := false
		for _, in := range final.find("copy") {
			certs = certs || strings.Contains(strings.Join(in.args, " "), "ca-certificates")
		}
		if !certs {
			t.Errorf("a scratch image needs CA certificates copied in: Discord is TLS only")
		}
	default:
		t.Errorf("Dockerfile:%d: runtime image %s, want gcr.io/distroless/static* or scratch", final.line, final.image)
	}
}

func TestNonRootUser(t *testing.T) {
	_, final := builderAndFinal(t)
	users := final.find("user")
	if len(users) == 0 {
		t.Fatal("runtime stage has no USER: it would run as root")
	}
	last := users[len(users)-1]
	user, _, _ := strings.Cut(strings.Join(last.args, ""), ":")
	if user == "" || user == "root" || user == "0" {
		t.Errorf("Dockerfile:%d: USER %s runs as root", last.line, strings.Join(last.args, ""))
	}
}

func TestHealthcheckAndEntrypoint(t *testing.T) {
	_, final := builderAndFinal(t)
	hc := final.find("healthcheck")
	if len(hc) != 1 {
		t.Fatalf("runtime stage has %d HEALTHCHECK instructions, want 1", len(hc))
	}
	if in := hc[0]; !in.json || len(in.args) < 3 || in.args[0] != "CMD" || !slices.Contains(in.args[1:], "healthcheck") {
		t.Errorf("Dockerfile:%d: HEALTHCHECK %q, want exec form CMD [\"/faqbot\", \"healthcheck\"] (the image has no shell)", in.line, in.args)
	}
	ep := final.find("entrypoint")
	if len(ep) != 1 || !ep[0].json || len(ep[0].args) == 0 || ep[0].args[0] != "/faqbot" {
		t.Errorf("runtime stage ENTRYPOINT %v, want exec form [\"/faqbot\"]", ep)
	}
	if hc[0].json && len(hc[0].args) > 1 && hc[0].args[1] != "/faqbot" {
		t.Errorf("HEALTHCHECK runs %s, want /faqbot", hc[0].args[1])
	}
	for _, cmd := range final.find("cmd") {
		if !cmd.json {
			t.Errorf("Dockerfile:%d: CMD in shell form needs a shell the image lacks", cmd.line)
		}
	}
}

// TestOpsPort checks that the health check has a server to probe: the
// image sets FAQBOT_OPS_ADDR and exposes its port.
func TestOpsPort(t *testing.T) {
	_, final := builderAndFinal(t)
	env := envOf(final)
	addr, ok := env["FAQBOT_OPS_ADDR"]
	if !ok || addr == "" {
		t.Fatal("runtime stage does not set FAQBOT_OPS_ADDR: the health check would have nothing to probe")
	}
	port := addr[strings.LastIndex(addr, ":")+1:]
	exposed := false
	for _, in := range final.find("expose") {
		for _, p := range in.args {
			exposed = exposed || strings.TrimSuffix(p, "/tcp") == port
		}
	}
	if !exposed {
		t.Errorf("FAQBOT_OPS_ADDR=%s but port %s is not EXPOSEd", addr, port)
	}
}

func envOf(s stage) map[string]string {
	env := map[string]string{}
	for _, in := range s.find("env") {
		for i := 0; i+1 < len(in.args); i += 3 {
			env[in.args[i]] = in.args[i+1]
		}
	}
	return env
}

// TestNoSecrets checks that no ENV or ARG could carry a token into an image
// layer or its history.
func TestNoSecrets(t *testing.T) {
	for _, s := range parseDockerfile(t) {
		for _, in := range s.instrs {
			var names []string
			switch in.cmd {
			case "arg":
				for _, a := range in.args {
					name, _, _ := strings.Cut(a, "=")
					names = append(names, name)
				}
			case "env":
				for i := 0; i < len(in.args); i += 3 {
					names = append(names, in.args[i])
				}
			}
			for _, n := range names {
				up := strings.ToUpper(n)
				if strings.Contains(up, "TOKEN") || strings.Contains(up, "SECRET") || strings.Contains(up, "PASSWORD") {
					t.Errorf("Dockerfile:%d: %s %s would bake a secret into the image; pass it at run time", in.line, strings.ToUpper(in.cmd), n)
				}
			}
		}
	}
}

// TestEnvAreSettings checks that every FAQBOT_ variable the image sets is a
// real setting, so a renamed setting cannot silently stop applying.
func TestEnvAreSettings(t *testing.T) {
	names := config.EnvNames()
	for _, s := range parseDockerfile(t) {
		for name := range envOf(s) {
			if strings.HasPrefix(name, config.EnvPrefix) && !slices.Contains(names, name) {
				t.Errorf("Dockerfile sets %s, which is not a setting (see config.EnvNames)", name)
			}
		}
	}
}

// TestDockerignore checks that the build context leaves out .git and local
// state but keeps what the build needs.
func TestDockerignore(t *testing.T) {
	f, err := os.Open(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var patterns []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, strings.TrimPrefix(path.Clean(line), "/"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	excluded := func(name string) bool {
		out := false
		for _, p := range patterns {
			neg := strings.HasPrefix(p, "!")
			p = strings.TrimPrefix(p, "!")
			p = strings.TrimPrefix(p, "**/")
			if ok, _ := path.Match(p, name); ok {
				out = !neg
			}
		}
		return out
	}
	for _, name := range []string{".git", "faqbot.db"} {
		if !excluded(name) {
			t.Errorf(".dockerignore does not exclude %s", name)
		}
	}
	for _, name := range []string{"go.mod", "go.sum", "cmd", "knowledge", "config", "internal", "bot", "main.go"} {
		if excluded(name) {
			t.Errorf(".dockerignore excludes %s, which the build needs", name)
		}
	}
}

// TestBuildLikeDocker builds the binary with the Dockerfile's own go build
// command and checks that it is static. It runs only with
// FAQBOT_DOCKER_BUILD=1 (CI sets it) because it compiles the whole program.
func TestBuildLikeDocker(t *testing.T) {
	if os.Getenv("FAQBOT_DOCKER_BUILD") != "1" {
		t.Skip("set FAQBOT_DOCKER_BUILD=1 to build the binary as the Dockerfile does")
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "faqbot")); err != nil {
		t.Skip("./cmd/faqbot does not exist yet; nothing to build")
	}
	build, _ := builderAndFinal(t)
	assign, words := buildCommand(t, build, map[string]string{
		"VERSION": "v0.0.0-test", "COMMIT": "testcommit", "DATE": "2000-01-01T00:00:00Z",
	})
	out := filepath.Join(t.TempDir(), "faqbot")
	i := slices.Index(words, "-o")
	if i < 0 || i+1 >= len(words) {
		t.Fatalf("go build %q has no -o", words)
	}
	words[i+1] = out

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", words[1:]...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), assign...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", strings.Join(assign, " "), strings.Join(words, " "), err, b)
	}

	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("binary has a PT_INTERP program header: it is dynamically linked")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("binary needs shared libraries %q (%v), want none", libs, err)
	}

	info, err := buildinfo.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("build settings CGO_ENABLED=%q -trimpath=%q, want 0 and true", settings["CGO_ENABLED"], settings["-trimpath"])
	}
	// The stamped version must reach the program. (Build info does not
	// record -ldflags when -trimpath is on, so ask the binary itself.)
	got, err := exec.CommandContext(ctx, out, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("faqbot version: %v\n%s", err, got)
	}
	for _, want := range []string{"v0.0.0-test", "testcommit", "2000-01-01T00:00:00Z"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("faqbot version = %q, want it to contain %q", got, want)
		}
	}
}
