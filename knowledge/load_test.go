package knowledge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/faqbot/faqbot/internal/kbtest"
)

// The fixture knowledge base is kbtest's, shared with other packages' tests.
const (
	goodEntry   = kbtest.Entry
	otherEntry  = kbtest.Other
	goodSources = kbtest.Sources
	goodSafety  = kbtest.Safety
)

// testKB returns a small clean knowledge base; edit its files to break it.
func testKB() fstest.MapFS { return kbtest.KB() }

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

// loadProblemCases feed every rule of the loader a broken file. want is
// a piece of the problem text and line its line (0: the whole file).
var loadProblemCases = []struct {
	name string
	edit func(fstest.MapFS)
	file string
	line int
	want string
}{
	{"bad YAML", setFile("faq/addictive.md", strings.Replace(goodEntry, "keywords: [addictive, habit forming]", "keywords: {addictive, habit forming", 1)), "faq/addictive.md", 0, "YAML cannot be read"},
	{"unknown field", setFile("faq/addictive.md", strings.Replace(goodEntry, "keywords:", "keywrds:", 1)), "faq/addictive.md", 5, `unknown field "keywrds"; did you mean "keywords"?`},
	{"missing title", setFile("faq/addictive.md", strings.Replace(goodEntry, "title: Is ketamine addictive?\n", "", 1)), "faq/addictive.md", 1, "missing title"},
	{"missing body", setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is a medicine used for anesthesia.\n", "\n", 1)), "faq/other.md", 6, "the answer is empty"},
	{"unknown source", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhh]", 1)), "faq/other.md", 3, `unknown source id "jhh"; use an id from sources.yaml or add the reference there (did you mean "jhu"?)`},
	{"no sources", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]\n", "", 1)), "faq/other.md", 1, "no sources"},
	{"duplicate id", func(m fstest.MapFS) { m["side-effects/other.md"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "side-effects/other.md", 0, `entry id "other" is already used by faq/other.md`},
	{"same phrasing in two entries", setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: Can you get HOOKED on ketamine?", 1)), "faq/addictive.md", 4, `the phrasing "can you get hooked on ketamine" is also the title of faq/other.md (line 2)`},
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

	// Silent changes of meaning are reported.
	{"empty phrasing", setFile("faq/other.md", strings.Replace(otherEntry, "sources:", "questions:\n  - what is k\n  - \nsources:", 1)), "faq/other.md", 5, "empty item in questions"},
	{"item indented too far", setFile("faq/other.md", strings.Replace(otherEntry, "sources:", "questions:\n  - what is k\n   - what is ketamine for\nsources:", 1)), "faq/other.md", 5, `indented further than the item above it, so it is read as part of that item ("what is k - what is ketamine for")`},
	{"same phrasing twice in one entry", setFile("faq/other.md", strings.Replace(otherEntry, "sources:", "questions:\n  - what is k\n  - What is ketamine\nsources:", 1)), "faq/other.md", 5, `"What is ketamine" is the same question as line 2 of this entry`},
	{"sources without brackets", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: jhu, other", 1)), "faq/other.md", 3, `sources is read as one item "jhu, other"; to give several, put them in brackets: sources: [jhu, other]`},
	{"related without brackets", setFile("faq/addictive.md", strings.Replace(goodEntry, "related: [other]", "related: other, addictive", 1)), "faq/addictive.md", 8, "related: [other, addictive]"},
	{"source listed twice", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources:\n  - jhu\n  - jhu", 1)), "faq/other.md", 5, `source "jhu" is listed twice (also on line 4)`},
	{"related to itself", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu]\nrelated: [other]", 1)), "faq/other.md", 4, "related lists this entry itself"},
	{"bad review_due", setFile("faq/other.md", strings.Replace(otherEntry, "reviewed: 2026-11-25", "reviewed: 2026-11-25\nreview_due: next year", 1)), "faq/other.md", 5, "review_due must be a date"},
	{"text file in a collection", func(m fstest.MapFS) { m["faq/Insurance Coverage.txt"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "faq/Insurance Coverage.txt", 0, "entries must be Markdown files ending in .md: rename it to insurance-coverage.md"},
	{"Notepad's double extension", func(m fstest.MapFS) { m["faq/insurance.md.txt"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "faq/insurance.md.txt", 0, "rename it to insurance.md"},
	{"folder in a collection", func(m fstest.MapFS) { m["faq/old/x.md"] = &fstest.MapFile{Data: []byte(otherEntry)} }, "faq/old", 0, "collections cannot hold folders; move its entries into faq/, or rename it _old"},
	{"sources.yml", func(m fstest.MapFS) { m["sources.yml"] = m["sources.yaml"]; delete(m, "sources.yaml") }, "sources.yml", 0, "rename this file to sources.yaml"},
	{"collection replaced by a file", func(m fstest.MapFS) { m["side-effects"] = &fstest.MapFile{Data: []byte("x")} }, "side-effects", 0, "side-effects is a file, not a folder"},
	{"untouched old template", setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is a medicine used for anesthesia.", "Write the answer here, in plain language (short sentences, everyday words).", 1)), "faq/other.md", 6, "still the template's text"},

	// YAML mistakes are explained at their line, in words.
	{"colon in the title", setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: Ketamine bladder: is it real?", 1)), "faq/other.md", 2, `the value of "title" contains a colon, which YAML reads as the start of another field; put the whole value in double quotes: title: "Ketamine bladder: is it real?"`},
	{"no space after the colon", setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title:What is ketamine?", 1)), "faq/other.md", 2, "put a space after the colon: title: What is ketamine?"},
	{"indented field", setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "  sources: [jhu]", 1)), "faq/other.md", 3, `"sources" is indented; start it at the beginning of the line`},
	{"unclosed quote", setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", `title: "What is ketamine?`, 1)), "faq/other.md", 2, `the " that opens the value of "title" is never closed`},
	{"unclosed list", setFile("faq/addictive.md", strings.Replace(goodEntry, "keywords: [addictive, habit forming]", "keywords: [addictive, habit forming", 1)), "faq/addictive.md", 5, `the list of "keywords" opens with [ but is not closed`},
	{"tab indentation", setFile("faq/addictive.md", strings.Replace(goodEntry, "  - can you", "\t- can you", 1)), "faq/addictive.md", 4, "indented with a tab"},
	{"reserved first character", setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: @everyone what is ketamine?", 1)), "faq/other.md", 2, `starts with "@", which YAML reserves`},
}

func TestLoadProblems(t *testing.T) {
	for _, tc := range loadProblemCases {
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
	fsys["faq/_notes.txt"] = &fstest.MapFile{Data: []byte("x")}
	fsys["faq/Thumbs.db"] = &fstest.MapFile{Data: []byte("\x00")}
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

// A collection folder replaced by a file is one problem, said as such, not
// one "related id does not exist" per entry that pointed into it (issue 14).
func TestCollectionReplacedByAFile(t *testing.T) {
	fsys := testKB()
	setFile("faq/addictive.md", strings.Replace(goodEntry, "related: [other]", "related: [other, mood, memory]", 1))(fsys)
	setFile("faq/other.md", strings.Replace(otherEntry, "sources: [jhu]", "sources: [jhu]\nrelated: [mood]", 1))(fsys)
	fsys["side-effects"] = &fstest.MapFile{Data: []byte("not a folder")}
	_, probs, err := Load(fsys, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].File != "side-effects" || !strings.Contains(probs[0].Msg, "side-effects is a file, not a folder") {
		t.Errorf("problems = %v, want only that side-effects is not a folder", probs)
	}
}

// Ids of entry files that fail to load are not reported again by the
// entries that relate to them: one mistake, one message.
func TestBrokenEntryIsNotReportedAgainByRelated(t *testing.T) {
	fsys := testKB()
	setFile("faq/other.md", "---\ntitle: [broken\n---\nx\n")(fsys)
	_, probs, err := Load(fsys, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].File != "faq/other.md" {
		t.Errorf("problems = %v, want one, in faq/other.md", probs)
	}
}

// The shipped vocabulary loads cleanly, and a knowledge folder's own
// vocabulary.yaml replaces it, with file:line errors for what is wrong.
func TestVocabularyFile(t *testing.T) {
	if w := builtinWords(); w.syn["subs"] != "buprenorphine" || w.phrases["special k"] != "ketamine" || len(w.stops) < 100 {
		t.Fatalf("built-in vocabulary = %d synonyms, %d phrases, %d stopwords", len(w.syn), len(w.phrases), len(w.stops))
	}
	fsys := testKB()
	fsys["vocabulary.yaml"] = &fstest.MapFile{Data: []byte("synonyms:\n  ketamine: [zork, special zork]\nstopwords: [the, is]\n")}
	snap, probs, err := Load(fsys, LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	if r := snap.Answer("is zork addictive", Options{}); r.Kind != KindAnswer {
		t.Errorf("with zork as a synonym of ketamine, Answer(is zork addictive) = %s", r)
	}
	bad := []struct{ yaml, want string }{
		{"synonyms:\n  ketamine: [k]\n  opioid: [k]\n", `vocabulary.yaml:3: "k" is already listed on line 2`},
		{"synonyms: [k]\n", "vocabulary.yaml:1: synonyms must be a set of fields"},
		{"synonym:\n  ketamine: [k]\n", `vocabulary.yaml:1: unknown field "synonym"`},
		{"synonyms:\n  ketamine: [K-2]\n", `vocabulary.yaml:2: "K-2" under ketamine`},
		{"synonyms:\n  ketamine: [k]\nstopwords: [k]\n", `vocabulary.yaml:3: "k" is a synonym too`},
		{"synonyms:\n  ketamine: [ket]\n  ket: [kk]\n", `"kk" stands for "ket", which itself stands for "ketamine"`},
	}
	for _, tc := range bad {
		fsys := testKB()
		fsys["vocabulary.yaml"] = &fstest.MapFile{Data: []byte(tc.yaml)}
		_, probs, _ := Load(fsys, LoadOptions{})
		if !strings.Contains(probs.Error(), tc.want) {
			t.Errorf("vocabulary.yaml %q: problems\n%s\nwant one containing %q", tc.yaml, probs, tc.want)
		}
	}
}

// FindPhrasing reads a question with the knowledge base's own vocabulary,
// as the loader's duplicate check does: with "snagged" listed for
// "hooked", "can you get snagged on ketamine" is the entry's question.
func TestFindPhrasingUsesTheVocabulary(t *testing.T) {
	fsys := testKB()
	fsys["vocabulary.yaml"] = &fstest.MapFile{Data: []byte("synonyms:\n  hooked: [snagged]\n")}
	snap, probs, err := Load(fsys, LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("Load: %v %v", err, probs)
	}
	e, p, ok := snap.FindPhrasing("Can you get SNAGGED on ketamine?")
	if !ok || e.ID != "addictive" || p != "can you get hooked on ketamine" {
		t.Errorf("FindPhrasing = %v %q %v, want addictive's question", e, p, ok)
	}
	if _, _, ok := snap.FindPhrasing("is ketamine given in clinics"); ok {
		t.Error("FindPhrasing found a question no entry has")
	}
}
