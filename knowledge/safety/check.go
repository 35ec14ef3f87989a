package safety

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/faqbot/faqbot/knowledge/text"
)

// An Outcome is what the safety router decided.
type Outcome int

// The outcomes. A crisis is checked first, then help, then personal
// advice.
const (
	// None: an ordinary message; answer it from the knowledge base.
	None Outcome = iota
	// Help: the message asks what the bot is or how to use it.
	Help
	// Personal: the message asks for advice about someone's own medicine
	// (doses, starting, stopping, switching, combining).
	Personal
	// Crisis: someone may be in danger now. The reply is the crisis
	// resources at once, and nothing else.
	Crisis
)

func (o Outcome) String() string {
	switch o {
	case Help:
		return "help"
	case Personal:
		return "personal_advice"
	case Crisis:
		return "crisis"
	}
	return "none"
}

// A Decision is the safety router's verdict on one message. It holds no
// message text.
type Decision struct {
	Outcome Outcome
	// Note is set when the message touches risk (overdose, naloxone,
	// suicide, mixing depressants) without saying it is happening now:
	// the normal reply goes out with one short line of emergency numbers.
	// It is never set with Crisis.
	Note bool
	// Concept is the crisis concept that decided (for Crisis), or that a
	// Note was raised for.
	Concept Concept
	// Rules are the names of the rules that fired, strongest first.
	Rules []string
	// Score is the crisis score: 1 or more is a crisis.
	Score float64
	// PersonalRule is set for Personal when a personal-advice rule fired,
	// not only the model; PersonalProb is the model's probability.
	PersonalRule bool
	PersonalProb float64
}

// fired reports whether a rule of concept c is among d.Rules.
func (d Decision) fired(c Concept) bool {
	for _, name := range d.Rules {
		for i := range rules {
			if rules[i].name == name && rules[i].concept == c {
				return true
			}
		}
	}
	return false
}

// Check decides what the message q is: a crisis first, then help, then a
// request for personal medical advice, else nothing; with a safety note
// for a message that touches risk without being a crisis. It is safe for
// concurrent use.
func Check(q *text.Query) Decision {
	m := newMessage(q)
	d := m.crisis()
	if d.Outcome == Crisis && (m.trusted() || m.shortStatement() || m.preparing()) {
		return d
	}
	d.Outcome = None
	if len(m.words) == 0 {
		d.Outcome = Help // an empty message: say what the bot does
		return d
	}
	fs := m.features()
	p := crisisModel.prob(fs)
	rulePersonal := m.personal()
	if d.Score == 0 && p < personalVeto && rulePersonal {
		// No crisis rule fired, and the personal-advice rules read a
		// question about one's own medicine ("can i just quit my tramadol
		// all at once"): the model alone is not sure enough to overrule
		// them. The numbers go above the reply when it is close.
		d.Note = d.Note || p >= noteThreshold || m.windowProb() >= noteThreshold
	} else if len(m.words) < minModelWords && d.Score < 1-1e-9 && p >= modelThreshold {
		// One word is too little for the model alone: "side", typed on
		// the way to "side effects", looks like "suicide" to its letter
		// groups. The emergency numbers go above the reply instead.
		d.Note = true
	} else if p >= modelThreshold || d.Score >= 1-1e-9 && p >= supportThreshold {
		d.Outcome, d.Note = Crisis, false
		d.Rules = append(d.Rules, learnedRule)
		if d.Concept == "" {
			d.Concept = Learned
		}
		return d
	} else if w := m.windowProb(); w >= windowThreshold {
		// A crisis told at the end of a long story ("...the letters are
		// written and I mean to do it tonight") is diluted by the rest of
		// it: its riskiest sentence or two decide, at their own threshold.
		d.Outcome, d.Note = Crisis, false
		d.Rules = append(d.Rules, learnedWindowRule)
		if d.Concept == "" {
			d.Concept = Learned
		}
		return d
	} else if p >= noteThreshold || w >= noteThreshold || d.Score >= 1-1e-9 {
		// Not sure, or the rules say crisis and the model does not agree:
		// the emergency numbers go above the reply.
		d.Note = true
	}
	switch {
	case m.help():
		d.Outcome = Help
	case rulePersonal:
		d.Outcome, d.PersonalRule = Personal, true
	default:
		if pp := personalModel.prob(fs); pp >= personalThreshold {
			d.Outcome, d.PersonalProb = Personal, pp
		}
	}
	return d
}

// personalVeto is the crisis model's probability below which it does not
// overrule the personal-advice rules when no crisis rule fired.
const personalVeto = 0.9

// minModelWords is the fewest words a message needs for the model alone
// to call it a crisis: a single word needs a rule ("kms", "suicidal",
// "goodbye" have theirs). No single-word crisis message of the bank
// needed the model.
const minModelWords = 2

