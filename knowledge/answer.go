package knowledge

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/faqbot/faqbot/knowledge/safety"
	"github.com/faqbot/faqbot/knowledge/text"
)

// Kind is the kind of a Reply.
type Kind string

// The kinds of Reply. A question gets exactly one.
const (
	KindAnswer         Kind = "answer"          // one confident entry
	KindSuggestions    Kind = "suggestions"     // 2–3 likely entries
	KindNoMatch        Kind = "no_match"        // nothing relevant
	KindCrisis         Kind = "crisis"          // someone may be in danger
	KindPersonalAdvice Kind = "personal_advice" // asks for personal medical advice
	KindHelp           Kind = "help"            // greeting or "what can you do"
)

// DefaultDisclaimer is the disclaimer every reply carries unless
// configured otherwise.
const DefaultDisclaimer = "General education, not medical advice. Talk with your doctor or prescriber about your own care."

// Options decide how confident the engine must be. The zero value uses the
// defaults.
type Options struct {
	// Threshold is the score (0 to 1) the best entry needs to be answered.
	// The default is DefaultThreshold.
	Threshold float64
	// SuggestThreshold is the score an entry needs to be suggested. The
	// default is DefaultSuggestThreshold.
	SuggestThreshold float64
	// Margin is how far the best entry must score above the second best to
	// be answered rather than offered among suggestions. The default is
	// DefaultMargin.
	Margin float64
	// Disclaimer is carried by every reply. The default is
	// DefaultDisclaimer.
	Disclaimer string
}

// The default decision settings, set on the public labelled questions and
// checked on held-out phrasings (see README "Tuning the matcher").
const (
	DefaultThreshold        = 0.30
	DefaultSuggestThreshold = 0.15
	DefaultMargin           = 0.02
)

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.SuggestThreshold <= 0 {
		o.SuggestThreshold = DefaultSuggestThreshold
	}
	if o.Margin < 0 || o.Margin == 0 {
		o.Margin = DefaultMargin
	}
	if o.Disclaimer == "" {
		o.Disclaimer = DefaultDisclaimer
	}
	return o
}

// A Reply is the engine's answer to one question.
type Reply struct {
	Kind Kind
	// Entry is the answer for KindAnswer; for KindPersonalAdvice it may be
	// a related general entry; otherwise nil.
	Entry *Entry
	// Score is the answer's score, 0 to 1 (1 for an exact phrasing).
	Score float64
	// Suggestions are the likely entries for KindSuggestions, best first.
	Suggestions []Suggestion
	// Text is the fixed reply for KindCrisis, KindPersonalAdvice,
	// KindNoMatch and KindHelp.
	Text string
	// Crisis holds the resources for KindCrisis.
	Crisis *CrisisPolicy
	// Disclaimer is carried by every reply.
	Disclaimer string
	// Note is the safety note, for a message that touches risk (overdose,
	// naloxone, suicide, mixing depressants) without saying it is
	// happening now: one short line with the emergency numbers, shown
	// above the reply on every surface. Empty otherwise, and for a crisis
	// reply (which is all resources).
	Note string
	// Why explains the decision.
	Why Why
}

// A Suggestion is an entry offered as "Did you mean…".
type Suggestion struct {
	Entry *Entry
	Score float64
}

// Why explains how a Reply was decided. It holds no question text.
type Why struct {
	Reason string `json:"reason"`
	// Signal is the crisis concept that decided a crisis or raised the
	// safety note (ideation, farewell, plan, self_harm, overdose,
	// poisoning, someone_else).
	Signal string `json:"signal,omitempty"`
	// Rules are the safety rules that fired, by name (see
	// knowledge/safety): what a crisis reply or a safety note was raised
	// for.
	Rules            []string `json:"rules,omitempty"`
	BestID           string   `json:"best_id,omitempty"`
	Best             float64  `json:"best"`
	SecondID         string   `json:"second_id,omitempty"`
	Second           float64  `json:"second"`
	Threshold        float64  `json:"threshold"`
	SuggestThreshold float64  `json:"suggest_threshold"`
	Margin           float64  `json:"margin"`
	UnknownWords     int      `json:"unknown_words"`
}

// Answer turns a question into exactly one Reply. Any text gets a reply:
// empty, huge, invalid UTF-8 and control characters included.
//
// The checks run in order: crisis (always first), personal medical advice,
// help, an exact title or question, then word-level scoring against the
// threshold and margin in opts.
func (s *Snapshot) Answer(q string, opts Options) Reply {
	opts = opts.withDefaults()
	r := s.decide(q, opts)
	r.Disclaimer = opts.Disclaimer
	r.Why.Threshold, r.Why.SuggestThreshold, r.Why.Margin = opts.Threshold, opts.SuggestThreshold, opts.Margin
	return r
}

