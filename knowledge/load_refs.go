package knowledge

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// readSources reads sources.yaml: the references entries cite, by id.
func (l *loader) readSources() {
	data, _, ok := l.readFile(sourcesFile)
	if !ok {
		return
	}
	r := &yamlReader{file: sourcesFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	l.sources = map[string]Source{}
	top := r.fields(n, "sources.yaml")
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := k.Value
		if _, ok := top[id]; !ok {
			continue // duplicate, already reported
		}
		if !idRE.MatchString(id) {
			l.probs.add(sourcesFile, r.line(k), "source id %q must use lower-case letters, digits and dashes", id)
			continue
		}
		if s, ok := l.readSource(r, id, k, v); ok {
			l.sources[id] = s
		}
	}
}

// readSource reads one source's fields.
func (l *loader) readSource(r *yamlReader, id string, k, v *yaml.Node) (Source, bool) {
	f := r.fields(v, fmt.Sprintf("source %q", id), sourceFields...)
	if f == nil {
		return Source{}, false
	}
	s := Source{ID: id}
	s.Title, _ = r.str(f["title"], "title")
	s.Authors, _ = r.str(f["authors"], "authors")
	s.Publisher, _ = r.str(f["publisher"], "publisher")
	s.URL, _ = r.str(f["url"], "url")
	s.DOI, _ = r.str(f["doi"], "doi")
	line := r.line(k)
	if s.Title == "" {
		l.probs.add(sourcesFile, line, "source %q has no title; add `title: ...`", id)
	}
	if y, ok := r.str(f["year"], "year"); ok {
		if _, err := fmt.Sscanf(y, "%d", &s.Year); err != nil || s.Year < 1900 || s.Year > 2100 {
			l.probs.add(sourcesFile, r.line(f["year"]), "source %q: year must be a four-digit year, got %q", id, y)
		}
	} else if f["year"] == nil && f["checked"] == nil {
		l.probs.add(sourcesFile, line, "source %q has no year; add `year: 2024`, or for an undated page `checked: %s` with the date it was read", id, time.Now().Format(dateLayout))
	}
	if c, ok := r.str(f["checked"], "checked"); ok {
		s.Checked = c
		if !checkedRE.MatchString(c) {
			l.probs.add(sourcesFile, r.line(f["checked"]), "source %q: checked must be the date the page was read, written YYYY-MM-DD (or just the year), got %q", id, c)
		}
	}
	if s.URL == "" {
		l.probs.add(sourcesFile, line, "source %q has no url; add `url: https://...` so readers can check it", id)
	} else if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		l.probs.add(sourcesFile, r.line(f["url"]), "source %q: url %q is not a full web address; it must start with https://", id, s.URL)
	}
	return s, true
}

// readSafety reads safety.yaml: the crisis policy and the fixed replies.
func (l *loader) readSafety() {
	data, _, ok := l.readFile(safetyFile)
	if !ok {
		return
	}
	r := &yamlReader{file: safetyFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	f := r.fields(n, "safety.yaml", "crisis", "personal_advice", "no_match", "help", "safety_note")
	if f == nil {
		return
	}
	l.safety.Crisis.Reply, _ = l.fixedReply(r, f, "crisis", true)
	l.safety.PersonalAdvice.Reply, l.safety.PersonalAdvice.Line = l.fixedReply(r, f, "personal_advice", true)
	l.safety.NoMatch.Reply, l.safety.NoMatch.Line = l.fixedReply(r, f, "no_match", false)
	l.safety.Help.Reply, l.safety.Help.Line = l.fixedReply(r, f, "help", false)
	l.safety.Note.Reply, l.safety.Note.Line = l.fixedReply(r, f, "safety_note", false)
	l.safety.Note.Reply = strings.TrimSpace(l.safety.Note.Reply)
	if nm := f["no_match"]; nm != nil && nm.Kind == yaml.MappingNode {
		l.readTopic(r, nm)
	}
	if c := f["crisis"]; c != nil && c.Kind == yaml.MappingNode {
		l.readCrisis(r, c)
	}
}

// fixedReply reads the reply of a safety.yaml section and the line its
// text starts on.
func (l *loader) fixedReply(r *yamlReader, f map[string]*yaml.Node, key string, required bool) (string, int) {
	n := f[key]
	if n == nil {
		if required {
			l.probs.add(safetyFile, 1, "missing %s: add a %s section with a reply", key, key)
		}
		return "", 0
	}
	sub := r.fields(n, key, "reply", "resources", "overdose_steps", "topic")
	v, _ := r.str(sub["reply"], key+".reply")
	if v == "" && required {
		l.probs.add(safetyFile, r.line(n), "%s.reply is empty; write the text the bot sends", key)
	}
	line := 0
	if rn := sub["reply"]; rn != nil {
		line = r.line(rn)
		if rn.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			line++ // the text starts below the "|"
		}
	}
	return v, line
}

