package knowledge

import (
	"sync"

	"github.com/faqbot/faqbot/knowledge/text"
)

// defaultVocabulary returns a vocabulary made from the built-in
// knowledge base's vocabulary.yaml, for what has no knowledge folder of its
// own to read one from. Each call returns a new one: building an index
// adds to its stem cache.
func defaultVocabulary() *text.Vocabulary {
	w := builtinWords()
	return text.NewVocabulary(w.syn, w.phrases, w.stops)
}

type vocabWords struct {
	syn, phrases map[string]string
	stops        []string
}

// builtinWords reads the built-in vocabulary.yaml once.
var builtinWords = sync.OnceValue(func() vocabWords {
	l := &loader{fsys: DefaultFS(), opts: LoadOptions{MaxFileSize: DefaultMaxFileSize}}
	l.readVocabulary()
	if len(l.probs.ps) > 0 || l.toks == nil {
		panic("knowledge: the built-in vocabulary.yaml has problems: " + l.probs.ps.Errors().Error()) // caught by TestShippedVocabulary
	}
	return vocabWords{l.toks.Synonyms(), l.toks.Phrases(), l.toks.Stopwords()}
})

// tokCache is what the loader shares with the index while building: the
// vocabulary, which remembers the stems it has worked out.
type tokCache = *text.Vocabulary

// phraseKeyWith is the exact-match key of a phrasing under vocabulary v.
func phraseKeyWith(p string, v tokCache) string {
	return v.Key(v.Terms(text.Analyze(p).Words))
}

func truncateRunes(s string, n int) string { return text.Truncate(s, n) }

func editDistance(a, b string, limit int) int { return text.EditDistance(a, b, limit) }
