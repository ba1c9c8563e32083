package scoring

import (
	"fmt"
	"math"

	"github.com/leadlab/leadlab/internal/numfmt"
)

// Reach is the range of close rates the cutoffs of a sweep can give: from
// the lowest to the highest close rate among cutoffs with enough ready
// leads (every settled lead counts as the lowest cutoff).
type Reach struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Why is empty when the target overlaps the range; otherwise it says
	// in words why no cutoff can reach the target and what can.
	Why string `json:"why"`
}

// Reachable says which close rates the sweep's cutoffs can reach, and
// whether the target lies within them. A cutoff only ever leaves leads
// out, so when every settled lead together already closes above the
// target no cutoff brings the rate down into it; and when even the best
// cutoff with 20 or more ready leads closes below it, no cutoff lifts it.
func Reachable(sw Sweep, target Range) Reach {
	r := Reach{Low: math.Inf(1), High: math.Inf(-1)}
	if sw.Leads > 0 {
		r.Low = float64(sw.Won) / float64(sw.Leads)
		r.High = r.Low
	}
	for _, row := range sw.Rows {
		if row.Leads >= minReady {
			r.Low, r.High = math.Min(r.Low, row.CloseRate), math.Max(r.High, row.CloseRate)
		}
	}
	if math.IsInf(r.Low, 1) || sw.Leads < minReady {
		// Too few leads to say what is reachable: Recommend says so.
		r.Low, r.High = max(r.Low, 0), max(r.High, 0)
		if math.IsInf(r.Low, 1) {
			r.Low, r.High = 0, 0
		}
		return r
	}
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	rng := pct(target.Low) + "–" + pct(target.High)
	switch {
	case r.Low > target.High:
		r.Why = fmt.Sprintf("the target %s is below every close rate a cutoff can give: all %s settled leads together close at %s, and a cutoff only leaves leads out; cutoffs reach %s–%s. Raise the target to at least %s, or check the outcome rules",
			rng, numfmt.Count(sw.Leads), pct(float64(sw.Won)/float64(sw.Leads)), pct(r.Low), pct(r.High), pct(r.Low))
	case r.High < target.Low:
		r.Why = fmt.Sprintf("the target %s is above every close rate a cutoff can give: even the best cutoff with %d or more ready leads closes at %s; cutoffs reach %s–%s. Lower the target to at most %s, or add factors that separate winners better",
			rng, minReady, pct(r.High), pct(r.Low), pct(r.High), pct(r.High))
	}
	return r
}
