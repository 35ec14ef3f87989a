package lint

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/faqbot/faqbot/knowledge"
)

// The content checks' defaults.
const (
	// DefaultMaxGrade is the highest Flesch-Kincaid grade an answer should
	// have: NIH and AMA guidance for patient materials is grade 6 to 8.
	DefaultMaxGrade = 8.0
	// DefaultReviewPeriod is how long an answer stays reviewed.
	DefaultReviewPeriod = 365 * 24 * time.Hour
)

// DefaultAvoidTerms are the words a knowledge base without a
// language.yaml is checked for: knowledge.DefaultAvoidTerms.
var DefaultAvoidTerms = knowledge.DefaultAvoidTerms

// collisionProbe is put before a phrasing to ask it "in other words": it
// is a filler the matcher ignores, but it stops the exact match, so the
// reply is the one a member gets who words the question a little
// differently.
const collisionProbe = "so "

// Content runs the checks that warn moderators: reading level,
// stigmatising language, review dates, collisions between entries, what
// Discord would cut (long titles, too many related entries or sources),
// links pasted into answers, and sources no entry cites. Every problem it
// returns is a Warning.
func Content(snap *knowledge.Snapshot, o Options) knowledge.Problems {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.ReviewPeriod <= 0 {
		o.ReviewPeriod = DefaultReviewPeriod
	}
	if o.MaxGrade <= 0 {
		o.MaxGrade = DefaultMaxGrade
	}
	o.Display = o.Display.withDefaults()
	var ps problems
	stigma := newStigma(snap.AvoidTerms())
	used := map[string]bool{}
	for _, e := range snap.Entries() {
		for _, src := range e.Sources {
			used[src.ID] = true
		}
		readingLevel(&ps, e, o.MaxGrade)
		stigma.check(&ps, e)
		reviewDates(&ps, e, o)
		display(&ps, e, o.Display)
		links(&ps, e)
	}
	collisions(&ps, snap, o)
	for _, src := range snap.Sources() {
		if !used[src.ID] {
			ps.add(knowledge.Warning, "sources.yaml", 0, fmt.Sprintf("source %q is not cited by any entry; cite it or remove it", src.ID))
		}
	}
	ps.ps.Sort()
	return ps.ps
}

func readingLevel(ps *problems, e *knowledge.Entry, maxGrade float64) {
	if g, long := readingGrade(e.Body); g > maxGrade && countWords(e.Body) >= minGradedWords {
		ps.add(knowledge.Warning, e.File, int(e.Lines.Body), fmt.Sprintf("reading level is grade %.1f, above %.0f; use shorter sentences and everyday words. Longest: %s", g, maxGrade, strings.Join(long, "; ")))
	}
}

// stigma finds stigmatising words.
type stigma struct {
	terms []knowledge.AvoidTerm
	res   []*regexp.Regexp
}

func newStigma(terms []knowledge.AvoidTerm) stigma {
	s := stigma{terms: terms}
	for _, a := range terms {
		s.res = append(s.res, a.Pattern())
	}
	return s
}

// check looks in what the bot says: the title and the answer.
func (s stigma) check(ps *problems, e *knowledge.Entry) {
	for i, re := range s.res {
		if loc := re.FindStringIndex(e.Title); loc != nil {
			ps.add(knowledge.Warning, e.File, int(e.Lines.Title), fmt.Sprintf("%q can stigmatise; say %s", e.Title[loc[0]:loc[1]], s.terms[i].Use))
		}
		for n, line := range strings.Split(e.Body, "\n") {
			for _, loc := range re.FindAllStringIndex(line, -1) {
				ps.add(knowledge.Warning, e.File, int(e.Lines.Body)+n, fmt.Sprintf("%q can stigmatise; say %s", line[loc[0]:loc[1]], s.terms[i].Use))
			}
		}
	}
}

