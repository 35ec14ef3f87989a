package knowledge

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// The content rules of the shipped knowledge base (see
// shared/content/sources.md): words, sources, review dates and next steps.

// shippedCopy returns the shipped knowledge base as a MapFS, to add files to.
func shippedCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(DefaultFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(DefaultFS(), name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// topicSources maps each shipped entry to the sources whose "supports" row
// in shared/content/sources.md is about its topic. Every entry must cite
// at least one of them; a new entry needs a row here.
var topicSources = map[string][]string{
	"addiction-risk":       {"jhu-ketamine-2024"},
	"administration":       {"jhu-ketamine-2024", "ketalar-label", "nami-esketamine-2019", "spravato-rems", "fda-compounded-ketamine-2023"},
	"alternatives":         {"fda-moud", "hhs-moud", "nasem-moud-2019"},
	"at-home-ketamine":     {"fda-compounded-ketamine-2023", "spravato-rems"},
	"cravings-withdrawal":  {"jhu-ketamine-2024", "jones-2018-sud-review"},
	"effectiveness":        {"jhu-ketamine-2024", "jones-2018-sud-review"},
	"esketamine":           {"nami-esketamine-2019", "mhw-2020-esketamine", "jnj-spravato-mono-2025", "spravato-rems", "spravato-label"},
	"fda-approval":         {"ketalar-label", "fda-compounded-ketamine-2023", "fda-moud", "jhu-ketamine-2024"},
	"finding-help":         {"samhsa-helpline", "hhs-moud"},
	"future-research":      {"jhu-ketamine-2024", "jones-2018-sud-review"},
	"how-it-works":         {"jhu-ketamine-2024"},
	"naloxone-overdose":    {"cdc-naloxone", "samhsa-otc-naloxone", "samhsa-oorm", "asam-patient-guide-2025"},
	"overdose-after-break": {"psu-e2i-transitions", "nasem-moud-2019", "asam-patient-guide-2025"},
	"research-evidence":    {"jones-2018-sud-review"},
	"safety":               {"jhu-ketamine-2024", "sg-report-2016", "ketalar-label"},
	"side-effects":         {"jhu-ketamine-2024", "sg-report-2016", "ketalar-label"},
	"treatment-settings":   {"jhu-ketamine-2024"},
	"what-is-ketamine":     {"jhu-ketamine-2024", "ketalar-label", "sg-report-2016"},
	"bladder-kidney":       {"anderson-2022-kic", "sg-report-2016", "ketalar-label"},
	"cognitive-impairment": {"jhu-ketamine-2024"},
	"dependency":           {"jhu-ketamine-2024"},
	"hallucinations":       {"jhu-ketamine-2024"},
	"mixing-depressants":   {"ketalar-label", "sg-report-2016", "cdc-polysubstance", "asam-patient-guide-2025"},
	"mood-changes":         {"jhu-ketamine-2024"},
}

func TestEntriesCiteTheirTopic(t *testing.T) {
	snap := shipped(t)
	known := map[string]bool{}
	for _, s := range snap.Sources() {
		known[s.ID] = true
	}
	for id, srcs := range topicSources {
		if _, ok := snap.Entry(id); !ok {
			t.Errorf("topicSources has %s, which is not a shipped entry", id)
		}
		for _, s := range srcs {
			if !known[s] {
				t.Errorf("topicSources[%s] has %s, which is not in sources.yaml", id, s)
			}
		}
	}
	for _, e := range snap.Entries() {
		allowed, ok := topicSources[e.ID]
		if !ok {
			t.Errorf("%s: no row in topicSources; add the sources whose supports row is about its topic", e.File)
			continue
		}
		cites := false
		for _, s := range e.Sources {
			for _, a := range allowed {
				cites = cites || s.ID == a
			}
		}
		if !cites {
			t.Errorf("%s cites %v, none of them about its topic (%v)", e.File, sourceIDs(e.Sources), allowed)
		}
	}
}

func sourceIDs(srcs []Source) []string {
	var ids []string
	for _, s := range srcs {
		ids = append(ids, s.ID)
	}
	return ids
}

// The entries issue 11 asked for, with the ids and titles that other
// tests are written against.
func TestNewTopicEntries(t *testing.T) {
	snap := shipped(t)
	want := []struct{ file, title string }{
		{"faq/finding-help.md", "Where can I find treatment or help?"},
		// Not "…what should I do if someone overdoses on opioids?": today's
		// crisis check takes "overdoses" for an overdose happening now, and
		// the personal-advice check takes "should I do" for advice.
		{"faq/naloxone-overdose.md", "What is naloxone (Narcan), and what do you do in an opioid overdose?"},
		{"faq/at-home-ketamine.md", "Is at-home, compounded or online ketamine safe, and what should I ask a clinic?"},
		{"faq/overdose-after-break.md", "Why is overdose risk higher after a break from using?"},
		{"side-effects/mixing-depressants.md", "Is it dangerous to mix ketamine with opioids, alcohol or benzos?"},
		{"side-effects/bladder-kidney.md", "Can ketamine damage the bladder or kidneys?"},
	}
	byFile := map[string]*Entry{}
	for _, e := range snap.Entries() {
		byFile[e.File] = e
	}
	for _, w := range want {
		e, ok := byFile[w.file]
		if !ok {
			t.Errorf("%s is missing", w.file)
			continue
		}
		if e.Title != w.title {
			t.Errorf("%s: title %q, want %q", w.file, e.Title, w.title)
		}
		if len(e.Questions) < 5 {
			t.Errorf("%s has %d phrasings, want at least 5 in the shapes members write", w.file, len(e.Questions))
		}
		// Related links go both ways, so a member can get back.
		for _, rid := range e.Related {
			r, _ := snap.Entry(rid)
			if r != nil && !slicesContains(r.Related, e.ID) {
				t.Errorf("%s links to %s, which does not link back", e.ID, rid)
			}
		}
	}
	admin, _ := snap.Entry("administration")
	if admin == nil || !slicesContains(admin.Related, "at-home-ketamine") {
		t.Error("administration does not point to at-home-ketamine in related")
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// reviewed means an entry was checked against its sources; review_due says
// when to check it again, within the review period.
func TestReviewDates(t *testing.T) {
	for _, e := range shipped(t).Entries() {
		switch {
		case e.ReviewDue.IsZero():
			t.Errorf("%s has no review_due", e.File)
		case !e.ReviewDue.After(e.Reviewed):
			t.Errorf("%s: review_due %s is not after reviewed %s", e.File, e.ReviewDue.Format(dateLayout), e.Reviewed.Format(dateLayout))
		case e.ReviewDue.After(e.Reviewed.Add(365 * 24 * time.Hour)): // lint.DefaultReviewPeriod
			t.Errorf("%s: review_due %s is more than the review period after reviewed %s", e.File, e.ReviewDue.Format(dateLayout), e.Reviewed.Format(dateLayout))
		}
	}
}

// nextSteps are what a last paragraph can point to: a person, a line or
// an emergency number.
var nextSteps = []string{"prescriber", "doctor", "care team", "pharmacist", "Helpline", "FindTreatment.gov", "988", "911"}

// Every answer ends with a useful next step, not a dead end.
func TestAnswersEndWithNextStep(t *testing.T) {
	for _, e := range shipped(t).Entries() {
		paras := strings.Split(e.Body, "\n\n")
		last := paras[len(paras)-1]
		ok := false
		for _, s := range nextSteps {
			ok = ok || strings.Contains(last, s)
		}
		if !ok {
			t.Errorf("%s ends %q; end with a next step (one of %v)", e.File, last, nextSteps)
		}
	}
}

// Phrasings are shown in autocomplete, so they keep to the person-first
// words too (what members type goes in keywords).
func TestPhrasingsUsePersonFirstWords(t *testing.T) {
	snap := shipped(t)
	if snap.avoid == nil {
		t.Fatal("the shipped base has no language.yaml")
	}
	for _, a := range snap.avoid {
		re := a.Pattern()
		for _, e := range snap.Entries() {
			for _, p := range e.Phrasings() {
				if re.MatchString(p) {
					t.Errorf("%s: phrasing %q uses %q; say %s", e.File, p, a.Term, a.Use)
				}
			}
		}
	}
}

// The example questions in the no-match and help replies are entry titles,
// so each gets its own entry (a reworded example can land on another: "What
// other treatments for OUD are there?" got effectiveness).
func TestFixedReplyExamplesAreAnswered(t *testing.T) {
	snap := shipped(t)
	s := snap.Safety()
	n := 0
	for _, reply := range []string{s.NoMatch.Reply, s.Help.Reply} {
		for _, line := range strings.Split(reply, "\n") {
			q, ok := strings.CutPrefix(strings.TrimSpace(line), "- ")
			if !ok {
				continue
			}
			n++
			if r := snap.Answer(q, Options{}); r.Kind != KindAnswer || r.Entry.Title != q {
				t.Errorf("example %q gets %s; use an entry's title", q, r)
			}
		}
	}
	if n == 0 {
		t.Fatal("no example questions found in the no-match and help replies")
	}
}

// The no-match reply says kindly what is not covered and where to turn.
func TestNoMatchNamesWhatIsNotCovered(t *testing.T) {
	reply := shipped(t).Safety().NoMatch.Reply
	for _, want := range []string{"insurance", "pregnancy", "outside the U.S.", "prescriber", "1-800-662-4357"} {
		if !strings.Contains(reply, want) {
			t.Errorf("no-match reply lacks %q:\n%s", want, reply)
		}
	}
}

// The new topics are answered on questions in members' words that are not
// among the entries' phrasings.
func TestNewTopicsAnsweredInMembersWords(t *testing.T) {
	snap := shipped(t)
	tests := []struct{ q, id string }{
		{"where do i call to find rehab", "finding-help"},
		{"is there a number to call to find treatment", "finding-help"},
		{"does narcan reverse fentanyl", "naloxone-overdose"},
		{"how do u get narcan without a script", "naloxone-overdose"},
		{"do i need to stay with someone after using narcan", "naloxone-overdose"},
		{"is it safe to order ketamine online", "at-home-ketamine"},
		{"compounded ketamine from a telehealth company, safe?", "at-home-ketamine"},
		{"why do people overdose after getting out of prison", "overdose-after-break"},
		{"why is your tolerance lower after rehab", "overdose-after-break"},
		{"ketamine and booze", "mixing-depressants"},
		{"is k with benzos deadly", "mixing-depressants"},
		{"can ketamine hurt your bladder", "bladder-kidney"},
		{"ketamine kidney damage", "bladder-kidney"},
	}
	for _, tc := range tests {
		e, _ := snap.Entry(tc.id)
		for _, p := range e.Phrasings() {
			if strings.EqualFold(p, tc.q) {
				t.Fatalf("%q is a phrasing of %s; the test is for other wordings", tc.q, tc.id)
			}
		}
		if r := snap.Answer(tc.q, Options{}); r.Kind != KindAnswer || r.Entry.ID != tc.id {
			t.Errorf("Answer(%q) = %s, want answer %s", tc.q, r, tc.id)
		}
	}
}
