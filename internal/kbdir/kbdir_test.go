package kbdir

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/internal/kbtest"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// The sources and safety files are kbtest's, shared with other packages'
// tests.
const (
	testSources = kbtest.TwoSources
	testSafety  = kbtest.Safety
)

const addictiveEntry = `---
title: Is ketamine addictive?
questions:
  - can you get hooked on ketamine
keywords: [habit forming]
sources: [jhu]
reviewed: 2026-11-25
---
Ketamine can be misused.
`

const whatEntry = `---
title: What is ketamine?
sources: [jhu, fda]
reviewed: 2026-11-25
---
Ketamine is a medicine used for anesthesia.
`

// entryTail ends the test entries that only differ in their questions.
const entryTail = "sources: [jhu]\nreviewed: 2026-01-01\n---\nAn answer about swimming.\n"

var moderator = Author{Name: "Riley", ID: "111"}

func TestMain(m *testing.M) {
	// The test folders live under the temporary folder: git must not find
	// a work tree above it (a checkout holding TMPDIR) and commit there.
	os.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	os.Exit(m.Run())
}

// testDir writes a small clean knowledge folder with files added (or
// replaced) and opens it.
func testDir(t *testing.T, files map[string]string) *Dir {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{
		"sources.yaml":     testSources,
		"safety.yaml":      testSafety,
		"faq/addictive.md": addictiveEntry,
		"faq/what-is.md":   whatEntry,
	}
	for name, data := range files {
		all[name] = data
	}
	for name, data := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Open(dir, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, probs, err := d.Check(); err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("test knowledge folder is not clean: %v\n%v", err, probs)
	}
	return d
}

func read(t *testing.T, d *Dir, file string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(d.Path(), filepath.FromSlash(file)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return string(data)
}

// answers checks that q answers entry id exactly in the folder as it is.
func answers(t *testing.T, d *Dir, id, q string) {
	t.Helper()
	snap, probs, err := d.Check()
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("the knowledge folder does not load: %v\n%v", err, probs.Errors())
	}
	r := snap.Answer(q, knowledge.Options{})
	if r.Kind != knowledge.KindAnswer || r.Entry == nil || r.Entry.ID != id || r.Score != 1 {
		t.Errorf("Answer(%q) = %s, want an exact answer from %s", q, r, id)
	}
}

