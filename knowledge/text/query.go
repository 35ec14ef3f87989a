// Package text analyses a message once, for every stage that reads it.
//
// [Analyze] cleans raw chat text (Discord markup, links, invisible
// characters, look-alike and "fancy font" letters), splits it into
// sentences and words, and reads digits used as letters ("su1c1de") as the
// letters. A [Vocabulary] then adds what matching needs: each word's
// canonical form after synonyms, its stem, and whether it is a stopword.
// The safety router, help, exact match, ranking, autocomplete and the
// unanswered-question grouping all read the same [Query].
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// MaxRunes is the most of a message that is analysed. It is far above
// Discord's 4,000-character limit: the safety check must read all of any
// real message, and only a pasted document would be cut.
const MaxRunes = 64 << 10

// A Query is one message, analysed. It is not modified after Analyze and
// Vocabulary.Annotate, and holds the message's text: never log it.
type Query struct {
	// Words are the message's words in order.
	Words []Word
	// Sentences are the message's sentences in order. Every word belongs
	// to exactly one.
	Sentences []Sentence
	// Terms are the words as matching reads them: multi-word names joined,
	// synonyms applied, stemmed. Set by Vocabulary.Annotate.
	Terms []Term
}

// A Word is one word of a message.
type Word struct {
	// Text is the word as typed, cleaned: lower case, apostrophes dropped
	// ("don't" → "dont").
	Text string
	// Plain is Text with digits and symbols used as letters read as
	// letters, when that makes a word ("k1ll" → "kill"), and a word of
	// another English read as the standard word ("tae" → "to", see
	// variants.txt); otherwise Text.
	Plain string
	// Sent is the index of the word's sentence.
	Sent int
}

// A Sentence is a run of words ended by ".", "!", "?", a line break or the
// end of the message.
type Sentence struct {
	Start, End int // Words[Start:End]
	// Question is true when the sentence ends with "?" or opens like a
	// question ("how", "can", "is", "does"…).
	Question bool
	// Laugh is true when the sentence has a laugh or a joking marker:
	// "lol", "lmao", "haha", "jk", 😂, 🤣, 💀, 😅.
	Laugh bool
}

// Text returns the sentence's words joined by single spaces.
func (q *Query) Text(s Sentence) string {
	var b strings.Builder
	for i := s.Start; i < s.End; i++ {
		if i > s.Start {
			b.WriteByte(' ')
		}
		b.WriteString(q.Words[i].Plain)
	}
	return b.String()
}

