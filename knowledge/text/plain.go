package text

import (
	_ "embed"
	"strings"
)

// variantLines are the everyday words of other Englishes and of chat and
// the standard word each stands for (see variants.txt).
//
//go:embed variants.txt
var variantLines string

// variants maps a variant to its standard word.
var variants = func() map[string]string {
	m := map[string]string{}
	for _, ln := range strings.Split(variantLines, "\n") {
		if f := strings.Fields(ln); len(f) == 2 && !strings.HasPrefix(ln, "#") {
			m[f[0]] = f[1]
		}
	}
	return m
}()

// standard returns the standard English word a variant stands for ("tae"
// → "to", "cyaan" → "cant"), or w.
func standard(w string) string {
	if s, ok := variants[w]; ok {
		return s
	}
	return w
}

// leet reads digits and symbols used as letters as those letters. "1" is
// read as "i" first and as "l" if that makes no word.
var (
	leetI = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i", "|", "l")
	leetL = strings.NewReplacer("0", "o", "1", "l", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i", "|", "l")
)

// plain returns w with disguised letters read as letters when that makes
// an English word or a word of the crisis lexicon ("su1c1de", "0verdose",
// "k!ll"), and w otherwise: "5mg", "3am" and "b12" stay as typed.
func plain(w string) string {
	if !hasDisguise(w) {
		return w
	}
	for _, r := range []*strings.Replacer{leetI, leetL} {
		if p := r.Replace(w); IsWord(p) || slang[p] {
			return p
		}
	}
	return strings.Map(func(r rune) rune {
		if r == '@' || r == '$' || r == '!' || r == '|' {
			return -1
		}
		return r
	}, w)
}

// hasDisguise reports whether w mixes letters with digits or symbols that
// can stand for letters. Three digits in a row are a number, not letters
// ("covid2020", "form1040"): such a word is no disguise.
func hasDisguise(w string) bool {
	letter, other := false, false
	digits := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' {
			if digits++; digits >= 3 {
				return false
			}
		} else {
			digits = 0
		}
		switch {
		case c >= 'a' && c <= 'z':
			letter = true
		case strings.IndexByte("013457@$!|", c) >= 0:
			other = true
		}
	}
	return other && (letter || len(w) > 1 && strings.ContainsAny(w, "@$!|"))
}

// slang are chat words that are not in the English word list but that
// disguised spellings must still reach ("k1ms", "unal1ve", "0d").
var slang = setOf(`kms kys unalive unalived unaliving od odd oding oded odeing sh suicidal sewerslide`)