func TestAddPhrasingKeepsTheLayout(t *testing.T) {
	tests := []struct {
		name, before, q, after string
	}{
		{
			name:   "block list",
			before: "---\n# Moderator note: keep this one short.\ntitle: Is swimming safe after an infusion?\nquestions:\n    -   what about swimming after ketamine  # from the forum\n    - is a pool ok after treatment\n      on the same day\n    # - an idea for later\nkeywords: [swim]  # aliases\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\n# Moderator note: keep this one short.\ntitle: Is swimming safe after an infusion?\nquestions:\n    -   what about swimming after ketamine  # from the forum\n    - is a pool ok after treatment\n      on the same day\n    - is swimming ok after a ketamine session\n    # - an idea for later\nkeywords: [swim]  # aliases\n" + entryTail,
		},
		{
			name:   "block list at the key's indentation",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions:\n- what about swimming after ketamine\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions:\n- what about swimming after ketamine\n- is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "flow list",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions: [\"what about swimming after ketamine\", is a pool ok]   # keep\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions: [\"what about swimming after ketamine\", is a pool ok, is swimming ok after a ketamine session]   # keep\n" + entryTail,
		},
		{
			name:   "flow list over lines with a trailing comma",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions: [\n  what about swimming after ketamine, # why]\n  'is a pool ok, really',\n]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions: [\n  what about swimming after ketamine, # why]\n  'is a pool ok, really', is swimming ok after a ketamine session\n]\n" + entryTail,
		},
		{
			name:   "empty flow list",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions: []\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions: [is swimming ok after a ketamine session]\n" + entryTail,
		},
		{
			name:   "no questions",
			before: "---\ntitle: Is swimming safe after an infusion?\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions:\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "no questions, title over two lines",
			before: "---\ntitle: Is swimming safe after\n  an infusion?\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after\n  an infusion?\nquestions:\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "empty questions key",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions:  # fill in\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions:  # fill in\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "one question without a list",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions: what about swimming after ketamine # old style\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions: # old style\n  - what about swimming after ketamine\n  - is swimming ok after a ketamine session\n" + entryTail,
		},
		{
			name:   "quoted in a block list",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions:\n  - what about swimming after ketamine\n" + entryTail,
			q:      `swimming: is it "ok" after ketamine #1`,
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions:\n  - what about swimming after ketamine\n  - \"swimming: is it \\\"ok\\\" after ketamine #1\"\n" + entryTail,
		},
		{
			name:   "quoted in a flow list for its comma",
			before: "---\ntitle: Is swimming safe after an infusion?\nquestions: [what about swimming after ketamine]\n" + entryTail,
			q:      "after ketamine, is swimming ok",
			after:  "---\ntitle: Is swimming safe after an infusion?\nquestions: [what about swimming after ketamine, \"after ketamine, is swimming ok\"]\n" + entryTail,
		},
		{
			name:   "CRLF line ends",
			before: strings.ReplaceAll("---\ntitle: Is swimming safe after an infusion?\nquestions:\n  - what about swimming after ketamine\n"+entryTail, "\n", "\r\n"),
			q:      "is swimming ok after a ketamine session",
			after:  strings.ReplaceAll("---\ntitle: Is swimming safe after an infusion?\nquestions:\n  - what about swimming after ketamine\n  - is swimming ok after a ketamine session\n"+entryTail, "\n", "\r\n"),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testDir(t, map[string]string{"faq/swim.md": tc.before})
			p := filepath.Join(d.Path(), "faq", "swim.md")
			os.Chmod(p, 0o640)
			c, _, err := d.AddPhrasing("swim", "  "+tc.q+"\n", moderator)
			if err != nil {
				t.Fatal(err)
			}
			if got := read(t, d, "faq/swim.md"); got != tc.after {
				t.Errorf("after AddPhrasing:\n%s\nwant:\n%s", got, tc.after)
			}
			if info, _ := os.Stat(p); info.Mode().Perm() != 0o640 {
				t.Errorf("file mode = %v, want 0640 kept", info.Mode().Perm())
			}
			if leftovers, _ := filepath.Glob(filepath.Join(d.Path(), "faq", ".*")); len(leftovers) > 0 {
				t.Errorf("temporary files left behind: %v", leftovers)
			}
			if c.Action != "phrasing" || c.By != moderator || c.Entry != "swim" {
				t.Errorf("change = %+v, want a phrasing by %v", c, moderator)
			}
			answers(t, d, "swim", tc.q)
		})
	}
}

func TestAddPhrasingRefuses(t *testing.T) {
	d := testDir(t, nil)
	before := snapshotFolder(t, d)
	tests := []struct {
		name, id, q string
		is          error
		want        string
	}{
		{"duplicate title of another entry", "what-is", "Is ketamine addictive?", ErrDuplicatePhrasing, "addictive"},
		{"duplicate by exact-match key", "addictive", "  is KETAMINE   addictive ", ErrDuplicatePhrasing, "already a phrasing"},
		{"duplicate question", "what-is", "can you get hooked on ketamine", ErrDuplicatePhrasing, "addictive"},
		{"unknown id", "no-such-entry", "a new question about ketamine", fs.ErrNotExist, "no entry"},
		{"path traversal", "../x", "a new question about ketamine", fs.ErrNotExist, "no entry"},
		{"empty question", "what-is", "   ", nil, "empty"},
		{"two lines", "what-is", "is it safe\nreally", nil, "one line"},
		{"too long", "what-is", strings.Repeat("ketamine ", 200), nil, "over"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := d.AddPhrasing(tc.id, tc.q, moderator)
			if err == nil {
				t.Fatalf("AddPhrasing(%q, %q) = nil, want an error", tc.id, tc.q)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("AddPhrasing(%q, %q) = %v, want errors.Is %v", tc.id, tc.q, err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("AddPhrasing(%q, %q) = %v, want it to mention %q", tc.id, tc.q, err, tc.want)
			}
		})
	}
	if after := snapshotFolder(t, d); after != before {
		t.Errorf("refused changes changed the folder:\n%s\nwant:\n%s", after, before)
	}
}

// snapshotFolder lists every file of the folder with its content.
func snapshotFolder(t *testing.T, d *Dir) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(d.Path(), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			data, _ := os.ReadFile(p)
			b.WriteString(p + "\n" + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}

// An edit changes only what changed: a removed question loses its line,
// a kept one keeps its comment, and the fields not edited stay as written.
func TestWriteChangesOnlyWhatChanged(t *testing.T) {
	before := "---\n# Reviewed with the clinic team.\ntitle: Is swimming safe after an infusion?   # the canonical question\nquestions:\n  - what about swimming after ketamine  # from the forum\n  - is a pool ok after treatment\n  # - an idea for later\nkeywords: [swim, 'pool']\nsources: [jhu]\nreviewed: 2026-01-01\n---\nAn answer about swimming.\n"
	d := testDir(t, map[string]string{"faq/swim.md": before})
	_, v, _ := d.Read("faq/swim.md")
	e := Edit{
		Title:     "Is swimming safe after a ketamine infusion?",
		Questions: []string{"what about swimming after ketamine", "is swimming ok the same day"},
		Keywords:  []string{"swim", "pool", "beach"},
		Sources:   []string{"jhu"},
		Answer:    "Wait until the next day.\r\nAsk the clinic.\n",
	}
	c, probs, err := d.Write("faq/swim.md", v, e, moderator)
	if err != nil {
		t.Fatalf("Write = %v\n%v", err, probs)
	}
	today := time.Now().Format("2006-01-02")
	want := "---\n# Reviewed with the clinic team.\ntitle: Is swimming safe after a ketamine infusion?   # the canonical question\nquestions:\n  - what about swimming after ketamine  # from the forum\n  - is swimming ok the same day\n  # - an idea for later\nkeywords: [swim, 'pool', beach]\nsources: [jhu]\nreviewed: " + today + "\n---\nWait until the next day.\nAsk the clinic.\n"
	if got := read(t, d, "faq/swim.md"); got != want {
		t.Errorf("after Write:\n%s\nwant:\n%s", got, want)
	}
	if c.Summary != "title, questions, keywords, answer" || c.Before != v || c.After == v {
		t.Errorf("change = %+v", c)
	}
	answers(t, d, "swim", "is swimming ok the same day")
	if _, _, err := d.Write("faq/swim.md", c.After, e, moderator); !errors.Is(err, ErrUnchanged) {
		t.Errorf("the same edit again = %v, want ErrUnchanged", err)
	}
}

func TestWriteNewEntry(t *testing.T) {
	d := testDir(t, nil)
	e := Edit{Title: "Does insurance cover ketamine?", Questions: []string{"is ketamine covered by insurance"}, Sources: []string{"fda"}, Answer: "It depends on your plan."}
	c, _, err := d.Write("costs/insurance.md", NoFile, e, moderator)
	if err != nil {
		t.Fatal(err)
	}
	if c.Action != "new" || c.Before != NoFile {
		t.Errorf("change = %+v, want a new entry", c)
	}
	got := read(t, d, "costs/insurance.md")
	for _, want := range []string{"# The question this entry answers", "title: Does insurance cover ketamine?\n", "questions:\n  - is ketamine covered by insurance\n", "sources: [fda]\n", "---\nIt depends on your plan.\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("new entry lacks %q:\n%s", want, got)
		}
	}
	answers(t, d, "insurance", "is ketamine covered by insurance")
	if _, _, err := d.Write("costs/insurance.md", NoFile, e, moderator); !errors.Is(err, ErrExists) {
		t.Errorf("writing the new entry again = %v, want ErrExists", err)
	}
	if _, _, err := d.Write("faq/insurance.md", NoFile, e, moderator); !errors.Is(err, ErrNotClean) {
		t.Errorf("a new entry with an id another collection has = %v, want ErrNotClean", err)
	}
}

// A change that would leave the knowledge base with errors is refused
// before anything is written, with the problems.
func TestWriteRefusesABrokenEdit(t *testing.T) {
	d := testDir(t, nil)
	before := snapshotFolder(t, d)
	_, v, _ := d.Read("faq/what-is.md")
	tests := []struct {
		name string
		e    Edit
		want string
	}{
		{"unknown source", Edit{Title: "What is ketamine?", Sources: []string{"jhu", "nope"}, Answer: "A medicine."}, `unknown source id "nope"`},
		{"question of another entry", Edit{Title: "What is ketamine?", Questions: []string{"Can you get hooked on ketamine?"}, Sources: []string{"jhu"}, Answer: "A medicine."}, "also a question of faq/addictive.md"},
		{"self-test", Edit{Title: "What is ketamine?", Questions: []string{"should I stop taking my methadone"}, Sources: []string{"jhu"}, Answer: "A medicine."}, "self-test"},
		{"empty answer", Edit{Title: "What is ketamine?", Sources: []string{"jhu"}, Answer: " "}, "the answer is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs, err := d.Write("faq/what-is.md", v, tc.e, moderator)
			if !errors.Is(err, ErrNotClean) {
				t.Fatalf("Write = %v, want ErrNotClean", err)
			}
			if !strings.Contains(probs.Error(), tc.want) {
				t.Errorf("problems = %v, want one saying %q", probs, tc.want)
			}
		})
	}
	if after := snapshotFolder(t, d); after != before {
		t.Errorf("refused edits changed the folder:\n%s", after)
	}
}