// learnedRule names the learned model among a decision's rules, and
// learnedWindowRule the model reading one or two sentences of a message.
const (
	learnedRule       = "learned-model"
	learnedWindowRule = "learned-model-sentence"
)

// windowFeatures returns the features of each sentence of q, and of each
// two adjacent sentences, of a message with more than one; windows of
// fewer than minModelWords words are left out.
func windowFeatures(q *text.Query) [][]uint32 { return someWindowFeatures(q, nil) }

// someWindowFeatures is windowFeatures without the windows skip reports.
func someWindowFeatures(q *text.Query, skip func(i, n int) bool) [][]uint32 {
	if len(q.Sentences) < 2 {
		return nil
	}
	var out [][]uint32
	for i := range q.Sentences {
		for n := 1; n <= 2 && i+n <= len(q.Sentences); n++ {
			if skip != nil && skip(i, n) {
				continue
			}
			var parts []string
			for _, s := range q.Sentences[i : i+n] {
				parts = append(parts, q.Text(s))
			}
			m := newMessage(text.Analyze(strings.Join(parts, ". ")))
			if len(m.words) < minModelWords {
				continue
			}
			m.crisis()
			out = append(out, m.features())
		}
	}
	return out
}

// windowProb is the crisis model's highest probability for a sentence of
// q, or two in a row; 0 for a message of one sentence.
func (m *message) windowProb() float64 {
	var p float64
	for _, fs := range someWindowFeatures(m.q, m.toldOnly) {
		p = max(p, crisisModel.prob(fs))
	}
	return p
}

// toldOnly reports whether sentences i to i+n-1 are all told of a film,
// a song or a lesson (cMedia): read alone, "is it just pinpoint pupils and
// slow breathing" looks like an overdose, but after "they covered overdose
// at my first aid refresher" it is a question about the course.
func (m *message) toldOnly(i, n int) bool {
	for _, c := range m.ctx[i : i+n] {
		if c&cMedia == 0 {
			return false
		}
	}
	return true
}

// noteThreshold is the crisis model's probability above which a message
// that is not a crisis still gets the safety note: when unsure, the
// emergency numbers are shown. It follows the crisis threshold, which
// cross-validation sets.
const noteThreshold = 0.6 * modelThreshold

// A message is a query prepared for the rules: its words tagged with the
// lexicon's classes once, and each sentence's context worked out once.
type message struct {
	q       *text.Query
	words   []string
	hits    [][]hit
	present classSet
	ctx     []int       // per sentence: the context flags that hold in it
	state   []ruleState // per crisis rule, once crisis has run
}

type ruleState uint8

const (
	ruleQuiet     ruleState = iota // did not match
	ruleFired                      // matched in a sentence whose context allows it
	ruleCancelled                  // matched, but only where the context cancels it
)

func newMessage(q *text.Query) *message {
	m := &message{q: q, words: make([]string, len(q.Words))}
	for i, w := range q.Words {
		m.words[i] = correct(unit(w.Plain))
	}
	m.hits, m.present = lex.tag(m.words)
	safe := m.present.has(lex.names["safe"])
	m.ctx = make([]int, len(q.Sentences))
	ownMedia := false // the sentence before names a film, a song, a lesson
	for i, s := range q.Sentences {
		m.ctx[i] = m.context(s, safe)
		if i > 0 && m.ctx[i-1]&cGeneral != 0 && m.fragment(s) {
			m.ctx[i] |= cGeneral // "what are the signs of an overdose? like blue lips?"
		}
		own := m.ctx[i]&cMedia != 0
		// "heard the new song? the bit about wanting to disappear…": the
		// sentence after one that names a song is still about it, unless
		// it says now. Only the one after: a story that mentions a song
		// goes on to other things ("…a 40 song catalog lmao. anyhow… my
		// buddy wont wake up").
		if ownMedia && !m.has(lex.names["selfnow"], s.Start, s.End) && !m.has(lex.names["nowmarker"], s.Start, s.End) && !m.has(lex.names["othernow"], s.Start, s.End) {
			m.ctx[i] |= cMedia
		}
		ownMedia = own
	}
	return m
}

// generalFrame reports whether s asks about anyone, or about something
// that might ever happen: "if ur friend ever…", "can a dog overdose…".
func (m *message) generalFrame(s text.Sentence) bool {
	for i := range generalPats {
		p := &generalPats[i]
		if m.present.covers(&p.need) && p.match(m.hits, s.Start, s.End) {
			return true
		}
	}
	return false
}

// fragment reports whether s is a short sentence that names nobody: it
// goes on with the sentence before it.
func (m *message) fragment(s text.Sentence) bool {
	if s.End-s.Start > 6 {
		return false
	}
	return !m.has(lex.names["self"], s.Start, s.End) && !m.has(lex.names["other"], s.Start, s.End) && !m.has(lex.names["person"], s.Start, s.End)
}

