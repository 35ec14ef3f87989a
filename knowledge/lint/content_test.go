package lint

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/faqbot/faqbot/internal/kbtest"
	"github.com/faqbot/faqbot/knowledge"
)

// The fixture knowledge base is kbtest's, shared with other packages' tests.
const (
	goodEntry   = kbtest.Entry
	otherEntry  = kbtest.Other
	goodSources = kbtest.Sources
	goodSafety  = kbtest.Safety
)

// testKB returns a small clean knowledge base; edit its files to break it.
func testKB() fstest.MapFS { return kbtest.KB() }

func setFile(name, data string) func(fstest.MapFS) {
	return func(m fstest.MapFS) { m[name] = &fstest.MapFile{Data: []byte(data)} }
}

// testNow is the date the content checks run on in tests.
var testNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func lintKB(t *testing.T, edit func(fstest.MapFS)) knowledge.Problems {
	t.Helper()
	fsys := testKB()
	if edit != nil {
		edit(fsys)
	}
	snap, probs, err := knowledge.Load(fsys, knowledge.LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	return Content(snap, Options{Now: testNow})
}

func wantWarning(t *testing.T, probs knowledge.Problems, file string, line int, text string) {
	t.Helper()
	for _, p := range probs {
		if p.Severity == knowledge.Warning && p.File == file && (line == 0 || p.Line == line) && strings.Contains(p.Msg, text) {
			return
		}
	}
	t.Errorf("warnings = %v\nwant one in %s:%d containing %q", probs, file, line, text)
}

func TestContentClean(t *testing.T) {
	if probs := lintKB(t, nil); len(probs) > 0 {
		t.Errorf("Content of a clean base = %v", probs)
	}
}

func TestContentReadingLevel(t *testing.T) {
	hard := "Pharmacological interventions utilizing N-methyl-D-aspartate receptor antagonism demonstrate considerable heterogeneity regarding therapeutic efficacy across methodologically diverse investigations."
	probs := lintKB(t, setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is a medicine used for anesthesia.", hard+" "+hard, 1)))
	wantWarning(t, probs, "faq/other.md", 6, "reading level is grade")
	wantWarning(t, probs, "faq/other.md", 6, "Pharmacological interventions")
}

func TestContentStigma(t *testing.T) {
	probs := lintKB(t, setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is a medicine used for anesthesia.", "It is a medicine.\nSome addicts stay clean.", 1)))
	wantWarning(t, probs, "faq/other.md", 7, `"addicts" can stigmatise; say "person with OUD"`)
	wantWarning(t, probs, "faq/other.md", 7, `"clean" can stigmatise`)
	// A knowledge base can replace the list.
	probs = lintKB(t, func(m fstest.MapFS) {
		setFile("faq/other.md", strings.Replace(otherEntry, "Ketamine is a medicine used for anesthesia.", "Addicts and a frobnicator.", 1))(m)
		m["language.yaml"] = &fstest.MapFile{Data: []byte("avoid:\n  - term: frobnicator\n    use: person\n")}
	})
	wantWarning(t, probs, "faq/other.md", 6, `"frobnicator" can stigmatise; say person`)
	for _, p := range probs {
		if strings.Contains(p.Msg, "Addicts") && strings.Contains(p.Msg, "stigmatise") {
			t.Errorf("replaced list still flags %q", p.Msg)
		}
	}
}

func TestContentReviewDates(t *testing.T) {
	probs := lintKB(t, setFile("faq/other.md", strings.Replace(otherEntry, "reviewed: 2026-11-25", "reviewed: 2024-01-02\nreview_due: 2025-01-01", 1)))
	wantWarning(t, probs, "faq/other.md", 4, "last reviewed 2024-01-02, more than 12 months ago")
	wantWarning(t, probs, "faq/other.md", 5, "review_due 2025-01-01 has passed")
}

// The collision warning says what the bot does with the phrasing worded a
// little differently: here, with a wide margin, "Did you mean…".
func TestContentCollisions(t *testing.T) {
	fsys := testKB()
	setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: What is ketamine?\nquestions: [ketamine habit forming]", 1))(fsys)
	snap, _, err := knowledge.Load(fsys, knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wide := knowledge.Options{Margin: 0.7}
	probs := Content(snap, Options{Now: testNow, Match: wide})
	wantWarning(t, probs, "faq/other.md", 3, `phrasing "ketamine habit forming" is ambiguous: worded a little differently ("so ketamine habit forming") it gets "Did you mean…" (other`)
	// What the warning says is what the bot does.
	if r := snap.Answer("so ketamine habit forming", wide); r.Kind != knowledge.KindSuggestions {
		t.Errorf("Answer(so ketamine habit forming) = %s, want suggestions as the warning says", r)
	}
	if probs := Content(snap, Options{Now: testNow}); len(probs) > 0 {
		t.Errorf("with the default margin Content = %v, want none", probs)
	}
	if r := snap.Answer("so ketamine habit forming", knowledge.Options{}); r.Kind != knowledge.KindAnswer || r.Entry.ID != "other" {
		t.Errorf("with the default margin Answer(so ketamine habit forming) = %s, want other, as no warning says", r)
	}
}

// The probe must not change how a phrasing scores, only stop the exact
// match: otherwise the collision check would describe another question.
func TestCollisionProbeOnlyStopsTheExactMatch(t *testing.T) {
	snap, _, err := knowledge.Load(testKB(), knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"can you get hooked on ketamine", "What is ketamine?"} {
		exact := snap.Answer(q, knowledge.Options{})
		probed := snap.Answer(collisionProbe+q, knowledge.Options{})
		if exact.Why.Reason == probed.Why.Reason || probed.Entry != exact.Entry {
			t.Errorf("Answer(%q) = %s (%s), Answer(probe) = %s (%s); want the same entry by scoring, not by the exact match", q, exact, exact.Why.Reason, probed, probed.Why.Reason)
		}
	}
}

func TestContentUnusedSource(t *testing.T) {
	probs := lintKB(t, setFile("sources.yaml", goodSources+"spare:\n  title: Spare\n  year: 2020\n  url: https://example.org/\n"))
	wantWarning(t, probs, "sources.yaml", 0, `source "spare" is not cited by any entry`)
}

// What Discord would cut or not show is reported.
func TestContentDisplay(t *testing.T) {
	long := "Is it true that ketamine, given in a clinic under the care of a doctor, can help with the cravings of opioid withdrawal?"
	probs := lintKB(t, func(m fstest.MapFS) {
		setFile("faq/other.md", strings.Replace(otherEntry, "title: What is ketamine?", "title: "+long+"\nrelated: [a, b, c, d, e, addictive]", 1))(m)
		for _, id := range []string{"a", "b", "c", "d", "e"} {
			setFile("faq/"+id+".md", "---\ntitle: Question "+id+" about naltrexone?\nsources: [jhu]\nreviewed: 2026-11-25\n---\nAn answer about naltrexone "+id+".\n")(m)
		}
	})
	wantWarning(t, probs, "faq/other.md", 2, "the title is 120 characters; Discord cuts it to 80")
	wantWarning(t, probs, "faq/other.md", 3, "6 related entries, but the answer has buttons for only the first 5; addictive will not be shown")

	snap, _, _ := knowledge.Load(testKB(), knowledge.LoadOptions{})
	one := func([]knowledge.Source) int { return 0 }
	wantWarning(t, Content(snap, Options{Now: testNow, Display: Display{SourcesShown: one}}), "faq/addictive.md", 6, "room for 0 of the 1 sources")
}

func TestContentLinksInAnswers(t *testing.T) {
	probs := lintKB(t, setFile("faq/other.md", strings.Replace(otherEntry, "used for anesthesia.", "used for anesthesia.\nSee https://example.org/ketamine or www.example.com.", 1)))
	wantWarning(t, probs, "faq/other.md", 7, "the answer links to https://example.org/ketamine")
	wantWarning(t, probs, "faq/other.md", 7, "the answer links to www.example.com")
}

func TestLinks(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/get-only", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	sources := []knowledge.Source{{ID: "ok", URL: srv.URL + "/ok"}, {ID: "get-only", URL: srv.URL + "/get-only"}, {ID: "moved", URL: srv.URL + "/moved"}, {ID: "gone", URL: srv.URL + "/gone"}, {ID: "slow", URL: srv.URL + "/slow"}, {ID: "nohost", URL: "http://127.0.0.1:1/x"}}
	probs := Links(context.Background(), srv.Client(), sources, 300*time.Millisecond)
	wantWarning(t, probs, "sources.yaml", 0, `source "moved": `+srv.URL+`/moved redirects (301) to /ok`)
	wantWarning(t, probs, "sources.yaml", 0, `source "gone": `+srv.URL+`/gone is dead (404 Not Found)`)
	wantWarning(t, probs, "sources.yaml", 0, `source "slow": `+srv.URL+`/slow did not answer within 300ms`)
	wantWarning(t, probs, "sources.yaml", 0, `source "nohost": http://127.0.0.1:1/x cannot be reached`)
	if len(probs) != 4 {
		t.Errorf("Links = %v, want 4 warnings (ok and get-only are fine)", probs)
	}
}

func TestReadingGrade(t *testing.T) {
	easy, _ := readingGrade("The cat sat. It was fun.")
	hard, long := readingGrade("Pharmacological interventions demonstrate considerable heterogeneity regarding therapeutic efficacy.")
	if easy > 3 || hard < 12 || len(long) != 1 {
		t.Errorf("readingGrade easy = %.1f, hard = %.1f (%v); want easy ≤ 3, hard ≥ 12", easy, hard, long)
	}
}

// shippedCopy returns the built-in knowledge base as a MapFS to change.
func shippedCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(knowledge.DefaultFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(knowledge.DefaultFS(), name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The shipped language.yaml warns about each of these words, in each form,
// wherever an answer says them.
func TestShippedLanguageList(t *testing.T) {
	words := []string{
		"abuse", "abuses", "abused", "abusing", "abuser", "abusers",
		"drug seeking", "drug-seeking", "drug seeker",
		"alcoholic", "alcoholics",
		"user", "users", "drug user",
		"addict", "addicts", "junkie", "clean", "drug habit",
	}
	m := shippedCopy(t)
	var body strings.Builder
	for _, w := range words {
		body.WriteString("Some text says " + w + " here.\n")
	}
	m["faq/zz-words.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Which words are these?\nsources: [jhu-ketamine-2024]\nreviewed: 2026-12-01\n---\n" + body.String())}
	snap, probs, err := knowledge.Load(m, knowledge.LoadOptions{})
	if err != nil || len(probs) > 0 {
		t.Fatalf("Load = %v, %v", probs, err)
	}
	found := map[int]string{} // line → warning
	for _, p := range Content(snap, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}) {
		if p.File == "faq/zz-words.md" && strings.Contains(p.Msg, "can stigmatise") {
			found[p.Line] = p.Msg
		}
	}
	for i, w := range words {
		line := 6 + i
		msg, ok := found[line]
		if !ok {
			t.Errorf("%q (faq/zz-words.md:%d): no warning", w, line)
			continue
		}
		if !strings.Contains(msg, "say ") {
			t.Errorf("%q: warning %q does not say what to use instead", w, msg)
		}
	}
}

// A review date is in the future only when it is after today everywhere:
// a moderator east of UTC who saves an edit writes tomorrow's UTC date.
func TestReviewedInTheFuture(t *testing.T) {
	noon := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) // already the 2nd in New Zealand
	future := func(date string) bool {
		fsys := testKB()
		setFile("faq/other.md", strings.Replace(otherEntry, "reviewed: 2026-11-25", "reviewed: "+date, 1))(fsys)
		snap, _, err := knowledge.Load(fsys, knowledge.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(fmt.Sprint(Content(snap, Options{Now: noon})), "in the future")
	}
	if future("2026-12-01") || future("2026-12-02") {
		t.Error("today's date somewhere east of UTC is warned about as the future")
	}
	if !future("2026-12-09") {
		t.Error("a date a week ahead is not warned about")
	}
}
