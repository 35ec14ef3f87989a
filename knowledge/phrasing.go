package knowledge

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ErrDuplicatePhrasing is returned, wrapped, by [AddPhrasing] when the
// question already is a phrasing of an entry.
var ErrDuplicatePhrasing = errors.New("duplicate phrasing")

// AddPhrasing adds question to the questions of entry id in the knowledge
// folder dir, so that it answers the entry exactly from now on. It is the
// "Add as phrasing" action on an unanswered question.
//
// The file is edited as text, touching only the questions list, so the
// moderator's layout and comments stay: a block list gets a new "- " line
// after its last item, a flow list [a, b] gets the question before its
// "]", and an entry without questions gets a questions block after its
// title. The question is double-quoted when YAML needs it. The new file
// replaces the old atomically and keeps its mode.
//
// AddPhrasing refuses ids that are not entry ids (kebab-case, so no path
// can be given), a folder that does not load cleanly, a question that is
// already a phrasing of any entry (an error wrapping
// [ErrDuplicatePhrasing]), and an unknown id (wrapping [fs.ErrNotExist]).
// Paths never leave dir (os.Root). If the folder has errors after the edit,
// the original file is put back and the problems are returned.
//
// Two AddPhrasing calls on the same entry at once must be serialised by
// the caller; a file changed by anyone during the call makes it fail
// rather than lose that change.
func AddPhrasing(dir, id, question string) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("add phrasing to %s: %w", id, err)
		}
	}()
	if !idRE.MatchString(id) {
		return fmt.Errorf("%q is not an entry id: ids are file names without .md, in lower-case letters, digits and dashes", id)
	}
	q, err := checkPhrasing(question)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("open knowledge folder: %w", err)
	}
	defer root.Close()

	snap, probs, err := Load(root.FS(), LoadOptions{})
	if err != nil {
		return err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return fmt.Errorf("the knowledge folder has %d problem(s); fix them first:\n%w", len(errs), errs)
	}
	e, ok := snap.Entry(id)
	if !ok {
		return fmt.Errorf("no entry %q in the knowledge folder: %w", id, fs.ErrNotExist)
	}
	key := phraseKey(q)
	if key == "" {
		return fmt.Errorf("%q has no words to match", q)
	}
	for _, other := range snap.Entries() {
		for _, p := range other.Phrasings() {
			if phraseKey(p) == key {
				return fmt.Errorf("%w: %q is already a phrasing of %s (%q in %s)", ErrDuplicatePhrasing, q, other.ID, p, other.File)
			}
		}
	}

	name := filepath.FromSlash(e.File)
	info, err := root.Stat(name)
	if err != nil {
		return err
	}
	orig, err := root.ReadFile(name)
	if err != nil {
		return err
	}
	edited, err := insertPhrasing(orig, q)
	if err != nil {
		return fmt.Errorf("%s: %w", e.File, err)
	}
	mode := info.Mode().Perm()
	if err := replaceFile(root, name, edited, mode, orig); err != nil {
		return fmt.Errorf("%s: %w", e.File, err)
	}

	// Check the result as the bot will read it; put the original back if
	// the edit broke anything or did not take.
	snap, probs, err = Load(root.FS(), LoadOptions{})
	var why error
	switch {
	case err != nil:
		why = err
	case len(probs.Errors()) > 0:
		why = fmt.Errorf("the edit made the knowledge folder fail to load; %s was restored:\n%w", e.File, probs.Errors())
	default:
		if ne, ok := snap.Entry(id); !ok || !contains(ne.Questions, q) {
			why = fmt.Errorf("the edit of %s did not add the question (unusual formatting?); it was restored: add it by hand", e.File)
		}
	}
	if why != nil {
		if rerr := replaceFile(root, name, orig, mode, edited); rerr != nil {
			return errors.Join(why, fmt.Errorf("restore %s: %w", e.File, rerr))
		}
		return why
	}
	return nil
}

// checkPhrasing trims a question and refuses what cannot be a phrasing.
func checkPhrasing(s string) (string, error) {
	q := strings.TrimSpace(s)
	switch {
	case q == "":
		return "", errors.New("the question is empty")
	case !utf8.ValidString(q):
		return "", errors.New("the question is not valid UTF-8 text")
	case utf8.RuneCountInString(q) > maxQuestionRunes:
		return "", fmt.Errorf("the question is over %d characters; shorten it", maxQuestionRunes)
	}
	for _, r := range q {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", errors.New("the question must be one line of text without control characters")
		}
	}
	return q, nil
}

