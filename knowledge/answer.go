package knowledge

import (
	"fmt"
	"math"
	"strings"

	"github.com/faqbot/faqbot/knowledge/match"
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
	// Topic names what a no-match question asks about that the knowledge
	// base does not cover ("pregnancy", "cost"); empty otherwise.
	Topic string
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
	// Signals are the best entry's score parts.
	Signals *Signals `json:"signals,omitempty"`
	// Uncovered are the asking words no entry uses.
	Uncovered []string `json:"uncovered,omitempty"`
}

// Signals are the parts of an entry's score (see knowledge/match).
type Signals struct {
	Phrasing float64 `json:"phrasing"` // similarity to its closest phrasing
	BM25     float64 `json:"bm25"`     // BM25 over all of the entry
	Learned  float64 `json:"learned"`  // the phrasing-trained classifier
	Coverage float64 `json:"coverage"` // share of the asking words it uses
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
	q := s.Analyze(raw)
	d := safety.Check(q)
	if d.Outcome == safety.Crisis {
		c := s.safety.Crisis
		return Reply{Kind: KindCrisis, Text: c.Reply, Crisis: &c, Why: Why{Reason: "someone may be in danger now: show resources at once", Signal: string(d.Concept), Rules: d.Rules}}
	}
	r := s.reply(q, d, opts)
	if d.Note {
		r.Note = s.noteText()
		r.Why.Signal, r.Why.Rules = string(d.Concept), d.Rules
	}
	return r
}

// Analyze analyses a message once for every stage that reads it: the
// safety router, help, exact match, ranking and autocomplete.
func (s *Snapshot) Analyze(raw string) *text.Query {
	q := text.Analyze(raw)
	s.vocab.Annotate(q)
	s.idx.Annotate(q)
	return q
}

// reply is the reply to a message that is not a crisis.
func (s *Snapshot) reply(q *text.Query, d safety.Decision, opts Options) Reply {
	switch d.Outcome {
	case safety.Help:
		return Reply{Kind: KindHelp, Text: s.helpText(), Why: Why{Reason: "greeting or question about the bot"}}
	case safety.Personal:
		r := Reply{Kind: KindPersonalAdvice, Text: s.safety.PersonalAdvice.Reply, Why: Why{Reason: "asks about personal doses or medicine decisions"}}
		if m := s.idx.Rank(q); len(m.Top) > 0 && m.Unknown == 0 && m.Top[0].Score >= opts.Threshold && m.Top[0].Coverage >= minCoverage {
			r.Entry, r.Score = s.entries[m.Top[0].Doc], m.Top[0].Score
			s.explain(m, &r.Why)
		}
		return r
	}
	return s.match(q, opts)
}

// match answers a question from the entries: an exact title or question,
// else the best-scoring entry if it is confident, covers what is asked and
// leads the next by the margin; "Did you mean" when it is close; an honest
// "I don't have that" otherwise.
func (s *Snapshot) match(q *text.Query, opts Options) Reply {
	if i, ok := s.idx.Exact(q); ok {
		return Reply{Kind: KindAnswer, Entry: s.entries[i], Score: 1, Why: Why{Reason: "exact title or question", BestID: s.entries[i].ID, Best: 1}}
	}
	m := s.idx.Rank(q)
	var why Why
	s.explain(m, &why)
	noMatch := s.noMatch(m, why)
	switch {
	case len(m.Top) == 0:
		noMatch.Why.Reason = "no word of the question is in the knowledge base"
		return noMatch
	case m.Unknown > 0 && !m.Subject:
		noMatch.Why.Reason = "the question names something the knowledge base does not cover"
		return noMatch
	}
	best := m.Top[0]
	second := 0.0
	if len(m.Top) > 1 {
		second = m.Top[1].Score
	}
	covered := best.Coverage >= minCoverage
	if covered && best.Score >= opts.Threshold && best.Score-second >= opts.Margin {
		return s.answer(best, withReason(why, "best score above threshold, ahead of the next by the margin, and it covers the question"))
	}
	if sug := s.suggestions(m, opts); len(sug) >= 2 || len(sug) == 1 && !covered {
		r := Reply{Kind: KindSuggestions, Suggestions: sug, Why: withReason(why, "not confident enough: best below threshold, too close to the next, or it does not cover the question")}
		if len(sug) == 1 {
			r.Suggestions = append(sug, s.nearest(m, sug[0].Entry)...)
		}
		if len(r.Suggestions) >= 2 {
			r.Topic = noMatch.Topic
			return r
		}
	}
	if covered && best.Score >= opts.Threshold {
		return s.answer(best, withReason(why, "best score above threshold, no other candidate"))
	}
	noMatch.Why.Reason = "best score below the suggestion threshold, or the best entry does not cover the question"
	return noMatch
}

