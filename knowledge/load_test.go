package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const goodEntry = `---
title: Is ketamine addictive?
questions:
  - can you get hooked on ketamine
keywords: [addictive, habit forming]
sources: [jhu]
reviewed: 2026-11-25
related: [other]
---
Ketamine can be misused.
`

const otherEntry = `---
title: What is ketamine?
sources: [jhu]
reviewed: 2026-11-25
---
Ketamine is a medicine used for anesthesia.
`

const goodSources = `jhu:
  title: What to Know About Ketamine
  publisher: Johns Hopkins Bloomberg School of Public Health
  year: 2024
  url: https://publichealth.jhu.edu/2024/what-to-know-about-ketamine
`

const goodSafety = `crisis:
  reply: Call 911 now.
  resources:
    - name: Emergency
      contact: Call 911
personal_advice:
  reply: Ask your prescriber.
`

// testKB returns a small clean knowledge base; edit its files to break it.
func testKB() fstest.MapFS {
	return fstest.MapFS{
		"faq/addictive.md": {Data: []byte(goodEntry)},
		"faq/other.md":     {Data: []byte(otherEntry)},
		"sources.yaml":     {Data: []byte(goodSources)},
		"safety.yaml":      {Data: []byte(goodSafety)},
	}
}

func TestLoadClean(t *testing.T) {
	snap, probs, err := Load(testKB(), LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v; want no problems", probs, err)
	}
	e, ok := snap.Entry("addictive")
	if !ok {
		t.Fatal(`Entry("addictive") not found`)
	}
	if got, want := e.Collection, "faq"; got != want {
		t.Errorf("Collection = %q, want %q", got, want)
	}
	if got, want := e.Sources[0].Publisher, "Johns Hopkins Bloomberg School of Public Health"; got != want {
		t.Errorf("source publisher = %q, want %q", got, want)
	}
	if got, want := e.Reviewed.Format(dateLayout), "2026-11-25"; got != want {
		t.Errorf("Reviewed = %q, want %q", got, want)
	}
	if got, want := e.Body, "Ketamine can be misused."; got != want {
		t.Errorf("Body = %q, want %q", got, want)
	}
	if len(e.Questions) != 1 || len(e.Keywords) != 2 || len(e.Related) != 1 {
		t.Errorf("lists = %q %q %q", e.Questions, e.Keywords, e.Related)
	}
}

