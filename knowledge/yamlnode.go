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
}

// parse parses data into its document node. It rejects anchors and aliases
// (no knowledge file needs them, and alias bombs are a denial of service)
// and nesting deeper than maxYAMLDepth. It returns nil after reporting a
// problem.
func (r yamlReader) parse(data []byte) *yaml.Node {
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

func (r yamlReader) syntaxError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		msg = msg[:m[0]] + msg[m[1]:]
	}
	if line > 0 {
		line += r.lineOffset
	}
	r.probs.add(r.file, line, "the YAML cannot be read (%s); check the indentation, colons and quotes on this line", msg)
}

func (r yamlReader) checkNode(n *yaml.Node, depth int) bool {
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

func (r yamlReader) line(n *yaml.Node) int { return n.Line + r.lineOffset }

// fields walks a mapping node and returns its values by key, reporting
// duplicate and unknown keys. known lists the keys allowed.
func (r yamlReader) fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
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
func (r yamlReader) str(n *yaml.Node, key string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		r.probs.add(r.file, r.line(n), "%s must be plain text, not a list or a set of fields", key)
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// list returns a sequence of scalars. A single scalar counts as a list of
// one, which is what a moderator who forgets the brackets means.
func (r yamlReader) list(n *yaml.Node, key string) []string {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			return nil
		}
		return []string{strings.TrimSpace(n.Value)}
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				r.probs.add(r.file, r.line(c), "each item of %s must be plain text; put quotes around items that contain a colon", key)
				continue
			}
			if v := strings.TrimSpace(c.Value); v != "" {
				out = append(out, v)
			}
		}
		return out
	default:
		r.probs.add(r.file, r.line(n), "%s must be a list, e.g. %s: [first, second]", key, key)
		return nil
	}
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
