package knowledge

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// frontCases are front matters (without the "---" lines) and whether the
// fast reader should read them itself. Whatever it reads must be what
// yaml.v3 reads; the rest goes to yaml.v3.
var frontCases = []struct {
	src  string
	fast bool
}{
	{"title: Is ketamine addictive?\nquestions:\n  - can you get hooked on ketamine\nkeywords: [addictive, habit forming]\nsources: [jhu]\nreviewed: 2026-11-25\nrelated: [other]\n", true},
	{"", true},
	{"# only a comment\n\n", true},
	{"title: a\nquestions:\n- flush left\n- again\nkeywords: []\n", true},
	{"title: a # a comment\nkeywords: [ x , \"y z\" , 'it''s' ]   # trailing\n", true},
	{"title: \"quoted: with a colon\"\nsources: ['a', \"b\\\"c\\\\d\"]\n", true},
	{"title: a\nquestions:\n  -\n  - \n  - # comment\n  -   spaced   \n", true},
	{"title: é ü 😀 — “quotes”\nkeywords: [é, ü]\n", true},
	{"title: yes\nreviewed: 2026-1-5\nyear: 0x1F\nn: ~\nm: null\nk: 1.5e3\n", true},
	{"title: a\n  # indented comment\nsources: [a]\n", true},
	{"questions:\n  # before the first item\n  - a\n\n  # between\n  - b\n# after\nsources: [a]\n", true},
	{"title: what about k? [intro] {x} a,b\n", true},
	{"title: \"\"\nkeywords: ['']\n", true},
	{"title:\nquestions: # none yet\nsources:\n", true},
	{"Title: a\nreview_due: 2027-01-01\nsome-key: x\nk9: y\n", true},
	{"title: a\ntitle: b\n", true},
	{"title: \"a \\\\ b \\t c \\n\"\n", true},
	{"title: \"a \\/ b\"\n", false},

	// Left to yaml.v3.
	{"title: Ketamine bladder: is it real?\n", false},
	{"title: a\n  continued\n", false},
	{"title: a\n\n  continued after a blank line\n", false},
	{"questions:\n  - a\n   - one space too far\n", false},
	{"questions:\n  - a\n    more of a\n", false},
	{"questions:\n  - a\n - less indented\n", false},
	{"questions:\n  - - nested\n", false},
	{"questions:\n  - key: value\n", false},
	{"questions:\n  - [flow, in, block]\n", false},
	{"keywords: [a, b\nsources: [x]\n", false},
	{"keywords: [a,]\n", false},
	{"keywords: [a,,b]\n", false},
	{"keywords: [a: b]\n", false},
	{"keywords: [a] b\n", false},
	{"keywords: [[a]]\n", false},
	{"title: 'unclosed\n", false},
	{"title: \"multi\n  line\"\n", false},
	{"title: \"\\u00e9\"\n", false},
	{"title: |\n  block\n", false},
	{"title: >\n  folded\n", false},
	{"title: &a x\nk: *a\n", false},
	{"title: !!str x\n", false},
	{"title: @x\n", false},
	{"title: `x`\n", false},
	{"title:x\n", false},
	{" title: indented\n", false},
	{"title: a\n sources: [x]\n", false},
	{"\"title\": quoted key\n", false},
	{"title : spaced key\n", false},
	{"title: a\tb\n", false},
	{"\ttitle: a\n", false},
	{"title: a\u0085b\n", false},
	{"title: a\u2028b\n", false},
	{"- a list\n- at the top\n", false},
	{"just text\n", false},
	{"%YAML 1.2\ntitle: a\n", false},
	{"...\n", false},
	{"title: a\n- b\n", false},
	{"questions:\n  - a\nsources:\n  nested: map\n", false},
	{"? complex\n: key\n", false},
	{"title: a:\n", false},
	{"title: \"x\"y\n", false},
	{"title: \"x\"#y\n", false},
	{"keywords: [a]#c\n", false},
	{"keywords: [\"a\" b]\n", false},
	{"keywords: [-a]\n", false},
}

// readSlow parses front matter with yaml.v3 the way the loader does.
func readSlow(src string) (*yaml.Node, Problems) {
	var ps problemList
	r := &yamlReader{file: "f.md", probs: &ps, slow: true}
	return r.parseFront(src), ps.ps
}

