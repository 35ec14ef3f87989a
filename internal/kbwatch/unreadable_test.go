package kbwatch

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/faqbot/faqbot/knowledge"
)

// TestUnreadableKeepsLastGood: a knowledge file that cannot be read (no
// permission, or a link to nothing) fails the reload and the last good
// knowledge base stays in service; once readable again it is loaded.
func TestUnreadableKeepsLastGood(t *testing.T) {
	t.Run("no permission", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads files whatever their mode")
		}
		f := newFixture(t)
		before := f.store.Current()
		p := filepath.Join(f.dir, "faq", "addiction-risk.md")
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		f.write("faq/touch.md.tmp", "") // an event: files are not watched for mode changes everywhere
		if r := f.next(); r.Err == nil {
			t.Fatal("reload of an unreadable file succeeded")
		}
		if f.store.Current() != before {
			t.Fatal("an unreadable file replaced the knowledge base in service")
		}
		os.Chmod(p, 0o644)
		os.Remove(filepath.Join(f.dir, "faq/touch.md.tmp"))
		for r := f.next(); r.Err != nil; r = f.next() {
		}
	})
	t.Run("link to nothing", func(t *testing.T) {
		f := newFixture(t)
		before := f.store.Current()
		if err := os.Symlink("does-not-exist.md", filepath.Join(f.dir, "faq", "gone.md")); err != nil {
			t.Fatal(err)
		}
		if r := f.next(); r.Err == nil {
			t.Fatal("reload with a dangling link succeeded")
		}
		if f.store.Current() != before {
			t.Fatal("a dangling link replaced the knowledge base in service")
		}
		if r := f.store.Current().Answer("is ketamine addictive", knowledge.Options{}); r.Entry == nil || r.Entry.ID != "addiction-risk" {
			t.Fatalf("the last good knowledge base does not answer: %+v", r)
		}
	})
}
