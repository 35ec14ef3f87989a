package bot

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/knowledge"
)

// What the bot writes to the inbox store (Config.Inbox), and nothing else:
//   - a no_match or suggestions reply: the question, the nearest entry and
//     its score (recordUnanswered, the only place question text is stored);
//   - a "None of these" click: the question behind the suggestions, held
//     in memory for tokenTTL under the token in the button's custom id;
//   - a Helpful / Not helpful click: the entry and the vote, under
//     Store.Hash of the user id, so a person's repeated clicks count once;
//   - what a member wrote was missing, after Not helpful (missing.go): the
//     text and the entry, as a no_match question nearest that entry;
//   - a forum answer's Solved / Not what I asked: a vote, and for the
//     latter the post's title as a question the entry did not answer.
//
// Only where a server installed the bot (install.go): nothing is stored
// for a user install elsewhere, nor for the message command (the message
// is not the member's question).
//
// Crisis, personal-advice, help and answered questions are never stored.
// A store error is logged, without question text, and never changes the
// reply: the reply has already been sent.

// recordTimeout bounds one write, so a locked database cannot hold a
// handler for long.
const recordTimeout = 5 * time.Second

// recordUnanswered stores q if r did not answer it (no_match or
// suggestions only).
func (b *Bot) recordUnanswered(event, q string, r knowledge.Reply) {
	st := b.cfg.Inbox
	if st == nil {
		return
	}
	u := inbox.Unanswered{Question: q, At: b.cfg.Now()}
	switch r.Kind {
	case knowledge.KindNoMatch:
		u.Kind, u.NearestID, u.NearestScore = inbox.KindNoMatch, r.Why.BestID, r.Why.Best
	case knowledge.KindSuggestions:
		u.Kind = inbox.KindSuggestions
		if len(r.Suggestions) > 0 && r.Suggestions[0].Entry != nil {
			u.NearestID, u.NearestScore = r.Suggestions[0].Entry.ID, r.Suggestions[0].Score
		}
	default:
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	// The store's errors name the kind and entry id, never the question.
	if err := st.RecordUnanswered(ctx, u); err != nil {
		b.lg.Warn("inbox record failed", zap.String("event", event), zap.String("kind", u.Kind), zap.Error(err))
		return
	}
	b.lg.Debug("inbox recorded", zap.String("event", event), zap.String("kind", u.Kind))
}

// recordMissing stores what a member wrote was missing from entry's
// answer (missing.go), as a question the entry did not answer: nearest
// it, with no score, so that /kb gaps groups it with that entry.
func (b *Bot) recordMissing(entry, text string) {
	st := b.cfg.Inbox
	if st == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	u := inbox.Unanswered{Kind: inbox.KindNoMatch, Question: text, NearestID: entry, At: b.cfg.Now()}
	if err := st.RecordUnanswered(ctx, u); err != nil {
		b.lg.Warn("inbox record failed", zap.String("event", "missing"), zap.String("entry", entry), zap.Error(err))
		return
	}
	b.lg.Debug("inbox recorded", zap.String("event", "missing"), zap.String("entry", entry))
}

// noneToken holds q for a later "None of these" click and returns the
// token for its custom id; "" when nothing is recorded, so the button
// carries no token and no question is kept in memory.
func (b *Bot) noneToken(r knowledge.Reply, q string) string {
	if b.cfg.Inbox == nil || r.Kind != knowledge.KindSuggestions || q == "" {
		return ""
	}
	return b.noneQs.put(q, "")
}

// recordNone stores a "None of these" click on the suggestions for the
// question held under token. The token is used once: a second click on the
// same buttons records nothing more.
func (b *Bot) recordNone(token string) {
	st := b.cfg.Inbox
	if st == nil || token == "" {
		return
	}
	h, ok := b.noneQs.take(token)
	if !ok {
		b.lg.Info("none of these: question expired, not recorded")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := st.RecordNoneOfThese(ctx, h.text, b.cfg.Now()); err != nil {
		b.lg.Warn("inbox record failed", zap.String("kind", inbox.KindNoneOfThese), zap.Error(err))
	}
}

// recordVote stores a vote of user on entry: one per person per entry,
// the latest.
func (b *Bot) recordVote(entry string, helpful bool, user string) {
	st := b.cfg.Inbox
	if st == nil || user == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := st.RecordVote(ctx, entry, helpful, st.Hash(user), b.cfg.Now()); err != nil {
		b.lg.Warn("inbox record failed", zap.String("kind", "vote"), zap.String("entry", entry), zap.Error(err))
	}
}
