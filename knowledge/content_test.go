package knowledge

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// The content rules of the shipped knowledge base (see
// shared/content/sources.md): words, sources, review dates and next steps.

// shippedCopy returns the shipped knowledge base as a MapFS, to add files to.
func shippedCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(DefaultFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(DefaultFS(), name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The shipped language.yaml warns about each of these words, in each form,
// wherever an answer says them.
func TestShippedLanguageList(t *testing.T) {
	words := []string{
		"abuse", "abuses", "abused", "abusing", "abuser", "abusers",
		"drug seeking", "drug-seeking", "drug seeker",
		"alcoholic", "alcoholics",
		"user", "users", "drug user",
		"addict", "addicts", "junkie", "clean", "drug habit",
	}
	m := shippedCopy(t)
	var body strings.Builder
	for _, w := range words {
		body.WriteString("Some text says " + w + " here.\n")
	}
	m["faq/zz-words.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Which words are these?\nsources: [jhu-ketamine-2024]\nreviewed: 2026-12-01\n---\n" + body.String())}
	snap, probs, err := Load(m, LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	found := map[int]string{} // line → warning
	for _, p := range snap.Lint(LintOptions{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}) {
		if p.File == "faq/zz-words.md" && strings.Contains(p.Msg, "can stigmatise") {
			found[p.Line] = p.Msg
		}
	}
	for i, w := range words {
		line := 6 + i
		msg, ok := found[line]
		if !ok {
			t.Errorf("%q (faq/zz-words.md:%d): no warning", w, line)
			continue
		}
		if !strings.Contains(msg, "say ") {
			t.Errorf("%q: warning %q does not say what to use instead", w, msg)
		}
	}
}
