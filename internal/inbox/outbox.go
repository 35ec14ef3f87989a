package inbox

import (
	"context"
	"fmt"
	"time"
)

// OutboxTTL is how long a reply waits in the outbox for a restarted bot:
// a reply an hour late no longer helps the person who asked, and rows this
// old are deleted.
const OutboxTTL = time.Hour

// A Pending is a reply the bot accepted but had not posted when it
// stopped.
type Pending struct {
	ID        int64  // set by Outbox
	ChannelID string // where to post it
	// Body is the message as posted to Discord (JSON), with its nonce, so
	// that posting it again after a post that landed shows it once.
	Body   []byte
	Urgent bool // a crisis reply or alert: posted first
	At     time.Time
}

// SaveOutbox keeps replies for the next start, in one transaction. A nil
// Store keeps nothing and reports an error, so the caller counts them as
// lost.
func (s *Store) SaveOutbox(ctx context.Context, ps []Pending) error {
	if s == nil {
		return fmt.Errorf("save outbox: the store is off")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save outbox: %w", err)
	}
	defer tx.Rollback() // no-op after Commit
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (channel_id, body, urgent, at) VALUES (?, ?, ?, ?)`,
			p.ChannelID, p.Body, boolInt(p.Urgent), p.At.Unix()); err != nil {
			return fmt.Errorf("save outbox: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save outbox: %w", err)
	}
	return nil
}

// Outbox returns the replies kept by SaveOutbox and not yet deleted,
// urgent ones first, then oldest first, after deleting those older than
// OutboxTTL (it returns how many).
func (s *Store) Outbox(ctx context.Context) (ps []Pending, expired int, err error) {
	if s == nil {
		return nil, 0, nil
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM outbox WHERE at < ?`, s.now().Add(-OutboxTTL).Unix())
	if err != nil {
		return nil, 0, fmt.Errorf("read outbox: %w", err)
	}
	n, _ := res.RowsAffected()
	rows, err := s.db.QueryContext(ctx, `SELECT id, channel_id, body, urgent, at FROM outbox ORDER BY urgent DESC, at, id`)
	if err != nil {
		return nil, int(n), fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Pending
		var urgent int
		var at int64
		if err := rows.Scan(&p.ID, &p.ChannelID, &p.Body, &urgent, &at); err != nil {
			return nil, int(n), fmt.Errorf("read outbox: %w", err)
		}
		p.Urgent, p.At = urgent == 1, time.Unix(at, 0)
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, int(n), fmt.Errorf("read outbox: %w", err)
	}
	return ps, int(n), nil
}

// DeleteOutbox deletes a reply from the outbox, once posted (or given up).
func (s *Store) DeleteOutbox(ctx context.Context, id int64) error {
	if s == nil {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete from outbox: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