// Two moderators edit the same entry: the second, working on the version
// the first replaced, is told who changed it, and nothing is overwritten.
func TestWriteRefusesAStaleVersion(t *testing.T) {
	d := testDir(t, nil)
	_, v, _ := d.Read("faq/what-is.md")
	first := Edit{Title: "What is ketamine?", Sources: []string{"jhu", "fda"}, Answer: "First moderator's answer."}
	if _, _, err := d.Write("faq/what-is.md", v, first, moderator); err != nil {
		t.Fatal(err)
	}
	second := Edit{Title: "What is ketamine?", Sources: []string{"jhu", "fda"}, Answer: "Second moderator's answer."}
	_, _, err := d.Write("faq/what-is.md", v, second, Author{Name: "Sam", ID: "222"})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "Riley changed it") {
		t.Errorf("Write on a stale version = %v, want ErrConflict naming Riley", err)
	}
	if got := read(t, d, "faq/what-is.md"); !strings.Contains(got, "First moderator's answer.") {
		t.Errorf("the first edit was overwritten:\n%s", got)
	}
}

func TestHistoryAndUndo(t *testing.T) {
	d := testDir(t, nil)
	orig := read(t, d, "faq/what-is.md")
	_, v, _ := d.Read("faq/what-is.md")
	c1, _, err := d.Write("faq/what-is.md", v, Edit{Title: "What is ketamine?", Sources: []string{"jhu", "fda"}, Answer: "Version two."}, moderator)
	if err != nil {
		t.Fatal(err)
	}
	sam := Author{Name: "Sam", ID: "222"}
	c2, _, err := d.Write("faq/what-is.md", c1.After, Edit{Title: "What is ketamine?", Sources: []string{"jhu", "fda"}, Answer: "Version three."}, sam)
	if err != nil {
		t.Fatal(err)
	}
	v2 := read(t, d, "faq/what-is.md")
	target, err := d.UndoTarget("what-is")
	if err != nil || target.N != c2.N {
		t.Fatalf("UndoTarget = %+v, %v; want change #%d", target, err, c2.N)
	}
	if _, _, err := d.Undo("what-is", c1.N, moderator); !errors.Is(err, ErrConflict) {
		t.Errorf("Undo of a change that is not the last = %v, want ErrConflict", err)
	}
	u1, _, err := d.Undo("what-is", c2.N, moderator)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, d, "faq/what-is.md"); !strings.Contains(got, "Version two.") {
		t.Errorf("after one undo:\n%s\nwant version two", got)
	}
	if _, err := d.UndoTarget("what-is"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Undo("what-is", c1.N, moderator); err != nil {
		t.Fatal(err)
	}
	if got := read(t, d, "faq/what-is.md"); got != orig {
		t.Errorf("after two undos:\n%s\nwant the original:\n%s", got, orig)
	}
	if _, err := d.UndoTarget("what-is"); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("UndoTarget after undoing everything = %v, want ErrNothingToUndo", err)
	}
	h, err := d.History("what-is")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range h {
		got = append(got, c.Action+" by "+c.By.Name)
	}
	if want := "undo by Riley, undo by Riley, edit by Sam, edit by Riley"; strings.Join(got, ", ") != want {
		t.Errorf("History = %s, want %s", strings.Join(got, ", "), want)
	}
	if h[1].Undoes != c2.N || u1.Undoes != c2.N {
		t.Errorf("the first undo records undoing #%d, want #%d", h[1].Undoes, c2.N)
	}
	_ = v2
}

