package scoring

import (
	"fmt"

	"github.com/leadlab/leadlab/internal/numfmt"
)

// NoContrast says in words why settled units (leads, or accounts) cannot
// be compared by outcome: none are settled, none won, or every one won.
// Then there is nothing to correlate with closing and no cutoff to tune,
// and every odds ratio, lift or close rate by cutoff would be a
// placeholder. It is "" when there are both wins and losses.
func NoContrast(settled, won int64, unit string) string {
	const why = "there is nothing to correlate with closing and no cutoff to tune"
	switch {
	case settled == 1 && won == 0:
		return fmt.Sprintf("the only settled %s did not win: with no wins %s", unit, why)
	case settled == 1:
		return fmt.Sprintf("the only settled %s won: with no losses %s", unit, why)
	case settled == 0:
		return fmt.Sprintf("no settled %ss (every window is still open at the as-of date): %s", unit, why)
	case won == 0:
		return fmt.Sprintf("none of the %s settled %ss won: with no wins %s", numfmt.Count(settled), unit, why)
	case won == settled:
		return fmt.Sprintf("all %s settled %ss won: with no losses %s", numfmt.Count(settled), unit, why)
	}
	return ""
}
