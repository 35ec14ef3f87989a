package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// Resilience says how the bot rides out Discord's faults. The zero value
// is production's; tests shorten the waits.
type Resilience struct {
	// RESTAttempts bounds the attempts at one reply (the first included).
	// The default is 4.
	RESTAttempts int
	// RESTBackoff is the wait before the first retry; each retry waits
	// twice as long, with jitter, up to RESTMaxBackoff. The defaults are
	// 250 ms and 2 s.
	RESTBackoff    time.Duration
	RESTMaxBackoff time.Duration
	// RESTTimeout bounds one attempt of a REST request, from sending it to
	// reading the answer, but not the time it waits for its turn under the
	// global limit. The default is 10 s.
	RESTTimeout time.Duration
	// RateLimitRetries is how many 429 answers one request waits out; it
	// fails after that, or at once when Discord asks for a wait longer than
	// RateLimitMaxWait. The defaults are 5 and 60 s.
	RateLimitRetries int
	RateLimitMaxWait time.Duration
	// ReconnectBackoff is the wait after a failed gateway reconnection; it
	// doubles, with jitter, up to ReconnectMaxBackoff. The first attempt
	// is immediate. The defaults are 1 s and 2 min.
	ReconnectBackoff    time.Duration
	ReconnectMaxBackoff time.Duration
}

// withDefaults fills the zero fields.
func (r Resilience) withDefaults() Resilience {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if r.RESTAttempts <= 0 {
		r.RESTAttempts = 4
	}
	if r.RateLimitRetries <= 0 {
		r.RateLimitRetries = 5
	}
	set(&r.RESTBackoff, 250*time.Millisecond)
	set(&r.RESTMaxBackoff, 2*time.Second)
	set(&r.RESTTimeout, 10*time.Second)
	set(&r.RateLimitMaxWait, 60*time.Second)
	set(&r.ReconnectBackoff, time.Second)
	set(&r.ReconnectMaxBackoff, 2*time.Minute)
	return r
}

// backoff returns the wait before retry n (1 for the first): base doubled
// n-1 times, at most max, with the upper half jittered.
func backoff(base, max time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d/2 + rand.N(d/2+1)
}

// interactionWindow is how long Discord accepts the first response to an
// interaction.
const interactionWindow = 3 * time.Second

// restShards is how many discordgo rate-limit buckets the interaction
// routes are spread over (see restClient).
const restShards = 64

// restClient is the discord the handlers use in production. Each call is
// made with a bounded retry budget (Resilience), and retried only where a
// retry cannot show a reply twice:
//
//   - interaction callbacks: after a timeout or a 5xx the first attempt
//     may have landed; Discord then answers the retry with 40060
//     "Interaction has already been acknowledged", which counts as
//     success. Retries stop when Discord's 3 s window has passed.
//   - edits of the original response (PATCH): the same edit twice leaves
//     the same message.
//   - channel messages carry a nonce with enforce_nonce, so Discord answers
//     a repeat of a create that landed with the message it created.
//     discordgo v0.29.0's MessageSend has no nonce field, so restClient
//     sends the body itself.
//   - follow-up messages have no such guard on Discord: they are retried
//     only when the request never left (the connection was refused).
//
// 429s are waited out below, by the pacer. When the budget is spent the
// last error is returned, with its HTTP status as a *discordgo.RESTError,
// and the handler logs it with the interaction id and counts it
// (ops RESTError).
//
// discordgo keys its rate-limit buckets by URL, and never forgets one: an
// interaction's callback URL, unique to it, would leave a bucket behind for
// every interaction. restClient spreads interaction routes over restShards
// buckets instead (their rate-limit headers are dropped by the pacer, so
// one interaction's bucket cannot hold up another's), and keeps
// discordgo's per-channel bucket for channel messages.
type restClient struct {
	s        *discordgo.Session
	lg       *zap.Logger
	p        Resilience
	received time.Time       // when the event arrived
	base     context.Context // calls end when it is done (the bot has stopped)
}

var _ discord = (*restClient)(nil)

// rest returns the discord that handlers of an event that just arrived
// on s use.
func (b *Bot) rest(s *discordgo.Session) discord {
	return &restClient{s: s, lg: b.lg, p: b.cfg.Resilience.withDefaults(), received: time.Now(), base: b.restCtx}
}

// call describes one REST request for restClient.do.
type call struct {
	op          string // for logs
	method, url string
	body        any
	bucket      string
	interaction string    // the interaction's id, for logs
	token       string    // the interaction's token, in the URL: never logged
	retryUntil  time.Time // no retry starts after it; zero for no limit
	ctxDeadline time.Time // every attempt ends by it; zero for no limit
	// idempotent is true when repeating a request that landed shows
	// nothing twice.
	idempotent bool
	// landed is the Discord error code with which a retry learns that an
	// earlier attempt landed (0: none).
	landed int
}

