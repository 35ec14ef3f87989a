package config

import (
	"encoding/json"
	"fmt"
	"io"
)

// redacted is what a [Secret] prints as.
const redacted = "[redacted]"

// A Secret is a string that must not be shown: every way of printing,
// encoding or logging it gives "[redacted]". Use [Secret.Reveal] at the one
// place that needs the value.
type Secret string

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// String returns "[redacted]".
func (s Secret) String() string { return redacted }

// GoString returns "[redacted]" quoted, for %#v.
func (s Secret) GoString() string { return `"` + redacted + `"` }

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %x, %d, ...) print
// "[redacted]" rather than the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' || (verb == 'v' && f.Flag('#')) {
		io.WriteString(f, s.GoString())
		return
	}
	io.WriteString(f, redacted)
}

// MarshalJSON encodes the secret as the JSON string "[redacted]".
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }

// MarshalYAML encodes the secret as "[redacted]".
func (s Secret) MarshalYAML() (any, error) { return redacted, nil }

// MarshalText encodes the secret as "[redacted]", for encoders that use
// [encoding.TextMarshaler] such as encoding/xml and zap's reflection.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Interface guards: fmt and the encoders must find these methods.
var (
	_ fmt.Formatter  = Secret("")
	_ fmt.Stringer   = Secret("")
	_ fmt.GoStringer = Secret("")
	_ json.Marshaler = Secret("")
)