// yamlScalar writes q as a YAML scalar: plain when YAML reads that back as
// the same text, in double quotes otherwise. flow is true inside [ ].
func yamlScalar(q string, flow bool) string {
	plain := !strings.ContainsAny(q, `:#"'\`) &&
		!strings.ContainsAny(q[:1], "-?,[]{}&*!|>%@`") &&
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
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(q) + `"`
}

// insertPhrasing returns the entry file data with q added to its
// questions, changing as little text as it can.
func insertPhrasing(data []byte, q string) ([]byte, error) {
	bom := []byte("\uFEFF")
	hadBOM := bytes.HasPrefix(data, bom)
	text := string(bytes.TrimPrefix(data, bom))
	lines := strings.SplitAfter(text, "\n") // each keeps its "\n" (or "\r\n")
	nl := "\n"
	if strings.HasSuffix(lines[0], "\r\n") {
		nl = "\r\n"
	}
	body := func(i int) string { return strings.TrimRight(lines[i], "\r\n") }
	if body(0) != "---" {
		return nil, errors.New(`does not start with a "---" line`)
	}
	end := -1 // index of the closing "---"
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(body(i), " \t") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, errors.New(`the front matter has no closing "---" line`)
	}
	front := strings.ReplaceAll(strings.Join(lines[1:end], ""), "\r\n", "\n")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the front matter is not a set of fields")
	}
	m := doc.Content[0]
	var key, val, titleKey, titleVal *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch m.Content[i].Value {
		case "questions":
			key, val = m.Content[i], m.Content[i+1]
		case "title":
			titleKey, titleVal = m.Content[i], m.Content[i+1]
		}
	}
	// Front matter line n is lines[n]: lines[0] is the opening "---".
	indentOf := func(i int) int { return len(body(i)) - len(strings.TrimLeft(body(i), " \t")) }
	// continues reports whether line i belongs to a value that started
	// on an earlier line indented by indent.
	continues := func(i, indent int) bool {
		t := strings.TrimSpace(body(i))
		return i < end && t != "" && !strings.HasPrefix(t, "#") && indentOf(i) > indent
	}
	insert := func(at int, add ...string) {
		for i := range add {
			add[i] += nl
		}
		lines = append(lines[:at], append(add, lines[at:]...)...)
	}

	switch {
	case key == nil:
		if titleKey == nil {
			return nil, errors.New("has no title to put the questions after")
		}
		at := titleVal.Line + 1
		for continues(at, indentOf(titleKey.Line)) {
			at++
		}
		insert(at, "questions:", "  - "+yamlScalar(q, false))

	case val.Kind == yaml.SequenceNode && val.Style&yaml.FlowStyle == 0 && len(val.Content) > 0:
		last := val.Content[len(val.Content)-1]
		dash := last.Line
		for dash > key.Line && !strings.HasPrefix(strings.TrimLeft(body(dash), " \t"), "-") {
			dash--
		}
		lead := body(dash)[:indentOf(dash)]
		after := strings.TrimLeft(body(dash), " \t")[1:]
		gap := len(after) - len(strings.TrimLeft(after, " "))
		prefix := lead + "-" + strings.Repeat(" ", max(gap, 1))
		if strings.TrimSpace(after) == "" && last.Line == dash {
			// An empty "- " item, as in the template: fill it in.
			lines[dash] = prefix + yamlScalar(q, false) + nl
			break
		}
		at := last.Line + 1
		for continues(at, len(lead)) {
			at++
		}
		insert(at, prefix+yamlScalar(q, false))

	case val.Kind == yaml.SequenceNode:
		// A flow list, possibly over several lines: find its "]" in the
		// text after the key.
		fm := strings.Join(lines[1:end], "")
		off := len(strings.Join(lines[1:key.Line], ""))
		k := strings.Index(fm[off:], "questions")
		if k < 0 {
			return nil, errors.New("cannot find the questions field; add the question by hand")
		}
		open := strings.IndexByte(fm[off+k:], '[')
		if open < 0 {
			return nil, errors.New("cannot find the [ of the questions list; add the question by hand")
		}
		open += off + k
		lastSig, err := flowEnd(fm, open)
		if err != nil {
			return nil, err
		}
		var ins string
		switch fm[lastSig] {
		case '[':
			ins = yamlScalar(q, true)
		case ',':
			ins = " " + yamlScalar(q, true)
		default:
			ins = ", " + yamlScalar(q, true)
		}
		fm = fm[:lastSig+1] + ins + fm[lastSig+1:]
		out := lines[0] + fm + strings.Join(lines[end:], "")
		return withBOM(hadBOM, out), nil

	case val.Kind == yaml.ScalarNode:
		// "questions:" with nothing, "questions: ~", or a single question
		// written without a list: turn it into a block list, keeping the
		// existing question's text as written.
		if val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || (val.Line != key.Line && val.Tag != "!!null") {
			return nil, errors.New("questions is not written as a list; make it one (questions: [first, second]) and try again")
		}
		ln := body(key.Line)
		colon := strings.Index(ln, "questions:")
		if colon < 0 {
			return nil, errors.New("cannot find the questions field; add the question by hand")
		}
		head := ln[:colon+len("questions:")]
		value, comment := splitComment(ln[len(head):])
		value = strings.TrimSpace(value)
		if continues(key.Line+1, indentOf(key.Line)) {
			return nil, errors.New("questions spans several lines; make it a list and try again")
		}
		items := []string{}
		if val.Tag != "!!null" {
			items = append(items, "  - "+value)
		}
		items = append(items, "  - "+yamlScalar(q, false))
		if comment != "" {
			head += " " + comment
		}
		lines[key.Line] = head + nl
		insert(key.Line+1, items...)

	default:
		return nil, errors.New("questions is not a list; make it one and try again")
	}
	return withBOM(hadBOM, strings.Join(lines, "")), nil
}

func withBOM(bom bool, s string) []byte {
	if bom {
		return []byte("\uFEFF" + s)
	}
	return []byte(s)
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
	return 0, errors.New("the questions list has no closing ]")
}

// replaceFile writes data to name in root atomically: a temporary file in
// the same folder (named with a leading "." so a reload in between skips
// it), then a rename over name. It fails, leaving name alone, if name no
// longer holds expect: someone else changed it meanwhile.
func replaceFile(root *os.Root, name string, data []byte, mode fs.FileMode, expect []byte) (err error) {
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+"."+hex.EncodeToString(rnd[:])+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			root.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := root.Chmod(tmp, mode); err != nil { // the umask may have narrowed it
		return err
	}
	cur, err := root.ReadFile(name)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, expect) {
		return errors.New("the file changed while the phrasing was being added; try again")
	}
	return root.Rename(tmp, name)
}