func (c *restClient) InteractionRespond(i *discordgo.Interaction, resp *discordgo.InteractionResponse, opts ...discordgo.RequestOption) error {
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		return c.s.InteractionRespond(i, resp, opts...)
	}
	_, err := c.do(call{
		op:          "interaction respond",
		method:      http.MethodPost,
		url:         discordgo.EndpointInteractionResponse(i.ID, i.Token),
		body:        *resp,
		bucket:      shardBucket("interaction", i.ID),
		interaction: i.ID,
		token:       i.Token,
		retryUntil:  c.received.Add(interactionWindow),
		ctxDeadline: c.received.Add(interactionWindow + 2*time.Second),
		idempotent:  true,
		landed:      discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged,
	}, opts)
	return err
}

func (c *restClient) InteractionResponseEdit(i *discordgo.Interaction, edit *discordgo.WebhookEdit, opts ...discordgo.RequestOption) (*discordgo.Message, error) {
	if len(edit.Files) > 0 {
		return c.s.InteractionResponseEdit(i, edit, opts...)
	}
	body, err := c.do(call{
		op:          "interaction edit",
		method:      http.MethodPatch,
		url:         discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"),
		body:        edit,
		bucket:      shardBucket("webhook", i.ID),
		interaction: i.ID,
		token:       i.Token,
		idempotent:  true,
	}, opts)
	return decodeMessage(body, err)
}

func (c *restClient) FollowupMessageCreate(i *discordgo.Interaction, wait bool, params *discordgo.WebhookParams, opts ...discordgo.RequestOption) (*discordgo.Message, error) {
	if len(params.Files) > 0 {
		return c.s.FollowupMessageCreate(i, wait, params, opts...)
	}
	url := discordgo.EndpointWebhookToken(i.AppID, i.Token)
	if wait {
		url += "?wait=true"
	}
	body, err := c.do(call{
		op:          "interaction followup",
		method:      http.MethodPost,
		url:         url,
		body:        params,
		bucket:      shardBucket("webhook", i.ID),
		interaction: i.ID,
		token:       i.Token,
	}, opts)
	if !wait {
		return nil, err
	}
	return decodeMessage(body, err)
}

// nonceSend is a MessageSend with the nonce discordgo v0.29.0 lacks.
type nonceSend struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

func (c *restClient) ChannelMessageSendComplex(channelID string, ms *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error) {
	if len(ms.Files) > 0 || ms.File != nil || ms.Embed != nil {
		return c.s.ChannelMessageSendComplex(channelID, ms, opts...)
	}
	return c.postMessage(channelID, messageBody(ms), opts)
}

// postRaw posts a message body made by messageBody earlier (one kept in
// the outbox), nonce included.
func (c *restClient) postRaw(ctx context.Context, channelID string, body json.RawMessage) (*discordgo.Message, error) {
	return c.postMessage(channelID, body, []discordgo.RequestOption{discordgo.WithContext(ctx)})
}

func (c *restClient) postMessage(channelID string, body any, opts []discordgo.RequestOption) (*discordgo.Message, error) {
	url := discordgo.EndpointChannelMessages(channelID)
	resp, err := c.do(call{
		op:         "send message",
		method:     http.MethodPost,
		url:        url,
		body:       body,
		bucket:     url, // discordgo's bucket: Discord limits messages per channel
		idempotent: true,
	}, opts)
	return decodeMessage(resp, err)
}

// messageBody is what restClient posts for ms: ms with its nonce.
func messageBody(ms *discordgo.MessageSend) nonceSend {
	for _, e := range ms.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich // as discordgo does
		}
	}
	return nonceSend{MessageSend: ms, Nonce: nonceFor(ms), EnforceNonce: true}
}

// nonceFor returns the nonce of a message: derived from the message it
// replies to, so that even the same event handled twice replies once, or
// random. Discord allows 25 characters.
func nonceFor(ms *discordgo.MessageSend) string {
	if ref := ms.Reference; ref != nil && ref.MessageID != "" && len(ref.MessageID) <= 24 {
		return "r" + ref.MessageID
	}
	return "n" + strconv.FormatUint(rand.Uint64(), 36)
}

// shardBucket names one of restShards discordgo buckets for a route kind.
func shardBucket(kind, id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	return "faqbot/" + kind + "/" + strconv.Itoa(int(h.Sum32()%restShards))
}

func decodeMessage(body []byte, err error) (*discordgo.Message, error) {
	if err != nil || len(body) == 0 {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("%w: %s", discordgo.ErrJSONUnmarshal, err)
	}
	return &m, nil
}