// readTopic reads no_match.topic: the line that says what is not covered,
// with %s for the topic.
func (l *loader) readTopic(r *yamlReader, n *yaml.Node) {
	sub := r.fields(n, "no_match", "reply", "resources", "overdose_steps", "topic")
	t, ok := r.str(sub["topic"], "no_match.topic")
	if !ok {
		return
	}
	if strings.Count(t, "%s") != 1 || strings.Count(t, "%") != 1 {
		l.probs.add(safetyFile, r.line(sub["topic"]), "no_match.topic must contain %%s exactly once, where the topic goes (\"I don't have information about %%s yet.\"), and no other %%")
		return
	}
	l.safety.NoMatch.Topic = t
}

// readCrisis reads the crisis section's resources and overdose steps.
func (l *loader) readCrisis(r *yamlReader, c *yaml.Node) {
	sub := r.fields(c, "crisis", "reply", "resources", "overdose_steps")
	l.safety.Crisis.OverdoseSteps = r.list(sub["overdose_steps"], "crisis.overdose_steps")
	if rs := sub["resources"]; rs != nil && rs.Kind == yaml.SequenceNode {
		for _, item := range rs.Content {
			rf := r.fields(item, "each crisis resource", "name", "contact", "url")
			var res Resource
			res.Name, _ = r.str(rf["name"], "name")
			res.Contact, _ = r.str(rf["contact"], "contact")
			res.URL, _ = r.str(rf["url"], "url")
			if res.Name == "" || res.Contact == "" {
				l.probs.add(safetyFile, r.line(item), "each crisis resource needs a name and a contact (a phone number or what to do)")
				continue
			}
			l.safety.Crisis.Resources = append(l.safety.Crisis.Resources, res)
		}
	}
	if len(l.safety.Crisis.Resources) == 0 {
		l.probs.add(safetyFile, r.line(c), "crisis.resources is empty: list at least one emergency number, e.g. `- {name: Emergency, contact: Call 911}`")
	}
}

// readLanguage reads language.yaml: the words to avoid and what to say
// instead, replacing the content checks' default list.
func (l *loader) readLanguage() {
	data, _, ok := l.readFile(languageFile)
	if !ok {
		return
	}
	r := &yamlReader{file: languageFile, probs: &l.probs}
	n := r.parse(data)
	if n == nil {
		return
	}
	f := r.fields(n, "language.yaml", "avoid")
	l.avoid = []AvoidTerm{}
	a := f["avoid"]
	if a == nil {
		return
	}
	if a.Kind != yaml.SequenceNode {
		l.probs.add(languageFile, r.line(a), "avoid must be a list of `- term: ...` / `use: ...` items")
		return
	}
	for _, item := range a.Content {
		tf := r.fields(item, "each avoid item", "term", "use")
		t := AvoidTerm{Line: r.line(item)}
		t.Term, _ = r.str(tf["term"], "term")
		t.Use, _ = r.str(tf["use"], "use")
		if t.Term == "" || t.Use == "" {
			l.probs.add(languageFile, r.line(item), "each item needs a term and what to use instead")
			continue
		}
		l.avoid = append(l.avoid, t)
	}
}

// An AvoidTerm is a word the bot should not use, and what to say instead
// (language.yaml).
type AvoidTerm struct {
	Term string `yaml:"term"`
	Use  string `yaml:"use"`
	// Line is the term's line in language.yaml; 0 for built-in terms.
	Line int `yaml:"-"`
}

// DefaultAvoidTerms are stigmatising words and their person-first
// replacements, for a knowledge base without a language.yaml (one with its
// own file gets only that file's words). The content checks warn about
// them, and the replies never repeat them.
var DefaultAvoidTerms = []AvoidTerm{
	{Term: "addict", Use: `"person with OUD" or "person who uses drugs"`},
	{Term: "junkie", Use: `"person who uses drugs"`},
	{Term: "abuser", Use: `"person who uses drugs" or "person with a substance use disorder"`},
	{Term: "substance abuse", Use: `"substance use" or "substance use disorder"`},
	{Term: "drug abuse", Use: `"drug use" or "substance use disorder"`},
	{Term: "opioid abuse", Use: `"opioid use disorder (OUD)"`},
	{Term: "clean", Use: `"negative test" for test results, "in recovery" for people`},
	{Term: "dirty", Use: `"positive test" for test results`},
	{Term: "drug habit", Use: `"substance use disorder"`},
}

// Pattern returns the regular expression that finds the term in a text in
// its usual forms, in any case: "addict", "addicts", "addicted",
// "addicting". The content checks, the replies and the tests all read a
// term this way.
func (a AvoidTerm) Pattern() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(a.Term) + `(s|ed|ing)?\b`)
}

// AvoidTerms returns the words language.yaml lists, or DefaultAvoidTerms
// when the knowledge base has no language.yaml. The caller must not
// modify the slice.
func (s *Snapshot) AvoidTerms() []AvoidTerm {
	if s.avoid == nil {
		return DefaultAvoidTerms
	}
	return s.avoid
}