// minCoverage is the share of the asking words' weight an entry must use
// to be given as the answer: below it, the entry speaks of something else
// and the question names a topic it does not cover.
const minCoverage = 0.6

func (s *Snapshot) answer(c match.Candidate, why Why) Reply {
	return Reply{Kind: KindAnswer, Entry: s.entries[c.Doc], Score: c.Score, Why: why}
}

// suggestions returns the candidates worth offering: at least
// SuggestThreshold, at most three.
func (s *Snapshot) suggestions(m match.Result, opts Options) []Suggestion {
	var out []Suggestion
	for _, c := range m.Top {
		if len(out) == 3 || c.Score < opts.SuggestThreshold {
			break
		}
		out = append(out, Suggestion{Entry: s.entries[c.Doc], Score: c.Score})
	}
	return out
}

// nearest returns the next candidates after e, whatever their score, so a
// single close entry is offered with its neighbours.
func (s *Snapshot) nearest(m match.Result, e *Entry) []Suggestion {
	var out []Suggestion
	for _, c := range m.Top {
		if s.entries[c.Doc] != e && len(out) < 2 {
			out = append(out, Suggestion{Entry: s.entries[c.Doc], Score: c.Score})
		}
	}
	return out
}

// noMatch is the no-match reply, naming what the question asks about that
// the knowledge base does not cover when there is such a word.
func (s *Snapshot) noMatch(m match.Result, why Why) Reply {
	r := Reply{Kind: KindNoMatch, Text: s.noMatchText(), Why: why}
	if len(m.Uncovered) > 0 {
		words := m.Uncovered[:min(len(m.Uncovered), 3)]
		r.Topic = strings.Join(words, ", ")
		r.Text = s.topicText(r.Topic) + "\n" + r.Text
	}
	return r
}

func (s *Snapshot) explain(m match.Result, w *Why) {
	w.UnknownWords = m.Unknown
	if len(m.Top) > 0 {
		b := m.Top[0]
		w.BestID, w.Best = s.entries[b.Doc].ID, round(b.Score)
		w.Signals = &Signals{Phrasing: round(b.Phrasing), BM25: round(b.BM25), Learned: round(b.Learned), Coverage: round(b.Coverage)}
	}
	if len(m.Top) > 1 {
		w.SecondID, w.Second = s.entries[m.Top[1].Doc].ID, round(m.Top[1].Score)
	}
	w.Uncovered = m.Uncovered
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

// DefaultTopicText says what is not covered; %s is the topic.
const DefaultTopicText = "I don't have information about %s yet."

func (s *Snapshot) topicText(topic string) string {
	t := s.safety.NoMatch.Topic
	if t == "" || !strings.Contains(t, "%s") {
		t = DefaultTopicText
	}
	return fmt.Sprintf(t, topic)
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

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// String describes the reply in one line, for logs and tests.
func (r Reply) String() string {
	if r.Entry != nil {
		return fmt.Sprintf("%s %s %.3f", r.Kind, r.Entry.ID, r.Score)
	}
	return string(r.Kind)
}
