package inbox

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// Replies saved by one run are read back by the next (another Open of the
// same file), urgent first, and deleted once posted or once too old.
func TestOutboxAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "inbox.db")
	// Ahead of the wall clock, which Open's own prune uses.
	now := time.Now().Add(48 * time.Hour).Truncate(time.Second)
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return now }
	saved := []Pending{
		{ChannelID: "1", Body: []byte(`{"content":"answer","nonce":"r1"}`), At: now.Add(-time.Minute)},
		{ChannelID: "2", Body: []byte(`{"content":"crisis","nonce":"r2"}`), Urgent: true, At: now},
		{ChannelID: "3", Body: []byte(`{"content":"stale"}`), At: now.Add(-OutboxTTL - time.Second)},
	}
	if err := s.SaveOutbox(ctx, saved); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.now = func() time.Time { return now }
	got, expired, err := s.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if expired != 1 {
		t.Errorf("expired = %d, want 1 (the reply older than OutboxTTL)", expired)
	}
	if len(got) != 2 || string(got[0].Body) != string(saved[1].Body) || !got[0].Urgent || string(got[1].Body) != string(saved[0].Body) || got[1].ChannelID != "1" {
		t.Fatalf("Outbox = %+v, want the crisis reply then the answer, without the stale one", got)
	}
	if err := s.DeleteOutbox(ctx, got[0].ID); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Outbox(ctx); len(got) != 1 || got[0].ChannelID != "1" {
		t.Errorf("after deleting the first: %+v", got)
	}
	// An hour later, what is left is too old to post.
	now = now.Add(OutboxTTL)
	if got, expired, _ := s.Outbox(ctx); len(got) != 0 || expired != 1 {
		t.Errorf("an hour later: %d rows, %d expired; want 0, 1", len(got), expired)
	}
	var nilStore *Store
	if err := nilStore.SaveOutbox(ctx, saved); err == nil {
		t.Error("a nil Store saved the outbox")
	}
}
