package knowledge

import (
	"slices"
	"testing"
)

// The ASCII fast path of tokens must agree with the general path.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Don't STOP!!", "k i l l myself", "it's 5 o'clock", "''a'b''", "side-effects?", "x\x01y", "a''", "'a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokens(s), words(clean(s)); !slices.Equal(got, want) {
			t.Fatalf("tokens(%q) = %q, want %q", s, got, want)
		}
	})
}