// has reports whether class c is found in words[from:to], wholly inside.
func (m *message) has(c int, from, to int) bool {
	if !m.present.has(c) {
		return false
	}
	for i := from; i < to; i++ {
		for _, h := range m.hits[i] {
			if h.class == c && i+h.n <= to {
				return true
			}
		}
	}
	return false
}

// context returns the context flags of sentence s.
func (m *message) context(s text.Sentence, safe bool) int {
	has := func(name string) bool { return m.has(lex.names[name], s.Start, s.End) }
	present := m.presentIn(s)
	f := 0
	if (has("past") || m.hasYear(s)) && !present {
		f |= cPast
	}
	if (has("general") || m.generalFrame(s)) && !has("nowmarker") && !has("selfnow") && !has("othernow") {
		f |= cGeneral
	}
	if (s.Laugh || has("joke") || has("trivial")) && !has("notjoke") {
		f |= cJoke
	}
	if has("media") && !has("sentmedia") || has("training") && !has("urgentnow") && !has("selfnow") && !has("othernow") {
		f |= cMedia
	}
	if safe {
		f |= cSafe
	}
	return f
}

// hasYear reports whether sentence s names a year before this one
// ("that was 2015"): a past marker.
func (m *message) hasYear(s text.Sentence) bool {
	for _, w := range m.words[s.Start:s.End] {
		if len(w) == 4 && (w[:2] == "19" || w[:2] == "20") && w >= "1950" && w < thisYear && isDigits(w) {
			return true
		}
	}
	return false
}

// thisYear is compared with the years a message names; a year before it
// is in the past. It is fixed at build time on purpose: the check must
// give the same verdict every day, and a message naming last year is
// about the past whenever it is read.
const thisYear = "2026"

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// presentIn reports whether sentence s says something is happening now:
// "again", "tonight", "rn". A "now" in "im ok now" or "now clean" does not
// count.
func (m *message) presentIn(s text.Sentence) bool {
	c := lex.names["present"]
	for i := s.Start; i < s.End; i++ {
		for _, h := range m.hits[i] {
			if h.class != c || i+h.n > s.End {
				continue
			}
			if m.words[i] == "now" && (i > s.Start && settledWords[m.words[i-1]] || m.settledAfter(i, s.End)) {
				continue
			}
			if m.words[i] == "today" && i > s.Start && m.words[i-1] == "ago" {
				continue // "4 yrs ago today": an anniversary
			}
			if m.words[i] == "still" && i+1 < s.End && survivedWords[m.words[i+1]] {
				continue // "glad hes still here"
			}
			return true
		}
	}
	return false
}

// settledAfter reports whether a settled word follows the "now" at i, or
// follows a verb after it: "now clean", "now doin good".
func (m *message) settledAfter(i, end int) bool {
	if i+1 < end && settledWords[m.words[i+1]] {
		return true
	}
	return i+2 < end && doingWords[m.words[i+1]] && settledWords[m.words[i+2]]
}

var (
	doingWords    = setOf("doing doin is hes shes im feels feeling looks living")
	survivedWords = setOf("here alive around with kicking")
)

// settledWords before "now" make it a statement of being past it: "im ok
// now", "clean now".
var settledWords = setOf("ok okay good fine alright safe better great clean sober well happy")

// A signal is a rule that fired.
type signal struct {
	r     *compiledRule
	group string
}

// crisis scores the message against the crisis rules.
func (m *message) crisis() Decision {
	best := map[string]*compiledRule{} // group → strongest rule that fired
	var boosts []*compiledRule
	cancelled := false
	m.state = make([]ruleState, len(rules))
	for i := range rules {
		r := &rules[i]
		if !m.present.covers(&r.pat.need) {
			continue // a word class it needs is nowhere in the message
		}
		fired, wasCancelled := m.fires(r)
		cancelled = cancelled || wasCancelled && r.weight >= medium
		if wasCancelled && !fired {
			m.state[i] = ruleCancelled
		}
		if !fired {
			continue
		}
		m.state[i] = ruleFired
		if len(r.boosts) > 0 {
			boosts = append(boosts, r)
			continue
		}
		if b := best[r.group]; b == nil || r.weight > b.weight {
			best[r.group] = r
		}
	}
	// Strongest first, then by name: the same message gets the same
	// decision, rules and score every time (map order is random).
	fired := slices.SortedFunc(maps.Values(best), func(a, b *compiledRule) int {
		if a.weight != b.weight {
			return cmp.Compare(b.weight, a.weight)
		}
		return strings.Compare(a.name, b.name)
	})
	var d Decision
	concepts := map[Concept]bool{}
	for _, r := range fired {
		d.Score += r.weight
		concepts[r.concept] = true
		d.Rules = append(d.Rules, r.name)
	}
	if len(fired) > 0 && fired[0].weight >= hint {
		seen := map[string]bool{}
		for _, b := range boosts {
			if !seen[b.group] && b.appliesTo(concepts) {
				seen[b.group] = true
				d.Score += b.weight
				d.Rules = append(d.Rules, b.name)
			}
		}
	}
	if len(fired) > 0 {
		d.Concept = fired[0].concept
	}
	switch {
	case d.Score >= 1-1e-9:
		d.Outcome = Crisis
	case cancelled || m.touchesRisk():
		d.Note = true
	}
	return d
}