// do makes a call, retrying as its kind allows. Its attempts run under
// the context opts carry (discordgo.WithContext), or else c.base.
func (c *restClient) do(cl call, opts []discordgo.RequestOption) ([]byte, error) {
	parent := requestContext(opts, c.base)
	for attempt := 1; ; attempt++ {
		ctx, cancel := parent, context.CancelFunc(func() {})
		if !cl.ctxDeadline.IsZero() {
			ctx, cancel = context.WithDeadline(ctx, cl.ctxDeadline)
		}
		info := &attemptInfo{}
		o := append(opts[:len(opts):len(opts)], discordgo.WithContext(withAttemptInfo(ctx, info)), discordgo.WithRestRetries(0))
		body, err := c.s.RequestWithBucketID(cl.method, cl.url, cl.body, cl.bucket, o...)
		cancel()
		if err == nil {
			if attempt > 1 {
				c.lg.Info("discord request succeeded on retry", zap.String("op", cl.op), zap.String("interaction", cl.interaction), zap.Int("attempt", attempt))
			}
			return body, nil
		}
		err = redact(err, cl.token)
		f := classify(err, info)
		if attempt > 1 && cl.landed != 0 && f.code == cl.landed {
			c.lg.Info("discord request had landed", zap.String("op", cl.op), zap.String("interaction", cl.interaction), zap.Int("attempt", attempt))
			return nil, nil
		}
		wait := backoff(c.p.RESTBackoff, c.p.RESTMaxBackoff, attempt)
		late := !cl.retryUntil.IsZero() && time.Now().Add(wait).After(cl.retryUntil)
		if !f.retryable(cl.idempotent) || attempt >= c.p.RESTAttempts || late || parent.Err() != nil {
			return nil, f.error()
		}
		c.lg.Warn("discord request failed, retrying", zap.String("op", cl.op), zap.String("interaction", cl.interaction),
			zap.Int("attempt", attempt), zap.Int("status", f.status), zap.Duration("wait", wait), zap.Error(err))
		if err := (realClock{}).Sleep(parent, wait); err != nil {
			return nil, f.error()
		}
	}
}

// requestContext returns the context opts give a request
// (discordgo.WithContext), or def when they give none. nil def is
// context.Background().
func requestContext(opts []discordgo.RequestOption, def context.Context) context.Context {
	if def == nil {
		def = context.Background()
	}
	probe, err := http.NewRequestWithContext(def, http.MethodGet, "http://discord.invalid/", nil)
	if err != nil {
		return def
	}
	cfg := &discordgo.RequestConfig{Request: probe}
	for _, o := range opts {
		o(cfg)
	}
	if cfg.Request == nil {
		return def
	}
	return cfg.Request.Context()
}

// failure is a failed attempt, classified.
type failure struct {
	err     error
	status  int  // HTTP status; 0 for no answer
	code    int  // Discord's JSON error code, if any
	sent    bool // the request reached the network
	refused bool // the connection was never made: nothing was sent
}

func classify(err error, info *attemptInfo) failure {
	attempts, status := info.result()
	f := failure{err: err, status: status, sent: attempts > 0}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		f.status = re.Response.StatusCode
		if re.Message != nil {
			f.code = re.Message.Code
		}
	}
	var op *net.OpError
	f.refused = errors.As(err, &op) && op.Op == "dial"
	return f
}

// retryable reports whether another attempt may follow.
func (f failure) retryable(idempotent bool) bool {
	switch {
	case !f.sent:
		return false // not an HTTP failure, or it never got its turn
	case f.refused:
		return true
	case f.status == http.StatusTooManyRequests:
		return false // the pacer has waited as long as it will
	case f.status == 0 || f.status >= 500:
		return idempotent // it may have landed
	}
	return false // 4xx: the request itself is wrong
}

// error returns the error to report, carrying the status as a
// *discordgo.RESTError when discordgo's own error does not (a 502 after
// retries, a 429), so that the caller counts it by status.
func (f failure) error() error {
	var re *discordgo.RESTError
	if f.status == 0 || errors.As(f.err, &re) {
		return f.err
	}
	return &discordgo.RESTError{
		Response:     &http.Response{StatusCode: f.status, Status: strconv.Itoa(f.status) + " " + http.StatusText(f.status)},
		ResponseBody: []byte(f.err.Error()),
	}
}

// redact hides secret in err's message (a timeout's error quotes the URL,
// and an interaction's URL holds its token); errors.Is and errors.As still
// see the original.
func redact(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redacted{err: err, msg: strings.ReplaceAll(err.Error(), secret, "[token]")}
}

type redacted struct {
	err error
	msg string
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }
