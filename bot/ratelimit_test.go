package bot

import (
	"testing"
	"time"
)

// One member over the limit is told once per window, then nothing, so
// that their flood cannot fill the REST queue with "please wait" replies.
func TestLimiterTellsOncePerWindow(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(5, 30*time.Second, func() time.Time { return now })
	var got []verdict
	for range 500 {
		got = append(got, l.check("u"))
		now = now.Add(10 * time.Millisecond) // 500 messages in 5 s
	}
	count := map[verdict]int{}
	for _, v := range got {
		count[v]++
	}
	if count[allowed] != 5 || count[refused] != 1 || count[silenced] != 494 {
		t.Fatalf("500 messages in 5s: %d allowed, %d told to wait, %d silent; want 5, 1, 494", count[allowed], count[refused], count[silenced])
	}
	if got[5] != refused {
		t.Errorf("6th message: %v, want refused (told once)", got[5])
	}
	// A new window: allowed again, and told again once over.
	now = now.Add(30 * time.Second)
	for i := range 5 {
		if v := l.check("u"); v != allowed {
			t.Fatalf("next window, message %d: %v, want allowed", i+1, v)
		}
	}
	if v := l.check("u"); v != refused {
		t.Errorf("next window, 6th message: %v, want refused", v)
	}
	if v := l.check("u"); v != silenced {
		t.Errorf("next window, 7th message: %v, want silenced", v)
	}
	// A notice keeps the key until its window passes; then it is swept.
	now = now.Add(30*time.Second + time.Millisecond)
	l.mu.Lock()
	l.sweepLocked(now)
	l.mu.Unlock()
	if n := l.size(); n != 0 {
		t.Errorf("size after the window = %d, want 0", n)
	}
}
