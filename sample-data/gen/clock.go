package gen

import (
	"math/rand/v2"
	"time"
)

// Times are Unix seconds (UTC) throughout the generator: integer arithmetic
// is fast, and formatting them by hand (appendTimestamp) avoids a time.Time
// per field on tens of millions of rows.
const (
	minute = 60
	hour   = 60 * minute
	day    = 24 * hour
)

// The timing rules. Every planted pain event falls in a lead's engagement
// phase, the first engageDays after created_at and before its opportunity.
// An opportunity opens 10–45 days after created_at and closes 14–100 days
// later, so created_at → close never exceeds MaxCycleDays. Leads without an
// opportunity have no events between their engagement phase and QuietDays
// after created_at, so an analysis window of up to QuietDays gives every lead
// the same exposure to behaviour whether or not it reached an opportunity.
const (
	engageDays   = 30
	minOppDays   = 10
	maxOppDays   = 45
	minCloseDays = 14
	maxCloseDays = 100

	// MaxCycleDays bounds created_at → closed_at of every new deal.
	MaxCycleDays = maxOppDays + maxCloseDays
	// QuietDays is when nurture resumes for leads that never reached an
	// opportunity; it is at least MaxCycleDays.
	QuietDays = 150
)

// defaultAsOf is the end of the data when Options.AsOf is zero. It is fixed,
// never the wall clock, so that a seed always gives the same files.
var defaultAsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// between returns a uniform time in [lo, hi); hi <= lo gives lo.
func between(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo)
}

// daysBetween returns a uniform whole-second duration of lo to hi days.
func daysBetween(r *rand.Rand, lo, hi int) int64 {
	return int64(lo)*day + r.Int64N(int64(hi-lo)*day)
}

// monthStarts returns the first instant of every calendar month that
// overlaps [from, to).
func monthStarts(from, to int64) []int64 {
	t := time.Unix(from, 0).UTC()
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	var out []int64
	for ; m.Unix() < to; m = m.AddDate(0, 1, 0) {
		out = append(out, m.Unix())
	}
	return out
}

// appendTimestamp appends sec as "2006-01-02 15:04:05" (UTC).
func appendTimestamp(b []byte, sec int64) []byte {
	b = appendDate(b, sec)
	s := sec % day
	if s < 0 {
		s += day
	}
	b = append(b, ' ')
	b = append2(b, int(s/hour))
	b = append(b, ':')
	b = append2(b, int(s%hour/minute))
	b = append(b, ':')
	return append2(b, int(s%minute))
}

// appendDate appends the UTC calendar date of sec as "2006-01-02". It uses
// Howard Hinnant's days-to-civil algorithm.
func appendDate(b []byte, sec int64) []byte {
	z := sec / day
	if sec%day < 0 {
		z--
	}
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	b = append2(b, int(y/100))
	b = append2(b, int(y%100))
	b = append(b, '-')
	b = append2(b, int(m))
	b = append(b, '-')
	return append2(b, int(d))
}

// append2 appends a two-digit, zero-padded number below 100.
func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
