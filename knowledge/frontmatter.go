package knowledge

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastFront parses an entry's front matter when it is written the simple
// way nearly every entry is: "key: value" lines at the left margin whose
// values are a one-line plain or quoted scalar, a one-line flow list
// ([a, "b"]) or a block list of one-line items, with comments and blank
// lines anywhere. It returns the same nodes yaml.v3 would (kind, style,
// value, line, column and, through Node.ShortTag, tag; not comments), about
// ten times faster and with a tenth of the allocations
// (BenchmarkFrontMatter): yaml.v3 was most of the cost of reading a large
// knowledge base.
//
// For anything else, and for anything it is not sure YAML reads the same
// way (tabs, escapes beyond \\ \" \n \t, multi-line scalars, nested
// lists, anchors, tags, a value that starts with a YAML indicator), it
// returns ok false and the caller parses with yaml.v3. It never reports an
// error itself: every problem a moderator sees comes from the yaml.v3 path,
// so both readers give the same problems (TestFrontMatterReadersAgree).
func fastFront(src string) (n *yaml.Node, ok bool) {
	if !yamlPrintable(src) {
		return nil, false
	}
	p := fastParser{lines: strings.Split(src, "\n")}
	p.slab = make([]yaml.Node, 0, nodeCount(p.lines))
	m := &yaml.Node{Kind: yaml.MappingNode}
	for p.i < len(p.lines) {
		ln := p.lines[p.i]
		if blankOrComment(ln) {
			p.i++
			continue
		}
		key, ok := keyOf(ln)
		if !ok {
			return nil, false
		}
		if m.Line == 0 {
			m.Line, m.Column = p.i+1, 1
		}
		k := p.scalar(key, p.i, 0, 0)
		v, ok := p.value(ln, len(key))
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, k, v)
	}
	if m.Line == 0 {
		m.Line = 1 // an empty front matter, as yamlReader.parse gives it
	}
	return m, true
}

// nodeCount returns about how many nodes lines make, so that they can be
// cut from one allocation: a key and its value per key line, one per list
// item.
func nodeCount(lines []string) int {
	n := 0
	for _, ln := range lines {
		switch {
		case ln == "" || ln[0] == '#':
		case ln[0] != ' ' && ln[0] != '-':
			n += 2
			if strings.IndexByte(ln, '[') >= 0 {
				n += strings.Count(ln, ",") + 1
			}
		default:
			n++
		}
	}
	return n
}

// fastParser walks the lines of a front matter.
type fastParser struct {
	lines []string
	i     int         // the line being read, from 0
	slab  []yaml.Node // nodes are cut from here: one allocation per file
}

func (p *fastParser) node() *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		return new(yaml.Node)
	}
	p.slab = p.slab[:len(p.slab)+1]
	return &p.slab[len(p.slab)-1]
}

// scalar makes a scalar node for value found on line i at byte offset off;
// style is 0 (plain) or a quoted style.
func (p *fastParser) scalar(value string, i, off int, style yaml.Style) *yaml.Node {
	n := p.node()
	n.Kind, n.Style, n.Value = yaml.ScalarNode, style, value
	n.Line, n.Column = i+1, column(p.lines[i], off)
	if style != 0 {
		n.Tag = "!!str"
	}
	return n
}

// column is the 1-based column, in characters as yaml.v3 counts them, of
// byte offset off in line.
func column(line string, off int) int {
	return utf8.RuneCountInString(line[:off]) + 1
}

// value reads the value that follows the key on the current line; colon is
// the offset of the key's ":". It leaves p.i on the line after the value.
func (p *fastParser) value(ln string, colon int) (*yaml.Node, bool) {
	off := colon + 1
	for off < len(ln) && ln[off] == ' ' {
		off++
	}
	if off == len(ln) || ln[off] == '#' {
		return p.emptyValue(colon)
	}
	var n *yaml.Node
	var ok bool
	switch ln[off] {
	case '[':
		n, ok = p.flowList(ln, off)
	case '"', '\'':
		var end int
		n, end, ok = p.quoted(ln, off)
		ok = ok && restIsComment(ln[end:])
	default:
		n, ok = p.plain(ln, off)
	}
	if !ok {
		return nil, false
	}
	p.i++
	return n, p.nextIsKey()
}

