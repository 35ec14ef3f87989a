package bot

import (
	"crypto/rand"
	"encoding/base64"
	"regexp"
	"sync"
	"time"
)

// A button sometimes needs text that its custom id cannot carry: the
// question behind "Did you mean…" for a later "None of these", or a gap's
// question for "Add as phrasing". A custom id holds at most 100 characters
// (a question holds up to 1000), and it travels through Discord and every
// client that shows the message, so question text does not belong in it.
// Instead the bot keeps the text in memory under a random token for a
// short while (tokenTTL) and puts only the token in the custom id.
//
// The map never touches disk; it is gone on restart. A click whose token
// has expired (or is from before a restart) is handled gracefully: "None of
// these" still answers but records nothing, "Add as phrasing" asks the
// moderator to run /kb gaps again. Tokens are unguessable (96 random bits)
// and only the bot's own buttons carry them.

// tokenTTL is how long a token's text is kept: 15 minutes.
const tokenTTL = 15 * time.Minute

// maxTokens bounds the memory a flood of questions can take; past it, the
// tokens closest to expiry are dropped first.
const maxTokens = 10000

// tokenLen is the length of a token: 12 random bytes in base64url.
const tokenLen = 16

var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16}$`)

// validToken reports whether s has the shape of a token.
func validToken(s string) bool { return tokenPattern.MatchString(s) }

// A held is what a token stands for.
type held struct {
	text    string    // the question
	entry   string    // the entry it is for ("" for "None of these")
	expires time.Time // when it is forgotten
}

// tokens maps tokens to held text. It is safe for concurrent use.
type tokens struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu    sync.Mutex // protects items
	items map[string]held
}

func newTokens(ttl time.Duration, max int, now func() time.Time) *tokens {
	return &tokens{ttl: ttl, max: max, now: now, items: map[string]held{}}
}

// put keeps text (for entry) and returns its new token.
func (t *tokens) put(text, entry string) string {
	var raw [tokenLen * 3 / 4]byte
	rand.Read(raw[:]) // never fails (crypto/rand)
	tok := base64.RawURLEncoding.EncodeToString(raw[:])
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.items) >= t.max {
		t.sweepLocked(now)
	}
	for len(t.items) >= t.max {
		t.dropOldestLocked()
	}
	t.items[tok] = held{text: text, entry: entry, expires: now.Add(t.ttl)}
	return tok
}

// get returns what tok stands for, if it has not expired.
func (t *tokens) get(tok string) (held, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.getLocked(tok)
}

// take is get, and forgets tok: a token that may be used once.
func (t *tokens) take(tok string) (held, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h, ok := t.getLocked(tok)
	delete(t.items, tok)
	return h, ok
}

func (t *tokens) getLocked(tok string) (held, bool) {
	h, ok := t.items[tok]
	if !ok {
		return held{}, false
	}
	if !t.now().Before(h.expires) {
		delete(t.items, tok)
		return held{}, false
	}
	return h, true
}

// len returns the number of tokens held, expired ones included.
func (t *tokens) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.items)
}

func (t *tokens) sweepLocked(now time.Time) {
	for k, h := range t.items {
		if !now.Before(h.expires) {
			delete(t.items, k)
		}
	}
}

func (t *tokens) dropOldestLocked() {
	var oldest string
	var at time.Time
	for k, h := range t.items {
		if oldest == "" || h.expires.Before(at) {
			oldest, at = k, h.expires
		}
	}
	delete(t.items, oldest)
}
