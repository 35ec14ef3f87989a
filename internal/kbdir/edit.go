package kbdir

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// An entryText is an entry file as lines of text, with where its front
// matter's fields are, so that a field can be changed without touching
// the rest: the moderator's layout and comments stay.
type entryText struct {
	lines []string // without line ends; lines[0] is the opening "---"
	nl    string   // the file's line end, "\n" or "\r\n"
	bom   bool
	end   int // index of the closing "---" line
	keys  map[string]int
	vals  map[string]*yaml.Node
}

// parseEntryText splits an entry file for editing.
func parseEntryText(data []byte) (*entryText, error) {
	t := &entryText{nl: "\n"}
	s := string(data)
	if rest, ok := strings.CutPrefix(s, "\uFEFF"); ok {
		s, t.bom = rest, true
	}
	if strings.Contains(s, "\r\n") {
		t.nl = "\r\n"
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	t.lines = strings.Split(s, "\n")
	if t.lines[0] != "---" {
		return nil, errors.New(`does not start with a "---" line`)
	}
	t.end = -1
	for i := 1; i < len(t.lines); i++ {
		if strings.TrimRight(t.lines[i], " \t") == "---" {
			t.end = i
			break
		}
	}
	if t.end < 0 {
		return nil, errors.New(`the front matter has no closing "---" line`)
	}
	return t, t.index()
}

// index finds the fields of the front matter. Node line n is t.lines[n]:
// lines[0] is the opening "---".
func (t *entryText) index() error {
	var doc yaml.Node
	front := strings.Join(t.lines[1:t.end], "\n")
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil {
		return errors.New("the front matter is not valid YAML; fix it first")
	}
	t.keys, t.vals = map[string]int{}, map[string]*yaml.Node{}
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return errors.New("the front matter is not a set of fields")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Column != 1 {
			return errors.New("the front matter's fields are indented; start them at the beginning of the line")
		}
		t.keys[k.Value], t.vals[k.Value] = k.Line, m.Content[i+1]
	}
	return nil
}

// bytes returns the edited file.
func (t *entryText) bytes() []byte {
	s := strings.Join(t.lines, t.nl)
	if t.bom {
		s = "\uFEFF" + s
	}
	return []byte(s)
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// blankOrComment reports whether a line holds nothing for YAML.
func blankOrComment(s string) bool {
	t := strings.TrimSpace(s)
	return t == "" || t[0] == '#'
}

// fieldEnd returns the last line of the field whose key is on line k: the
// value may continue on more indented lines, and a block list's items may
// stand at the key's own indentation ("questions:" then "- a"), as YAML
// allows; no key line starts with "-".
func (t *entryText) fieldEnd(k int) int {
	last := k
	for j := k + 1; j < t.end; j++ {
		if blankOrComment(t.lines[j]) {
			continue
		}
		if indentOf(t.lines[j]) == 0 && !isListItem(t.lines[j]) {
			break
		}
		last = j
	}
	return last
}

// isListItem reports whether a line is a block list's item ("- a", "-").
func isListItem(s string) bool {
	t := strings.TrimSpace(s)
	return t == "-" || strings.HasPrefix(t, "- ")
}

// replace replaces lines[from..to] with with.
func (t *entryText) replace(from, to int, with ...string) {
	t.lines = slices.Concat(t.lines[:from], with, t.lines[to+1:])
	t.end += len(with) - (to - from + 1)
}

// fieldOrder is the order fields are written in, for placing a new one.
var fieldOrder = []string{"title", "questions", "keywords", "sources", "reviewed", "review_due", "related"}

// insertAt returns the line a new field key goes on: after the fields that
// come before it, else at the top.
func (t *entryText) insertAt(key string) int {
	at := 1
	for _, k := range fieldOrder {
		if k == key {
			break
		}
		if line, ok := t.keys[k]; ok {
			at = max(at, t.fieldEnd(line)+1)
		}
	}
	return at
}

// keyComment returns the comment at the end of a field's key line, with
// the spaces before it, if any.
func (t *entryText) keyComment(key string) string {
	line := t.lines[t.keys[key]]
	_, rest, _ := strings.Cut(line, ":")
	value, c := splitComment(rest)
	if c == "" {
		return ""
	}
	return value[len(strings.TrimRight(value, " \t")):] + c
}

// setField writes key with the given value lines: the key line's value,
// then lines below it. An existing field is replaced, keeping a comment at
// the end of its key line; a new one goes where fieldOrder puts it.
func (t *entryText) setField(key, value string, below ...string) {
	line := key + ":"
	if value != "" {
		line += " " + value
	}
	k, ok := t.keys[key]
	if !ok {
		at := t.insertAt(key)
		t.replace(at, at-1, append([]string{line}, below...)...)
	} else {
		line += t.keyComment(key)
		t.replace(k, t.fieldEnd(k), append([]string{line}, below...)...)
	}
	if err := t.index(); err != nil {
		panic("kbdir: an edit made the front matter unreadable: " + err.Error()) // a bug: the tests cover every shape
	}
}

// setScalar sets a one-line text field.
func (t *entryText) setScalar(key, value string) {
	t.setField(key, yamlScalar(value, false))
}

// setList sets a list field to items, changing only the items that changed
// when it is a block list ("- item" lines): items kept keep their lines
// and comments, removed ones lose theirs, new ones go after the item
// before them. Other shapes are rewritten, as a block list for questions
// (one a line reads best) and [a, b] for the rest.
func (t *entryText) setList(key string, items []string) error {
	v := t.vals[key]
	switch {
	case v != nil && v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0:
		return t.editBlockList(key, items)
	case v != nil && v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0 && len(v.Content) > 0 && len(items) > 0:
		return t.editFlowList(key, items)
	case len(items) == 0 && v == nil:
		return nil
	case len(items) == 0:
		t.setField(key, "[]")
	case key == "questions" && (v == nil || v.Style&yaml.FlowStyle == 0):
		lines := make([]string, len(items))
		for i, it := range items {
			lines[i] = "  - " + yamlScalar(it, false)
		}
		t.setField(key, "", lines...)
	default:
		quoted := make([]string, len(items))
		for i, it := range items {
			quoted[i] = yamlScalar(it, true)
		}
		t.setField(key, "["+strings.Join(quoted, ", ")+"]")
	}
	return nil
}

// A listItem is a block list item's lines: its dash line to its last
// continuation line.
type listItem struct {
	text      string
	dash, end int
}

// blockItems finds the items of a block list.
func (t *entryText) blockItems(key string) ([]listItem, error) {
	k, v := t.keys[key], t.vals[key]
	var out []listItem
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s has an item that is not plain text; edit the file by hand", key)
		}
		dash := c.Line
		for dash > k && !strings.HasPrefix(strings.TrimLeft(t.lines[dash], " "), "-") {
			dash--
		}
		end := dash
		for j := dash + 1; j < t.end; j++ {
			if blankOrComment(t.lines[j]) {
				continue
			}
			if indentOf(t.lines[j]) <= indentOf(t.lines[dash]) {
				break
			}
			end = j
		}
		out = append(out, listItem{strings.TrimSpace(c.Value), dash, end})
	}
	return out, nil
}

