package knowledge

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/knowledge/text"
)

func TestAnswerKinds(t *testing.T) {
	snap := shipped(t)
	tests := []struct {
		q    string
		kind Kind
		id   string // for answers
	}{
		// Exact titles win, whatever the case and punctuation.
		{"IS KETAMINE ADDICTIVE???", KindAnswer, "addiction-risk"},
		{"<@123456789> side effects?", KindAnswer, "side-effects"},
		{"**is   ketamine  addictive** 🤔🤔", KindAnswer, "addiction-risk"},
		{"does k help with withdrawls", KindAnswer, "cravings-withdrawal"},
		{"is special k habit forming", KindAnswer, "addiction-risk"},
		{"what is spravato", KindAnswer, "esketamine"},
		{"ketamine halucinations", KindAnswer, "hallucinations"},
		// Crisis, direct, indirect, misspelt, abbreviated and disguised.
		{"I want to end my life", KindCrisis, ""},
		{"i dont want to be here anymore", KindCrisis, ""},
		{"thinking about ending it all", KindCrisis, ""},
		{"kms", KindCrisis, ""},
		{"im feeling su1cidal", KindCrisis, ""},
		{"I want to k i l l myself", KindCrisis, ""},
		{"my friend is 0verdosing", KindCrisis, ""},
		{"my bf od'd and wont wake up", KindCrisis, ""},
		{"he's not breathing and his lips are blue", KindCrisis, ""},
		{"I think I took too much", KindCrisis, ""},
		{"suіcidal", KindCrisis, ""}, // Cyrillic і
		{"sui\u200bcide", KindCrisis, ""},
		{"someone is overdosing next to me", KindCrisis, ""},
		{"im done with life", KindCrisis, ""},
		{"i cant take it anymore", KindCrisis, ""},
		{"no point in living", KindCrisis, ""},
		{"i just want it all to stop", KindCrisis, ""},
		{"goodbye everyone", KindCrisis, ""},
		{"my bf is nodding out and wont respond", KindCrisis, ""},
		{"i shot up too much", KindCrisis, ""},
		{"friend is having a seizure after using", KindCrisis, ""},
		{"everyone would be better off without me", KindCrisis, ""},
		{"we need narcan now", KindCrisis, ""},
		// Misspelt crisis words.
		{"im feeling suicdal", KindCrisis, ""},
		{"i want to kill mysefl", KindCrisis, ""},
		{"my friend is overdoseing", KindCrisis, ""},
		{"my bf isnt breathin", KindCrisis, ""},
		{"he is unresponsve", KindCrisis, ""},
		{"i want to end my lfe", KindCrisis, ""},
		// Crisis is checked before anything else.
		{"should I stop my meds, I want to die", KindCrisis, ""},
		// Personal advice.
		{"how many mg of ketamine should i take", KindPersonalAdvice, ""},
		{"should I switch from methadone", KindPersonalAdvice, ""},
		{"can I combine ketamine with my prescriptions", KindPersonalAdvice, ""},
		{"is it ok to stop taking suboxone", KindPersonalAdvice, ""},
		{"can i drink on vivitrol", KindPersonalAdvice, ""},
		{"is 2mg of subs enough", KindPersonalAdvice, ""},
		// Help.
		{"hello", KindHelp, ""},
		{"hi! what can you do?", KindHelp, ""},
		{"", KindHelp, ""},
		{"   \t\n ", KindHelp, ""},
		// Education about overdose is not a crisis in progress.
		{"what is ketamine", KindAnswer, "what-is-ketamine"},
	}
	for _, tc := range tests {
		r := snap.Answer(tc.q, Options{})
		if r.Kind != tc.kind || tc.id != "" && (r.Entry == nil || r.Entry.ID != tc.id) {
			t.Errorf("Answer(%q) = %s (%s), want %s %s", tc.q, r, r.Why.Reason, tc.kind, tc.id)
		}
		if r.Disclaimer == "" {
			t.Errorf("Answer(%q) has no disclaimer", tc.q)
		}
	}
}

