package analysis

import "github.com/leadlab/leadlab/internal/numfmt"

// Count formats an integer with thousands separators (8,000), as every
// figure leadlab shows to people is written.
func Count(n int64) string { return numfmt.Count(n) }

// Money formats an amount rounded to whole units ($10,005,534).
func Money(v float64) string { return numfmt.Money(v) }
