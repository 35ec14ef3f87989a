package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minGradedWords is the shortest answer given a reading grade: the formula
// means little on a sentence or two.
const minGradedWords = 30

func countWords(s string) int { return len(strings.Fields(s)) }

var sentenceEnd = regexp.MustCompile(`[.!?]+(\s|$)|\n\s*\n|\n\s*[-*•]\s`)

// readingGrade returns the Flesch-Kincaid grade level of a Markdown text
// and its two longest sentences (shortened), for the moderator to rework.
func readingGrade(md string) (float64, []string) {
	text := strings.NewReplacer("**", "", "__", "", "*", "", "_", "", "`", "", "#", "").Replace(md)
	var sentences []string
	for _, s := range sentenceEnd.Split(text, -1) {
		if s = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "-*• ")); s != "" {
			sentences = append(sentences, s)
		}
	}
	var nWords, nSyll int
	type sized struct {
		text  string
		words int
	}
	var all []sized
	for _, s := range sentences {
		ws := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-' })
		n := 0
		for _, w := range ws {
			if strings.IndexFunc(w, unicode.IsLetter) < 0 {
				continue
			}
			n++
			nSyll += syllables(w)
		}
		nWords += n
		all = append(all, sized{s, n})
	}
	if nWords == 0 || len(sentences) == 0 {
		return 0, nil
	}
	grade := 0.39*float64(nWords)/float64(len(sentences)) + 11.8*float64(nSyll)/float64(nWords) - 15.59
	sort.SliceStable(all, func(i, j int) bool { return all[i].words > all[j].words })
	var long []string
	for _, s := range all[:min(2, len(all))] {
		long = append(long, fmt.Sprintf("%q (%d words)", shorten(s.text, 80), s.words))
	}
	return grade, long
}

// shorten cuts s to at most n characters, ending with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// syllables estimates the syllables of an English word: groups of vowels,
// less a silent final e.
func syllables(w string) int {
	w = strings.ToLower(w)
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	return max(n, 1)
}