// Other drugs and conditions are not answered with a ketamine entry: the
// reply is "I don't have that yet", or "Did you mean…" when an entry is
// close, and either way it says what is not covered (or, closest to a
// topic not-covered.yaml does not name, records it under that topic).
func TestOtherConditionsAreNotAnswered(t *testing.T) {
	snap := shipped(t)
	for _, q := range []string{
		"side effects of prednisone",
		"is caffeine addictive",
		"how is the shingles vaccine given",
		"is there a treatment for shingles",
		"does weed help with opioid withdrawal",
		"vitamin d deficiency symptoms",
	} {
		r := snap.Answer(q, Options{})
		if r.Kind != KindNoMatch && r.Kind != KindSuggestions || r.Topic == "" && r.Why.NotCovered == "" {
			t.Errorf("Answer(%q) = %s, topic %q (%s), want no_match or suggestions naming what is not covered, or recorded under a not-covered topic", q, r, r.Topic, r.Why.Reason)
		}
	}
}

// A question about a medicine or drug that no entry speaks of is not
// answered with the closest entry, and the reply names it: the substance
// list (knowledge/text) knows thousands the knowledge base never will.
func TestAnswerNamesTheSubstanceNotCovered(t *testing.T) {
	snap := shipped(t)
	for q, want := range map[string]string{
		"can you take ketamine with zoloft":    "zoloft",
		"side effects of aspirin":              "aspirin",
		"does tramadol cause hallucinations":   "tramadol",
		"is gabapentin addictive like opioids": "gabapentin",
		"how is insulin administered":          "insulin",
	} {
		r := snap.Answer(q, Options{})
		// Closest to a not-covered topic ("other drugs and treatments"),
		// the reply names that topic instead.
		named := strings.Contains(r.Topic, want) || r.Why.NotCovered != "" && r.Topic == r.Why.NotCovered
		// The personal-advice reply ("ask your prescriber") is no answer
		// either: it shows no entry that lacks the substance.
		if r.Kind == KindPersonalAdvice && r.Entry == nil {
			continue
		}
		if r.Kind == KindAnswer || !named {
			t.Errorf("Answer(%q) = %s, topic %q (%s); want no answer, naming %s or its not-covered topic", q, r, r.Topic, r.Why.Reason, want)
		}
	}
	// One the entries do speak of is answered.
	if r := snap.Answer("can you mix ketamine and xanax", Options{}); r.Kind != KindAnswer || r.Entry.ID != "mixing-depressants" {
		t.Errorf("Answer(can you mix ketamine and xanax) = %s (%s), want mixing-depressants", r, r.Why.Reason)
	}
}

// An entry answers a question that names a subject word only if it speaks
// of that subject too.
func TestAnswerSpeaksOfTheSubjectAsked(t *testing.T) {
	snap := shipped(t)
	for _, q := range []string{"side effects of suboxone", "is methadone addictive"} {
		r := snap.Answer(q, Options{})
		if r.Entry != nil && (r.Entry.ID == "side-effects" || r.Entry.ID == "addiction-risk") {
			t.Errorf("Answer(%q) = %s: a ketamine entry that does not speak of the medicine asked about", q, r)
		}
	}
}

func TestAnswerCarriesWhatTheReaderNeeds(t *testing.T) {
	snap := shipped(t)
	r := snap.Answer("Is ketamine FDA-approved for treating opioid use disorder?", Options{Disclaimer: "Custom disclaimer."})
	if r.Kind != KindAnswer || r.Entry.ID != "fda-approval" || r.Score != 1 {
		t.Fatalf("Answer = %s, want an exact answer fda-approval", r)
	}
	if got, want := r.Disclaimer, "Custom disclaimer."; got != want {
		t.Errorf("Disclaimer = %q, want %q", got, want)
	}
	if len(r.Entry.Sources) == 0 || r.Entry.Sources[0].URL == "" || r.Entry.Reviewed.IsZero() {
		t.Errorf("answer lacks sources or reviewed date: %+v", r.Entry)
	}
	c := snap.Answer("I want to end my life", Options{})
	if c.Crisis == nil || len(c.Crisis.Resources) == 0 || c.Entry != nil || c.Text == "" {
		t.Errorf("crisis reply = %+v, want resources and no entry", c)
	}
	n := snap.Answer("how do I fix my bike chain", Options{})
	if n.Kind != KindNoMatch || !strings.Contains(strings.ToLower(n.Text), "ketamine") {
		t.Errorf("no_match reply = %s %q, want one that says what the bot covers", n, n.Text)
	}
}

