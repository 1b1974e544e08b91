package ofxkit

import (
	"math/big"
	"strings"
	"time"
)

// Decimal is an exact decimal amount as the library gives it ("-42.17", "1106.05"); "" when the
// document lacks the value.
type Decimal string

// Rat is the amount as an exact *big.Rat; nil when the value is absent or not a number.
func (d Decimal) Rat() *big.Rat {
	if d == "" {
		return nil
	}
	r, ok := new(big.Rat).SetString(string(d))
	if !ok {
		return nil
	}
	return r
}

// IsSet reports whether there is a value.
func (d Decimal) IsSet() bool { return d != "" }

// String is the decimal text.
func (d Decimal) String() string { return string(d) }

// Sum adds exact decimals; absent values count as zero.
func Sum(ds ...Decimal) *big.Rat {
	total := new(big.Rat)
	for _, d := range ds {
		if r := d.Rat(); r != nil {
			total.Add(total, r)
		}
	}
	return total
}

// Date is an ISO 8601 date as the library gives it: a calendar day ("2024-01-15") or a UTC
// date-time ("2024-01-15T17:00:00Z", a fraction only when non-zero); "" when absent.
type Date string

// IsSet reports whether there is a value.
func (d Date) IsSet() bool { return d != "" }

// HasTime reports whether the value carries a time of day (a date-time rather than a calendar day).
func (d Date) HasTime() bool { return strings.Contains(string(d), "T") }

// Time is the value as a time.Time (a calendar day is midnight UTC of that day); the zero time
// when absent or malformed.
func (d Date) Time() time.Time {
	t, _ := d.Parse()
	return t
}

// Parse is Time with the parse error.
func (d Date) Parse() (time.Time, error) {
	if d == "" {
		return time.Time{}, nil
	}
	if !d.HasTime() {
		return time.Parse("2006-01-02", string(d))
	}
	return time.Parse(time.RFC3339Nano, string(d))
}

// String is the ISO text.
func (d Date) String() string { return string(d) }

// Bool is a helper for the optional flags of requests: Bool(true) gives a *bool.
func Bool(b bool) *bool { return &b }

// isoDateTime formats a request time as the library accepts it ("YYYY-MM-DDTHH:MM:SSZ"); "" for the
// zero time (none).
func isoDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// isoDay formats a due date as the calendar day of t in its own location; "" for the zero time.
func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
