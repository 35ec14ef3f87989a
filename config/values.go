package config

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// A ByteSize is a number of bytes. In the file and the environment it is
// written as a whole number of bytes or with a unit: B, KB, MB, GB (powers
// of 1000) or KiB, MiB, GiB (powers of 1024), as in "256KiB".
type ByteSize int64

// Units for [ByteSize].
const (
	KiB ByteSize = 1 << 10
	MiB ByteSize = 1 << 20
	GiB ByteSize = 1 << 30
)

// String writes the size with the largest binary unit that divides it,
// such as "256KiB", or in bytes ("1000B").
func (b ByteSize) String() string {
	for _, u := range []struct {
		size ByteSize
		name string
	}{{GiB, "GiB"}, {MiB, "MiB"}, {KiB, "KiB"}} {
		if b != 0 && b%u.size == 0 {
			return strconv.FormatInt(int64(b/u.size), 10) + u.name
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}

var sizeUnits = map[string]ByteSize{
	"": 1, "b": 1,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
	"kib": KiB, "mib": MiB, "gib": GiB,
}

func parseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	unit, ok := sizeUnits[strings.ToLower(strings.TrimSpace(t[i:]))]
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if !ok || err != nil || n > (1<<62)/int64(unit) {
		return 0, fmt.Errorf("bad size %q (use bytes or a unit, as in 256KiB or 1MiB)", s)
	}
	return ByteSize(n) * unit, nil
}

// parseDuration accepts Go durations ("30s", "1h30m") and whole days ("90d").
func parseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(t, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err == nil && n >= 0 && n <= 100*365 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(t); err == nil {
		return d, nil
	}
	return 0, fmt.Errorf("bad duration %q (use a number and a unit: 30s, 15m, 12h, or days as in 90d)", s)
}

// formatDuration writes d as parseDuration accepts it, using days when d is
// a whole number of them.
func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d > 0 && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}

var (
	durationType = reflect.TypeFor[time.Duration]()
	byteSizeType = reflect.TypeFor[ByteSize]()
)

// errNoValue reports a setting left empty in the file where it needs one.
var errNoValue = errors.New("needs a value")

// parseScalar parses s into a value of type t, the type of one setting or
// of one element of a list setting.
func parseScalar(t reflect.Type, s string) (reflect.Value, error) {
	v := reflect.New(t).Elem()
	switch {
	case t == durationType:
		d, err := parseDuration(s)
		if err != nil {
			return v, err
		}
		v.SetInt(int64(d))
	case t == byteSizeType:
		b, err := parseByteSize(s)
		if err != nil {
			return v, err
		}
		v.SetInt(int64(b))
	case t.Kind() == reflect.String:
		v.SetString(s)
	case t.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return v, fmt.Errorf("bad true/false value %q", s)
		}
		v.SetBool(b)
	case t.Kind() == reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return v, fmt.Errorf("bad whole number %q", s)
		}
		v.SetInt(int64(n))
	case t.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return v, fmt.Errorf("bad number %q", s)
		}
		v.SetFloat(f)
	default:
		// A new setting of a type this package cannot parse yet;
		// TestEverySettingParses catches it before it ships.
		return v, fmt.Errorf("config: no parser for settings of type %s", t)
	}
	return v, nil
}
