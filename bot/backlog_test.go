package bot

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// settle waits until every reply queued has been posted, for tests that
// look at what a handler sent.
func (b *Bot) settle(tb testing.TB) {
	tb.Helper()
	if !b.replies.drain(time.Now().Add(10 * time.Second)) {
		tb.Fatal("replies still queued after 10s")
	}
}

// gate is a discord whose channel posts block until released, recording
// their order.
type gate struct {
	recorder
	release chan struct{}
	mu      sync.Mutex
	order   []string
	started chan string
}

func newGate() *gate { return &gate{release: make(chan struct{}), started: make(chan string, 100)} }

func (g *gate) ChannelMessageSendComplex(ch string, m *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error) {
	g.started <- m.Content
	ctx := requestContext(opts, nil)
	select {
	case <-g.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	g.mu.Lock()
	g.order = append(g.order, m.Content)
	g.mu.Unlock()
	return &discordgo.Message{}, nil
}

// TestBacklogCrisisFirstAndBounded: with every sender busy and replies
// queued, a crisis reply is the next to go; the queue holds at most max
// replies, shedding the oldest; and stop hands back what was not sent.
func TestBacklogCrisisFirstAndBounded(t *testing.T) {
	const max = 10
	q := newBacklog(zap.NewNop(), nil, max)
	g := newGate()
	var mu sync.Mutex
	outcome := map[string]error{}
	add := func(ch, text string, urgent bool) {
		q.add(&post{s: g, channel: ch, msg: &discordgo.MessageSend{Content: text}, urgent: urgent, done: func(err error) {
			mu.Lock()
			outcome[text] = err
			mu.Unlock()
		}})
	}
	// Fill every sender, one channel each.
	for i := range backlogSenders {
		add(fmt.Sprint("busy-", i), fmt.Sprint("busy ", i), false)
	}
	for range backlogSenders {
		<-g.started
	}
	// Queue more than max replies in one channel: the oldest are shed.
	for i := range max + 5 {
		add("flood", fmt.Sprint("flood ", i), false)
	}
	add("other", "crisis", true)
	mu.Lock()
	shed := 0
	for text, err := range outcome {
		if !errors.Is(err, errShed) {
			t.Errorf("%q ended with %v before anything was sent", text, err)
		}
		shed++
	}
	mu.Unlock()
	if shed != 5 {
		t.Errorf("%d replies shed, want the 5 oldest over the bound of %d", shed, max)
	}
	for i := range 5 {
		if _, ok := outcome[fmt.Sprint("flood ", i)]; !ok {
			t.Errorf("flood %d (among the oldest) was not shed", i)
		}
	}
	// One sender frees: the crisis reply goes next, before the flood.
	g.release <- struct{}{}
	if next := <-g.started; next != "crisis" {
		t.Fatalf("after a sender freed, %q was sent; want the crisis reply first", next)
	}
	// The flood's channel gets one sender at a time.
	g.release <- struct{}{}
	if next := <-g.started; next != "flood 5" {
		t.Fatalf("then %q; want the oldest flood reply left", next)
	}
	select {
	case s := <-g.started:
		t.Fatalf("%q started while flood 5 is in flight in the same channel", s)
	default:
	}
	unsent := q.stop(5 * time.Second)
	// In flight when stopped: every sender (cancelled); queued: flood 6..14.
	if want := backlogSenders + 9; len(unsent) != want {
		t.Errorf("stop handed back %d posts, want %d", len(unsent), want)
	}
	if q.add(&post{s: g, channel: "x", msg: &discordgo.MessageSend{Content: "late"}}) {
		t.Error("a stopped backlog took a post")
	}
}
