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
	// Threshold is the confidence (0 to 1, the confidence model's estimate
	// that the best entry answers the question) needed to answer. The
	// default is DefaultThreshold.
	Threshold float64
	// SuggestThreshold is the confidence needed to offer "Did you mean…"
	// instead of saying the question is not covered. The default is
	// DefaultSuggestThreshold.
	SuggestThreshold float64
	// Margin is how far the best entry must score above the second best to
	// be answered rather than offered among suggestions. The default is
	// DefaultMargin.
	Margin float64
	// Disclaimer is carried by every reply. The default is
	// DefaultDisclaimer.
	Disclaimer string
}

// The default decision settings, checked on held-out questions (see
// README "Matching quality"): at 0.7, with the confidence model fitted on
// 2026-12-02, about 1 confident answer in 60 was wrong on that day's
// sets o–w.
const (
	DefaultThreshold        = 0.70
	DefaultSuggestThreshold = 0.30
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
	// KindNoMatch and KindHelp; for KindSuggestions, the sentence that
	// names what is not covered (see Topic), if anything.
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
	// Topic names what a no-match or suggestions question asks about that
	// the knowledge base does not cover ("pregnancy", "zoloft"); empty
	// otherwise.
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
	// Confidence is the confidence model's estimate that the best entry
	// answers the question (see Options.Threshold).
	Confidence float64 `json:"confidence,omitempty"`
	// NotCovered names the not-covered topic the question is closest to.
	NotCovered string `json:"not_covered,omitempty"`
	// Lacks are the medicines or drugs the question asks about that the
	// best entry does not speak of: it is not answered.
	Lacks []string `json:"lacks,omitempty"`
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
		if d.Concept != "" && r.Topic != "" {
			// A crisis rule fired, short of a crisis: the words that made
			// it ("goodbye texts") are not a topic to say the base lacks,
			// nor a gap to record.
			r.Topic = ""
			r.Text = ""
			if r.Kind == KindNoMatch {
				r.Text = s.noMatchText()
			}
		}
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
		m := s.idx.Rank(q)
		if !d.PersonalRule && d.PersonalProb < personalTopicProb && len(m.Top) > 0 && m.Top[0].NotCovered {
			// Only the model read it as personal advice, and it is closest
			// to a topic the base does not cover ("can he drive home after
			// an infusion"): saying what is not covered, and who can help,
			// answers it better than declining to advise.
			var why Why
			s.explain(m, &why)
			return s.notCoveredReply(m, s.topic(m.Top[0].Doc), withReason(why, "closest to a topic the knowledge base does not cover (the personal-advice model, not its rules, read it as asking for advice)"))
		}
		if len(m.Top) > 0 && m.Unknown == 0 && !m.Top[0].NotCovered && len(m.Top[0].Lacks) == 0 {
			best, next := s.rivals(m)
			if confidence(best, next, m) < opts.Threshold {
				return r
			}
			r.Entry, r.Score = s.entries[m.Top[0].Doc], m.Top[0].Score
			s.explain(m, &r.Why)
		}
		return r
	}
	r := s.match(q, opts)
	if r.Kind != KindAnswer {
		if one, ok := s.oneOfTwo(q, opts); ok {
			return one
		}
	}
	return r
}

// oneOfTwo answers a message that asks two or more things ("whats
// spravato? also does it rot ur bladder") when no entry answers the whole
// of it: each asking sentence is matched on its own, and the one answered
// most confidently is given. (The member can ask the other again.)
func (s *Snapshot) oneOfTwo(q *text.Query, opts Options) (Reply, bool) {
	var asks []int
	for i, sn := range q.Sentences {
		if sn.Question {
			asks = append(asks, i)
		}
	}
	if len(asks) < 2 || len(asks) > maxAsks {
		return Reply{}, false
	}
	var best Reply
	for _, i := range asks {
		r := s.match(q.Sentence(i), opts)
		if r.Kind == KindAnswer && r.Why.Confidence >= oneOfTwoConfidence && (best.Entry == nil || r.Why.Confidence > best.Why.Confidence) {
			best = r
		}
	}
	// The other sentences may name what "it" is ("anyone know about
	// ibogaine? is it better than ketamine"): an entry that lacks a
	// substance the whole message asks about does not answer it.
	if best.Entry == nil || len(s.idx.Lacks(q, s.docOf(best.Entry))) > 0 {
		return Reply{}, false
	}
	best.Why.Reason = "the message asks several things; one of them, asked on its own, is answered confidently"
	return best, true
}

// maxAsks bounds how many asking sentences oneOfTwo matches one by one: a
// message asking more than this is a list, not a question and a follow-up.
const maxAsks = 4

