// Package ops serves faqbot's operations endpoints: liveness (/healthz),
// readiness (/readyz) and Prometheus metrics (/metrics), and probes them for
// the container health check.
package ops

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Question kinds for [Metrics.ObserveQuestion]: how the bot replied.
const (
	KindAnswer         = "answer"          // a confident answer from the knowledge base
	KindSuggestions    = "suggestions"     // no confident answer; close entries offered
	KindNoMatch        = "no_match"        // nothing close enough
	KindCrisis         = "crisis"          // the crisis reply
	KindPersonalAdvice = "personal_advice" // declined: asks for personal medical advice
	KindHelp           = "help"            // the help text
)

// Feedback votes for [Metrics.Feedback].
const (
	VoteHelpful     = "helpful"
	VoteNotHelpful  = "not_helpful"
	VoteNoneOfThese = "none_of_these"
)

// Outcomes of replies not sent when the bot stopped, for [Metrics.Unsent].
const (
	UnsentSaved   = "saved"   // kept in the outbox; a restarted bot posts them
	UnsentDropped = "dropped" // lost: no outbox (store.enabled: false), or a notice not worth posting later
	UnsentRefused = "refused" // an event that came while the bot was stopping, not handled
)

// other is the label value recorded for an unknown kind, vote or status,
// so a caller's typo cannot create unbounded series.
const other = "other"

var (
	kinds    = []string{KindAnswer, KindSuggestions, KindNoMatch, KindCrisis, KindPersonalAdvice, KindHelp}
	outcomes = []string{UnsentSaved, UnsentDropped, UnsentRefused}
	votes    = []string{VoteHelpful, VoteNotHelpful, VoteNoneOfThese}
)

// Metrics holds faqbot's Prometheus collectors, registered on a registry of
// its own rather than the global one, together with the Go runtime and
// process collectors.
//
// All methods are safe for concurrent use, and all are no-ops on a nil
// *Metrics, so code that runs without metrics needs no checks.
type Metrics struct {
	reg               *prometheus.Registry
	questions         *prometheus.CounterVec
	answerDuration    prometheus.Histogram
	kbEntries         prometheus.Gauge
	kbReloads         *prometheus.CounterVec
	gatewayReconnects prometheus.Counter
	rateLimited       prometheus.Counter
	restErrors        *prometheus.CounterVec
	feedback          *prometheus.CounterVec
	replyBacklog      prometheus.Gauge
	repliesShed       prometheus.Counter
	unsent            *prometheus.CounterVec
	outboxSent        prometheus.Counter
}

// NewMetrics returns Metrics with every series that has a fixed set of labels
// already present at zero, so rates and ratios work from the first scrape.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_questions_total",
			Help: "Questions handled, by how the bot replied: answer, suggestions, no_match, crisis, personal_advice or help.",
		}, []string{"kind"}),
		answerDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "faqbot_answer_duration_seconds",
			Help: "Time from receiving a question to sending the reply. Discord requires a first response within 3 seconds.",
			// Matching takes microseconds; the Discord round trip dominates.
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5},
		}),
		kbEntries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "faqbot_kb_entries",
			Help: "Entries in the knowledge base in service.",
		}),
		kbReloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_kb_reloads_total",
			Help: "Knowledge base reloads, by result: ok, or error when the previous knowledge base stayed in service.",
		}, []string{"result"}),
		gatewayReconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "faqbot_gateway_reconnects_total",
			Help: "Reconnections to the Discord gateway.",
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "faqbot_rate_limited_total",
			Help: "Questions refused because the asker exceeded the per-user rate limit.",
		}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_discord_rest_errors_total",
			Help: "Failed Discord REST requests, by HTTP status (other when there was no valid status).",
		}, []string{"status"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_feedback_total",
			Help: "Feedback votes on answers: helpful, not_helpful or none_of_these.",
		}, []string{"vote"}),
		replyBacklog: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "faqbot_reply_backlog",
			Help: "Channel replies waiting to be posted or being posted (under Discord's global limit of 50 a second).",
		}),
		repliesShed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "faqbot_replies_shed_total",
			Help: "Replies dropped because the backlog was full: the oldest waiting non-crisis reply goes first.",
		}),
		unsent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "faqbot_replies_unsent_total",
			Help: "Replies not sent when the bot stopped: saved (in the outbox, posted after a restart), dropped, or refused (events that came while stopping).",
		}, []string{"outcome"}),
		outboxSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "faqbot_outbox_sent_total",
			Help: "Replies from the outbox (left unsent by the last run) posted after the start.",
		}),
	}
	m.reg.MustRegister(
		m.questions, m.answerDuration, m.kbEntries, m.kbReloads,
		m.gatewayReconnects, m.rateLimited, m.restErrors, m.feedback,
		m.replyBacklog, m.repliesShed, m.unsent, m.outboxSent,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, k := range kinds {
		m.questions.WithLabelValues(k)
	}
	for _, r := range []string{"ok", "error"} {
		m.kbReloads.WithLabelValues(r)
	}
	for _, v := range votes {
		m.feedback.WithLabelValues(v)
	}
	for _, o := range outcomes {
		m.unsent.WithLabelValues(o)
	}
	return m
}

