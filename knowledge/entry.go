package knowledge

import (
	"fmt"
	"strconv"
	"time"
)

// An Entry is one answer in the knowledge base. Entries are immutable once
// loaded.
type Entry struct {
	// ID is the file name without ".md", unique across collections.
	ID string
	// Collection is the folder the entry lives in, e.g. "faq".
	Collection string
	// File is the entry's path inside the knowledge base, e.g. "faq/safety.md".
	File string
	// Title is the canonical question.
	Title string
	// Questions are other phrasings of the same question.
	Questions []string
	// Keywords are aliases people type: slang, brand names, abbreviations.
	Keywords []string
	// Body is the answer in Discord Markdown.
	Body string
	// Sources are the references the answer cites, in the order given.
	Sources []Source
	// Reviewed is the date the answer was last checked.
	Reviewed time.Time
	// ReviewDue is when the answer should next be checked; zero if unset.
	ReviewDue time.Time
	// Related are the ids of follow-up entries.
	Related []string
	// Lines says where each part is in File, for moderators' problems.
	Lines Lines

	keys []string // exact-match keys of Phrasings, worked out once at load
}

// Lines says where the parts of an entry are in its file, counting from 1;
// 0 means the part is not in the file. (They are int32 because every
// entry keeps them: at 10,000 entries, half the size counts.)
type Lines struct {
	Title, Questions, Keywords, Sources, Reviewed, ReviewDue, Related int32
	// Body is the line the answer starts on.
	Body int32
	// Phrasings holds the line of each of Entry.Phrasings, in order.
	Phrasings []int32
}

// Phrasing returns the line of Phrasings()[i], or 0.
func (l Lines) Phrasing(i int) int {
	if i < 0 || i >= len(l.Phrasings) {
		return 0
	}
	return int(l.Phrasings[i])
}

// Phrasings returns the title followed by the other questions.
func (e *Entry) Phrasings() []string {
	out := make([]string, 0, 1+len(e.Questions))
	out = append(out, e.Title)
	return append(out, e.Questions...)
}

// A Source is a reference cited by entries.
type Source struct {
	ID        string `yaml:"-" json:"id"`
	Title     string `yaml:"title" json:"title"`
	Authors   string `yaml:"authors,omitempty" json:"authors,omitempty"`
	Publisher string `yaml:"publisher,omitempty" json:"publisher,omitempty"`
	Year      int    `yaml:"year" json:"year"`
	// Checked is when an undated page was last read (YYYY-MM-DD or YYYY),
	// so its citation can say so rather than show a made-up year.
	Checked string `yaml:"checked,omitempty" json:"checked,omitempty"`
	URL     string `yaml:"url" json:"url"`
	DOI     string `yaml:"doi,omitempty" json:"doi,omitempty"`
	// Number is the source's place in [Snapshot.Sources], from 1: every
	// answer cites a source by the same number as the full list does.
	Number int `yaml:"-" json:"number,omitempty"`
}

// Date returns the source's date as a citation shows it: its year, or for
// an undated page "undated, checked 2026" with the year it was last read.
// It is "" for a source with neither (Load refuses those).
func (s Source) Date() string {
	switch {
	case s.Year > 0:
		return strconv.Itoa(s.Year)
	case len(s.Checked) >= 4:
		return "undated, checked " + s.Checked[:4]
	}
	return ""
}

// Citation returns the source as one line of text: title, publisher or
// authors, and date (see [Source.Date]).
func (s Source) Citation() string {
	by := s.Publisher
	if by == "" {
		by = s.Authors
	}
	if by == "" {
		return fmt.Sprintf("%s (%s)", s.Title, s.Date())
	}
	return fmt.Sprintf("%s. %s, %s", s.Title, by, s.Date())
}

// Safety holds the crisis policy and the fixed replies, read from
// safety.yaml so a community can replace them without touching code.
type Safety struct {
	Crisis         CrisisPolicy `yaml:"crisis"`
	PersonalAdvice FixedReply   `yaml:"personal_advice"`
	NoMatch        FixedReply   `yaml:"no_match"`
	Help           FixedReply   `yaml:"help"`
	// Note is the safety note: one line shown above the reply to a
	// question that touches risk (see Reply.Note).
	Note FixedReply `yaml:"safety_note"`
}

// CrisisPolicy is what the bot says to someone who may be in danger.
type CrisisPolicy struct {
	Reply         string     `yaml:"reply" json:"reply"`
	Resources     []Resource `yaml:"resources" json:"resources"`
	OverdoseSteps []string   `yaml:"overdose_steps" json:"overdose_steps,omitempty"`
}

// A Resource is a crisis line or service.
type Resource struct {
	Name    string `yaml:"name" json:"name"`
	Contact string `yaml:"contact" json:"contact"`
	URL     string `yaml:"url,omitempty" json:"url,omitempty"`
}

// FixedReply is a reply text that does not depend on the question.
type FixedReply struct {
	Reply string `yaml:"reply"`
	// Topic, for no_match only, says what is not covered; %s is the
	// topic ("I don't have information about %s yet.").
	Topic string `yaml:"topic"`
	// Line is where the reply's text starts in safety.yaml; 0 if it is not
	// there.
	Line int `yaml:"-" json:"-"`
}