// Undo never throws away an edit made since, by hand or otherwise.
func TestUndoRefusesAFileChangedSince(t *testing.T) {
	d := testDir(t, nil)
	_, v, _ := d.Read("faq/what-is.md")
	c, _, err := d.Write("faq/what-is.md", v, Edit{Title: "What is ketamine?", Sources: []string{"jhu", "fda"}, Answer: "Version two."}, moderator)
	if err != nil {
		t.Fatal(err)
	}
	byHand := strings.Replace(read(t, d, "faq/what-is.md"), "Version two.", "Fixed by hand.", 1)
	os.WriteFile(filepath.Join(d.Path(), "faq", "what-is.md"), []byte(byHand), 0o644)
	if _, _, err := d.Undo("what-is", c.N, moderator); !errors.Is(err, ErrConflict) {
		t.Errorf("Undo over a hand edit = %v, want ErrConflict", err)
	}
	if got := read(t, d, "faq/what-is.md"); got != byHand {
		t.Errorf("the hand edit was lost:\n%s", got)
	}
}

func TestUndoOfANewEntryRemovesIt(t *testing.T) {
	d := testDir(t, nil)
	c, _, err := d.Write("faq/insurance.md", NoFile, Edit{Title: "Does insurance cover ketamine?", Sources: []string{"fda"}, Answer: "It depends."}, moderator)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Undo("insurance", c.N, moderator); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d.Path(), "faq", "insurance.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after undoing its creation the entry file still exists: %v", err)
	}
}