// match answers a question from the entries: an exact title or question,
// else the best entry if the confidence model (see confidence) is sure
// enough and it leads the next candidate by the margin; "Did you mean…"
// when it is close; an honest "I don't have that yet", naming what is not
// covered, otherwise — and always when the question is closest to a topic
// the knowledge base lists as not covered (not-covered.yaml).
func (s *Snapshot) match(q *text.Query, opts Options) Reply {
	// An exact title or question needs no ranking (most asked questions
	// are one, from autocomplete): it is answered with full confidence.
	i, exact := s.idx.Exact(q)
	if exact && !s.idx.NotCovered(i) {
		return Reply{Kind: KindAnswer, Entry: s.entries[i], Score: 1, Why: Why{Reason: "exact title or question", BestID: s.entries[i].ID, Best: 1, Confidence: 1}}
	}
	m := s.idx.Rank(q)
	var why Why
	s.explain(m, &why)
	if exact {
		return s.notCoveredReply(m, s.topic(i), withReason(why, "a question the knowledge base lists as not covered"))
	}
	switch {
	case len(m.Top) == 0:
		return s.noMatch(m, nil, withReason(why, "no word of the question is in the knowledge base"))
	case m.Unknown > 0 && !m.Subject:
		return s.noMatch(m, nil, withReason(why, "the question names something the knowledge base does not cover"))
	case s.idx.NotCovered(m.Top[0].Doc):
		t := s.topic(m.Top[0].Doc)
		return s.notCoveredReply(m, t, withReason(why, "closest to a topic the knowledge base does not cover"))
	}
	best, next := s.rivals(m)
	why.Confidence = round(confidence(best, next, m))
	if len(best.Lacks) > 0 {
		why.Lacks = best.Lacks
		why = withReason(why, "the best entry does not speak of "+strings.Join(best.Lacks, ", "))
		if !m.Subject {
			// Not about ketamine at all ("is caffeine addictive"): the
			// entries would not be what was meant either.
			return s.noMatch(m, best.Lacks, why)
		}
		return s.decline(m, opts, why, best.Lacks)
	}
	if why.Confidence >= opts.Threshold && best.Score-next.Score >= opts.Margin {
		return s.answer(best, withReason(why, "confident: the best entry covers the question and leads the next by the margin"))
	}
	return s.decline(m, opts, why, nil)
}

// decline is the reply when no entry is answered: "Did you mean…" when
// there are close entries and the confidence model is not far off, the
// no-match reply otherwise. Both name what is not covered: topic when
// given, else the asking words no entry uses.
func (s *Snapshot) decline(m match.Result, opts Options, why Why, topic []string) Reply {
	r := s.noMatch(m, topic, why)
	if sug := s.suggestions(m, opts); len(sug) >= 2 && why.Confidence >= opts.SuggestThreshold {
		if why.Reason == "" {
			why.Reason = "not confident enough to answer: offering the closest entries"
		}
		sr := Reply{Kind: KindSuggestions, Suggestions: sug, Why: why, Topic: r.Topic}
		if r.Topic != "" {
			sr.Text = s.topicText(r.Topic) // "I don't have information about zoloft yet."
		}
		return sr
	}
	if why.Reason == "" {
		r.Why.Reason = "not confident that any entry answers the question"
	}
	return r
}

// rivals returns the best candidate entry and the candidate after it (an
// entry or a not-covered topic), or an empty one.
func (s *Snapshot) rivals(m match.Result) (best, next match.Candidate) {
	best = m.Top[0]
	if len(m.Top) > 1 {
		next = m.Top[1]
	}
	return best, next
}

// The confidence model: the chance that the best entry answers the
// question, by logistic regression over the ranking's signals (see
// confFeatures). Its weights are fitted by TestFitConfidence
// (go test ./knowledge -run TestFitConfidence -fitconf) on the labelled
// questions that are not phrasings of any entry (see fitFiles), written by
// people who never saw the matcher; a fresh batch judges each refit. A
// larger lead over the next candidate, a higher classifier probability and
// fuller coverage raise it, words the knowledge base does not know and a
// close not-covered topic lower it.
var confWeights = [numConf]float64{
	confBias:      -1.60,
	confScore:     1.40,
	confLead:      1.49,
	confLearned:   3.95,
	confCoverage:  0.50,
	confUncovered: -0.29,
	confUnknown:   -0.09,
	confTopic:     -0.96,
}

// The confidence model's features.
const (
	confBias      = iota // always 1
	confScore            // the blended score
	confLead             // its lead over the next candidate
	confLearned          // the phrasing-trained classifier's probability
	confCoverage         // the share of the asking words the entry uses
	confUncovered        // asking words no entry uses
	confUnknown          // words not English and not the base's
	confTopic            // the score of the closest not-covered topic
	numConf
)