// editBlockList changes a block list's items to items with as few line
// changes as it can (see setList).
func (t *entryText) editBlockList(key string, items []string) error {
	old, err := t.blockItems(key)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		t.setField(key, "[]")
		return nil
	}
	first, last := old[0].dash, old[len(old)-1].end
	ops := align(old, items)
	var out []string
	k := 0
	for ; k < len(ops) && ops[k].old < 0; k++ { // new items before the first old one
		out = append(out, dashPrefix(t.lines[first])+yamlScalar(ops[k].text, false))
	}
	for ; k < len(ops); k++ {
		if ops[k].old < 0 {
			continue // written after the old item before it
		}
		o := old[ops[k].old]
		if ops[k].keep {
			out = append(out, t.lines[o.dash:o.end+1]...)
		}
		for _, ins := range insertsAfter(ops, k) {
			out = append(out, dashPrefix(t.lines[o.dash])+yamlScalar(ins, false))
		}
		// The blank and comment lines up to the next item stay put.
		if ops[k].old+1 < len(old) {
			out = append(out, t.lines[o.end+1:old[ops[k].old+1].dash]...)
		}
	}
	t.replace(first, last, out...)
	return t.index()
}

// dashPrefix returns the indentation, dash and spaces before a block list
// item's text, to write a new item the same way.
func dashPrefix(line string) string {
	lead := line[:indentOf(line)]
	after := strings.TrimPrefix(line[len(lead):], "-")
	gap := len(after) - len(strings.TrimLeft(after, " "))
	return lead + "-" + strings.Repeat(" ", max(gap, 1))
}

// An alignOp is one step from the old items to the new: an old item kept
// (keep) or dropped, or a new item (old < 0) inserted.
type alignOp struct {
	old  int
	keep bool
	text string
}

// align lines old up with items by their longest common subsequence.
func align(old []listItem, items []string) []alignOp {
	n, m := len(old), len(items)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if old[i].text == items[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []alignOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && old[i].text == items[j]:
			ops = append(ops, alignOp{old: i, keep: true})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, alignOp{old: -1, text: items[j]})
			j++
		default:
			ops = append(ops, alignOp{old: i})
			i++
		}
	}
	return ops
}

// insertsAfter returns the new items that follow op n up to the next old
// item.
func insertsAfter(ops []alignOp, n int) []string {
	var out []string
	for _, op := range ops[n+1:] {
		if op.old >= 0 {
			break
		}
		out = append(out, op.text)
	}
	return out
}

