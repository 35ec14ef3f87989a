package text

import (
	_ "embed"
	"strings"
)

// englishWords is an English word list, one lower-case word a line, sorted:
// every word of Debian's wamerican list (SCOWL, "american-english") made of
// the letters a to z, proper names included, possessives left out. See
// english.LICENSE for its copyright notice.
//
//go:embed english.txt
var englishWords string

// IsWord reports whether w (lower case) is an English word. It searches
// the embedded list in place, so the list costs no heap.
func IsWord(w string) bool {
	if w == "" {
		return false
	}
	lo, hi := 0, len(englishWords)
	for lo < hi {
		mid := (lo + hi) / 2
		// The line holding byte mid.
		start := strings.LastIndexByte(englishWords[:mid], '\n') + 1
		end := start + strings.IndexByte(englishWords[start:], '\n')
		switch line := englishWords[start:end]; {
		case line == w:
			return true
		case line < w:
			lo = end + 1
		default:
			hi = start
		}
	}
	return false
}
