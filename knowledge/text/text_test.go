package text

import (
	"reflect"
	"strings"
	"testing"
)

func words(q *Query) []string {
	var out []string
	for _, w := range q.Words {
		out = append(out, w.Plain)
	}
	return out
}

func TestAnalyzeWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Is Ketamine addictive?", "is ketamine addictive"},
		{"don't  WANT", "dont want"},
		{"k i l l  m y s e l f", "killmyself"},
		{"su1c1dal thoughts", "suicidal thoughts"},
		{"0verdose", "overdose"},
		{"k!ll myself", "kill myself"},
		{"$uicide", "suicide"},
		{"5mg of 3am b12", "5mg of 3am b12"},
		{"form1040 and covid2019", "form1040 and covid2019"}, // numbers, not letters
		{"k1ll1ng it", "killing it"},
		{"@faqbot hi", "faqbot hi"},
		{"<@123456> what is k", "what is k"},
		{"see https://example.com/x?y=1 now", "see now"},
		{"ｋｅｔａｍｉｎｅ", "ketamine"},
		{"𝓀𝑒𝓉𝒶𝓂𝒾𝓃𝑒", "ketamine"},
		{"ⓚⓔⓣⓐⓜⓘⓝⓔ", "ketamine"},
		{"ѕuісіdе", "suicide"},             // Cyrillic look-alikes
		{"su\u200bici\u200dde", "suicide"}, // zero-width characters
		{"café naïve", "cafe naive"},
		{"help!!! now", "help now"},
		{"Don't   STOP!!", "dont stop"},
		{"<@123> side-effects?", "side effects"},
		{"kеtаminе", "ketamine"}, // Cyrillic е and а
		{"", ""},
	}
	for _, tc := range tests {
		got := strings.Join(words(Analyze(tc.in)), " ")
		if got != tc.want {
			t.Errorf("Analyze(%q) words = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAnalyzeSentences(t *testing.T) {
	q := Analyze("hey bot how does k work? also my week was bad lol. i need help\nwhat now")
	var got []string
	for _, s := range q.Sentences {
		tag := ""
		if s.Question {
			tag += "?"
		}
		if s.Laugh {
			tag += "L"
		}
		got = append(got, q.Text(s)+"|"+tag)
	}
	want := []string{"hey bot how does k work|?", "also my week was bad lol|L", "i need help|", "what now|?"}
	for _, w := range []string{"lmaooo", "hahahaha", "loool", "lmfaoooo"} {
		if !isLaugh(w) {
			t.Errorf("isLaugh(%q) = false", w)
		}
	}
	for _, w := range []string{"lmaooox", "hallo", "lola"} {
		if isLaugh(w) {
			t.Errorf("isLaugh(%q) = true", w)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentences = %q, want %q", got, want)
	}
	for i, w := range q.Words {
		s := q.Sentences[w.Sent]
		if i < s.Start || i >= s.End {
			t.Errorf("word %d %q is not inside its sentence %d [%d,%d)", i, w.Text, w.Sent, s.Start, s.End)
		}
	}
}

func TestSpelledOutKeepsSentences(t *testing.T) {
	q := Analyze("a b c. d e f g")
	if got := words(q); !reflect.DeepEqual(got, []string{"abc", "defg"}) {
		t.Fatalf("words = %q", got)
	}
	if len(q.Sentences) != 2 || q.Sentences[1].Start != 1 || q.Sentences[1].End != 2 {
		t.Errorf("sentences = %+v", q.Sentences)
	}
}

func TestIsWord(t *testing.T) {
	for _, w := range []string{"a", "horse", "sings", "pregnancy", "kidneys", "zygote", "aardvark", "canada"} {
		if !IsWord(w) {
			t.Errorf("IsWord(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"", "ketamine", "kratom", "xqzt", "horsee", "zzzzzzz", "aaaaa"} {
		if IsWord(w) {
			t.Errorf("IsWord(%q) = true, want false", w)
		}
	}
}

// The substance list names medicines and drugs, plural or not, and not
// the everyday words that are also drug slang, nor the knowledge base's
// general words for medicine.
func TestIsSubstance(t *testing.T) {
	for _, w := range []string{"aspirin", "tramadol", "nicotine", "caffeine", "xanax", "gabapentin", "insulin", "vitamins", "benzodiazepines", "marijuana"} {
		if !IsSubstance(w) {
			t.Errorf("IsSubstance(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"speed", "pot", "horse", "medicine", "pill", "dose", "alcohol", "dopamine", "bus", "ss"} {
		if IsSubstance(w) {
			t.Errorf("IsSubstance(%q) = true, want false", w)
		}
	}
}

func TestVocabularyTerms(t *testing.T) {
	v := NewVocabulary(map[string]string{"subs": "buprenorphine"}, map[string]string{"special k": "ketamine", "opioid use disorder": "oud"}, []string{"is", "the"})
	q := Analyze("Is special K the same as subs for opioid use disorder")
	v.Annotate(q)
	var got []string
	for _, tm := range q.Terms {
		s := tm.Canon
		if tm.Stop {
			s += "*"
		}
		got = append(got, s)
	}
	want := []string{"is*", "ketamine", "the*", "same", "as", "buprenorphine", "for", "oud"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
	if k1, k2 := v.Key(v.Terms(Analyze("Is ketamine addictive?").Words)), v.Key(v.Terms(Analyze("is KETAMINE addictive").Words)); k1 != k2 {
		t.Errorf("keys differ: %q vs %q", k1, k2)
	}
}

// A dropped g is put back when that makes an English word and the word as
// typed is not one; a real word ending in "in" and a word that only looks
// like one are left alone.
func TestVocabularyTermsDroppedG(t *testing.T) {
	v := NewVocabulary(nil, nil, nil)
	for typed, want := range map[string]string{"goin": "going", "kiddin": "kidding", "somethin": "something", "coffin": "coffin", "within": "within", "zorbin": "zorbin", "in": "in"} {
		if ts := v.Terms(Analyze(typed).Words); len(ts) != 1 || ts[0].Canon != want {
			t.Errorf("Terms(%q) = %+v, want one term %q", typed, ts, want)
		}
	}
}

// A word of another English is read as the standard word it stands for,
// by every stage (Plain), and kept as typed in Text.
func TestAnalyzeReadsVariants(t *testing.T) {
	q := Analyze("ah cannae dae it nae mair, wah di point")
	var plain, typed []string
	for _, w := range q.Words {
		plain, typed = append(plain, w.Plain), append(typed, w.Text)
	}
	if want := []string{"ah", "cant", "do", "it", "no", "more", "what", "the", "point"}; !reflect.DeepEqual(plain, want) {
		t.Errorf("Plain = %q, want %q", plain, want)
	}
	if typed[1] != "cannae" {
		t.Errorf("Text = %q, want the words as typed", typed)
	}
	q = Analyze("my bf shud ask his drs, wud they rly know")
	plain = plain[:0]
	for _, w := range q.Words {
		plain = append(plain, w.Plain)
	}
	if want := []string{"my", "boyfriend", "should", "ask", "his", "doctors", "would", "they", "really", "know"}; !reflect.DeepEqual(plain, want) {
		t.Errorf("chat spellings: Plain = %q, want %q", plain, want)
	}
}

// A sentence taken out of an annotated query keeps its words, flags and
// terms, renumbered from zero.
func TestQuerySentence(t *testing.T) {
	v := NewVocabulary(map[string]string{"subs": "buprenorphine"}, nil, []string{"is"})
	q := Analyze("hi there. is subs safe?")
	v.Annotate(q)
	got := q.Sentence(1)
	if len(got.Sentences) != 1 || !got.Sentences[0].Question || got.Sentences[0].End != 3 {
		t.Fatalf("Sentences = %+v, want one question of 3 words", got.Sentences)
	}
	if got.Words[0].Text != "is" || got.Words[0].Sent != 0 {
		t.Errorf("Words[0] = %+v, want \"is\" in sentence 0", got.Words[0])
	}
	if len(got.Terms) != 3 || got.Terms[1].Canon != "buprenorphine" || got.Terms[1].Word != 1 || got.Terms[1].Sent != 0 {
		t.Errorf("Terms = %+v, want is, buprenorphine (word 1), safe", got.Terms)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "a b c", "k i l l", "su1cide", "\xff\xfe", "<@1>", "💀💀", "ⓚ", "!@$|", "a.b?c!d\n", "$@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Analyze(s)
		for i, w := range q.Words {
			if w.Text == "" || w.Plain == "" {
				t.Fatalf("empty word %d in %q", i, s)
			}
			if w.Sent < 0 || w.Sent >= len(q.Sentences) {
				t.Fatalf("word %d has sentence %d of %d", i, w.Sent, len(q.Sentences))
			}
			if st := q.Sentences[w.Sent]; i < st.Start || i >= st.End {
				t.Fatalf("word %d outside its sentence", i)
			}
		}
	})
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "abc", 0}, {"abc", "abd", 1}, {"abc", "acb", 1}, {"abc", "", 3}, {"kitten", "sitting", 3},
	}
	for _, tc := range tests {
		if got := EditDistance(tc.a, tc.b, 10); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if got := EditDistance("kitten", "sitting", 2); got != 2 {
		t.Errorf("EditDistance with limit 2 = %d, want 2", got)
	}
}

// cleanASCII must clean ASCII text exactly as the general loop does: it is
// only a faster way to the same text.
func TestCleanASCIIMatchesRunes(t *testing.T) {
	var all []byte
	for c := 0; c < 0x80; c++ {
		all = append(all, byte(c))
	}
	for _, s := range []string{string(all), "Is Ketamine SAFE?\r\nYes\tno\x00\x7f`'", ""} {
		if got, want := cleanASCII(s), cleanRunes(s); got != want {
			t.Errorf("cleanASCII(%q) = %q, cleanRunes gives %q", s, got, want)
		}
	}
}

// An Analyzer reused text after text gives what Analyze gives each text:
// nothing of a longer text before it is left in a shorter one.
func TestAnalyzerReuse(t *testing.T) {
	var a Analyzer
	for _, s := range []string{
		"My friend is not breathing. His lips are blue?! what do i do",
		"k i l l",
		"",
		"Is ketamine addictive lol",
		"su1c1de 𝓀𝑒𝓉𝒶𝓂𝒾𝓃𝑒",
		"<@123> see https://example.com/x IS it SAFE",
		"Short.",
	} {
		got, want := a.Analyze(s), Analyze(s)
		if !reflect.DeepEqual(got.Words, want.Words) && (len(got.Words) > 0 || len(want.Words) > 0) ||
			!reflect.DeepEqual(got.Sentences, want.Sentences) && (len(got.Sentences) > 0 || len(want.Sentences) > 0) {
			t.Errorf("Analyzer.Analyze(%q) = %+v, Analyze gives %+v", s, got, want)
		}
	}
}

// A sentence opening with a negative contraction asks only with its
// subject next: "dont you think…" asks, "dont be sad" and "cant sleep
// again" tell.
func TestNegativeOpenersAsk(t *testing.T) {
	for msg, want := range map[string]bool{
		"dont you think it works":   true,
		"cant they test for it":     true,
		"dont be sad":               false,
		"cant sleep again tonight":  false,
		"dont worry about me guys":  false,
		"isnt it just a horse drug": true,
	} {
		q := Analyze(msg)
		if got := q.Sentences[0].Question; got != want {
			t.Errorf("%q: question = %v, want %v", msg, got, want)
		}
	}
}