// editFlowList changes a flow list ([a, b]) to items. Items added at the
// end go before its "]", wherever it is, so nothing else moves; otherwise
// a list on one line is rewritten keeping the items that stay as they
// were written, and a list over several lines is rewritten on one.
func (t *entryText) editFlowList(key string, items []string) error {
	v := t.vals[key]
	old := make([]string, len(v.Content))
	for i, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s has an item that is not plain text; edit the file by hand", key)
		}
		old[i] = strings.TrimSpace(c.Value)
	}
	if len(items) > len(old) && slices.Equal(items[:len(old)], old) {
		return t.appendFlow(key, items[len(old):])
	}
	line := t.lines[v.Line]
	raw, closeAt, ok := flowItems(line, v.Column-1)
	if v.Line != t.keys[key] || !ok || len(raw) != len(old) {
		quoted := make([]string, len(items))
		for i, it := range items {
			quoted[i] = yamlScalar(it, true)
		}
		t.setField(key, "["+strings.Join(quoted, ", ")+"]")
		return nil
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = yamlScalar(it, true)
		if j := slices.Index(old, it); j >= 0 {
			out[i] = raw[j] // as the moderator wrote it
		}
	}
	t.lines[v.Line] = line[:v.Column-1] + "[" + strings.Join(out, ", ") + "]" + line[closeAt+1:]
	return t.index()
}

// flowItems splits a one-line flow list opening at line[open] into its
// items as written, and finds its "]".
func flowItems(line string, open int) (items []string, closeAt int, ok bool) {
	start := open + 1
	for i := open + 1; i < len(line); i++ {
		switch c := line[i]; c {
		case '"', '\'':
			j := i + 1
			for ; j < len(line) && line[j] != c; j++ {
				if c == '"' && line[j] == '\\' {
					j++
				}
			}
			i = j
		case '[', '{', '#':
			return nil, 0, false
		case ',', ']':
			if it := strings.TrimSpace(line[start:i]); it != "" {
				items = append(items, it)
			}
			if c == ']' {
				return items, i, true
			}
			start = i + 1
		}
	}
	return nil, 0, false
}

// appendFlow adds items before the "]" of a flow list, which may span
// lines and hold comments.
func (t *entryText) appendFlow(key string, items []string) error {
	k := t.keys[key]
	fm := strings.Join(t.lines[k:t.end], "\n")
	open := strings.IndexByte(fm, '[')
	if open < 0 {
		return fmt.Errorf("cannot find the [ of %s; edit the file by hand", key)
	}
	lastSig, err := flowEnd(fm, open)
	if err != nil {
		return err
	}
	quoted := make([]string, len(items))
	for i, it := range items {
		quoted[i] = yamlScalar(it, true)
	}
	ins := strings.Join(quoted, ", ")
	switch fm[lastSig] {
	case '[':
	case ',':
		ins = " " + ins
	default:
		ins = ", " + ins
	}
	fm = fm[:lastSig+1] + ins + fm[lastSig+1:]
	t.lines = slices.Concat(t.lines[:k], strings.Split(fm, "\n"), t.lines[t.end:])
	return t.index()
}

// flowEnd finds the "]" closing the flow list that opens at s[open] and
// returns the offset of the last character before it that is neither
// space nor comment: where a new item goes.
func flowEnd(s string, open int) (last int, err error) {
	depth := 0
	last = open
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case (c == '\'' || c == '"') && strings.ContainsRune("[{,:", rune(s[last])):
			// A quoted item: skip to its closing quote.
			j := i + 1
			for ; j < len(s); j++ {
				if c == '"' && s[j] == '\\' {
					j++
					continue
				}
				if s[j] == c {
					if c == '\'' && j+1 < len(s) && s[j+1] == '\'' { // '' inside '...'
						j++
						continue
					}
					break
				}
			}
			i, last = j, j
		case c == '#' && (s[i-1] == ' ' || s[i-1] == '\t' || s[i-1] == '\n'):
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				i = len(s)
			} else {
				i += nl
			}
		case c == '[' || c == '{':
			depth++
			last = i
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return last, nil
			}
			last = i
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			last = i
		}
	}
	return 0, errors.New("the list has no closing ]; fix the file by hand")
}

// setBody replaces the answer below the front matter.
func (t *entryText) setBody(body string) {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")), "\n")
	t.lines = append(append(t.lines[:t.end+1:t.end+1], lines...), "")
}

// splitComment splits a line's rest into its value and a trailing "#"
// comment, minding quotes.
func splitComment(s string) (value, comment string) {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && strings.TrimSpace(s[:i]) == "":
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i], strings.TrimSpace(s[i:])
		}
	}
	return s, ""
}

// yamlScalar writes q as a YAML scalar: plain when YAML reads that back as
// the same text, in double quotes otherwise. flow is true inside [ ].
func yamlScalar(q string, flow bool) string {
	plain := q != "" && !strings.ContainsAny(q, `:#"'\`) &&
		!strings.ContainsAny(q[:1], "-?,[]{}&*!|>%@` ") &&
		!strings.HasSuffix(q, " ") &&
		!(flow && strings.ContainsAny(q, ",[]{}"))
	if plain {
		// Only what reads back as the same text stays plain: not "null",
		// "true", numbers or dates, nor what the flow syntax splits.
		doc := "- " + q
		if flow {
			doc = "[" + q + "]"
		}
		var got []any
		if err := yaml.Unmarshal([]byte(doc), &got); err == nil && len(got) == 1 && got[0] == q {
			return q
		}
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`).Replace(q) + `"`
}