// emptyValue handles "key:" with nothing after it: a block list on the
// lines below, or null.
func (p *fastParser) emptyValue(colon int) (*yaml.Node, bool) {
	key := p.i
	p.i++
	j := p.nextContent()
	if j < len(p.lines) {
		if d, ok := dashIndent(p.lines[j]); ok {
			p.i = j
			return p.blockList(d)
		}
		if p.lines[j][0] == ' ' {
			return nil, false // a nested mapping or a continued value
		}
	}
	// yaml.v3 puts a missing value just after the colon.
	n := p.node()
	n.Kind, n.Line, n.Column = yaml.ScalarNode, key+1, column(p.lines[key], colon+1)
	return n, true
}

// blockList reads "- item" lines indented by d, starting at the current
// line.
func (p *fastParser) blockList(d int) (*yaml.Node, bool) {
	seq := p.node()
	seq.Kind, seq.Line, seq.Column = yaml.SequenceNode, p.i+1, d+1
	for {
		ln := p.lines[p.i]
		off := d + 1
		for off < len(ln) && ln[off] == ' ' {
			off++
		}
		var item *yaml.Node
		ok := true
		switch {
		case off == len(ln) || ln[off] == '#':
			// An empty item: yaml.v3 puts it just after the dash.
			item = p.node()
			item.Kind, item.Line, item.Column = yaml.ScalarNode, p.i+1, column(ln, d+1)
		case ln[off] == '"' || ln[off] == '\'':
			var end int
			item, end, ok = p.quoted(ln, off)
			ok = ok && restIsComment(ln[end:])
		default:
			item, ok = p.plain(ln, off)
		}
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, item)
		p.i++
		j := p.nextContent()
		if j == len(p.lines) {
			p.i = j
			return seq, true
		}
		if dd, isDash := dashIndent(p.lines[j]); isDash && dd == d {
			p.i = j
			continue
		}
		// Anything but a key at the left margin (a continued item, a
		// nested list, another indentation) is for yaml.v3 to read.
		if p.lines[j][0] == ' ' || d == 0 && p.lines[j][0] == '-' {
			return nil, false
		}
		if _, isKey := keyOf(p.lines[j]); !isKey {
			return nil, false
		}
		p.i = j
		return seq, true
	}
}

// nextContent returns the index of the next line from p.i that is neither
// blank nor a comment.
func (p *fastParser) nextContent() int {
	j := p.i
	for j < len(p.lines) && blankOrComment(p.lines[j]) {
		j++
	}
	return j
}

// nextIsKey reports whether the value just read ends where the next key
// (or the end) starts: a more indented line would continue it.
func (p *fastParser) nextIsKey() bool {
	j := p.nextContent()
	return j == len(p.lines) || p.lines[j][0] != ' '
}

// plain reads a one-line plain scalar starting at ln[off], up to a comment.
func (p *fastParser) plain(ln string, off int) (*yaml.Node, bool) {
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", ln[off]) >= 0 {
		return nil, false
	}
	v := ln[off:]
	if c := strings.Index(v, " #"); c >= 0 {
		v = v[:c]
	}
	v = strings.TrimRight(v, " ")
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
		return nil, false
	}
	return p.scalar(v, p.i, off, 0), true
}

