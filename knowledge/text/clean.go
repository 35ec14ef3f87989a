package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var (
	// Discord markup that is not words: user, role and channel mentions,
	// custom emoji, timestamps and slash-command mentions.
	discordMarkupRE = regexp.MustCompile(`<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:\d+(?::\w)?|/[\w -]+:\d+)>`)
	urlRE           = regexp.MustCompile(`(?i)\bhttps?://\S+`)
)

// Truncate returns the first n runes of s.
func Truncate(s string, n int) string {
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

// Clean turns raw chat text into plain lower-case text: invalid UTF-8,
// invisible and control characters (line breaks stay), Discord mentions and links go; "fancy
// font" letters (NFKC), accents, full-width and look-alike letters from
// other scripts fold to ASCII. Emoji and punctuation stay: they mark
// sentences and tone.
func Clean(s string) string {
	if plainASCII(s) {
		return cleanASCII(s)
	}
	ascii := isASCII(s)
	if !ascii {
		s = strings.ToValidUTF8(s, " ")
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = discordMarkupRE.ReplaceAllString(s, " ")
	}
	if strings.Contains(s, "://") {
		s = urlRE.ReplaceAllString(s, " ")
	}
	if ascii {
		return cleanASCII(s)
	}
	return cleanRunes(s)
}

// plainASCII reports whether s is ASCII with no Discord markup or link in
// it: Clean then only needs its byte loop (cleanASCII).
func plainASCII(s string) bool {
	return isASCII(s) && strings.IndexByte(s, '<') < 0 && !strings.Contains(s, "://")
}

// cleanRunes is Clean's loop for text with characters beyond ASCII.
func cleanRunes(s string) string {
	// Compatibility forms (𝓀, ⓚ, ｋ, ﬁ) become the letters they stand
	// for; only then can look-alikes be folded.
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r): // zero-width, bidi controls, soft hyphen
		case unicode.Is(unicode.Mn, r): // combining marks, as in "ṡụïċïḋė" after NFKC
		case r == '\n':
			b.WriteByte('\n') // ends a sentence
		case unicode.IsControl(r) || unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(fold(unicode.ToLower(r)))
		}
	}
	return b.String()
}

// cleanASCII is Clean's loop for text that is all ASCII (most messages,
// and every knowledge file of the shipped base), where no character is
// invisible, a combining mark or a look-alike: control characters and
// spaces become one space each, line breaks stay, letters go lower case.
func cleanASCII(s string) string {
	return string(appendCleanASCII(make([]byte, 0, len(s)), s))
}

// appendCleanASCII appends ASCII text s, cleaned, to b.
func appendCleanASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
		case c < ' ' || c == 0x7f:
			c = ' '
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fold maps a lower-case rune to the ASCII letter it looks like or stands
// for, or returns it unchanged.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	if r == '’' || r == '‘' || r == 'ʼ' || r == '´' || r == '`' {
		return '\''
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
	// Latin letters with accents (NFKC composes them; fold them here).
	add('a', "àáâãäåāăąǎ")
	add('c', "çćĉċč")
	add('d', "ďđ")
	add('e', "èéêëēĕėęě")
	add('g', "ĝğġģ")
	add('h', "ĥħ")
	add('i', "ìíîïĩīĭįı")
	add('k', "ķ")
	add('l', "ĺļľŀł")
	add('n', "ñńņňŉ")
	add('o', "òóôõöøōŏő")
	add('r', "ŕŗř")
	add('s', "śŝşšſ")
	add('t', "ţťŧ")
	add('u', "ùúûüũūŭůűų")
	add('w', "ŵ")
	add('y', "ýÿŷ")
	add('z', "źżž")
	// Cyrillic and Greek letters that look like Latin ones (homoglyphs).
	add('a', "аα")
	add('b', "вβ")
	add('c', "сϲ")
	add('d', "ԁ")
	add('e', "еεё")
	add('h', "нһ")
	add('i', "іιї")
	add('j', "ј")
	add('k', "кκ")
	add('m', "м")
	add('n', "ηп")
	add('o', "оοσ")
	add('p', "рρ")
	add('s', "ѕ")
	add('t', "тτ")
	add('u', "υ")
	add('v', "ν")
	add('w', "ω")
	add('x', "хχ")
	add('y', "уγ")
	return m
}()