// trusted reports whether a trusted rule fired (crisis must have run).
func (m *message) trusted() bool {
	for i, st := range m.state {
		if st == ruleFired && (rules[i].core || trustedRules[rules[i].name]) {
			return true
		}
	}
	return false
}

// shortStatement reports whether the message is a statement of at most
// maxShortWords words, none of it a question: "i cant take it anymore".
// There is too little of it for the model to overrule what the rules
// read; a short question ("can xanax and ket slow your breathing?") is
// still the model's to judge.
func (m *message) shortStatement() bool {
	if len(m.words) > maxShortWords {
		return false
	}
	for _, s := range m.q.Sentences {
		if s.Question {
			return false
		}
	}
	return true
}

// preparing reports whether at least minFarewellSigns different signs of
// getting ready to die fired (crisis must have run): a job handed over, an
// office cleaned out and a last call to grandma are each ordinary, but
// together they are the preparation screening asks about, and the model,
// which reads words and not acts, does not get to overrule them. No
// message of the bank other than a crisis has three.
func (m *message) preparing() bool {
	groups := map[string]bool{}
	for i, st := range m.state {
		if r := &rules[i]; st == ruleFired && r.concept == Farewell && len(r.boosts) == 0 {
			groups[r.group] = true
		}
	}
	return len(groups) >= minFarewellSigns
}

const minFarewellSigns = 3

// maxShortWords is the longest message shortStatement takes: no
// look-alike statement of the bank this short has a rule score of 1.
const maxShortWords = 8

// strongRule reports whether a rule of full weight fired (crisis must
// have run): a crisis that needs no other signal.
func (m *message) strongRule() bool {
	for i, st := range m.state {
		if st == ruleFired && rules[i].weight >= strong && len(rules[i].boosts) == 0 {
			return true
		}
	}
	return false
}

// fires reports whether r matches in a sentence whose context does not
// cancel it, and whether a match was cancelled by context.
func (m *message) fires(r *compiledRule) (fired, cancelled bool) {
	if r.maxWords > 0 && len(m.words) > r.maxWords {
		return false, false
	}
	for si, s := range m.q.Sentences {
		if !r.pat.match(m.hits, s.Start, s.End) {
			continue
		}
		if m.ctx[si]&r.cancel != 0 || r.unless != nil && r.unless.match(m.hits, s.Start, s.End) {
			cancelled = true
			continue
		}
		return true, cancelled
	}
	return false, cancelled
}

// touchesRisk reports whether the message speaks of a risk topic at all:
// then even a general question gets the safety note.
func (m *message) touchesRisk() bool {
	for _, name := range []string{"odword", "narcan", "suicide", "lethalword", "notbreath", "selfharm", "sleepnowake"} {
		if m.present.has(lex.names[name]) {
			return true
		}
	}
	return m.present.has(lex.names["depressant"]) && m.present.has(lex.names["mixword"])
}

// correct returns the lexicon word w is a misspelling of, or w. Only
// words that are neither English nor already in the lexicon are
// corrected, within one edit for three to seven letters and two for
// longer words, keeping the first letter; a word of three or four letters
// only to a word one letter longer ("lfe" → "life"), never to a shorter
// one ("oud" stays, not "od").
func correct(w string) string {
	n := len(w)
	if n < 3 || n > 20 || lex.words[w] || text.IsWord(w) {
		return w
	}
	maxD := 1
	if n >= 8 {
		maxD = 2
	}
	best, bestD := w, maxD+1
	for _, c := range lexWordsByFirst[w[0]] {
		if d := len(c) - n; d > maxD || -d > maxD || n <= 4 && d != 1 {
			continue // a short word is only read as a longer one missing a letter ("lfe")
		}
		if d := text.EditDistance(w, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// unit reads an amount with its unit as the unit alone, so "16mg" and "60 mg"
// meet the same words: "mg".
func unit(w string) string {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9') {
		i++
	}
	if i == 0 || i == len(w) {
		return w
	}
	switch u := w[i:]; u {
	case "mg", "mgs", "mcg", "ml", "mls", "lbs", "lb", "kg", "g":
		return u
	}
	return w
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
