package kbwatch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/faqbot/faqbot/knowledge"
)

// A pull that breaks 3,000 files logs one line per failed reload: how many
// problems, the first few, and how many were not logged; not a line per
// problem.
func TestManyBrokenFilesLogASummary(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, knowledge.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	store, _, err := knowledge.NewStore(dir, func() (*knowledge.Snapshot, knowledge.Problems, error) {
		return LoadDir(dir, knowledge.LoadOptions{})
	})
	if err != nil {
		t.Fatal(err)
	}
	const broken = 3000
	for i := range broken {
		name := filepath.Join(dir, "faq", fmt.Sprintf("broken-%04d.md", i))
		if err := os.WriteFile(name, []byte("---\ntitle: Broken?\nalises: [x]\n---\nbody\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	core, logs := observer.New(zapcore.DebugLevel)
	w := New(zap.New(core), store, dir, Options{})
	w.reload("files changed")

	entries := logs.All()
	if len(entries) != 1 {
		t.Fatalf("a failed reload logged %d lines, want 1", len(entries))
	}
	e := entries[0]
	if e.Level != zapcore.WarnLevel {
		t.Errorf("level = %v, want warn", e.Level)
	}
	f := e.ContextMap()
	n, _ := f["problems"].(int64)
	if n < broken {
		t.Errorf("problems = %v, want the count of every error (at least %d)", f["problems"], broken)
	}
	first, _ := f["first_problems"].([]any)
	if len(first) != logProblems {
		t.Fatalf("first_problems has %d problems, want %d: %v", len(first), logProblems, f["first_problems"])
	}
	if s, _ := first[0].(string); !strings.Contains(s, "faq/broken-0000.md:") {
		t.Errorf("first problem = %q, want the first file with its line", first[0])
	}
	if got, want := f["not_logged"], n-logProblems; got != want {
		t.Errorf("not_logged = %v, want %d", got, want)
	}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	buf, err := enc.EncodeEntry(e.Entry, e.Context)
	if err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 4<<10 {
		t.Errorf("the line is %d bytes, want at most 4 KiB", buf.Len())
	}
}