func confFeatures(best, next match.Candidate, m match.Result) [numConf]float64 {
	var topic float64
	for _, c := range m.Top {
		if c.NotCovered {
			topic = c.Score
			break
		}
	}
	var f [numConf]float64
	f[confBias] = 1
	f[confScore] = best.Score
	f[confLead] = best.Score - next.Score
	f[confLearned] = best.Learned
	f[confCoverage] = best.Coverage
	f[confUncovered] = float64(len(m.Uncovered))
	f[confUnknown] = float64(m.Unknown)
	f[confTopic] = topic
	return f
}

func confidence(best, next match.Candidate, m match.Result) float64 {
	return logistic(dot(confWeights, confFeatures(best, next, m)))
}

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w, f [numConf]float64) float64 {
	var z float64
	for i := range w {
		z += w[i] * f[i]
	}
	return z
}

// topic is the not-covered topic of index document doc (the index numbers
// the entries first, then the topics).
func (s *Snapshot) topic(doc int) NotCovered { return s.notCovered[doc-len(s.entries)] }

// notCoveredReply says the knowledge base does not cover the topic, naming
// it unless the topic says not to, and records it as a gap.
func (s *Snapshot) notCoveredReply(m match.Result, t NotCovered, why Why) Reply {
	r := s.noMatch(m, nil, why)
	if r.Topic == "" && !t.Unnamed {
		r.Topic = t.Topic
		r.Text = s.topicText(t.Topic) + "\n" + s.noMatchText()
	}
	r.Why.NotCovered = t.Topic
	return r
}

func (s *Snapshot) answer(c match.Candidate, why Why) Reply {
	return Reply{Kind: KindAnswer, Entry: s.entries[c.Doc], Score: c.Score, Why: why}
}

// suggestions returns the entries worth offering, best first: at most
// three, each scoring at least suggestFloor. Not-covered topics are not
// offered.
func (s *Snapshot) suggestions(m match.Result, opts Options) []Suggestion {
	var out []Suggestion
	for _, c := range m.Top {
		if c.NotCovered {
			continue
		}
		if len(out) == 3 || c.Score < suggestFloor {
			break
		}
		out = append(out, Suggestion{Entry: s.entries[c.Doc], Score: c.Score})
	}
	return out
}

// suggestFloor is the least blended score an entry offered in "Did you
// mean…" must have.
const suggestFloor = 0.15

// noMatch is the no-match reply, naming what the question asks about that
// the knowledge base does not cover when there is such a word.
func (s *Snapshot) noMatch(m match.Result, topic []string, why Why) Reply {
	r := Reply{Kind: KindNoMatch, Text: s.noMatchText(), Why: why}
	if len(topic) == 0 {
		topic = m.Uncovered
	}
	if words := s.nameable(topic); len(words) > 0 {
		r.Topic = strings.Join(words, ", ")
		r.Text = s.topicText(r.Topic) + "\n" + r.Text
	}
	return r
}

// nameable returns at most three of words that the reply may name as not
// covered: dictionary words and substance names, never a word the
// language list says to avoid. Anything else (a name, a handle, made-up
// text) is not repeated back: a reply can be public, and must not say
// what a member typed just because they typed it.
func (s *Snapshot) nameable(words []string) []string {
	var out []string
	for _, w := range words {
		if len(out) == 3 {
			break
		}
		if len(w) < 3 || !text.IsWord(w) && !text.IsSubstance(w) || s.avoided(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// avoided reports whether w is, in any form, a word the knowledge base's
// language list says to avoid ("junkies", "addicted"): a reply never names
// it back.
func (s *Snapshot) avoided(w string) bool {
	for _, re := range s.avoidPats {
		if re.MatchString(w) {
			return true
		}
	}
	return false
}

// explain records the ranking in w: the two best entries (not-covered
// topics are named by the reply itself, in Why.NotCovered) and the best
// one's signals.
func (s *Snapshot) explain(m match.Result, w *Why) {
	w.UnknownWords = m.Unknown
	w.Uncovered = m.Uncovered
	var n int
	for _, c := range m.Top {
		if c.NotCovered {
			continue
		}
		switch n++; n {
		case 1:
			w.BestID, w.Best = s.entries[c.Doc].ID, round(c.Score)
			w.Signals = &Signals{Phrasing: round(c.Phrasing), BM25: round(c.BM25), Learned: round(c.Learned), Coverage: round(c.Coverage)}
		case 2:
			w.SecondID, w.Second = s.entries[c.Doc].ID, round(c.Score)
		}
	}
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

// oneOfTwoConfidence is the confidence a sentence asked on its own needs:
// above the usual threshold, as the rest of the message may ask something
// else the answer does not cover.
const oneOfTwoConfidence = 0.85

// personalTopicProb is the personal-advice model's probability below
// which a question it alone reads as personal advice, and that is closest
// to a not-covered topic, gets the reply for that topic instead: the model
// is unsure, and the topic's reply says who can help. Above it (or when a
// personal-advice rule fired) the personal-advice reply stands.
const personalTopicProb = 0.3