// quoted reads a quoted scalar that opens at ln[off] and closes on the same
// line. end is the offset just after the closing quote.
func (p *fastParser) quoted(ln string, off int) (n *yaml.Node, end int, ok bool) {
	q := ln[off]
	var b strings.Builder
	escaped := false
	for j := off + 1; j < len(ln); j++ {
		c := ln[j]
		switch {
		case c == q && q == '\'' && j+1 < len(ln) && ln[j+1] == '\'':
			if !escaped {
				b.WriteString(ln[off+1 : j])
				escaped = true
			}
			b.WriteByte('\'')
			j++
			continue
		case c == q:
			v := ln[off+1 : j]
			if escaped {
				v = b.String()
			}
			style := yaml.DoubleQuotedStyle
			if q == '\'' {
				style = yaml.SingleQuotedStyle
			}
			return p.scalar(v, p.i, off, style), j + 1, true
		case c == '\\' && q == '"':
			if j+1 == len(ln) {
				return nil, 0, false
			}
			r, known := yamlEscapes[ln[j+1]]
			if !known {
				return nil, 0, false
			}
			if !escaped {
				b.WriteString(ln[off+1 : j])
				escaped = true
			}
			b.WriteByte(r)
			j++
			continue
		}
		if escaped {
			b.WriteByte(c)
		}
	}
	return nil, 0, false // closes on a later line, or never
}

// yamlEscapes are the double-quoted escapes fastFront reads itself.
var yamlEscapes = map[byte]byte{'\\': '\\', '"': '"', 'n': '\n', 't': '\t'}

// flowList reads a one-line flow list "[a, 'b', "c"]" opening at ln[off].
func (p *fastParser) flowList(ln string, off int) (*yaml.Node, bool) {
	seq := p.node()
	seq.Kind, seq.Style, seq.Line, seq.Column = yaml.SequenceNode, yaml.FlowStyle, p.i+1, column(ln, off)
	j := skipSpaces(ln, off+1)
	if j < len(ln) && ln[j] == ']' {
		return seq, restIsComment(ln[j+1:])
	}
	for j < len(ln) {
		var item *yaml.Node
		if c := ln[j]; c == '"' || c == '\'' {
			var ok bool
			item, j, ok = p.quoted(ln, j)
			if !ok {
				return nil, false
			}
			j = skipSpaces(ln, j)
		} else {
			end := j
			for end < len(ln) && ln[end] != ',' && ln[end] != ']' {
				end++
			}
			v := strings.TrimRight(ln[j:end], " ")
			if v == "" || strings.ContainsAny(v, ":#{}[") || strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", v[0]) >= 0 {
				return nil, false
			}
			item, j = p.scalar(v, p.i, j, 0), end
		}
		seq.Content = append(seq.Content, item)
		if j == len(ln) {
			return nil, false // continues on the next line
		}
		switch ln[j] {
		case ']':
			return seq, restIsComment(ln[j+1:])
		case ',':
			j = skipSpaces(ln, j+1)
			if j < len(ln) && ln[j] == ']' {
				return nil, false // a trailing comma
			}
		default:
			return nil, false
		}
	}
	return nil, false
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// restIsComment reports whether what follows a value is nothing, spaces,
// or a comment after a space.
func restIsComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#' && len(t) < len(s)
}

// blankOrComment reports whether a line holds nothing for YAML.
func blankOrComment(ln string) bool {
	t := strings.TrimLeft(ln, " ")
	return t == "" || t[0] == '#'
}

// keyOf returns the key of a "key:" or "key: value" line at the left
// margin whose key is a simple word (letters, digits, "_" and "-").
func keyOf(ln string) (string, bool) {
	i := 0
	for i < len(ln) {
		c := ln[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-') {
			i++
			continue
		}
		break
	}
	// YAML limits implicit keys to 1024 characters; no field name comes
	// near that.
	if i == 0 || i > 64 || i == len(ln) || ln[i] != ':' || i+1 < len(ln) && ln[i+1] != ' ' {
		return "", false
	}
	return ln[:i], true
}

// dashIndent returns the indentation of a "- item" (or bare "-") line.
func dashIndent(ln string) (int, bool) {
	d := 0
	for d < len(ln) && ln[d] == ' ' {
		d++
	}
	if d < len(ln) && ln[d] == '-' && (d+1 == len(ln) || ln[d+1] == ' ') {
		return d, true
	}
	return 0, false
}

// yamlPrintable reports whether s holds only what fastFront reads the way
// yaml.v3 does: printable characters and newlines. Tabs, carriage returns
// and the line and paragraph separators YAML 1.1 knows are left to
// yaml.v3.
func yamlPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError, r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size - 1
	}
	return true
}
