package analysis

import (
	"math"
	"strconv"
	"strings"
)

// Count formats an integer with thousands separators (8,000), as every
// figure leadlab shows to people is written.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Money formats an amount rounded to whole units ($10,005,534). The data
// carries no currency; the dollar sign is the convention of the public
// datasets leadlab is checked against.
func Money(v float64) string {
	return "$" + Count(int64(math.Round(v)))
}