// Registry returns the registry the metrics are on, for registering more
// collectors. It returns nil for a nil *Metrics.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// ObserveQuestion counts a question by kind (one of the Kind constants;
// anything else is counted as "other") and records how long the reply took.
func (m *Metrics) ObserveQuestion(kind string, d time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(known(kind, kinds)).Inc()
	m.answerDuration.Observe(max(d, 0).Seconds())
}

// SetEntries sets the number of entries in the knowledge base in service.
func (m *Metrics) SetEntries(n int) {
	if m == nil {
		return
	}
	m.kbEntries.Set(float64(n))
}

// Reload counts a knowledge base reload that succeeded (ok) or failed.
func (m *Metrics) Reload(ok bool) {
	if m == nil {
		return
	}
	result := "error"
	if ok {
		result = "ok"
	}
	m.kbReloads.WithLabelValues(result).Inc()
}

// GatewayReconnect counts a reconnection to the Discord gateway.
func (m *Metrics) GatewayReconnect() {
	if m == nil {
		return
	}
	m.gatewayReconnects.Inc()
}

// RateLimited counts a question refused by the per-user rate limit.
func (m *Metrics) RateLimited() {
	if m == nil {
		return
	}
	m.rateLimited.Inc()
}

// RESTError counts a failed Discord REST request by its HTTP status.
// Pass 0 when there was no response; statuses outside 100–599 are counted
// as "other".
func (m *Metrics) RESTError(status int) {
	if m == nil {
		return
	}
	label := other
	if status >= 100 && status <= 599 {
		label = strconv.Itoa(status)
	}
	m.restErrors.WithLabelValues(label).Inc()
}

// Feedback counts a feedback vote (one of the Vote constants; anything else
// is counted as "other").
func (m *Metrics) Feedback(vote string) {
	if m == nil {
		return
	}
	m.feedback.WithLabelValues(known(vote, votes)).Inc()
}

// SetReplyBacklog sets the number of channel replies waiting or in flight.
func (m *Metrics) SetReplyBacklog(n int) {
	if m == nil {
		return
	}
	m.replyBacklog.Set(float64(n))
}

// ReplyShed counts a reply dropped because the backlog was full.
func (m *Metrics) ReplyShed() {
	if m == nil {
		return
	}
	m.repliesShed.Inc()
}

// Unsent counts n replies not sent when the bot stopped, by outcome (one
// of the Unsent constants; anything else is counted as "other").
func (m *Metrics) Unsent(outcome string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.unsent.WithLabelValues(known(outcome, outcomes)).Add(float64(n))
}

// OutboxSent counts a reply from the outbox posted after a restart.
func (m *Metrics) OutboxSent() {
	if m == nil {
		return
	}
	m.outboxSent.Inc()
}

// known returns v if it is in allowed, else "other".
func known(v string, allowed []string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return other
}
