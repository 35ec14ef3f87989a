package bot

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/ops"
)

// DefaultBacklog is how many replies may wait to be posted before the
// oldest are shed (Config.Backlog): 20 seconds of Discord's global limit.
const DefaultBacklog = 1000

// backlogSenders bounds the posts in flight at once: enough to keep
// Discord's 50 a second busy across channels, few enough that a crisis
// reply queued now is sent within a fraction of a second.
const backlogSenders = 16

// errShed is what a post that was shed, or never sent because the bot
// stopped, ends with.
var (
	errShed    = errors.New("reply shed: the backlog was full")
	errStopped = errors.New("reply not sent: the bot stopped")
)

// A backlog holds the replies waiting to be posted as channel messages
// (mentions, DMs, "please wait", crisis alerts, shares, reload reports):
// requests under Discord's global limit of 50 a second, which one busy
// server can outrun. Handlers enqueue and return; at most backlogSenders
// posts are in flight, one per channel (a channel's posts are serialised by
// Discord's per-channel limit anyway, and a slow channel must not hold the
// others), except urgent ones.
//
//   - Urgent posts (crisis replies and alerts) go first, in the order they
//     came, past the per-channel rule, and ahead of everything queued in
//     the pacer too (withUrgent).
//   - The queue is bounded: once max posts wait, each new one sheds the
//     oldest waiting non-urgent one (counted, faqbot_replies_shed_total).
//     Urgent posts are bounded by max too, separately: past that the bot
//     is being flooded, and the oldest urgent one is shed, with an error
//     logged.
//   - stop cancels the posts in flight and hands back everything unsent,
//     for the outbox.
//
// Safe for concurrent use.
type backlog struct {
	lg      *zap.Logger
	metrics *ops.Metrics
	max     int
	ctx     context.Context // posts are made with it; cancelled by stop
	cancel  context.CancelFunc

	mu      sync.Mutex // protects the fields below
	urgent  []*post
	normal  []*post // oldest first
	running map[*post]context.CancelFunc
	busy    map[string]int // channel → non-urgent posts in flight
	stopped bool
	cut     []*post       // posts in flight cut short by stop
	changed chan struct{} // closed and replaced when a post ends

	shedCount  int       // posts shed since the start
	shedLogged time.Time // when shedding was last logged
}

// A post is one message waiting to be posted.
type post struct {
	s       discord
	channel string
	msg     *discordgo.MessageSend
	raw     json.RawMessage // instead of msg: a body from the outbox, nonce included
	urgent  bool
	// durable posts are kept in the outbox when the bot stops before
	// sending them: replies to members' messages and crisis alerts, not
	// notices that would make no sense later.
	durable  bool
	outboxID int64           // the post's row in the outbox, if it came from there
	done     func(err error) // called once, when the post ends; may be nil
	queued   time.Time
	unsent   bool // handed back by stop (guarded by the backlog's mu)
}