func (s *Snapshot) decide(raw string, opts Options) Reply {
	q := text.Analyze(raw)
	d := safety.Check(q)
	if d.Outcome == safety.Crisis {
		c := s.safety.Crisis
		return Reply{Kind: KindCrisis, Text: c.Reply, Crisis: &c, Why: Why{Reason: "someone may be in danger now: show resources at once", Signal: string(d.Concept), Rules: d.Rules}}
	}
	r := s.reply(raw, d, opts)
	if d.Note {
		r.Note = s.noteText()
		r.Why.Signal, r.Why.Rules = string(d.Concept), d.Rules
	}
	return r
}

// reply is the reply to a message that is not a crisis.
func (s *Snapshot) reply(q string, d safety.Decision, opts Options) Reply {
	switch d.Outcome {
	case safety.Help:
		return Reply{Kind: KindHelp, Text: s.helpText(), Why: Why{Reason: "greeting or question about the bot"}}
	case safety.Personal:
		r := Reply{Kind: KindPersonalAdvice, Text: s.safety.PersonalAdvice.Reply, Why: Why{Reason: "asks about personal doses or medicine decisions"}}
		if m := s.score(q); len(m.top) > 0 && m.unknown == 0 && m.top[0].Score >= opts.Threshold {
			r.Entry, r.Score = m.top[0].Entry, m.top[0].Score
			m.explain(&r.Why)
		}
		return r
	}
	return s.match(q, opts)
}

// match answers a question from the entries.
func (s *Snapshot) match(q string, opts Options) Reply {
	if i, ok := s.idx.exact[s.idx.phraseKey(q)]; ok {
		return Reply{Kind: KindAnswer, Entry: s.entries[i], Score: 1, Why: Why{Reason: "exact title or question", BestID: s.entries[i].ID, Best: 1}}
	}
	m := s.score(q)
	var why Why
	m.explain(&why)
	noMatch := Reply{Kind: KindNoMatch, Text: s.noMatchText(), Why: why}
	switch {
	case len(m.top) == 0:
		noMatch.Why.Reason = "no word of the question is in the knowledge base"
		return noMatch
	case m.unknown > 0 && !m.subject:
		noMatch.Why.Reason = "the question names something the knowledge base does not cover"
		return noMatch
	}
	best := m.top[0]
	second := 0.0
	if len(m.top) > 1 {
		second = m.top[1].Score
	}
	if best.Score >= opts.Threshold && best.Score-second >= opts.Margin {
		return Reply{Kind: KindAnswer, Entry: best.Entry, Score: best.Score, Why: withReason(why, "best score above threshold and ahead of the next by the margin")}
	}
	if best.Score >= opts.SuggestThreshold {
		var sug []Suggestion
		for _, c := range m.top {
			if len(sug) == 3 || len(sug) >= 2 && c.Score < opts.SuggestThreshold {
				break
			}
			sug = append(sug, c)
		}
		if len(sug) >= 2 {
			return Reply{Kind: KindSuggestions, Suggestions: sug, Why: withReason(why, "not confident enough: best below threshold or too close to the next")}
		}
		if best.Score >= opts.Threshold {
			return Reply{Kind: KindAnswer, Entry: best.Entry, Score: best.Score, Why: withReason(why, "best score above threshold, no other candidate")}
		}
	}
	noMatch.Why.Reason = "best score below the suggestion threshold"
	return noMatch
}

func withReason(w Why, reason string) Why {
	w.Reason = reason
	return w
}

// helpText says what the bot covers.
func (s *Snapshot) helpText() string {
	if t := s.safety.Help.Reply; t != "" {
		return t
	}
	return "I answer general questions about " + s.topicList() + ". Ask a question in your own words."
}

// DefaultSafetyNote is the safety note when safety.yaml has none.
const DefaultSafetyNote = "If you or someone else is in danger now, call 911, or call or text 988."

func (s *Snapshot) noteText() string {
	if t := s.safety.Note.Reply; t != "" {
		return t
	}
	return DefaultSafetyNote
}

func (s *Snapshot) noMatchText() string {
	if t := s.safety.NoMatch.Reply; t != "" {
		return t
	}
	return "I don't have an answer to that. I can answer general questions about " + s.topicList() + "."
}

