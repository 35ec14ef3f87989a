package knowledge

import (
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/faqbot/faqbot/knowledge/text"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "IS KETAMINE ADDICTIVE???", "<@123> k i l l myself", "\xff\xfe", "ｋｅｔａｍｉｎｅ", "su1c1dal", "sui\u200bcide", "𝐤𝐞𝐭"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c := text.Clean(s); !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) = %q is not valid UTF-8", s, c)
		}
		phraseKeyWith(s, defaultVocabulary())
	})
}

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte(goodEntry))
	f.Add([]byte(otherEntry))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\ntitle: &a [*a]\n---\nx"))
	f.Add([]byte("---\n" + "title: x\nsources: [jhu]\nreviewed: 2026-01-01\nrelated: [[[[[[[[[x]]]]]]]]]\n---\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := testKB()
		fsys["faq/fuzzed.md"] = &fstest.MapFile{Data: data}
		snap, probs, err := Load(fsys, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			if p.File == "" || p.Msg == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
		snap.Answer("is ketamine addictive", Options{})
	})
}

func FuzzAnswer(f *testing.F) {
	snap := shipped(f)
	for _, s := range []string{"", "hello", "is ketamin adictive", "side effects of prednisone", "I want to end my life", "how many mg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r := snap.Answer(q, Options{})
		if r.Kind == "" || r.Disclaimer == "" {
			t.Fatalf("Answer(%q) = %+v", q, r)
		}
		if r.Kind == KindAnswer && r.Entry == nil || r.Kind == KindSuggestions && len(r.Suggestions) < 2 {
			t.Fatalf("Answer(%q) = %+v: inconsistent", q, r)
		}
		for _, c := range snap.Complete(q) {
			if utf8.RuneCountInString(c.Name) > 100 {
				t.Fatalf("Complete(%q) choice too long", q)
			}
		}
	})
}