func TestThresholdsDecide(t *testing.T) {
	snap := shipped(t)
	q := "ketamine clinics near me"
	strict := snap.Answer(q, Options{Threshold: 0.999, SuggestThreshold: 0.999})
	if strict.Kind != KindNoMatch {
		t.Errorf("with a 0.999 threshold Answer(%q) = %s, want no_match", q, strict)
	}
	loose := snap.Answer(q, Options{Threshold: 0.01, SuggestThreshold: 0.005, Margin: 0.0001})
	if loose.Kind != KindAnswer {
		t.Errorf("with a 0.01 threshold Answer(%q) = %s, want answer", q, loose)
	}
	if loose.Why.Threshold != 0.01 || loose.Why.BestID == "" {
		t.Errorf("Why = %+v, want the threshold and best entry", loose.Why)
	}
}

// Bad input never crashes and always gets a reply.
func TestAnswerBadInput(t *testing.T) {
	snap := shipped(t)
	for _, q := range []string{
		"",
		strings.Repeat("ketamine ", 20000/9),
		strings.Repeat("a", 20000),
		"\xff\xfe\xfd is ketamine addictive",
		"is\x00ketamine\x07addictive\x1b[31m",
		"is\u200b\u200c\u200dketamine\u2066 addictive\u202e",
		strings.Repeat("🤔", 5000),
		"<@&123><#456><:emoji:789><a:dance:1>",
	} {
		r := snap.Answer(q, Options{})
		if r.Kind == "" || r.Disclaimer == "" {
			t.Errorf("Answer(%.40q) = %+v, want a reply with a disclaimer", q, r)
		}
	}
}

func TestComplete(t *testing.T) {
	snap := shipped(t)
	all := snap.Complete("")
	if len(all) == 0 || len(all) > MaxChoices {
		t.Fatalf("Complete(\"\") = %d choices, want 1..%d", len(all), MaxChoices)
	}
	got := snap.Complete("addic")
	if len(got) == 0 || got[0].ID != "addiction-risk" && got[0].ID != "dependency" {
		t.Errorf("Complete(%q) = %v, want addiction-risk or dependency first", "addic", got)
	}
	got = snap.Complete("is ketamine FDA aproved") // not a subsequence: falls back to words
	if len(got) == 0 || got[0].ID != "fda-approval" {
		t.Errorf("Complete(misspelt) = %v, want fda-approval first", got)
	}
	long := snap.Complete(strings.Repeat("ketamine ", 200))
	for _, c := range append(all, long...) {
		if n := len([]rune(c.Name)); n > 100 || n == 0 {
			t.Errorf("choice %q is %d characters, want 1..100", c.Name, n)
		}
	}
}

// The no-match reply names what is not covered only with dictionary words
// and substance names: it never repeats a made-up word, a name or a word
// the language list says to avoid, which a member could use to make a
// public reply say it.
// The shipped vocabulary knows the everyday words of other Englishes and of
// chat: they name no topic, so a question in Scots is not "about" them.
func TestShippedVocabularyReadsOtherEnglishes(t *testing.T) {
	snap := shipped(t)
	q := snap.Analyze("whit dae ye ken aboot it, ye cannae tell fae the gp, ngl. mi nuh know wah dem did bout it, ion know fr")
	for _, tm := range q.Terms {
		if tm.Kind != text.Filler && tm.Canon != "gp" {
			t.Errorf("term %q is %v, want filler", tm.Canon, tm.Kind)
		}
	}
	if r := snap.Answer("why's it riskier after a wee break fae using", Options{}); strings.Contains(r.Topic, "whys") || strings.Contains(r.Topic, "fae") {
		t.Errorf("Answer names %q as not covered (%s)", r.Topic, r)
	}
}

