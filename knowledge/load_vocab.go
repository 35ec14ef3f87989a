package knowledge

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/faqbot/faqbot/knowledge/text"
)

// vocabularyFile is where a knowledge base keeps its words: synonyms
// (slang, street and brand names) and stopwords. A knowledge folder
// without one uses the built-in knowledge base's.
const vocabularyFile = "vocabulary.yaml"

// vocabWordRE is a word or phrase of vocabulary.yaml: lower-case letters
// and digits, words separated by single spaces.
var vocabWordRE = regexp.MustCompile(`^[a-z0-9]+( [a-z0-9]+)*$`)

// readVocabulary reads vocabulary.yaml from the knowledge folder, or the
// built-in one when the folder has none, and makes the vocabulary phrase
// keys and the index are worked out with. It runs before the entries are
// read.
func (l *loader) readVocabulary() {
	file := vocabularyFile
	var data []byte
	if _, err := fs.Lstat(l.fsys, vocabularyFile); err == nil {
		var ok bool
		if data, _, ok = l.readFile(vocabularyFile); !ok {
			return // reported; the built-in vocabulary stays
		}
	} else {
		data, _ = fs.ReadFile(DefaultFS(), vocabularyFile)
		file = "the built-in " + vocabularyFile
	}
	r := &yamlReader{file: file, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	f := r.fields(n, vocabularyFile, "synonyms", "stopwords")
	if f == nil {
		return
	}
	syn, phrases := l.readSynonyms(r, f["synonyms"])
	stops := l.readStopwords(r, f["stopwords"], syn, phrases)
	l.toks = text.NewVocabulary(syn, phrases, stops)
}

// readSynonyms reads synonyms: each of the knowledge base's words with the
// words and phrases people type for it.
func (l *loader) readSynonyms(r *yamlReader, n *yaml.Node) (map[string]string, map[string]string) {
	syn, phrases := map[string]string{}, map[string]string{}
	if n == nil {
		return syn, phrases
	}
	if n.Kind != yaml.MappingNode {
		r.probs.add(r.file, r.line(n), "synonyms must be a set of fields: the entries' word, a colon, then the words people type in brackets (ketamine: [k, ket, special k])")
		return syn, phrases
	}
	where := map[string]int{} // typed word → its line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		canon := strings.TrimSpace(k.Value)
		if !vocabWordRE.MatchString(canon) || strings.Contains(canon, " ") {
			r.probs.add(r.file, r.line(k), "%q: the entries' word must be one lower-case word (letters and digits)", canon)
			continue
		}
		items, _ := r.items(v, canon, true)
		for _, it := range items {
			w := strings.ToLower(strings.Join(strings.Fields(it.text), " "))
			switch {
			case !vocabWordRE.MatchString(w):
				r.probs.add(r.file, it.line, "%q under %s: write words of letters and digits only, separated by spaces", it.text, canon)
			case w == canon:
				r.probs.add(r.file, it.line, "%q is listed under itself; remove it", w)
			case where[w] > 0:
				r.probs.add(r.file, it.line, "%q is already listed on line %d; a word can mean only one thing, so keep it once", w, where[w])
			default:
				where[w] = it.line
				if strings.Contains(w, " ") {
					phrases[w] = canon
				} else {
					syn[w] = canon
				}
			}
		}
	}
	for w, c := range syn {
		if _, isCanon := where[c]; isCanon && syn[c] != "" {
			r.probs.add(r.file, where[w], "%q stands for %q, which itself stands for %q; list %q under %q directly", w, c, syn[c], w, syn[c])
		}
	}
	return syn, phrases
}

// readStopwords reads stopwords: words that name no topic.
func (l *loader) readStopwords(r *yamlReader, n *yaml.Node, syn, phrases map[string]string) []string {
	items, _ := r.items(n, "stopwords", true)
	var out []string
	seen := map[string]bool{}
	canon := map[string]bool{}
	for _, c := range syn {
		canon[c] = true
	}
	for _, c := range phrases {
		canon[c] = true
	}
	for _, it := range items {
		w := strings.ToLower(strings.TrimSpace(it.text))
		switch {
		case !vocabWordRE.MatchString(w) || strings.Contains(w, " "):
			r.probs.add(r.file, it.line, "stopword %q: one word of letters and digits", it.text)
		case syn[w] != "" || canon[w]:
			r.probs.add(r.file, it.line, "%q is a synonym too; a word is either a synonym or a stopword, not both", w)
		case !seen[w]:
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}
