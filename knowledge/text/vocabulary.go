package text

import (
	"maps"
	"sort"
	"strings"

	snowball "github.com/kljensen/snowball/english"
)

// A Term is a word as matching reads it.
type Term struct {
	Canon string // the knowledge base's word: synonyms applied, names joined
	Stem  string // the stem of Canon
	Stop  bool   // Canon is a stopword: left out of scoring, kept for exact match
	Word  int    // index of the first word it was made from
	Sent  int    // its sentence
	// Kind says what the word is to the knowledge base; Fix is the
	// knowledge base's word a misspelling was read as. Both are set by the
	// matcher (match.Index.Annotate).
	Kind Kind
	Fix  string
}

// A Kind is what a word is to the knowledge base.
type Kind uint8

// The kinds of word.
const (
	Filler  Kind = iota // a stopword or everyday filler: names no topic
	KB                  // a word the knowledge base uses
	English             // an ordinary English word the knowledge base does not use
	Unknown             // neither: a name, slang, or a misspelling nobody could fix
	Number              // digits
)

func (k Kind) String() string {
	return [...]string{"filler", "kb", "english", "unknown", "number"}[k]
}

// A Vocabulary maps the words people type to the knowledge base's words.
// It is immutable once built and safe for concurrent use.
type Vocabulary struct {
	synonyms  map[string]string
	phrases   map[string][]phrase // by first word
	stopwords map[string]bool
	stems     map[string]string // stems worked out at build time; read-only
}

type phrase struct {
	from []string
	to   string
}

// NewVocabulary builds a Vocabulary. synonyms maps a typed word to the
// knowledge base's word; phrases maps several typed words ("special k") to
// one; stopwords are words that name no topic.
func NewVocabulary(synonyms map[string]string, phrases map[string]string, stopwords []string) *Vocabulary {
	v := &Vocabulary{synonyms: synonyms, phrases: map[string][]phrase{}, stopwords: map[string]bool{}, stems: map[string]string{}}
	for from, to := range phrases {
		ws := strings.Fields(from)
		if len(ws) == 0 {
			continue
		}
		v.phrases[ws[0]] = append(v.phrases[ws[0]], phrase{ws, to})
	}
	for _, ps := range v.phrases {
		// Longest first, so "opioid use disorders" wins over "opioid use".
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].from) > len(ps[j-1].from); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
	}
	for _, w := range stopwords {
		v.stopwords[w] = true
	}
	return v
}

// Fork returns a vocabulary of the same words that remembers stems of its
// own, for a goroutine building an index alongside others: the words are
// shared (read-only), the stems worked out so far are copied.
func (v *Vocabulary) Fork() *Vocabulary {
	return &Vocabulary{synonyms: v.synonyms, phrases: v.phrases, stopwords: v.stopwords, stems: maps.Clone(v.stems)}
}

// Synonyms returns the typed words and the knowledge base's word for each.
// The caller must not modify the map.
func (v *Vocabulary) Synonyms() map[string]string { return v.synonyms }

// Phrases returns the typed phrases and the knowledge base's word for
// each.
func (v *Vocabulary) Phrases() map[string]string {
	out := map[string]string{}
	for _, ps := range v.phrases {
		for _, p := range ps {
			out[strings.Join(p.from, " ")] = p.to
		}
	}
	return out
}

// Stopwords returns the stopwords, sorted.
func (v *Vocabulary) Stopwords() []string {
	out := make([]string, 0, len(v.stopwords))
	for w := range v.stopwords {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// Canonical returns the knowledge base's word for w.
func (v *Vocabulary) Canonical(w string) string {
	if s, ok := v.synonyms[w]; ok {
		return s
	}
	return w
}

// IsStop reports whether the canonical word w is a stopword.
func (v *Vocabulary) IsStop(w string) bool { return v.stopwords[w] }

// Stem returns w's stem (Snowball English), so "addictive", "addicted" and
// "addiction" meet.
func (v *Vocabulary) Stem(w string) string {
	if s, ok := v.stems[w]; ok {
		return s
	}
	return Stem(w)
}

// Remember works out and keeps the stems of words, so that questions
// using them need not: call it while building, before any Annotate.
func (v *Vocabulary) Remember(w string) string {
	s, ok := v.stems[w]
	if !ok {
		s = Stem(w)
		v.stems[w] = s
	}
	return s
}

// Keep keeps stem as the stem of w, as Remember does, for a caller that
// already has it from a Term: Snowball is the slowest part of indexing a
// large base, and need not run twice for a word.
func (v *Vocabulary) Keep(w, stem string) {
	if _, ok := v.stems[w]; !ok {
		v.stems[w] = stem
	}
}

// Stem returns w's Snowball English stem. Short words and numbers are
// returned as they are.
func Stem(w string) string {
	if len(w) <= 3 || w[0] >= '0' && w[0] <= '9' {
		return w
	}
	return snowball.Stem(w, true)
}

// Annotate sets q.Terms.
func (v *Vocabulary) Annotate(q *Query) {
	q.Terms = v.Terms(q.Words)
}

// Terms returns the terms of words: multi-word names joined, synonyms
// applied, stemmed.
func (v *Vocabulary) Terms(ws []Word) []Term {
	return v.AppendTerms(make([]Term, 0, len(ws)), ws)
}

// AppendTerms appends the terms of words to out, as Terms does, and
// returns it: a caller analysing many texts in turn reuses one slice.
func (v *Vocabulary) AppendTerms(out []Term, ws []Word) []Term {
	for i := 0; i < len(ws); {
		canon, n := v.phraseAt(ws, i)
		if n == 0 {
			canon, n = v.Canonical(colloquial(ws[i])), 1
		}
		out = append(out, Term{Canon: canon, Stem: v.Stem(canon), Stop: v.stopwords[canon], Word: i, Sent: ws[i].Sent})
		i += n
	}
	return out
}

// colloquial returns w as matching reads it: with a dropped g put back
// when that makes an English word and the word as typed is not one
// ("goin", "kiddin", "somethin" → "going", "kidding", "something").
func colloquial(w Word) string {
	s := w.Plain
	if len(s) >= 4 && strings.HasSuffix(s, "in") && !IsWord(s) && IsWord(s+"g") {
		s += "g"
	}
	return s
}

// phraseAt returns the name that starts at ws[i] and how many words it
// spans, or 0.
func (v *Vocabulary) phraseAt(ws []Word, i int) (string, int) {
	for _, p := range v.phrases[ws[i].Plain] {
		if i+len(p.from) > len(ws) {
			continue
		}
		ok := true
		for j, f := range p.from {
			if ws[i+j].Plain != f {
				ok = false
				break
			}
		}
		if ok {
			return p.to, len(p.from)
		}
	}
	return "", 0
}

// Key is the exact-match key of words: every term, stopwords included,
// stemmed, so "Is ketamine addictive?" and "is ketamine addictive" meet.
func (v *Vocabulary) Key(ts []Term) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Stem)
	}
	return b.String()
}