// When a crisis rule fires but the router stops short of a crisis, the
// reply carries the emergency numbers and does not name the words of
// danger as a topic the knowledge base lacks.
func TestSafetyNoteNamesNoTopic(t *testing.T) {
	snap := shipped(t)
	r := snap.Answer("is ketamine safe with suboxone? not really a question but i scheduled goodbye texts for 6am", Options{})
	if r.Kind == KindCrisis {
		t.Skip("the router now calls this a crisis: the test needs a message it only notes")
	}
	if r.Note == "" || r.Why.Signal == "" {
		t.Fatalf("Answer = %s, note %q, signal %q: want the safety note from a crisis rule", r, r.Note, r.Why.Signal)
	}
	if r.Topic != "" || strings.Contains(r.Text, "goodbye") {
		t.Errorf("Answer names %q as not covered: %q", r.Topic, r.Text)
	}
}

func TestNoMatchNamesOnlyRealWords(t *testing.T) {
	snap := shipped(t)
	for _, q := range []string{"does ketamine help zqxmark", "ketamine and glorbfest pregnancy", "is ketamine ok for a junkie", "what do junkies eat", "are addicts allowed in the clinic"} {
		r := snap.Answer(q, Options{})
		for _, bad := range []string{"zqxmark", "glorbfest", "junkie", "addict"} {
			if strings.Contains(r.Text+r.Topic, bad) {
				t.Errorf("Answer(%q) = %s repeats %q: %q", q, r, bad, r.Text)
			}
		}
	}
	if r := snap.Answer("ketamine and glorbfest pregnancy", Options{}); !strings.Contains(r.Topic, "pregnancy") {
		t.Errorf("Answer(ketamine and glorbfest pregnancy) = %s, topic %q (%s); want pregnancy named", r, r.Topic, r.Why.Reason)
	}
}

// Ranking the same question gives the same result every time: what an
// entry lacks, which a no-match reply names, was once picked in map order
// when two sentences of a question covered an entry equally well.
func TestRankIsDeterministic(t *testing.T) {
	snap := shipped(t)
	q := snap.Analyze("a guy on youtube says he went to mexico for one ibogaine treatment and was cured of heroin addiction. is ibogaine a real thing or dangerous?")
	first := fmt.Sprint(snap.idx.Rank(q).Top)
	for range 30 {
		if got := fmt.Sprint(snap.idx.Rank(q).Top); got != first {
			t.Fatalf("ranking changed between runs:\n%s\n%s", first, got)
		}
	}
}

// A message that asks two things, one of them an entry's exact title, gets
// that entry: an exact match is full confidence, and was once read as
// none, so the two-question rule dropped it.
func TestOneOfTwoTakesAnExactQuestion(t *testing.T) {
	snap := shipped(t)
	r := snap.Answer("is ketamine addictive? and what do you think of my dog", Options{})
	if r.Kind != KindAnswer || r.Entry == nil || r.Entry.ID != "addiction-risk" {
		t.Errorf("Answer = %s, want addiction-risk", r)
	}
	if e := snap.Answer("Is ketamine addictive?", Options{}); e.Why.Confidence != 1 {
		t.Errorf("an exact title: confidence %v, want 1", e.Why.Confidence)
	}
}

// Chat spellings are ordinary words, not names the knowledge base lacks:
// they do not stop a question that does not name ketamine ("does it have
// downsides") from being matched.
func TestChatSpellingsAreNotUnknown(t *testing.T) {
	snap := shipped(t)
	q := snap.Analyze("wud it mess w my bfs head? drs say its fine but idk, shud i ask again tysm")
	for _, tm := range q.Terms {
		if tm.Kind == text.Unknown {
			t.Errorf("%q is unknown", tm.Canon)
		}
	}
}

// A name split by voice-to-text is read whole when its pieces spell it
// exactly; everyday words that happen to spell an English word together
// are not joined ("for getting" is not "forgetting").
func TestSplitNamesJoin(t *testing.T) {
	snap := shipped(t)
	for q, want := range map[string]string{
		"what is nar can and how do you use it":                           "naloxone-overdose",
		"what else is out there besides ketamine for getting off opioids": "alternatives",
	} {
		if r := snap.Answer(q, Options{}); r.Kind != KindAnswer || r.Entry.ID != want {
			t.Errorf("Answer(%q) = %s (%s), want %s", q, r, r.Why.Reason, want)
		}
	}
}