func reviewDates(ps *problems, e *knowledge.Entry, o Options) {
	const layout = "2006-01-02"
	if due := e.Reviewed.Add(o.ReviewPeriod); o.Now.After(due) {
		ps.add(knowledge.Warning, e.File, int(e.Lines.Reviewed), fmt.Sprintf("last reviewed %s, more than %s ago; check the answer against its sources and update `reviewed`", e.Reviewed.Format(layout), periodString(o.ReviewPeriod)))
	}
	if !e.ReviewDue.IsZero() && o.Now.After(e.ReviewDue) {
		ps.add(knowledge.Warning, e.File, int(e.Lines.ReviewDue), fmt.Sprintf("review_due %s has passed; review the answer and update `reviewed` and `review_due`", e.ReviewDue.Format(layout)))
	}
	// A date is read as midnight UTC, and the bot writes today's date where
	// it runs: up to 14 hours ahead of UTC, that is not the future.
	if e.Reviewed.After(o.Now.Add(14 * time.Hour)) {
		ps.add(knowledge.Warning, e.File, int(e.Lines.Reviewed), fmt.Sprintf("reviewed %s is in the future; use the date the answer was checked", e.Reviewed.Format(layout)))
	}
}

// display warns about what the bot's Discord messages would cut.
func display(ps *problems, e *knowledge.Entry, d Display) {
	if n := utf8.RuneCountInString(e.Title); n > d.MaxTitle {
		ps.add(knowledge.Warning, e.File, int(e.Lines.Title), fmt.Sprintf("the title is %d characters; Discord cuts it to %d on buttons (\"Did you mean…\", related entries) and to 100 in /ask's suggestions: shorten it", n, d.MaxTitle))
	}
	if n := len(e.Related); n > d.MaxRelated {
		ps.add(knowledge.Warning, e.File, int(e.Lines.Related), fmt.Sprintf("%d related entries, but the answer has buttons for only the first %d; %s will not be shown: keep the %d most useful", n, d.MaxRelated, strings.Join(e.Related[d.MaxRelated:], ", "), d.MaxRelated))
	}
	if d.SourcesShown != nil {
		if shown := d.SourcesShown(e.Sources); shown < len(e.Sources) {
			ps.add(knowledge.Warning, e.File, int(e.Lines.Sources), fmt.Sprintf("the answer's Sources field has room for %d of the %d sources; the rest show as \"…and %d more\": cite fewer, or shorten their titles in sources.yaml", shown, len(e.Sources), len(e.Sources)-shown))
		}
	}
}

// linkRE finds web addresses written into an answer.
var linkRE = regexp.MustCompile(`(?i)\bhttps?://[^\s)>\]]+|\bwww\.[a-z0-9-]+\.[^\s)>\]]+`)

func links(ps *problems, e *knowledge.Entry) {
	for n, line := range strings.Split(e.Body, "\n") {
		for _, l := range linkRE.FindAllString(line, -1) {
			ps.add(knowledge.Warning, e.File, int(e.Lines.Body)+n, fmt.Sprintf("the answer links to %s; sources are listed under every answer, so add it to sources.yaml and cite it in `sources` instead", l))
		}
	}
}

// collisions asks every phrasing "in other words" (see collisionProbe)
// and warns when the bot would then answer another entry, or offer "Did
// you mean…" because another entry scores within the margin: the phrasing
// is too close to another entry's, and members who word it a little
// differently meet that. (A phrasing that merely scores below the
// threshold when reworded is not a collision.)
func collisions(ps *problems, snap *knowledge.Snapshot, o Options) {
	for _, a := range askAll(snap, o.Match, collisionProbe) {
		r := a.reply
		switch {
		case r.Kind == knowledge.KindAnswer && r.Entry != a.e:
			ps.add(knowledge.Warning, a.e.File, a.line(), fmt.Sprintf("phrasing %q is close to %s: worded a little differently (%q) it gets %s, not this entry; make the phrasings of the two entries more distinct", a.text(), r.Entry.ID, collisionProbe+a.text(), describe(r)))
		case r.Kind == knowledge.KindSuggestions && r.Why.Best >= r.Why.Threshold && r.Why.Best-r.Why.Second < r.Why.Margin:
			ps.add(knowledge.Warning, a.e.File, a.line(), fmt.Sprintf("phrasing %q is ambiguous: worded a little differently (%q) it gets %s, since the scores are within the margin (%.2f); make the phrasings of these entries more distinct", a.text(), collisionProbe+a.text(), describe(r), r.Why.Margin))
		}
	}
}

func periodString(d time.Duration) string {
	if days := d.Hours() / 24; days >= 60 {
		return fmt.Sprintf("%.0f months", days/30.4)
	}
	return d.String()
}
