package bot

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/internal/ops"
)

// How a channel reply is posted: through the backlog (backlog.go), and,
// when the bot stops before posting it, through the outbox in the store
// (internal/inbox), which the next start posts.

// postOpts say how post sends a reply.
type postOpts struct {
	// urgent posts (crisis replies and alerts) go before everything else.
	urgent bool
	// durable posts are kept in the outbox when the bot stops first.
	durable bool
	// done, if set, is called once with the outcome: nil when posted.
	done func(error)
}

// post queues a channel message and returns at once. Failures are logged
// and counted, never shown.
func (b *Bot) post(s discord, channelID string, ms *discordgo.MessageSend, o postOpts) {
	p := &post{s: s, channel: channelID, msg: ms, urgent: o.urgent, durable: o.durable}
	p.done = func(err error) {
		if err != nil && !errors.Is(err, errShed) && !errors.Is(err, errStopped) {
			b.restError(err)
			b.lg.Warn("send message", zap.String("channel", channelID), zap.Error(err))
		}
		if o.done != nil {
			o.done(err)
		}
	}
	if !b.replies.add(p) {
		b.keepUnsent([]*post{p}) // after Shutdown: a handler that outlived it
	}
}

// send posts a channel message and waits for the outcome.
func (b *Bot) send(s discord, channelID string, ms *discordgo.MessageSend) bool {
	res := make(chan error, 1)
	b.post(s, channelID, ms, postOpts{done: func(err error) { res <- err }})
	return <-res == nil
}

// keepUnsent saves the durable posts among ps in the outbox, counts and
// logs what was saved and what was lost, and ends every post.
func (b *Bot) keepUnsent(ps []*post) {
	if len(ps) == 0 {
		return
	}
	var keep []inbox.Pending
	var already, dropped int
	for _, p := range ps {
		switch {
		case p.outboxID != 0:
			already++ // still in the outbox, from the last run
		case p.durable:
			body := p.raw
			if body == nil {
				body, _ = json.Marshal(messageBody(p.msg))
			}
			keep = append(keep, inbox.Pending{ChannelID: p.channel, Body: body, Urgent: p.urgent, At: p.queued})
		default:
			dropped++
		}
	}
	if len(keep) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
		err := b.cfg.Inbox.SaveOutbox(ctx, keep)
		cancel()
		if err != nil {
			b.lg.Error("shutdown: replies not kept for the next start", zap.Int("replies", len(keep)), zap.Error(err))
			dropped += len(keep)
			keep = nil
		}
	}
	saved := len(keep) + already
	b.metrics.Unsent(ops.UnsentSaved, saved)
	b.metrics.Unsent(ops.UnsentDropped, dropped)
	b.lg.Warn("shutdown: replies not sent", zap.Int("saved_for_next_start", saved), zap.Int("lost", dropped))
	for _, p := range ps {
		p.end(errStopped)
	}
}

// postOutbox queues the replies the last run left in the outbox, crisis
// ones first; each is deleted from the outbox once it ends, posted or not,
// unless the bot stops again first.
func (b *Bot) postOutbox(s *discordgo.Session) {
	st := b.cfg.Inbox
	if st == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	ps, expired, err := st.Outbox(ctx)
	if err != nil {
		b.lg.Error("outbox: cannot read the replies left by the last run", zap.Error(err))
		return
	}
	if expired > 0 {
		b.lg.Warn("outbox: replies too old to post, deleted", zap.Int("replies", expired), zap.Duration("older_than", inbox.OutboxTTL))
	}
	if len(ps) == 0 {
		return
	}
	b.lg.Info("outbox: posting the replies left by the last run", zap.Int("replies", len(ps)))
	rc := b.rest(s)
	for _, pd := range ps {
		id := pd.ID
		p := &post{s: rc, channel: pd.ChannelID, raw: pd.Body, urgent: pd.Urgent, durable: true, outboxID: id}
		p.done = func(err error) {
			if errors.Is(err, errStopped) {
				return // stays for the next start
			}
			if err == nil {
				b.metrics.OutboxSent()
			} else {
				b.restError(err)
				b.lg.Warn("outbox: reply not posted", zap.String("channel", pd.ChannelID), zap.Error(err))
			}
			ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
			defer cancel()
			if err := st.DeleteOutbox(ctx, id); err != nil {
				b.lg.Error("outbox: delete", zap.Error(err))
			}
		}
		if !b.replies.add(p) {
			return // stopping already: the rest stays in the outbox
		}
	}
}
