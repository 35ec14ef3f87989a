package knowledge

import (
	"fmt"
	"regexp"
	"strings"
)

// keyValueRE matches a "key: value" line, possibly a list item
// ("- key: value"): the indentation and dash, the key, and the value.
var keyValueRE = regexp.MustCompile(`^( *(?:- +)?)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$`)

// diagnoseYAML looks for the usual mistakes in YAML that yaml.v3 refused,
// line by line, and returns the first with what to change: yaml.v3's own
// messages speak of tokens and often name the line after the mistake.
// top lists the fields that belong at the left margin (nil if the file
// nests fields). ok is false when nothing familiar is found.
func diagnoseYAML(src string, top []string) (line int, msg string, ok bool) {
	lines := strings.Split(src, "\n")
	for i := range lines {
		if m, found := diagnoseLine(lines, i, top); found {
			return i + 1, m, true
		}
	}
	return 0, "", false
}

// diagnoseLine checks line i of lines for a familiar mistake.
func diagnoseLine(lines []string, i int, top []string) (string, bool) {
	ln := lines[i]
	trimmed := strings.TrimLeft(ln, " \t")
	if trimmed == "" || trimmed[0] == '#' {
		return "", false
	}
	if indent := ln[:len(ln)-len(strings.TrimLeft(ln, " \t"))]; strings.ContainsRune(indent, '\t') {
		return "this line is indented with a tab, and YAML only accepts spaces; replace the tab with spaces", true
	}
	if len(top) > 0 {
		if m, found := misplacedField(ln, top); found {
			return m, true
		}
	}
	m := keyValueRE.FindStringSubmatch(ln)
	if m == nil {
		return "", false
	}
	key, value := m[2], strings.TrimRight(m[3], " ")
	if value == "" {
		return "", false
	}
	return diagnoseValue(lines, i, key, value)
}

// misplacedField spots a top-level field that is indented, or has no space
// after its colon.
func misplacedField(ln string, top []string) (string, bool) {
	t := strings.TrimLeft(ln, " ")
	for _, k := range top {
		rest, ok := strings.CutPrefix(t, k+":")
		if !ok {
			continue
		}
		if len(t) < len(ln) && !strings.HasPrefix(t, "-") {
			return fmt.Sprintf("%q is indented; start it at the beginning of the line, like the other fields", k), true
		}
		if rest != "" && rest[0] != ' ' {
			return fmt.Sprintf("put a space after the colon: %s: %s", k, rest), true
		}
	}
	return "", false
}

// diagnoseValue checks the value of a "key: value" line.
func diagnoseValue(lines []string, i int, key, value string) (string, bool) {
	switch value[0] {
	case '"', '\'':
		q := value[0]
		if !closesLater(lines, i, value, q) {
			return fmt.Sprintf("the %c that opens the value of %q is never closed; add the closing %c at the end of the value", q, key, q), true
		}
		return "", false
	case '[':
		if !strings.Contains(value, "]") && nextIsField(lines, i) {
			return fmt.Sprintf("the list of %q opens with [ but is not closed; add ] at the end of the line", key), true
		}
		return "", false
	case '{', '|', '>':
		return "", false
	case '@', '`', '%', '!', '&', '*':
		return fmt.Sprintf("the value of %q starts with %q, which YAML reserves; put the whole value in double quotes: %s: %q", key, value[:1], key, value), true
	}
	v := value // unquoted: a comment starts at " #"
	if c := strings.Index(v, " #"); c >= 0 {
		v = v[:c]
	}
	v = strings.TrimRight(v, " ")
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
		return fmt.Sprintf("the value of %q contains a colon, which YAML reads as the start of another field; put the whole value in double quotes: %s: %q", key, key, v), true
	}
	return "", false
}

// closesLater reports whether a quoted value that opens on line i closes,
// on that line or a later one.
func closesLater(lines []string, i int, value string, q byte) bool {
	rest := value[1:] + "\n" + strings.Join(lines[i+1:], "\n")
	for j := 0; j < len(rest); j++ {
		switch {
		case q == '"' && rest[j] == '\\':
			j++
		case rest[j] == q && q == '\'' && j+1 < len(rest) && rest[j+1] == '\'':
			j++
		case rest[j] == q:
			return true
		}
	}
	return false
}

// nextIsField reports whether the next line with content after line i
// starts a new field at the left margin.
func nextIsField(lines []string, i int) bool {
	for _, ln := range lines[i+1:] {
		if blankOrComment(ln) {
			continue
		}
		_, ok := keyOf(ln)
		return ok
	}
	return true
}
