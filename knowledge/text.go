package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// maxQuestionRunes is how much of a question is matched against the
// knowledge base; the rest is ignored. (Crisis checks read more: see
// maxCrisisRunes.)
const maxQuestionRunes = 1000

var (
	// Discord markup that is not words: user, role and channel mentions,
	// custom emoji, timestamps and slash-command mentions.
	discordMarkupRE = regexp.MustCompile(`<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:\d+(?::\w)?|/[\w -]+:\d+)>`)
	urlRE           = regexp.MustCompile(`(?i)\bhttps?://\S+`)
)

// truncateRunes returns the first n runes of s.
func truncateRunes(s string, n int) string {
	if len(s) <= n { // bytes ≥ runes
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// clean turns raw chat text into plain lower-case text: invalid UTF-8,
// invisible and control characters, Discord mentions and links go; accents,
// full-width and look-alike letters from other scripts fold to ASCII.
func clean(s string) string {
	s = strings.ToValidUTF8(s, " ")
	if strings.IndexByte(s, '<') >= 0 {
		s = discordMarkupRE.ReplaceAllString(s, " ")
	}
	if strings.Contains(s, "://") {
		s = urlRE.ReplaceAllString(s, " ")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r): // zero-width, bidi controls, soft hyphen
		case unicode.IsControl(r) || unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(fold(unicode.ToLower(r)))
		}
	}
	return b.String()
}

// fold maps a lower-case rune to the ASCII letter it looks like or stands
// for, or returns it unchanged.
func fold(r rune) rune {
	if r < 0x80 {
		return r
	}
	if r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == '`' {
		return '\''
	}
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		return unicode.ToLower(r - 0xFF01 + 0x21)
	}
	if r >= 0x1D400 && r <= 0x1D6A3 { // mathematical bold, italic, script... letters
		i := (r - 0x1D400) % 52
		if i < 26 {
			return 'a' + i
		}
		return 'a' + i - 26
	}
	if f, ok := foldMap[r]; ok {
		return f
	}
	return r
}

var foldMap = func() map[rune]rune {
	m := map[rune]rune{}
	add := func(to rune, from string) {
		for _, r := range from {
			m[r] = to
		}
	}
	// Latin letters with accents.
	add('a', "àáâãäåāăą")
	add('c', "çćĉċč")
	add('d', "ďđ")
	add('e', "èéêëēĕėęě")
	add('g', "ĝğġģ")
	add('i', "ìíîïĩīĭįı")
	add('n', "ñńņňŉ")
	add('o', "òóôõöøōŏő")
	add('s', "śŝşšſ")
	add('u', "ùúûüũūŭůűų")
	add('y', "ýÿŷ")
	add('z', "źżž")
	// Cyrillic and Greek letters that look like Latin ones (homoglyphs).
	add('a', "аα")
	add('b', "в")
	add('c', "сϲ")
	add('d', "ԁ")
	add('e', "еεё")
	add('h', "нһ")
	add('i', "іιї")
	add('j', "ј")
	add('k', "кκ")
	add('m', "м")
	add('n', "η")
	add('o', "оοσ")
	add('p', "рρ")
	add('s', "ѕ")
	add('t', "тτ")
	add('u', "υ")
	add('v', "ν")
	add('x', "хχ")
	add('y', "уγ")
	return m
}()

// tokens returns the words of raw text: clean followed by words, with a
// fast path for plain ASCII text, which is most of a knowledge base.
func tokens(s string) []string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == '<' || c == ':' && strings.HasPrefix(s[i:], "://") {
			ascii = false
			break
		}
	}
	if !ascii {
		return words(clean(s))
	}
	lower := strings.ToLower(s)
	out := make([]string, 0, len(s)/6+1)
	start, apos := -1, false
	for i := 0; i <= len(lower); i++ {
		var c byte
		if i < len(lower) {
			c = lower[i]
		}
		switch {
		case i < len(lower) && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9'):
			if start < 0 {
				start = i
			}
		case i < len(lower) && c == '\'' && start >= 0:
			apos = true
		default:
			if start >= 0 {
				w := lower[start:i]
				if apos {
					w = strings.ReplaceAll(w, "'", "")
				}
				w = strings.TrimRight(w, "'")
				if w != "" {
					out = append(out, w)
				}
				start, apos = -1, false
			}
		}
	}
	return joinSpelledOut(out)
}

// words splits cleaned text into words of letters and digits. Apostrophes
// inside a word are dropped ("don't" → "dont"), and a run of three or more
// single letters is joined back into one word ("k i l l" → "kill").
func words(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			cur.WriteRune(r)
		case r == '\'':
			// inside a word: skip; elsewhere it separates nothing
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return joinSpelledOut(out)
}

// joinSpelledOut joins runs of three or more one-letter words.
func joinSpelledOut(ws []string) []string {
	out := ws[:0]
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && utf8.RuneCountInString(ws[j]) == 1 {
			j++
		}
		if j-i >= 3 {
			out = append(out, strings.Join(ws[i:j], ""))
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, ws[i:j]...)
		i = j
	}
	return out
}

// stem reduces a word to its English stem (Snowball), so "addictive",
// "addicted" and "addiction" meet.
func stem(w string) string {
	if len(w) <= 3 || w[0] >= '0' && w[0] <= '9' {
		return w // short words and numbers have no suffixes to strip
	}
	return english.Stem(w, true)
}

// editDistance returns the Damerau-Levenshtein (optimal string alignment)
// distance between a and b, or max if it is at least max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= max || -d >= max {
		return max
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= max {
			return max
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], max)
}
