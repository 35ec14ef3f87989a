package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// phrasingKB copies the embedded knowledge base into a folder and adds
// test entries to it, each written as given.
func phrasingKB(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, DefaultFS()); err != nil {
		t.Fatal(err)
	}
	// CopyFS writes read-only files from an embed.FS; make them editable.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			if d.IsDir() {
				os.Chmod(p, 0o755)
			} else {
				os.Chmod(p, 0o644)
			}
		}
		return nil
	})
	os.MkdirAll(filepath.Join(dir, "test"), 0o755)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, probs, err := Load(os.DirFS(dir), LoadOptions{}); err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("test knowledge base does not load: %v\n%v", err, probs.Errors())
	}
	return dir
}

const entryTail = "sources: [jhu-ketamine-2024]\nreviewed: 2026-01-01\n---\nAn answer.\n"

// checkAnswers loads dir and checks that q now answers entry id exactly.
func checkAnswers(t *testing.T, dir, id, q string) {
	t.Helper()
	snap, probs, err := Load(os.DirFS(dir), LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("after AddPhrasing the knowledge base does not load: %v\n%v", err, probs.Errors())
	}
	e, _ := snap.Entry(id)
	if !contains(e.Questions, q) {
		t.Errorf("entry %s questions = %q, want them to include %q", id, e.Questions, q)
	}
	r := snap.Answer(q, Options{})
	if r.Kind != KindAnswer || r.Entry == nil || r.Entry.ID != id || r.Score != 1 {
		t.Errorf("Answer(%q) = %s %v score %v, want an exact answer from %s", q, r.Kind, r.Entry, r.Score, id)
	}
}

func TestAddPhrasingEdits(t *testing.T) {
	tests := []struct {
		name, file, before, q, after string
	}{
		{
			name:   "block list",
			file:   "test/block.md",
			before: "---\n# Moderator note: keep this one short.\ntitle: Can I swim after an infusion?\nquestions:\n    -   can I go swimming after ketamine  # from the forum\n    - is a pool ok after treatment\n      on the same day\n    # - an idea for later\nkeywords: [swim]  # aliases\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\n# Moderator note: keep this one short.\ntitle: Can I swim after an infusion?\nquestions:\n    -   can I go swimming after ketamine  # from the forum\n    - is a pool ok after treatment\n      on the same day\n    - is swimming ok after a ketamine session\n    # - an idea for later\nkeywords: [swim]  # aliases\n" + entryTail,
		},
		{
			name:   "block list at the key's indentation",
			file:   "test/flush.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions:\n- can I go swimming after ketamine\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions:\n- can I go swimming after ketamine\n- is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "flow list",
			file:   "test/flow.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions: [\"can I go swimming after ketamine\", is a pool ok]   # keep\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions: [\"can I go swimming after ketamine\", is a pool ok, is swimming ok after a ketamine session]   # keep\n" + entryTail,
		},
		{
			name:   "flow list over lines with a trailing comma",
			file:   "test/flowlines.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions: [\n  can I go swimming after ketamine, # why]\n  'is a pool ok, really',\n]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions: [\n  can I go swimming after ketamine, # why]\n  'is a pool ok, really', is swimming ok after a ketamine session\n]\n" + entryTail,
		},
		{
			name:   "empty flow list",
			file:   "test/flowempty.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions: []\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions: [is swimming ok after a ketamine session]\n" + entryTail,
		},
		{
			name:   "no questions",
			file:   "test/none.md",
			before: "---\ntitle: Can I swim after an infusion?\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions:\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "no questions, title over two lines",
			file:   "test/longtitle.md",
			before: "---\ntitle: Can I swim after\n  an infusion?\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after\n  an infusion?\nquestions:\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "empty questions key",
			file:   "test/emptykey.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions:  # fill in\nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions: # fill in\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "empty item from the template",
			file:   "test/template.md",
			before: "---\ntitle: Can I swim after an infusion?\n# Other ways people ask.\nquestions:\n  - \nkeywords: [swim]\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\n# Other ways people ask.\nquestions:\n  - is swimming ok after a ketamine session\nkeywords: [swim]\n" + entryTail,
		},
		{
			name:   "one question without a list",
			file:   "test/scalar.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions: can I go swimming after ketamine # old style\n" + entryTail,
			q:      "is swimming ok after a ketamine session",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions: # old style\n  - can I go swimming after ketamine\n  - is swimming ok after a ketamine session\n" + entryTail,
		},
		{
			name:   "quoted in a block list",
			file:   "test/quote.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions:\n  - can I go swimming after ketamine\n" + entryTail,
			q:      `swimming: is it "ok" after ketamine #1`,
			after:  "---\ntitle: Can I swim after an infusion?\nquestions:\n  - can I go swimming after ketamine\n  - \"swimming: is it \\\"ok\\\" after ketamine #1\"\n" + entryTail,
		},
		{
			name:   "quoted in a flow list for its comma",
			file:   "test/comma.md",
			before: "---\ntitle: Can I swim after an infusion?\nquestions: [can I go swimming after ketamine]\n" + entryTail,
			q:      "after ketamine, can I swim",
			after:  "---\ntitle: Can I swim after an infusion?\nquestions: [can I go swimming after ketamine, \"after ketamine, can I swim\"]\n" + entryTail,
		},
		{
			name:   "CRLF line ends",
			file:   "test/crlf.md",
			before: strings.ReplaceAll("---\ntitle: Can I swim after an infusion?\nquestions:\n  - can I go swimming after ketamine\n"+entryTail, "\n", "\r\n"),
			q:      "is swimming ok after a ketamine session",
			after:  strings.ReplaceAll("---\ntitle: Can I swim after an infusion?\nquestions:\n  - can I go swimming after ketamine\n  - is swimming ok after a ketamine session\n"+entryTail, "\n", "\r\n"),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := phrasingKB(t, map[string]string{tc.file: tc.before})
			p := filepath.Join(dir, tc.file)
			os.Chmod(p, 0o640)
			id := strings.TrimSuffix(filepath.Base(tc.file), ".md")
			if err := AddPhrasing(dir, id, "  "+tc.q+"\n"); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(p)
			if string(got) != tc.after {
				t.Errorf("after AddPhrasing:\n%s\nwant:\n%s", got, tc.after)
			}
			if info, _ := os.Stat(p); info.Mode().Perm() != 0o640 {
				t.Errorf("file mode = %v, want 0640 kept", info.Mode().Perm())
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, "test", ".*"))
			if len(leftovers) > 0 {
				t.Errorf("temporary files left behind: %v", leftovers)
			}
			checkAnswers(t, dir, id, tc.q)
		})
	}
}

