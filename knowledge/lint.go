package knowledge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// The content checks' defaults.
const (
	// DefaultMaxGrade is the highest Flesch-Kincaid grade an answer should
	// have: NIH and AMA guidance for patient materials is grade 6 to 8.
	DefaultMaxGrade = 8.0
	// DefaultReviewPeriod is how long an answer stays reviewed.
	DefaultReviewPeriod = 365 * 24 * time.Hour
)

// An AvoidTerm is a word the bot should not use, and what to say instead.
type AvoidTerm struct {
	Term string `yaml:"term"`
	Use  string `yaml:"use"`
}

// DefaultAvoidTerms are stigmatising words and their person-first
// replacements. A knowledge base replaces the list with its own
// language.yaml.
var DefaultAvoidTerms = []AvoidTerm{
	{"addict", `"person with OUD" or "person who uses drugs"`},
	{"junkie", `"person who uses drugs"`},
	{"abuser", `"person who uses drugs" or "person with a substance use disorder"`},
	{"substance abuse", `"substance use" or "substance use disorder"`},
	{"drug abuse", `"drug use" or "substance use disorder"`},
	{"opioid abuse", `"opioid use disorder (OUD)"`},
	{"clean", `"negative test" for test results, "in recovery" for people`},
	{"dirty", `"positive test" for test results`},
	{"drug habit", `"substance use disorder"`},
}

// LintOptions tune Snapshot.Lint. The zero value uses the defaults.
type LintOptions struct {
	// Now is the date review dates are checked against; the default is
	// time.Now().
	Now time.Time
	// ReviewPeriod is how long a review lasts; the default is
	// DefaultReviewPeriod.
	ReviewPeriod time.Duration
	// MaxGrade is the highest reading grade allowed; the default is
	// DefaultMaxGrade.
	MaxGrade float64
	// Match is the matcher's settings, for the collision check.
	Match Options
}

// Lint runs the content checks that warn moderators: reading level,
// stigmatising language, review dates, ambiguous phrasings and unused
// sources. Every problem it returns is a Warning.
func (s *Snapshot) Lint(o LintOptions) Problems {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.ReviewPeriod <= 0 {
		o.ReviewPeriod = DefaultReviewPeriod
	}
	if o.MaxGrade <= 0 {
		o.MaxGrade = DefaultMaxGrade
	}
	o.Match = o.Match.withDefaults()
	var ps problemList
	avoid := s.avoid
	if avoid == nil {
		avoid = DefaultAvoidTerms
	}
	avoidREs := make([]*regexp.Regexp, len(avoid))
	for i, a := range avoid {
		avoidREs[i] = regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(a.Term) + `(s|ed|ing)?\b`)
	}
	used := map[string]bool{}
	for _, e := range s.entries {
		for _, src := range e.Sources {
			used[src.ID] = true
		}
		// Reading level.
		if g, long := readingGrade(e.Body); g > o.MaxGrade && countWords(e.Body) >= minGradedWords {
			ps.warn(e.File, e.bodyLine, "reading level is grade %.1f, above %.0f; use shorter sentences and everyday words. Longest: %s", g, o.MaxGrade, strings.Join(long, "; "))
		}
		// Stigmatising language, in what the bot says (title and answer).
		for i, re := range avoidREs {
			if loc := re.FindStringIndex(e.Title); loc != nil {
				ps.warn(e.File, e.titleLine, "%q can stigmatise; say %s", e.Title[loc[0]:loc[1]], avoid[i].Use)
			}
			for n, line := range strings.Split(e.Body, "\n") {
				for _, loc := range re.FindAllStringIndex(line, -1) {
					ps.warn(e.File, e.bodyLine+n, "%q can stigmatise; say %s", line[loc[0]:loc[1]], avoid[i].Use)
				}
			}
		}
		// Review dates.
		if due := e.Reviewed.Add(o.ReviewPeriod); o.Now.After(due) {
			ps.warn(e.File, 0, "last reviewed %s, more than %s ago; check the answer against its sources and update `reviewed`", e.Reviewed.Format(dateLayout), periodString(o.ReviewPeriod))
		}
		if !e.ReviewDue.IsZero() && o.Now.After(e.ReviewDue) {
			ps.warn(e.File, 0, "review_due %s has passed; review the answer and update `reviewed` and `review_due`", e.ReviewDue.Format(dateLayout))
		}
		if e.Reviewed.After(o.Now) {
			ps.warn(e.File, 0, "reviewed %s is in the future; use the date the answer was checked", e.Reviewed.Format(dateLayout))
		}
		// Collisions: a phrasing that another entry scores close to.
		for _, p := range e.Phrasings() {
			m := s.idx.Rank(s.Analyze(p))
			if len(m.Top) < 2 {
				continue
			}
			var own, other Suggestion
			for _, c := range m.Top {
				ce := s.entries[c.Doc]
				switch {
				case ce == e && own.Entry == nil:
					own = Suggestion{ce, c.Score}
				case ce != e && other.Entry == nil:
					other = Suggestion{ce, c.Score}
				}
			}
			if own.Entry == nil || other.Entry == nil {
				continue
			}
			if own.Score-other.Score < o.Match.Margin {
				ps.warn(e.File, 0, "phrasing %q is ambiguous: %s scores %.2f and %s scores %.2f (margin %.2f); make the phrasings of the two entries more distinct", p, e.ID, own.Score, other.Entry.ID, other.Score, o.Match.Margin)
			}
		}
	}
	for _, src := range s.sources {
		if !used[src.ID] {
			ps.warn(sourcesFile, 0, "source %q is not cited by any entry; cite it or remove it", src.ID)
		}
	}
	ps.ps.sort()
	return ps.ps
}