// Every rule of the loader, each fed a broken file. want is a piece of
// the problem text and line its line (0: the whole file).
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(fstest.MapFS)
		file string
		line int
		want string
	}{
		{"bad YAML", setFile("faq/addictive.md", strings.Replace(goodEntry, "keywords: [addictive, habit forming]", "keywords: [addictive, habit forming", 1)), "faq/addictive.md", 0, "YAML cannot be read"},
		{"unknown field", setFile("faq/addictive.md", strings.Replace(goodEntry, "keywords:", "keywrds:", 1)), "faq/addictive.md", 5, `unknown field "keywrds"; did you mean "keywords"?`},
		{"missing title", setFile("faq/addictive.md", strings.Replace(goodEntry, "title: Is ketamine addictive?\n", "", 1)), "faq/addictive.md", 1, "missing title"},
		{"missing body", setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is a medicine used for anesthesia.\n", "\n", 1)), "faq/other.md", 6, "the answer is empty"},
		{"unknown source", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhh]", 1)), "faq/other.md", 3, `unknown source id "jhh"; use an id from sources.yaml or add the reference there (did you mean "jhu"?)`},
		{"no sources", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]\n", "", 1)), "faq/other.md", 1, "no sources"},
		{"duplicate id", func(m fstest.MapFS) { m["side-effects/other.md"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "side-effects/other.md", 0, `entry id "other" is already used by faq/other.md`},
		{"same phrasing twice", setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: Can you get HOOKED on ketamine?", 1)), "faq/other.md", 2, `is also in faq/addictive.md`},
		{"answer too long", setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is", strings.Repeat("x", 4100), 1)), "faq/other.md", 6, "over Discord's limit of 4096"},
		{"missing reviewed", setFile("faq/other.md", strings.Replace(otherEntry, "reviewed: 2026-11-25\n", "", 1)), "faq/other.md", 1, "missing reviewed date"},
		{"bad date", setFile("faq/other.md", strings.Replace(otherEntry, "2026-11-25", "25/11/2026", 1)), "faq/other.md", 4, "reviewed must be a date written YYYY-MM-DD"},
		{"unknown related", setFile("faq/addictive.md", strings.Replace(goodEntry, "related: [other]", "related: [others]", 1)), "faq/addictive.md", 8, `related id "others" does not exist`},
		{"no front matter", setFile("faq/other.md", "Ketamine is a medicine.\n"), "faq/other.md", 1, `must start with a line "---"`},
		{"unclosed front matter", setFile("faq/other.md", "---\ntitle: x\n"), "faq/other.md", 1, "not closed"},
		{"bad file name", func(m fstest.MapFS) { m["faq/Bad Name.md"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "faq/Bad Name.md", 0, `"bad-name.md"`},
		{"duplicate key", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu]\nsources: [jhu]", 1)), "faq/other.md", 4, `"sources" is given twice`},
		{"alias", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: &s [jhu]\nrelated: *s", 1)), "faq/other.md", 3, "anchors and aliases"},
		{"id with dots", func(m fstest.MapFS) { m["faq/a..b.md"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "faq/a..b.md", 0, "file names are entry ids"},
		{"invalid UTF-8", setFile("faq/other.md", otherEntry+"\xff\xfe"), "faq/other.md", 0, "not valid UTF-8"},
		{"list of maps", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu]\nkeywords:\n  - {a: b}", 1)), "faq/other.md", 5, "each item of keywords must be plain text"},
		{"source without url", setFile("sources.yaml", strings.Replace(goodSources, "  url: https://publichealth.jhu.edu/2024/what-to-know-about-ketamine\n", "", 1)), "sources.yaml", 1, `source "jhu" has no url`},
		{"source bad url", setFile("sources.yaml", strings.Replace(goodSources, "https://publichealth", "publichealth", 1)), "sources.yaml", 5, "is not a full web address"},
		{"source bad year", setFile("sources.yaml", strings.Replace(goodSources, "2024", "twenty", 1)), "sources.yaml", 4, "year must be a four-digit year"},
		{"source unknown field", setFile("sources.yaml", goodSources+"  pages: 12\n"), "sources.yaml", 6, `unknown field "pages"`},
		{"missing sources.yaml", func(m fstest.MapFS) { delete(m, "sources.yaml") }, "sources.yaml", 0, "missing"},
		{"missing safety.yaml", func(m fstest.MapFS) { delete(m, "safety.yaml") }, "safety.yaml", 0, "missing"},
		{"no crisis resources", setFile("safety.yaml", "crisis:\n  reply: Call.\npersonal_advice:\n  reply: Ask.\n"), "safety.yaml", 2, "crisis.resources is empty"},
		{"entry at top level", func(m fstest.MapFS) { m["loose.md"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "loose.md", 0, "must live in a collection folder"},
		{"too big", func(m fstest.MapFS) {
			m["faq/big.md"] = &fstest.MapFile{Data: []byte(otherEntry + strings.Repeat("x", DefaultMaxFileSize))}
		}, "faq/big.md", 0, "over the limit"},
		{"deep nesting", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu]\nkeywords: [[[[[[[[x]]]]]]]]", 1)), "faq/other.md", 4, "nested too deeply"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := testKB()
			tc.edit(fsys)
			_, probs, err := Load(fsys, LoadOptions{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for _, p := range probs.Errors() {
				if p.File == tc.file && strings.Contains(p.Msg, tc.want) && (tc.line == 0 || p.Line == tc.line) {
					return
				}
			}
			t.Errorf("problems = %v\nwant one in %s line %d containing %q", probs, tc.file, tc.line, tc.want)
		})
	}
}

func setFile(name, data string) func(fstest.MapFS) {
	return func(m fstest.MapFS) { m[name] = &fstest.MapFile{Data: []byte(data)} }
}

func TestLoadSkipsTemplatesAndHiddenFiles(t *testing.T) {
	fsys := testKB()
	fsys["faq/_template.md"] = &fstest.MapFile{Data: []byte("not an entry")}
	fsys["faq/.addictive.md.swp"] = &fstest.MapFile{Data: []byte("\x00\x01")}
	fsys["faq/notes.txt"] = &fstest.MapFile{Data: []byte("x")}
	fsys["_drafts/x.md"] = &fstest.MapFile{Data: []byte("not an entry")}
	snap, probs, err := Load(fsys, LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v; want no problems", probs, err)
	}
	if got, want := snap.Len(), 2; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
}

func TestLoadMissingFolder(t *testing.T) {
	snap, _, err := Load(os.DirFS(filepath.Join(t.TempDir(), "gone")), LoadOptions{})
	if err == nil || snap != nil {
		t.Fatalf("Load(missing folder) = %v, %v; want an error", snap, err)
	}
}

// The self-test: a phrasing that the crisis or personal-advice checks
// catch, or that another entry answers, is reported against its file.
func TestSelfTestReportsPhrasingsThatDoNotComeBack(t *testing.T) {
	fsys := testKB()
	setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: What is ketamine?\nquestions: [should I stop taking ketamine]", 1))(fsys)
	snap, probs, err := Load(fsys, LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	got := snap.SelfTest(Options{})
	if len(got) != 1 || got[0].File != "faq/other.md" || !strings.Contains(got[0].Msg, `asking "should I stop taking ketamine" gets personal_advice`) {
		t.Errorf("SelfTest = %v, want one problem in faq/other.md about the personal-advice phrasing", got)
	}
}