// In a git work tree every change is a commit by its moderator.
func TestChangesAreCommittedToGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	d := testDir(t, nil)
	git := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("git", append([]string{"-C", d.Path()}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("-c", "user.name=setup", "-c", "user.email=setup@example.org", "add", ".")
	git("-c", "user.name=setup", "-c", "user.email=setup@example.org", "commit", "-q", "-m", "start")
	d, err := Open(d.Path(), lint.Options{}) // git is looked for when the folder is opened
	if err != nil {
		t.Fatal(err)
	}
	if ok, note := d.Git(); !ok || note != "" {
		t.Fatalf("Git() = %v, %q; want committing", ok, note)
	}
	c, _, err := d.AddPhrasing("what-is", "what kind of drug is ketamine", moderator)
	if err != nil || !c.Committed {
		t.Fatalf("AddPhrasing = %+v, %v; want it committed", c, err)
	}
	if got, want := git("log", "-1", "--format=%an <%ae> / %cn"), "Riley <111@users.discord.invalid> / faqbot"; got != want {
		t.Errorf("last commit by %q, want %q", got, want)
	}
	if got := git("status", "--porcelain"); got != "" {
		t.Errorf("git status after the change = %q, want clean (the history is ignored)", got)
	}
	if files := git("show", "--name-only", "--format=", "HEAD"); files != "faq/what-is.md" {
		t.Errorf("the commit has %q, want only faq/what-is.md", files)
	}
}

// Without the git program, a work tree is noticed and the change is still
// made and kept in the history.
func TestGitMissingIsSaid(t *testing.T) {
	dir := testDir(t, nil).Path()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	t.Setenv("PATH", t.TempDir())
	d, err := Open(dir, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ok, note := d.Git()
	if ok || !strings.Contains(note, "git program is not installed") {
		t.Fatalf("Git() = %v, %q; want a note that git is missing", ok, note)
	}
	c, _, err := d.AddPhrasing("what-is", "what kind of drug is ketamine", moderator)
	if err != nil || c.Committed || c.GitNote != note {
		t.Errorf("AddPhrasing = %+v, %v; want it made, not committed, with the note", c, err)
	}
	if h, _ := d.History("what-is"); len(h) != 1 {
		t.Errorf("History = %v, want the change", h)
	}
}

// A file changed by someone else during a change is not overwritten.
func TestReplaceFileRefusesConcurrentChange(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("theirs"), 0o644)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := replaceFile(root, "a.md", []byte("mine"), []byte("what I read")); err == nil {
		t.Error("replaceFile overwrote a file that changed meanwhile")
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.md"))
	entries, _ := os.ReadDir(dir)
	if string(got) != "theirs" || len(entries) != 1 {
		t.Errorf("file = %q with %d files in the folder, want it untouched and no temporary file", got, len(entries))
	}
}

// A reload serves by the same check as faqbot check: a phrasing the
// personal-advice check catches keeps the new files out of service, where
// the loader alone would have let them in.
func TestReloadRunsTheSelfTest(t *testing.T) {
	d := testDir(t, nil)
	store, _, err := knowledge.NewStore(d.Path(), d.Check)
	if err != nil {
		t.Fatal(err)
	}
	served := store.Current()
	p := filepath.Join(d.Path(), "faq", "what-is.md")
	os.WriteFile(p, []byte(strings.Replace(whatEntry, "sources:", "questions: [should I stop taking my methadone]\nsources:", 1)), 0o644)
	if _, probs, _ := Load(d.Path(), knowledge.LoadOptions{}); len(probs.Errors()) > 0 {
		t.Fatalf("the loader alone refuses the file: %v", probs)
	}
	probs, err := store.Reload()
	if !errors.Is(err, knowledge.ErrNotClean) || !strings.Contains(probs.Error(), "faq/what-is.md:3: self-test") {
		t.Errorf("Reload = %v, %v; want the self-test error", probs, err)
	}
	if store.Current() != served {
		t.Error("a reload with a self-test error replaced the knowledge base in service")
	}
}

// A question added to the file while AddPhrasing was loading the folder
// (by hand, or by another moderator) is kept: the new phrasing is added to
// the file as it is when it is written, not as the snapshot saw it.
func TestAddPhrasingKeepsAQuestionAddedMeanwhile(t *testing.T) {
	d := testDir(t, nil)
	afterPhrasingSnapshot = func() {
		f := filepath.Join(d.Path(), "faq", "addictive.md")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		hand := strings.Replace(string(data), "  - can you get hooked on ketamine\n", "  - can you get hooked on ketamine\n  - is ketamine habit forming for people in recovery\n", 1)
		if hand == string(data) {
			t.Fatal("the fixture has no question to add after")
		}
		if err := os.WriteFile(f, []byte(hand), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { afterPhrasingSnapshot = nil }()
	if _, probs, err := d.AddPhrasing("addictive", "does ketamine cause addiction", moderator); err != nil {
		t.Fatalf("AddPhrasing = %v\n%v", err, probs)
	}
	got := read(t, d, "faq/addictive.md")
	for _, q := range []string{"is ketamine habit forming for people in recovery", "does ketamine cause addiction"} {
		if !strings.Contains(got, q) {
			t.Errorf("after AddPhrasing the file lacks %q:\n%s", q, got)
		}
	}
}

// A history line cut short by a crash does not stop the changes after it:
// the next change is kept, numbered after the last whole line, and the
// history still reads.
func TestTornHistoryLineIsSkipped(t *testing.T) {
	d := testDir(t, nil)
	_, v, _ := d.Read("faq/what-is.md")
	c1, _, err := d.Write("faq/what-is.md", v, Edit{Title: "What is ketamine?", Sources: []string{"jhu"}, Answer: "Version two."}, moderator)
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(d.Path(), filepath.FromSlash(historyLog))
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"n":2,"action":"ed`) // the crash
	f.Close()
	c2, _, err := d.Write("faq/what-is.md", c1.After, Edit{Title: "What is ketamine?", Sources: []string{"jhu"}, Answer: "Version three."}, moderator)
	if err != nil {
		t.Fatalf("a change after a torn history line = %v", err)
	}
	if c2.N != c1.N+1 {
		t.Errorf("the change after the torn line is #%d, want #%d", c2.N, c1.N+1)
	}
	h, err := d.History("what-is")
	if err != nil || len(h) != 2 || h[0].N != c2.N {
		t.Errorf("History = %+v, %v; want changes #%d and #%d", h, err, c2.N, c1.N)
	}
}

// A work tree git refuses (a broken .git here; "dubious ownership" on a
// container's bind mount in practice) is said, not silently left
// uncommitted.
func TestGitRefusedIsSaid(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := testDir(t, nil).Path()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755) // not a repository
	d, err := Open(dir, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ok, note := d.Git(); ok || !strings.Contains(note, "git refused it") {
		t.Fatalf("Git() = %v, %q; want a note that git refused the folder", ok, note)
	}
}

// An entry whose questions are a block list at the key's indentation (as
// YAML allows) can be edited: a new field goes after the list, not
// between the key and its items (which broke the front matter, and the
// edit with it).
func TestWriteAfterAListAtTheKeysIndentation(t *testing.T) {
	before := "---\ntitle: Is swimming safe after an infusion?\nquestions:\n- what about swimming after ketamine\n- is a pool ok after treatment\nsources: [jhu]\nreviewed: 2026-01-01\n---\nAn answer about swimming.\n"
	d := testDir(t, map[string]string{"faq/swim.md": before})
	_, v, _ := d.Read("faq/swim.md")
	e := Edit{
		Title:     "Is swimming safe after an infusion?",
		Questions: []string{"what about swimming after ketamine", "is a pool ok after treatment"},
		Keywords:  []string{"swim", "pool"},
		Sources:   []string{"jhu"},
		Answer:    "An answer about swimming.",
	}
	if _, probs, err := d.Write("faq/swim.md", v, e, moderator); err != nil {
		t.Fatalf("Write = %v\n%v", err, probs)
	}
	got := read(t, d, "faq/swim.md")
	if !strings.Contains(got, "questions:\n- what about swimming after ketamine\n- is a pool ok after treatment\nkeywords: [swim, pool]\n") {
		t.Errorf("after adding keywords:\n%s", got)
	}
}