// minGradedWords is the shortest answer given a reading grade: the formula
// means little on a sentence or two.
const minGradedWords = 30

func countWords(s string) int { return len(strings.Fields(s)) }

func periodString(d time.Duration) string {
	if days := d.Hours() / 24; days >= 60 {
		return fmt.Sprintf("%.0f months", days/30.4)
	}
	return d.String()
}

var sentenceEnd = regexp.MustCompile(`[.!?]+(\s|$)|\n\s*\n|\n\s*[-*•]\s`)

// readingGrade returns the Flesch-Kincaid grade level of a Markdown text
// and its two longest sentences (shortened), for the moderator to rework.
func readingGrade(md string) (float64, []string) {
	text := strings.NewReplacer("**", "", "__", "", "*", "", "_", "", "`", "", "#", "").Replace(md)
	var sentences []string
	for _, s := range sentenceEnd.Split(text, -1) {
		if s = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "-*• ")); s != "" {
			sentences = append(sentences, s)
		}
	}
	var nWords, nSyll int
	type sized struct {
		text  string
		words int
	}
	var all []sized
	for _, s := range sentences {
		ws := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-' })
		n := 0
		for _, w := range ws {
			if strings.IndexFunc(w, unicode.IsLetter) < 0 {
				continue
			}
			n++
			nSyll += syllables(w)
		}
		nWords += n
		all = append(all, sized{s, n})
	}
	if nWords == 0 || len(sentences) == 0 {
		return 0, nil
	}
	grade := 0.39*float64(nWords)/float64(len(sentences)) + 11.8*float64(nSyll)/float64(nWords) - 15.59
	sort.SliceStable(all, func(i, j int) bool { return all[i].words > all[j].words })
	var long []string
	for _, s := range all[:min(2, len(all))] {
		long = append(long, fmt.Sprintf("%q (%d words)", shorten(s.text, 80), s.words))
	}
	return grade, long
}

// syllables estimates the syllables of an English word: groups of vowels,
// less a silent final e.
func syllables(w string) int {
	w = strings.ToLower(w)
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	return max(n, 1)
}

// CheckLinks fetches every source URL (HEAD, then GET when HEAD is refused)
// and reports each that is dead, times out or redirects elsewhere, as
// warnings against sources.yaml. client may set its own timeout; redirects
// are not followed, so they can be reported.
func CheckLinks(ctx context.Context, client *http.Client, sources []Source, timeout time.Duration) Problems {
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var (
		mu sync.Mutex
		ps problemList
		wg sync.WaitGroup
	)
	sem := make(chan struct{}, 4)
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			msg := checkLink(ctx, &c, src.URL, timeout)
			if msg == "" {
				return
			}
			mu.Lock()
			ps.warn(sourcesFile, 0, "source %q: %s", src.ID, msg)
			mu.Unlock()
		}()
	}
	wg.Wait()
	ps.ps.sort()
	sort.SliceStable(ps.ps, func(i, j int) bool { return ps.ps[i].Msg < ps.ps[j].Msg })
	return ps.ps
}

func checkLink(ctx context.Context, c *http.Client, url string, timeout time.Duration) string {
	do := func(method string) (*http.Response, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, method, url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", "faqbot-link-check/1")
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		return resp, nil
	}
	resp, err := do(http.MethodHead)
	if err != nil || resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotImplemented {
		resp, err = do(http.MethodGet)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%s did not answer within %s; check the link", url, timeout)
	case err != nil:
		return fmt.Sprintf("%s cannot be reached (%v); check the link", url, err)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Sprintf("%s redirects (%d) to %s; use the new address", url, resp.StatusCode, resp.Header.Get("Location"))
	case resp.StatusCode >= 400:
		return fmt.Sprintf("%s is dead (%d %s); find the page's new address or another source", url, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return ""
}
