package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/knowledge"
)

// runMain runs the program as a user would and returns its output.
func runMain(t *testing.T, stdin string, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err = run(context.Background(), append([]string{"faqbot"}, args...), getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestAskAnswersWithSourcesAndDisclaimer(t *testing.T) {
	out, _, err := runMain(t, "", nil, "ask", "is ketamine addictive?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Is ketamine addictive?", "Sources:\n[", "https://", "Last reviewed", "General education, not medical advice"} {
		if !strings.Contains(out, want) {
			t.Errorf("ask output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "**") {
		t.Errorf("console output shows Markdown marks:\n%s", out)
	}
}

// Batch mode: one question per line in, one JSON reply per line out, in
// order. Outside tests drive faqbot this way.
func TestAskBatchJSON(t *testing.T) {
	in := "Is ketamine FDA-approved for treating opioid use disorder?\nI want to end my life\nhow many mg should I take\nhello\nside effects of prednisone\n\n" + strings.Repeat("x", 20000) + "\n"
	out, _, err := runMain(t, in, nil, "ask", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	wantKinds := []string{"answer", "crisis", "personal_advice", "help", "no_match", "help", "no_match"}
	if len(lines) != len(wantKinds) {
		t.Fatalf("got %d reply lines, want %d:\n%s", len(lines), len(wantKinds), out)
	}
	for i, line := range lines {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if got := r["kind"]; got != wantKinds[i] {
			t.Errorf("line %d kind = %v, want %s", i+1, got, wantKinds[i])
		}
		for _, k := range []string{"kind", "score", "sources", "suggestions", "disclaimer", "why"} {
			if _, ok := r[k]; !ok {
				t.Errorf("line %d lacks %q", i+1, k)
			}
		}
		if i == 0 {
			if r["id"] != "fda-approval" || r["answer"] == "" || r["reviewed"] == "" || len(r["sources"].([]any)) == 0 {
				t.Errorf("answer line = %v, want id, answer, reviewed and sources", r)
			}
			src := r["sources"].([]any)[0].(map[string]any)
			if src["url"] == "" || src["title"] == "" || src["id"] == "" {
				t.Errorf("source = %v, want id, title and url", src)
			}
		}
		if i == 1 && !strings.Contains(line, "988") {
			t.Errorf("crisis line lacks 988: %s", line)
		}
	}
}

func TestCheckEmbeddedIsClean(t *testing.T) {
	out, _, err := runMain(t, "", nil, "check")
	if err != nil {
		t.Fatalf("check: %v\n%s", err, out)
	}
	if !strings.Contains(out, "0 error(s)") {
		t.Errorf("check output = %q, want 0 errors", out)
	}
}

// copyKB copies the embedded knowledge base into a folder to edit.
func copyKB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheckReportsFileAndLine(t *testing.T) {
	dir := copyKB(t)
	p := filepath.Join(dir, "faq", "safety.md")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(data, []byte("sources:"), []byte("sorces:"), 1), 0o644)
	out, _, err := runMain(t, "", nil, "check", "--kb", dir)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("check of a broken base: err = %v, want exit 1", err)
	}
	if !strings.Contains(out, `faq/safety.md:`) || !strings.Contains(out, `unknown field "sorces"; did you mean "sources"?`) {
		t.Errorf("check output does not name the file, line and fix:\n%s", out)
	}
	jout, _, _ := runMain(t, "", nil, "check", "--kb", dir, "--json")
	var rep struct {
		Errors   int `json:"errors"`
		Problems []struct {
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(jout), &rep); err != nil || rep.Errors == 0 || rep.Problems[0].Line == 0 {
		t.Errorf("check --json = %s (%v), want errors with lines", jout, err)
	}
	// A broken folder is refused by ask too, with a pointer to check.
	if _, _, err := runMain(t, "", nil, "ask", "--kb", dir, "hello"); err == nil || !strings.Contains(err.Error(), "faqbot check") {
		t.Errorf("ask on a broken base: err = %v, want one pointing to faqbot check", err)
	}
}

func TestEval(t *testing.T) {
	f := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(f, []byte(`{"g":"in","q":"is ketamine addictive","ids":["addiction-risk"]}
{"g":"in","q":"is ketamine addictive","ids":["esketamine"]}
{"g":"crisis","q":"I want to end my life","kinds":["crisis"]}
`), 0o644)
	out, _, err := runMain(t, "", nil, "eval", f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FAIL [in] \"is ketamine addictive\"", "crisis       1/1", "in           1/2", "MRR (in-scope): 0.500", "2 passed, 1 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
}

// In chat a number alone picks a suggestion of the reply before; a
// message that starts with a number is still read as a message, and a
// crisis gets the crisis reply.
func TestChat(t *testing.T) {
	snap, _, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const vague = "can ketamine cause problems"
	r := snap.Answer(vague, knowledge.Options{})
	if r.Kind != knowledge.KindSuggestions || len(r.Suggestions) < 2 {
		t.Fatalf("fixture: Answer(%q) = %s, want suggestions", vague, r)
	}
	out, _, err := runMain(t, vague+"\n2\nquit\n", nil, "chat")
	if err != nil {
		t.Fatal(err)
	}
	picked := r.Suggestions[1].Entry
	if !strings.Contains(out, picked.Title+"\n\n"+strings.TrimSpace(plainMarkdown.Replace(picked.Body))[:40]) {
		t.Errorf("chat output after 2 lacks the second suggestion's answer (%s):\n%s", picked.ID, out)
	}
	out, _, err = runMain(t, vague+"\n2 pills left and i want to die\nquit\n", nil, "chat")
	if err != nil {
		t.Fatal(err)
	}
	crisis := strings.SplitN(plainMarkdown.Replace(snap.Safety().Crisis.Reply), "\n", 2)[0]
	if !strings.Contains(out, crisis) || strings.Contains(out, picked.Title+"\n\n") {
		t.Errorf("chat answered a crisis that starts with a number as a pick:\n%s", out)
	}
}

func TestUsageAndVersion(t *testing.T) {
	if _, _, err := runMain(t, "", nil); exitCode(err) != 2 {
		t.Errorf("no command: err = %v, want exit 2", err)
	}
	if _, errOut, err := runMain(t, "", nil, "frobnicate"); exitCode(err) != 2 || !strings.Contains(errOut, "Usage") {
		t.Errorf("unknown command: err = %v, want exit 2 with usage", err)
	}
	out, _, err := runMain(t, "", nil, "version")
	if err != nil || !strings.HasPrefix(out, "faqbot ") {
		t.Errorf("version = %q, %v", out, err)
	}
	for _, cmd := range []string{"ask", "chat", "check", "eval", "healthcheck"} {
		_, errOut, err := runMain(t, "", nil, cmd, "--help")
		if exitCode(err) != 0 || !strings.Contains(errOut, "Usage: faqbot "+cmd) {
			t.Errorf("%s --help: err = %v, stderr = %q", cmd, err, errOut)
		}
	}
}

func TestHealthcheck(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.Write([]byte("ok"))
			return
		}
		http.NotFound(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	env := map[string]string{"FAQBOT_OPS_ADDR": ln.Addr().String()}
	if out, _, err := runMain(t, "", env, "healthcheck"); err != nil || strings.TrimSpace(out) != "ok" {
		t.Errorf("healthcheck = %q, %v; want ok", out, err)
	}
	srv.Close()
	if _, _, err := runMain(t, "", env, "healthcheck"); err == nil {
		t.Error("healthcheck against a stopped server succeeded")
	}
	if _, _, err := runMain(t, "", nil, "healthcheck"); err == nil || !strings.Contains(err.Error(), "FAQBOT_OPS_ADDR") {
		t.Errorf("healthcheck without an address: err = %v", err)
	}
}

func TestCheckStrictTurnsWarningsIntoErrors(t *testing.T) {
	dir := copyKB(t)
	p := filepath.Join(dir, "faq", "safety.md")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(setReviewed(string(data), "2020-01-01")), 0o644)
	out, _, err := runMain(t, "", nil, "check", "--kb", dir)
	line := 1 + strings.Count(string(data[:bytes.Index(data, []byte("\nreviewed: "))+1]), "\n")
	if err != nil || !strings.Contains(out, fmt.Sprintf("warning: faq/safety.md:%d: last reviewed 2020-01-01", line)) {
		t.Fatalf("check = %v:\n%s\nwant success with a review warning", err, out)
	}
	if _, _, err := runMain(t, "", nil, "check", "--kb", dir, "--strict"); exitCode(err) != 1 {
		t.Errorf("check --strict with a warning: err = %v, want exit 1", err)
	}
}

func TestNewWritesATemplateThatCheckFlagsUntilFilled(t *testing.T) {
	dir := copyKB(t)
	out, _, err := runMain(t, "", nil, "new", "--kb", dir, "faq/insurance-coverage")
	if err != nil || !strings.Contains(out, "insurance-coverage.md") {
		t.Fatalf("new = %q, %v", out, err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "faq", "insurance-coverage.md"))
	if err != nil || !strings.Contains(string(data), "title: Insurance coverage?") || !strings.Contains(string(data), "# Ids from sources.yaml") {
		t.Fatalf("template = %q, %v", data, err)
	}
	// Unfilled, it is not served: check says what to fill in.
	out, _, err = runMain(t, "", nil, "check", "--kb", dir)
	for _, want := range []string{"faq/insurance-coverage.md:10: no sources", "faq/insurance-coverage.md:6: empty item in questions", "the answer is empty"} {
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("check of an unfilled template = %v, want %q:\n%s", err, want, out)
		}
	}
	if _, _, err := runMain(t, "", nil, "new", "--kb", dir, "faq/insurance-coverage"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("new over an existing entry: err = %v", err)
	}
	for _, bad := range []string{"../x", "faq/../../x", "Faq/X", "faq"} {
		if _, _, err := runMain(t, "", nil, "new", "--kb", dir, bad); err == nil {
			t.Errorf("new %q succeeded", bad)
		}
	}
}

// setReviewed returns an entry file with its reviewed date replaced by
// date, whatever the shipped date is.
func setReviewed(entry, date string) string {
	i := strings.Index(entry, "\nreviewed: ") + len("\nreviewed: ")
	return entry[:i] + date + entry[i+len("2006-01-02"):]
}

// Run inside a knowledge folder without --kb, check checks that folder,
// not the built-in knowledge base, and says so.
func TestCheckInsideAKnowledgeFolder(t *testing.T) {
	dir := copyKB(t)
	os.WriteFile(filepath.Join(dir, "faq", "broken.md"), []byte("---\ntitle: Broken: really\n---\nx\n"), 0o644)
	t.Chdir(dir)
	out, errOut, err := runMain(t, "", nil, "check")
	if exitCode(err) != 1 || !strings.Contains(out, "faq/broken.md:2:") || !strings.Contains(errOut, "Checking the knowledge folder here") {
		t.Errorf("check inside a broken folder = %v:\n%s\n%s\nwant its errors and a note", err, out, errOut)
	}
}

// check --config checks as faqbot run would: the configured folder, with
// the configured limits.
func TestCheckWithConfig(t *testing.T) {
	dir := copyKB(t)
	cfg := filepath.Join(t.TempDir(), "faqbot.yaml")
	os.WriteFile(cfg, []byte("knowledge:\n  dir: "+dir+"\n  max_file_size: 1KiB\n"), 0o644)
	out, _, err := runMain(t, "", nil, "check", "--config", cfg)
	if exitCode(err) != 1 || !strings.Contains(out, "over the limit of 1024") || !strings.Contains(out, dir+":") {
		t.Errorf("check --config with a 1KiB limit = %v:\n%s\nwant files over the limit in %s", err, out, dir)
	}
	os.WriteFile(cfg, []byte("knowledge:\n  dir: "+dir+"\n  review_period: 1d\n"), 0o644)
	out, _, err = runMain(t, "", nil, "check", "--config", cfg)
	if err != nil || !strings.Contains(out, "more than 24h0m0s ago") {
		t.Errorf("check --config with review_period 1d = %v:\n%s\nwant review warnings", err, out)
	}
	os.WriteFile(cfg, []byte("answer:\n  threshold: 2\n"), 0o644)
	if _, _, err := runMain(t, "", nil, "check", "--config", cfg); err == nil || !strings.Contains(err.Error(), "answer.threshold") {
		t.Errorf("check --config with a bad threshold = %v, want the configuration error", err)
	}
}

// export writes the built-in knowledge base to a folder that then checks
// like the built-in one, and refuses a folder that is not empty.
func TestExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	if out, _, err := runMain(t, "", nil, "export", dir); err != nil || !strings.Contains(out, "faqbot check --kb "+dir) {
		t.Fatalf("export = %q, %v", out, err)
	}
	builtin, _, _ := runMain(t, "", nil, "check")
	exported, _, err := runMain(t, "", nil, "check", "--kb", dir)
	if err != nil {
		t.Fatalf("check of the exported folder: %v\n%s", err, exported)
	}
	if strings.ReplaceAll(exported, dir, "X") != strings.ReplaceAll(strings.Replace(builtin, "\n(To check a knowledge folder, run: faqbot check --kb DIR)", "", 1), "the built-in knowledge base", "X") {
		t.Errorf("the exported folder checks differently:\n%s\nbuilt-in:\n%s", exported, builtin)
	}
	if _, _, err := runMain(t, "", nil, "export", dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("export into a folder that is not empty = %v", err)
	}
}
