package safety

import (
	"fmt"
	"strconv"
	"strings"
)

// The rules are written in a small pattern language over words, so that a
// clinician or moderator can read them:
//
//	{name}      any phrase of the word class name (see lexicon.go)
//	a|b|c       one of these words; a word ending in * matches any word
//	            starting with it ("overdos*")
//	?item       the item may be left out (also item?)
//	~N          up to N other words may come before the next item
//
// Items follow each other word by word: "{self} ~2 {want} to? {die}"
// matches "i really want to die" and "im ready to die".

// maxClasses bounds the word classes, named and inline: a message's
// classes are kept as a bitset of this size.
const maxClasses = 8 * 64

type classSet [maxClasses / 64]uint64

func (s *classSet) add(c int)      { s[c/64] |= 1 << (c % 64) }
func (s *classSet) has(c int) bool { return s[c/64]&(1<<(c%64)) != 0 }
func (s *classSet) covers(t *classSet) bool {
	for i := range s {
		if s[i]&t[i] != t[i] {
			return false
		}
	}
	return true
}

// A lexicon holds the word classes and finds them in a message.
type lexicon struct {
	names   map[string]int // class name → id
	classes []string       // class id → name
	entries [][][]string   // class id → phrases → words
	first   map[string][]entry
	prefix  []prefixEntry // phrases whose first word ends in *
	words   map[string]bool
}

// An entry is a phrase of a class, found by its first word.
type entry struct {
	class int
	words []string
}

type prefixEntry struct {
	pre string
	entry
}

func newLexicon() *lexicon {
	return &lexicon{names: map[string]int{}, first: map[string][]entry{}, words: map[string]bool{}}
}

// define adds a class. Its phrases may name other, already defined,
// classes as {name}: their phrases are included.
func (l *lexicon) define(name string, phrases ...string) int {
	if _, dup := l.names[name]; dup {
		panic("safety: class defined twice: " + name)
	}
	id := l.newClass(name)
	for _, p := range phrases {
		for _, alt := range strings.Split(p, ",") {
			alt = strings.TrimSpace(alt)
			if alt == "" {
				continue
			}
			if strings.HasPrefix(alt, "{") && strings.HasSuffix(alt, "}") && !strings.Contains(alt, " ") {
				sub, ok := l.names[alt[1:len(alt)-1]]
				if !ok {
					panic("safety: class " + name + " includes unknown class " + alt)
				}
				for _, ws := range l.entries[sub] {
					l.addPhrase(id, ws)
				}
				continue
			}
			l.addPhrase(id, strings.Fields(alt))
		}
	}
	return id
}

func (l *lexicon) newClass(name string) int {
	id := len(l.entries)
	if id == maxClasses {
		panic("safety: too many word classes; raise maxClasses")
	}
	l.names[name] = id
	l.classes = append(l.classes, name)
	l.entries = append(l.entries, nil)
	return id
}

func (l *lexicon) addPhrase(id int, ws []string) {
	l.entries[id] = append(l.entries[id], ws)
	for _, w := range ws {
		l.words[strings.TrimSuffix(w, "*")] = true
	}
	e := entry{id, ws}
	if strings.HasSuffix(ws[0], "*") {
		l.prefix = append(l.prefix, prefixEntry{strings.TrimSuffix(ws[0], "*"), e})
		return
	}
	l.first[ws[0]] = append(l.first[ws[0]], e)
}

// wordMatches reports whether a message word matches a pattern word.
func wordMatches(pat, w string) bool {
	if strings.HasSuffix(pat, "*") {
		return strings.HasPrefix(w, pat[:len(pat)-1])
	}
	return pat == w
}

// A hit is a class found at a position of a message, spanning n words.
type hit struct {
	class int
	n     int
}

// tag finds every class phrase in words: hits[i] are the phrases starting
// at word i. present is the set of classes found anywhere.
func (l *lexicon) tag(words []string) (hits [][]hit, present classSet) {
	hits = make([][]hit, len(words))
	for i, w := range words {
		try := func(e entry) {
			if i+len(e.words) > len(words) {
				return
			}
			for j, pw := range e.words[1:] {
				if !wordMatches(pw, words[i+1+j]) {
					return
				}
			}
			if !wordMatches(e.words[0], w) {
				return
			}
			hits[i] = append(hits[i], hit{e.class, len(e.words)})
			present.add(e.class)
		}
		for _, e := range l.first[w] {
			try(e)
		}
		for _, p := range l.prefix {
			if strings.HasPrefix(w, p.pre) {
				try(p.entry)
			}
		}
	}
	return hits, present
}

// A pattern is a compiled rule pattern.
type pattern struct {
	src   string
	items []item
	need  classSet // classes every match contains
}

type item struct {
	class int
	gap   int  // other words allowed before this item
	opt   bool // may be left out
}

// compile parses a pattern, defining inline word lists as classes.
func (l *lexicon) compile(src string) pattern {
	p := pattern{src: src}
	gap := 0
	for _, f := range strings.Fields(src) {
		if strings.HasPrefix(f, "~") {
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 1 {
				panic(fmt.Sprintf("safety: bad gap %q in %q", f, src))
			}
			gap = n
			continue
		}
		it := item{gap: gap}
		gap = 0
		if strings.HasPrefix(f, "?") {
			it.opt, f = true, f[1:]
		} else if len(f) > 1 && strings.HasSuffix(f, "?") {
			it.opt, f = true, f[:len(f)-1]
		}
		it.class = l.itemClass(f, src)
		if !it.opt {
			p.need.add(it.class)
		}
		p.items = append(p.items, it)
	}
	if len(p.items) == 0 || p.items[0].opt || p.items[0].gap > 0 {
		panic(fmt.Sprintf("safety: pattern %q must start with a required item", src))
	}
	return p
}

// itemClass returns the class of a pattern item: a named class {name},
// or the union of the words and classes of "a|{b}|c", defined on first use.
func (l *lexicon) itemClass(f, src string) int {
	if strings.HasPrefix(f, "{") && strings.HasSuffix(f, "}") && !strings.Contains(f, "|") {
		id, ok := l.names[f[1:len(f)-1]]
		if !ok {
			panic(fmt.Sprintf("safety: unknown class %s in %q", f, src))
		}
		return id
	}
	name := "'" + f
	if id, ok := l.names[name]; ok {
		return id
	}
	id := l.newClass(name)
	for _, part := range strings.Split(f, "|") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			sub, ok := l.names[part[1:len(part)-1]]
			if !ok {
				panic(fmt.Sprintf("safety: unknown class %s in %q", part, src))
			}
			for _, ws := range l.entries[sub] {
				l.addPhrase(id, ws)
			}
			continue
		}
		l.addPhrase(id, []string{part})
	}
	return id
}

// match reports whether p matches words[from:to] somewhere, given their
// hits.
func (p *pattern) match(hits [][]hit, from, to int) bool {
	for start := from; start < to; start++ {
		if p.matchAt(hits, 0, start, to) {
			return true
		}
	}
	return false
}

// matchAt reports whether items[k:] match with item k starting at or
// (with its gap) after pos.
func (p *pattern) matchAt(hits [][]hit, k, pos, to int) bool {
	if k == len(p.items) {
		return true
	}
	it := p.items[k]
	if it.opt && p.matchAt(hits, k+1, pos, to) {
		return true
	}
	for at := pos; at <= pos+it.gap && at < to; at++ {
		for _, h := range hits[at] {
			if h.class == it.class && at+h.n <= to && p.matchAt(hits, k+1, at+h.n, to) {
				return true
			}
		}
	}
	return false
}