func newBacklog(lg *zap.Logger, m *ops.Metrics, max int) *backlog {
	if max <= 0 {
		max = DefaultBacklog
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &backlog{
		lg: lg, metrics: m, max: max, ctx: ctx, cancel: cancel,
		running: map[*post]context.CancelFunc{}, busy: map[string]int{}, changed: make(chan struct{}),
	}
}

// add queues p, shedding the oldest waiting post of its kind when the
// queue is full, and starts what can start. It returns false, queueing
// nothing, once the backlog is stopped.
func (q *backlog) add(p *post) bool {
	p.queued = time.Now()
	q.mu.Lock()
	if q.stopped {
		q.mu.Unlock()
		return false
	}
	var shed *post
	if p.urgent {
		if len(q.urgent) >= q.max {
			shed, q.urgent = q.urgent[0], q.urgent[1:]
		}
		q.urgent = append(q.urgent, p)
	} else {
		if len(q.normal) >= q.max {
			shed, q.normal = q.normal[0], q.normal[1:]
		}
		q.normal = append(q.normal, p)
	}
	q.startLocked()
	q.gaugeLocked()
	q.mu.Unlock()
	if shed != nil {
		q.shed(shed)
	}
	return true
}

// shedLogEvery is how often shedding is logged: a flood sheds thousands of
// replies, which the metric counts; the log says when it starts.
const shedLogEvery = time.Minute

func (q *backlog) shed(p *post) {
	q.metrics.ReplyShed()
	q.mu.Lock()
	q.shedCount++
	n, log := q.shedCount, time.Since(q.shedLogged) >= shedLogEvery
	if log {
		q.shedLogged = time.Now()
	}
	q.mu.Unlock()
	switch {
	case p.urgent:
		q.lg.Error("crisis reply shed: more crisis replies waiting than the backlog holds", zap.Duration("waited", time.Since(p.queued)), zap.Int("shed_so_far", n))
	case log:
		q.lg.Warn("backlog full: shedding the oldest replies (faqbot_replies_shed_total counts them)", zap.Int("max", q.max), zap.Int("shed_so_far", n))
	}
	p.end(errShed)
}

// startLocked starts posts while fewer than backlogSenders are in flight:
// urgent ones first, then the oldest whose channel has none in flight.
func (q *backlog) startLocked() {
	for len(q.running) < backlogSenders {
		var p *post
		if len(q.urgent) > 0 {
			p, q.urgent = q.urgent[0], q.urgent[1:]
		} else if i := slices.IndexFunc(q.normal, func(p *post) bool { return q.busy[p.channel] == 0 }); i >= 0 {
			p = q.normal[i]
			q.normal = slices.Delete(q.normal, i, i+1)
			q.busy[p.channel]++
		} else {
			return
		}
		ctx, cancel := context.WithCancel(q.ctx)
		if p.urgent {
			ctx = withUrgent(ctx)
		}
		q.running[p] = cancel
		go q.send(ctx, p)
	}
}

// send makes one post and starts the next.
func (q *backlog) send(ctx context.Context, p *post) {
	err := p.deliver(ctx)
	q.mu.Lock()
	cancel := q.running[p]
	delete(q.running, p)
	if !p.urgent {
		if q.busy[p.channel]--; q.busy[p.channel] <= 0 {
			delete(q.busy, p.channel)
		}
	}
	// Cut short by stop: unsent, for the outbox; stop ends it.
	cut := q.stopped && ctx.Err() != nil
	if cut && !p.unsent {
		p.unsent = true
		q.cut = append(q.cut, p)
	}
	if !q.stopped {
		q.startLocked()
	}
	q.gaugeLocked()
	q.notifyLocked()
	q.mu.Unlock()
	cancel()
	if !cut {
		p.end(err)
	}
}

// deliver posts p through its discord.
func (p *post) deliver(ctx context.Context) error {
	if p.raw != nil {
		rc, ok := p.s.(*restClient)
		if !ok {
			return errors.New("outbox reply: no REST client")
		}
		_, err := rc.postRaw(ctx, p.channel, p.raw)
		return err
	}
	_, err := p.s.ChannelMessageSendComplex(p.channel, p.msg, discordgo.WithContext(ctx))
	return err
}

func (p *post) end(err error) {
	if p.done != nil {
		p.done(err)
	}
}

func (q *backlog) gaugeLocked() {
	q.metrics.SetReplyBacklog(len(q.urgent) + len(q.normal) + len(q.running))
}

func (q *backlog) notifyLocked() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// drain waits until nothing is queued or in flight, or until deadline,
// and reports whether the backlog is empty.
func (q *backlog) drain(deadline time.Time) bool {
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	for {
		q.mu.Lock()
		empty := len(q.urgent)+len(q.normal)+len(q.running) == 0
		ch := q.changed
		q.mu.Unlock()
		if empty {
			return true
		}
		select {
		case <-ch:
		case <-t.C:
			return false
		}
	}
}

// stop takes no more posts, cancels those in flight and waits for them, at
// most grace, and returns every post not sent: queued, or cut short. A
// post still in flight after grace is returned too; its nonce keeps a
// repeat from showing twice. The caller ends the posts returned.
func (q *backlog) stop(grace time.Duration) []*post {
	q.mu.Lock()
	q.stopped = true
	unsent := append(q.urgent, q.normal...)
	q.urgent, q.normal = nil, nil
	q.gaugeLocked()
	q.mu.Unlock()
	q.cancel()

	t := time.NewTimer(grace)
	defer t.Stop()
	for expired := false; ; {
		q.mu.Lock()
		ch := q.changed
		if len(q.running) == 0 || expired {
			for p := range q.running {
				p.unsent = true
				unsent = append(unsent, p)
			}
			unsent = append(unsent, q.cut...)
			q.cut = nil
			q.mu.Unlock()
			return unsent
		}
		q.mu.Unlock()
		select {
		case <-ch:
		case <-t.C:
			expired = true
		}
	}
}
