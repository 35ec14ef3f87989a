package knowledge

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxYAMLDepth bounds nesting in knowledge files: none of them needs more
// than a list of mappings inside a mapping.
const maxYAMLDepth = 6

var yamlLineRE = regexp.MustCompile(`line (\d+): `)

// yamlReader turns YAML into nodes and reports problems against a file,
// adding lineOffset to every line (front matter starts after the "---").
type yamlReader struct {
	file       string
	lineOffset int
	probs      *problemList
	// slow turns off fastFront, so tests can compare both readers.
	slow bool
	// src is the text being read, for problems that quote or re-read it.
	src string
	// top lists the fields allowed at the top of the file, for the
	// syntax error diagnosis; nil when the file has nested fields.
	top []string
}

// parseFront parses an entry's front matter: with fastFront when it can,
// else with yaml.v3.
func (r *yamlReader) parseFront(front string) *yaml.Node {
	r.src = front
	if !r.slow {
		if n, ok := fastFront(front); ok {
			return n
		}
	}
	return r.parse([]byte(front))
}

// parse parses data into its document node. It rejects anchors and aliases
// (no knowledge file needs them, and alias bombs are a denial of service)
// and nesting deeper than maxYAMLDepth. It returns nil after reporting a
// problem.
func (r *yamlReader) parse(data []byte) *yaml.Node {
	if r.src == "" {
		r.src = string(data)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		r.syntaxError(err)
		return nil
	}
	if doc.Kind == 0 { // empty document
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	}
	if ok := r.checkNode(&doc, 0); !ok {
		return nil
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0]
	}
	return &doc
}

// syntaxError reports a YAML syntax error. yaml.v3's messages speak of
// tokens and often name the line after the mistake (or none), so the
// lines up to it are first checked for the usual mistakes, which are
// reported in words a moderator can act on.
func (r *yamlReader) syntaxError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = msg[:m[0]] + msg[m[1]:]
	}
	// yaml.v3's line can be a line or two off either way; a familiar
	// mistake well after it is not the one it means.
	if dl, dmsg, ok := diagnoseYAML(r.src, r.top); ok && (line == 0 || dl <= line+2) {
		r.probs.add(r.file, dl+r.lineOffset, "%s", dmsg)
		return
	}
	if line > 0 {
		r.probs.add(r.file, line+r.lineOffset, "the YAML cannot be read (%s); check the indentation, colons and quotes on this line", msg)
		return
	}
	r.probs.add(r.file, 0, "the YAML cannot be read (%s); check the indentation, colons and quotes", msg)
}

func (r *yamlReader) checkNode(n *yaml.Node, depth int) bool {
	if depth > maxYAMLDepth {
		r.probs.add(r.file, r.line(n), "nested too deeply; knowledge files only need simple lists and fields")
		return false
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		r.probs.add(r.file, r.line(n), "YAML anchors and aliases (& and *) are not allowed; write the value out in full")
		return false
	}
	for _, c := range n.Content {
		if !r.checkNode(c, depth+1) {
			return false
		}
	}
	return true
}

func (r *yamlReader) line(n *yaml.Node) int { return n.Line + r.lineOffset }

// fields walks a mapping node and returns its values by key, reporting
// duplicate and unknown keys. known lists the keys allowed.
func (r *yamlReader) fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		r.probs.add(r.file, r.line(n), "%s must be a set of \"key: value\" lines", what)
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if _, dup := out[key]; dup {
			r.probs.add(r.file, r.line(k), "%q is given twice; keep one", key)
			continue
		}
		if len(known) > 0 && !contains(known, key) {
			hint := ""
			if near := closest(key, known); near != "" {
				hint = fmt.Sprintf("; did you mean %q?", near)
			}
			r.probs.add(r.file, r.line(k), "unknown field %q%s (allowed: %s)", key, hint, strings.Join(known, ", "))
			continue
		}
		out[key] = v
	}
	return out
}

// str returns a scalar's text, reporting a problem if n is not a scalar.
func (r *yamlReader) str(n *yaml.Node, key string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		r.probs.add(r.file, r.line(n), "%s must be plain text, not a list or a set of fields", key)
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// list returns a sequence of scalars (see items), without their lines.
func (r *yamlReader) list(n *yaml.Node, key string) []string {
	its, _ := r.items(n, key, false)
	out := make([]string, len(its))
	for i, it := range its {
		out[i] = it.text
	}
	return out
}

// An item is one value of a list field and the line it is on.
type item struct {
	text string
	line int
}

// items returns a sequence of scalars with their lines. A single scalar
// counts as a list of one, which is what a moderator who forgets the
// brackets means, unless commas says the field is a list of single words
// or ids: then "a, b" is reported, since it would silently become one item.
// Empty items and items YAML folded into the one above are reported too.
// ok is false when anything was reported.
func (r *yamlReader) items(n *yaml.Node, key string, commas bool) (out []item, ok bool) {
	if n == nil {
		return nil, true
	}
	switch n.Kind {
	case yaml.ScalarNode:
		v := strings.TrimSpace(n.Value)
		if n.ShortTag() == "!!null" || v == "" {
			return nil, true
		}
		if commas && n.Style == 0 && strings.Contains(v, ",") {
			r.probs.add(r.file, r.line(n), "%s is read as one item %q; to give several, put them in brackets: %s: [%s]", key, v, key, v)
			return nil, false
		}
		return []item{{v, r.line(n)}}, true
	case yaml.SequenceNode:
		out = make([]item, 0, len(n.Content))
		ok = true
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				r.probs.add(r.file, r.line(c), "each item of %s must be plain text; put quotes around items that contain a colon", key)
				ok = false
				continue
			}
			v := strings.TrimSpace(c.Value)
			if v == "" {
				r.probs.add(r.file, r.line(c), "empty item in %s: write it after the dash, or delete the line", key)
				ok = false
				continue
			}
			if at := r.foldedItem(c); at > 0 {
				r.probs.add(r.file, at+r.lineOffset, "this line is indented further than the item above it, so it is read as part of that item (%q); line its dash up with the others", v)
				ok = false
				continue
			}
			out = append(out, item{v, r.line(c)})
		}
		return out, ok
	default:
		r.probs.add(r.file, r.line(n), "%s must be a list, e.g. %s: [first, second]", key, key)
		return nil, false
	}
}

// foldedItem returns the line (in r.src) of a "- item" that YAML folded
// into the plain list item n because it is indented further, or 0.
func (r *yamlReader) foldedItem(n *yaml.Node) int {
	if n.Style != 0 || !strings.Contains(n.Value, " - ") && !strings.HasSuffix(n.Value, " -") {
		return 0
	}
	lines := strings.Split(r.src, "\n")
	if n.Line < 1 || n.Line > len(lines) {
		return 0
	}
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	dash := indent(lines[n.Line-1])        // the item's own "- " line
	for i := n.Line; i < len(lines); i++ { // lines[i] is line i+1
		t := strings.TrimLeft(lines[i], " ")
		switch {
		case t == "" || t[0] == '#':
			continue
		case indent(lines[i]) <= dash:
			return 0 // the item ended
		case t == "-" || strings.HasPrefix(t, "- "):
			return i + 1
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// closest returns the candidate within edit distance 2 of s, if any.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