// Sentence returns sentence i of q as a query of its own, its terms
// (when q is annotated) included: what a stage that reads one sentence at
// a time needs, without analysing the sentence again.
func (q *Query) Sentence(i int) *Query {
	s := q.Sentences[i]
	out := &Query{Words: make([]Word, 0, s.End-s.Start), Sentences: []Sentence{{Start: 0, End: s.End - s.Start, Question: s.Question, Laugh: s.Laugh}}}
	for _, w := range q.Words[s.Start:s.End] {
		w.Sent = 0
		out.Words = append(out.Words, w)
	}
	for _, t := range q.Terms {
		if t.Sent == i {
			t.Sent, t.Word = 0, t.Word-s.Start
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

// Analyze cleans s and splits it into sentences and words. Any text gets a
// Query: empty, huge, invalid UTF-8 and control characters included.
func Analyze(s string) *Query {
	c := Clean(Truncate(s, MaxRunes))
	q := &Query{Words: make([]Word, 0, len(c)/5+1)}
	tok := tokenizer{q: q}
	analyze(&tok, c)
	return q
}

// An Analyzer analyses texts one after another into the same memory, for
// a caller that reads each text's analysis before the next and keeps none
// of it (building an index of thousands of texts). Its zero value is
// ready to use; it is not safe for concurrent use.
type Analyzer struct {
	q     Query
	tok   tokenizer
	clean []byte              // the cleaned text of an ASCII text
	words map[string]wordInfo // each word read once: texts share their words
}

// Analyze is [Analyze] for one text; the Query it returns, and its
// slices, are valid until the next call.
func (a *Analyzer) Analyze(s string) *Query {
	if a.words == nil {
		a.words = map[string]wordInfo{}
	}
	a.q = Query{Words: a.q.Words[:0], Sentences: a.q.Sentences[:0]}
	a.tok = tokenizer{q: &a.q, cur: a.tok.cur[:0], words: a.words}
	s = Truncate(s, MaxRunes)
	if plainASCII(s) {
		// Clean's ASCII loop, into memory of the Analyzer's own: the
		// tokenizer copies out every word it keeps, so the text need not
		// outlive this call.
		a.clean = appendCleanASCII(a.clean[:0], s)
		analyze(&a.tok, unsafe.String(unsafe.SliceData(a.clean), len(a.clean)))
	} else {
		analyze(&a.tok, Clean(s))
	}
	return &a.q
}

// analyze reads the cleaned text c into tok's query.
func analyze(tok *tokenizer, c string) {
	q := tok.q
	for _, r := range c {
		tok.rune(r)
	}
	tok.endSentence()
	joinSpelledOut(q)
	for i := range q.Words {
		if q.Words[i].Plain == "" { // a word joinSpelledOut made
			q.Words[i].Plain = standard(plain(q.Words[i].Text))
		}
	}
	for i := range q.Sentences {
		markQuestion(q, &q.Sentences[i])
	}
}

// tokenizer splits cleaned text into words and sentences in one pass.
type tokenizer struct {
	q     *Query
	cur   []byte
	start int  // first word of the current sentence
	laugh bool // the current sentence has a laugh marker
	quest bool // the current sentence has a "?"
	apos  bool // the current word had an apostrophe
	// words, when set, holds the words already read (see Analyzer).
	words map[string]wordInfo
}

// wordInfo is what a word's text says on its own: its plain form and
// whether it is a laugh.
type wordInfo struct {
	text, plain string
	laugh       bool
}

func readWord(w string) wordInfo {
	return wordInfo{text: w, plain: standard(plain(w)), laugh: isLaugh(w)}
}

func (t *tokenizer) rune(r rune) {
	switch {
	case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		t.cur = append(t.cur, byte(r))
	case r == '\'':
		// inside a word: dropped ("dont"); elsewhere it separates nothing
		t.apos = t.apos || len(t.cur) > 0
	case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		t.cur = utf8.AppendRune(t.cur, r)
	case r == '@' || r == '$' || r == '|' || r == '!' && len(t.cur) > 0:
		// Possibly a letter in disguise ("$uicide", "k!ll"); flush sorts
		// out a handle ("@faqbot") and a closing "!".
		t.cur = append(t.cur, byte(r))
	case r == '.' || r == '?' || r == '!' || r == '\n':
		t.flush()
		t.quest = t.quest || r == '?'
		t.endSentence()
	case laughRunes[r]:
		t.flush()
		t.laugh = true
	default:
		t.flush()
	}
}

// flush ends the current word.
func (t *tokenizer) flush() {
	w := t.cur
	t.cur = t.cur[:0]
	apos := t.apos
	t.apos = false
	bang := false
	for len(w) > 0 && (w[len(w)-1] == '!' || w[len(w)-1] == '|') {
		bang = bang || w[len(w)-1] == '!'
		w = w[:len(w)-1]
	}
	for len(w) > 0 && w[0] == '@' && len(w) > 1 && w[1] >= 'a' && w[1] <= 'z' {
		w = w[1:] // a handle: "@faqbot"
	}
	if hasAlnum(w) {
		info, ok := t.words[string(w)] // no allocation for the lookup
		if !ok {
			info = readWord(string(w))
			if t.words != nil {
				t.words[info.text] = info
			}
		}
		if apos && info.text == "odd" {
			info = readWord("oded") // "od'd", not "odd"
		}
		t.laugh = t.laugh || info.laugh
		t.q.Words = append(t.q.Words, Word{Text: info.text, Plain: info.plain, Sent: len(t.q.Sentences)})
	}
	if bang {
		t.endSentence()
	}
}

func hasAlnum(w []byte) bool {
	for _, c := range w {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// endSentence closes the current sentence if it has words.
func (t *tokenizer) endSentence() {
	t.flush()
	n := len(t.q.Words)
	if n > t.start {
		t.q.Sentences = append(t.q.Sentences, Sentence{Start: t.start, End: n, Question: t.quest, Laugh: t.laugh})
		t.start = n
	}
	t.laugh, t.quest = false, false
}

// laughRunes and laughWords mark joking: "lol", 😂. They are a hint, not a
// verdict: a person in crisis may still write "lol".
var (
	laughRunes = map[rune]bool{'😂': true, '🤣': true, '💀': true, '😅': true, '😆': true, '😹': true, '🙃': true, '😜': true, '😝': true}
	laughWords = setOf("lol lmao lmfao rofl haha hahaha hahah lolol lool jk jkjk xd kek")
)

// isLaugh reports whether w is a laugh, stretched or not: "lol",
// "lmaooo", "hahahaha", "loool".
func isLaugh(w string) bool {
	only := func(set string) bool { return strings.Trim(w, set) == "" }
	switch {
	case laughWords[w]:
		return true
	case strings.HasPrefix(w, "lmao") && only("lmao"), strings.HasPrefix(w, "lmfao") && only("lmfao"):
		return strings.Trim(strings.TrimPrefix(strings.TrimPrefix(w, "lmf"), "lm"), "ao") == ""
	case len(w) >= 4 && strings.HasPrefix(w, "ha") && only("ha"):
		return true
	case len(w) >= 3 && strings.HasPrefix(w, "lo") && strings.HasSuffix(w, "l") && only("lo"):
		return true
	}
	return false
}

// joinSpelledOut joins runs of three or more one-letter words in a
// sentence, to read spacing tricks ("k i l l  m y s e l f").
func joinSpelledOut(q *Query) {
	ws := q.Words
	out := ws[:0]
	sentStart := make([]int, len(q.Sentences))
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && ws[j].Sent == ws[i].Sent && utf8.RuneCountInString(ws[j].Text) == 1 {
			j++
		}
		if j-i >= 3 {
			var b strings.Builder
			for _, w := range ws[i:j] {
				b.WriteString(w.Text)
			}
			out = append(out, Word{Text: b.String(), Sent: ws[i].Sent})
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, ws[i:j]...)
		i = j
	}
	q.Words = out
	// Renumber the sentences' word ranges.
	for i := range sentStart {
		sentStart[i] = -1
	}
	for i, w := range out {
		if sentStart[w.Sent] < 0 {
			sentStart[w.Sent] = i
		}
	}
	end := len(out)
	for si := len(q.Sentences) - 1; si >= 0; si-- {
		q.Sentences[si].Start, q.Sentences[si].End = sentStart[si], end
		end = sentStart[si]
	}
}

// questionOpeners open a question when they are a sentence's first word
// (after a greeting or a filler).
var questionOpeners = setOf(`what whats wat wut how hows why can cant could does doesnt do dont did is isnt are arent
was were will would wouldnt should shouldnt where wheres when who whos which any anyone anybody has have
am r u`)

// negOpeners open a question only with its subject next ("dont you
// think", "cant they test"): before a verb they tell ("dont be sad",
// "cant sleep again").
var negOpeners = setOf(`cant dont doesnt isnt arent wouldnt shouldnt`)

// askSubjects are the subjects that follow a question's opener.
var askSubjects = setOf(`i you u ya ye he she it we they people ppl someone somebody anyone anybody doctors docs the a an my your ur his her their this that these those there`)

// leadFillers are words skipped before a question opener: "hey bot how…",
// "ok so is…".
var leadFillers = setOf(`hey hi hello yo ok okay so um uh hmm bot faqbot pls please and but also plus then
quick random q question just srsly seriously honestly real actually like guys yall everyone sorry`)

// askWords make any sentence a question: "i was wondering if…".
var askWords = setOf(`wondering wonder curious question questions q ask asking tell explain know`)

// markQuestion sets s.Question for a sentence that opens like a question
// or says it asks one.
func markQuestion(q *Query, s *Sentence) {
	if s.Question {
		return
	}
	i := s.Start
	for i < s.End && leadFillers[q.Words[i].Text] {
		i++
	}
	if i < s.End && questionOpeners[q.Words[i].Text] && (!negOpeners[q.Words[i].Text] || i+1 < s.End && askSubjects[q.Words[i+1].Text]) {
		s.Question = true
		return
	}
	for _, w := range q.Words[s.Start:s.End] {
		if askWords[w.Text] {
			s.Question = true
			return
		}
	}
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