func (s *Snapshot) topicList() string {
	var titles []string
	for _, e := range s.entries {
		if len(titles) == 4 {
			break
		}
		titles = append(titles, strings.TrimSuffix(e.Title, "?"))
	}
	return strings.Join(titles, "; ")
}

// matches is the outcome of scoring a question.
type matches struct {
	top     []Suggestion // best first, at most 4
	unknown int          // content words the knowledge base does not know
	subject bool         // the question names the knowledge base's subject
}

func (m matches) explain(w *Why) {
	w.UnknownWords = m.unknown
	if len(m.top) > 0 {
		w.BestID, w.Best = m.top[0].Entry.ID, round(m.top[0].Score)
	}
	if len(m.top) > 1 {
		w.SecondID, w.Second = m.top[1].Entry.ID, round(m.top[1].Score)
	}
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// scratch holds per-question accumulators, reused across questions of one
// Snapshot (see Snapshot.scratch).
type scratch struct {
	bm25       []float32
	cos        []float32
	phr        []float32
	touched    []int32
	touchedPhr []int32
	mask       []uint64 // per phrasing: which of the question's words it has
	req        []uint8  // per entry: how many of the question's subject words it has
}

// Score blending: how much the closest single phrasing counts against the
// whole entry's BM25 score.
const (
	blendPhrasing = 0.6
	blendEntry    = 0.4
	// fuzzyWeight discounts a word that had to be corrected.
	fuzzyWeight = 0.85
	// unknownWeight is the weight of a word the knowledge base does not
	// know, as a share of the rarest known word's.
	unknownWeight = 0.8
	// pruneShare: a common word weighing less than this share of the
	// question's heaviest word is not summed (see score).
	pruneShare = 0.2
)

// score rates every entry against the question.
func (s *Snapshot) score(q string) matches {
	x := s.idx
	a := x.analyze(truncateRunes(q, maxQuestionRunes))
	var m matches
	type qterm struct {
		id int32
		w  float32
	}
	var qts []qterm
	var qnorm2, ideal float32
	stems := make([]string, 0, len(a.words))
	weights := make([]float32, 0, len(a.words))
	for i, w := range a.words {
		st, wt := a.stems[i], float32(1)
		known := func(st string) {
			if x.subject[st] {
				m.subject = true
			}
			stems = append(stems, st)
			weights = append(weights, wt)
		}
		if _, ok := x.terms[st]; ok {
			known(st)
			continue
		}
		if _, ok := x.vocab[w]; ok {
			known(st) // in an answer text only: counts as known, scores nothing
			continue
		}
		if parts := x.split(w); parts != nil {
			for _, p := range parts {
				known(x.stem(canonical(p)))
			}
			continue
		}
		if c := x.correct(w); c != "" {
			wt = fuzzyWeight
			known(x.stem(c))
			continue
		}
		if len(w) >= 3 && !isNumber(w) {
			m.unknown++
			// A word the knowledge base does not know lowers confidence.
			u := unknownWeight * x.maxIDF
			qnorm2 += u * u
			ideal += u * (bm25K1 + 1)
		}
	}
	seen := map[int32]bool{}
	add := func(id int32, wt float32) {
		if seen[id] {
			return
		}
		seen[id] = true
		w := x.idf[id] * wt
		qts = append(qts, qterm{id, w})
		qnorm2 += w * w
		ideal += w * (bm25K1 + 1)
	}
	for i, st := range stems {
		if id, ok := x.terms[st]; ok {
			add(id, weights[i])
		}
	}
	type qpair struct {
		pairWeight
		a, b int32 // term ids
	}
	var qpairs []qpair
	for i := 0; i+1 < len(stems); i++ {
		ia, oka := x.terms[stems[i]]
		ib, okb := x.terms[stems[i+1]]
		if !oka || !okb {
			continue
		}
		w := x.pairW(ia, ib) * min(weights[i], weights[i+1])
		qpairs = append(qpairs, qpair{pairWeight{pairKey(ia, ib), w}, ia, ib})
		qnorm2 += w * w
	}
	if len(qts) == 0 {
		return m
	}
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{bm25: make([]float32, len(s.entries)), cos: make([]float32, len(s.entries)), phr: make([]float32, len(x.phrEnt)), mask: make([]uint64, len(x.phrEnt)), req: make([]uint8, len(s.entries))}
	}
	defer s.scratch.Put(sc)
	// Common words of low weight barely move any score but touch most
	// entries: when rarer words carry the question, they are left out of
	// the sums (they still count in the question's length).
	var maxW float32
	for _, qt := range qts {
		maxW = max(maxW, qt.w)
	}
	common := len(s.entries) / 8
	kept := qts[:0:0]
	for _, qt := range qts {
		if qt.w < pruneShare*maxW && len(x.post[qt.id]) > common {
			continue
		}
		kept = append(kept, qt)
	}
	qts = kept
	touched := sc.touched[:0]
	defer func() { sc.touched = touched[:0] }()
	for _, qt := range qts {
		for _, p := range x.post[qt.id] {
			if sc.bm25[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			sc.bm25[p.doc] += qt.w * p.bm
		}
	}
	// Each phrasing remembers which of the question's words it has (one
	// bit per word), so its pairs of words are only looked at when it has
	// both words of one of the question's pairs. A pair with a word left
	// out above weighs next to nothing (see pairW) and is not looked for.
	bit := func(id int32) uint64 {
		for i, qt := range qts[:min(len(qts), 64)] {
			if qt.id == id {
				return 1 << i
			}
		}
		return 0
	}
	needs := make([]uint64, len(qpairs))
	for i, qp := range qpairs {
		if ba, bb := bit(qp.a), bit(qp.b); ba != 0 && bb != 0 {
			needs[i] = ba | bb
		}
	}
	touchedPhr := sc.touchedPhr[:0]
	defer func() { sc.touchedPhr = touchedPhr[:0] }()
	for i, qt := range qts {
		var b uint64
		if i < 64 {
			b = 1 << i
		}
		for _, p := range x.phrPost[qt.id] {
			if sc.phr[p.phr] == 0 {
				touchedPhr = append(touchedPhr, p.phr)
			}
			sc.phr[p.phr] += qt.w * p.w
			sc.mask[p.phr] |= b
		}
	}
	qnorm := float32(math.Sqrt(float64(qnorm2)))
	for _, pi := range touchedPhr {
		dot, mask := sc.phr[pi], sc.mask[pi]
		for i, qp := range qpairs {
			if needs[i] == 0 || mask&needs[i] != needs[i] {
				continue
			}
			for _, pp := range x.pairs[x.pairOff[pi]:x.pairOff[pi+1]] {
				if pp.key == qp.key {
					dot += qp.w * pp.w
				}
			}
		}
		c := dot / (qnorm * x.phrNorm[pi])
		sc.phr[pi], sc.mask[pi] = 0, 0
		if e := x.phrEnt[pi]; c > sc.cos[e] {
			sc.cos[e] = c
		}
	}
	// An entry can only answer a question that names a subject word
	// ("suboxone", "esketamine") if the entry speaks of it too: "side
	// effects of suboxone" is not answered by ketamine's side effects.
	var required []int32
	for _, st := range stems {
		if id, ok := x.terms[st]; ok && x.subject[st] && len(x.post[id]) < len(s.entries) && !slices.Contains(required, id) {
			required = append(required, id)
		}
	}
	for _, id := range required {
		for _, p := range x.post[id] {
			sc.req[p.doc]++
		}
	}
	var top [4]Suggestion
	n := 0
	for _, d := range touched {
		v := blendPhrasing*sc.cos[d] + blendEntry*sc.bm25[d]/ideal
		sc.bm25[d], sc.cos[d] = 0, 0
		if int(sc.req[d]) != len(required) {
			continue // does not speak of every subject the question names
		}
		if n == len(top) && float64(v) < top[n-1].Score {
			continue // not among the best: skip the insertion
		}
		c := Suggestion{Entry: s.entries[d], Score: float64(v)}
		// Insert into the top list, best first, ties by id.
		i := n
		for i > 0 && better(c, top[i-1]) {
			if i < len(top) {
				top[i] = top[i-1]
			}
			i--
		}
		if i < len(top) {
			top[i] = c
			n = min(n+1, len(top))
		}
	}
	for _, id := range required {
		for _, p := range x.post[id] {
			sc.req[p.doc] = 0
		}
	}
	cands := append([]Suggestion(nil), top[:n]...)
	m.top = cands
	return m
}

func better(a, b Suggestion) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Entry.ID < b.Entry.ID
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String describes the reply in one line, for logs and tests.
func (r Reply) String() string {
	if r.Entry != nil {
		return fmt.Sprintf("%s %s %.3f", r.Kind, r.Entry.ID, r.Score)
	}
	return string(r.Kind)
}
