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

// genericWords are everyday English words that name no topic ("need",
// "usually", "trouble", "days"): mostly verbs, adjectives and adverbs, and
// nouns of time, people and quantity, among the 5,000 commonest words
// (see WORDNET.LICENSE for where the list comes from). A question's word
// that the knowledge base does not use is a topic it does not cover
// unless it is one of these.
//
//go:embed generic.txt
var genericWords string

// substanceWords name drugs, medicines and other substances ("aspirin",
// "tramadol", "nicotine"), from WordNet and the GloVe vectors' neighbours
// of its drugs, reviewed by hand; tools/wordlists/substances.py builds it.
//
//go:embed substances.txt
var substanceWords string

// IsWord reports whether w (lower case) is an English word. It searches
// the embedded list in place, so the list costs no heap.
func IsWord(w string) bool { return inSorted(englishWords, w) }

// IsGeneric reports whether w (lower case) is an everyday word that names
// no topic.
func IsGeneric(w string) bool { return inSorted(genericWords, w) }

// IsSubstance reports whether w (lower case, singular or with a plural
// "s") names a drug, medicine or other substance.
func IsSubstance(w string) bool {
	return inSorted(substanceWords, w) || len(w) > 4 && strings.HasSuffix(w, "s") && inSorted(substanceWords, w[:len(w)-1])
}

// inSorted reports whether w is a line of list, sorted one word a line.
func inSorted(list, w string) bool {
	if w == "" {
		return false
	}
	lo, hi := 0, len(list)
	for lo < hi {
		mid := (lo + hi) / 2
		// The line holding byte mid.
		start := strings.LastIndexByte(list[:mid], '\n') + 1
		end := start + strings.IndexByte(list[start:], '\n')
		switch line := list[start:end]; {
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