// The shipped entries are block lists: adding to one keeps every other
// line of the file.
func TestAddPhrasingShippedEntry(t *testing.T) {
	dir := phrasingKB(t, nil)
	p := filepath.Join(dir, "faq", "addiction-risk.md")
	before, _ := os.ReadFile(p)
	q := "could ketamine turn into my new habit"
	if err := AddPhrasing(dir, "addiction-risk", q); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(p)
	want := strings.Replace(string(before), "  - is it trading one drug for another\n", "  - is it trading one drug for another\n  - "+q+"\n", 1)
	if string(after) != want {
		t.Errorf("after AddPhrasing:\n%s\nwant:\n%s", after, want)
	}
	checkAnswers(t, dir, "addiction-risk", q)
}

func TestAddPhrasingRefuses(t *testing.T) {
	dir := phrasingKB(t, nil)
	snapshot := func() map[string]string {
		m := map[string]string{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				m[p] = string(data)
			}
			return nil
		})
		return m
	}
	orig := snapshot()
	os.WriteFile(filepath.Join(filepath.Dir(dir), "x.md"), []byte("outside"), 0o644)
	tests := []struct {
		name, id, q string
		is          error
		want        string
	}{
		{"duplicate title of another entry", "safety", "Is ketamine addictive?", ErrDuplicatePhrasing, "addiction-risk"},
		{"duplicate by exact-match key", "addiction-risk", "  is KETAMINE   addictive ", ErrDuplicatePhrasing, "already a phrasing"},
		{"duplicate question", "safety", "can ketamine be misused", ErrDuplicatePhrasing, "addiction-risk"},
		{"unknown id", "no-such-entry", "a new question about ketamine", fs.ErrNotExist, "no entry"},
		{"path traversal", "../x", "a new question about ketamine", nil, "not an entry id"},
		{"collection path", "faq/safety", "a new question about ketamine", nil, "not an entry id"},
		{"absolute path", "/etc/passwd", "a new question about ketamine", nil, "not an entry id"},
		{"upper case", "Safety", "a new question about ketamine", nil, "not an entry id"},
		{"empty id", "", "a new question about ketamine", nil, "not an entry id"},
		{"empty question", "safety", "   ", nil, "empty"},
		{"two lines", "safety", "is it safe\nreally", nil, "one line"},
		{"no words", "safety", "?!", nil, "no words"},
		{"too long", "safety", strings.Repeat("ketamine ", 200), nil, "over"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := AddPhrasing(dir, tc.id, tc.q)
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
	if got := snapshot(); len(got) != len(orig) {
		t.Errorf("refused calls changed the folder: %d files, want %d", len(got), len(orig))
	} else {
		for p, data := range orig {
			if got[p] != data {
				t.Errorf("refused calls changed %s", p)
			}
		}
	}
}

// A folder that does not load cleanly is not edited.
func TestAddPhrasingRefusesBrokenFolder(t *testing.T) {
	dir := phrasingKB(t, nil)
	os.WriteFile(filepath.Join(dir, "faq", "broken.md"), []byte("---\ntitle: x\n"), 0o644)
	err := AddPhrasing(dir, "safety", "a new question about ketamine")
	if err == nil || !strings.Contains(err.Error(), "broken.md") {
		t.Errorf("AddPhrasing on a broken folder = %v, want the problems listed", err)
	}
}

// If the edited folder no longer loads, the original file is put back and
// the problems are returned. Here the edit pushes the file over the size
// limit.
func TestAddPhrasingRestoresOnProblems(t *testing.T) {
	pad := "# " + strings.Repeat("x", DefaultMaxFileSize-200) + "\n"
	before := "---\ntitle: Can I swim after an infusion?\n" + pad + "questions:\n  - can I go swimming after ketamine\n" + entryTail
	dir := phrasingKB(t, map[string]string{"test/big.md": before})
	err := AddPhrasing(dir, "big", "is swimming ok after a ketamine session, asked by someone who writes long questions")
	if err == nil || !strings.Contains(err.Error(), "restored") || !strings.Contains(err.Error(), "test/big.md") {
		t.Fatalf("AddPhrasing = %v, want the load problems and a note that the file was restored", err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "test", "big.md"))
	if string(got) != before {
		t.Error("the original file was not restored")
	}
}

// A file changed by someone else during the edit is not overwritten.
func TestReplaceFileRefusesConcurrentChange(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("theirs"), 0o644)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := replaceFile(root, "a.md", []byte("mine"), 0o644, []byte("what I read")); err == nil {
		t.Error("replaceFile overwrote a file that changed meanwhile")
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.md"))
	entries, _ := os.ReadDir(dir)
	if string(got) != "theirs" || len(entries) != 1 {
		t.Errorf("file = %q with %d files in the folder, want it untouched and no temporary file", got, len(entries))
	}
}

func TestYAMLScalar(t *testing.T) {
	tests := []struct {
		in        string
		flow      bool
		wantQuote bool
	}{
		{"is ketamine safe", false, false},
		{"is ketamine safe", true, false},
		{"is ketamine safe?", true, true}, // yaml.v3 cannot read a plain "?" before "]"
		{"is ketamine safe?", false, false},
		{"what's the dose", false, true},
		{"dose: how much", false, true},
		{"#1 question", false, true},
		{"is it #1", false, true},
		{"- a dash first", false, true},
		{"[bracketed]", false, true},
		{"@someone asked", false, true},
		{"a, b", true, true},
		{"a, b", false, false},
		{"null", false, true},
		{"true", false, true},
		{"2026-01-01", false, true},
		{"3.5", false, true},
		{`back\slash`, false, true},
		{"* star", false, true},
		{"100% sure", false, false},
	}
	for _, tc := range tests {
		got := yamlScalar(tc.in, tc.flow)
		if quoted := strings.HasPrefix(got, `"`); quoted != tc.wantQuote {
			t.Errorf("yamlScalar(%q, flow %v) = %s, want quoted %v", tc.in, tc.flow, got, tc.wantQuote)
		}
		var back []string
		doc := "- " + got
		if tc.flow {
			doc = "[" + got + "]"
		}
		if err := yaml.Unmarshal([]byte(doc), &back); err != nil || len(back) != 1 || back[0] != tc.in {
			t.Errorf("yamlScalar(%q) = %s reads back as %q (%v)", tc.in, got, back, err)
		}
	}
}
