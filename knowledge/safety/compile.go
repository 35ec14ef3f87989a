package safety

import "sort"

// A compiledRule is a rule ready to match.
type compiledRule struct {
	rule
	pat    pattern
	unless *pattern
}

func (r *compiledRule) appliesTo(concepts map[Concept]bool) bool {
	for _, c := range r.boosts {
		if concepts[c] {
			return true
		}
	}
	return false
}

// The lexicon and the compiled rules, built once: they never change.
var (
	lex             = newLexicon()
	rules           = compileRules(crisisRules)
	personalPats    = compilePatterns(personalRules)
	generalPats     = compilePatterns(generalRules)
	helpPats        = compilePatterns(helpRules)
	lexWordsByFirst = wordsByFirst()
)

func compileRules(rs []rule) []compiledRule {
	if len(lex.names) == 0 {
		defineClasses(lex)
	}
	out := make([]compiledRule, len(rs))
	for i, r := range rs {
		if r.group == "" {
			r.group = r.name
		}
		out[i] = compiledRule{rule: r, pat: lex.compile(r.pat)}
		if r.unless != "" {
			u := lex.compile(r.unless)
			out[i].unless = &u
		}
	}
	return out
}

func compilePatterns(srcs []string) []pattern {
	if len(lex.names) == 0 {
		defineClasses(lex)
	}
	out := make([]pattern, len(srcs))
	for i, s := range srcs {
		out[i] = lex.compile(s)
	}
	return out
}

// wordsByFirst lists the lexicon's words of three letters or more by their
// first letter: what misspelt words are corrected to.
func wordsByFirst() map[byte][]string {
	_ = rules // the rules' inline words are in the lexicon too
	m := map[byte][]string{}
	for w := range lex.words {
		if len(w) >= 3 {
			m[w[0]] = append(m[w[0]], w)
		}
	}
	for _, ws := range m {
		sort.Strings(ws)
	}
	return m
}