// sameNode compares what the loader uses of two nodes.
func sameNode(a, b *yaml.Node, path string) error {
	if a.Kind != b.Kind || a.Style != b.Style || a.Value != b.Value || a.Line != b.Line || a.Column != b.Column || a.ShortTag() != b.ShortTag() || len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: fast {kind %d style %d %q line %d col %d tag %s, %d children}, yaml.v3 {kind %d style %d %q line %d col %d tag %s, %d children}",
			path, a.Kind, a.Style, a.Value, a.Line, a.Column, a.ShortTag(), len(a.Content), b.Kind, b.Style, b.Value, b.Line, b.Column, b.ShortTag(), len(b.Content))
	}
	for i := range a.Content {
		if err := sameNode(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// agree checks that the fast reader reads src as yaml.v3 does, if it reads
// it at all, and returns whether it did.
func agree(t *testing.T, src string) bool {
	t.Helper()
	fast, ok := fastFront(src)
	if !ok {
		return false
	}
	slow, probs := readSlow(src)
	if slow == nil {
		t.Fatalf("fastFront(%q) read it, but yaml.v3 refuses it: %v", src, probs)
	}
	if err := sameNode(fast, slow, ""); err != nil {
		t.Fatalf("fastFront(%q) differs from yaml.v3: %v", src, err)
	}
	return true
}

func TestFastFrontMatchesYAML(t *testing.T) {
	for _, tc := range frontCases {
		if got := agree(t, tc.src); got != tc.fast {
			t.Errorf("fastFront(%q) read it: %v, want %v", tc.src, got, tc.fast)
		}
	}
}

// The fast reader reads every shipped entry and every generated one: it
// is the common case, not a corner.
func TestFastFrontReadsRealEntries(t *testing.T) {
	fsys := generatedKB(50)
	for name, f := range fsys {
		if strings.HasSuffix(name, ".md") {
			front, _, _, _ := splitFrontMatter(f.Data)
			if !agree(t, string(front)) {
				t.Errorf("fastFront does not read generated %s", name)
			}
		}
	}
	err := fs.WalkDir(DefaultFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(name, ".md") {
			return err
		}
		data, err := fs.ReadFile(DefaultFS(), name)
		if err != nil {
			return err
		}
		front, _, _, _ := splitFrontMatter(data)
		if !agree(t, string(front)) {
			t.Errorf("fastFront does not read shipped %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzFrontMatterReaders(f *testing.F) {
	for _, tc := range frontCases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		agree(t, src)
	})
}

// Both readers give the same problems, at the same lines, and the same
// entries, on clean and hostile files alike.
func TestLoadReadersAgree(t *testing.T) {
	bases := map[string]fstest.MapFS{"clean": testKB()}
	for i, tc := range frontCases {
		fsys := testKB()
		fsys[fmt.Sprintf("faq/case-%02d.md", i)] = &fstest.MapFile{Data: []byte("---\n" + tc.src + "---\nAn answer.\n")}
		bases[fmt.Sprintf("case %d", i)] = fsys
	}
	for _, tc := range loadProblemCases {
		fsys := testKB()
		tc.edit(fsys)
		bases[tc.name] = fsys
	}
	for name, fsys := range bases {
		fast, fastProbs, err1 := load(fsys, LoadOptions{}, false)
		slow, slowProbs, err2 := load(fsys, LoadOptions{}, true)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: load errors %v, %v", name, err1, err2)
		}
		if !reflect.DeepEqual(fastProbs, slowProbs) {
			t.Errorf("%s: problems differ\nfast: %v\nyaml.v3: %v", name, fastProbs, slowProbs)
		}
		if got, want := entrySummary(fast), entrySummary(slow); got != want {
			t.Errorf("%s: entries differ\nfast: %s\nyaml.v3: %s", name, got, want)
		}
	}
}

func entrySummary(s *Snapshot) string {
	var b strings.Builder
	for _, e := range s.Entries() {
		fmt.Fprintf(&b, "%s %q %q %q %v %q %s %q %+v\n", e.File, e.Title, e.Questions, e.Keywords, e.Sources, e.Related, e.Reviewed, e.Body, e.Lines)
	}
	return b.String()
}
