package scoring

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/leadlab/leadlab/internal/numfmt"
)

// Recommendation is the cutoff the sweep suggests, with its figures and
// the reason in words.
type Recommendation struct {
	Cutoff    *float64 `json:"cutoff"` // nil when no cutoff can be suggested
	Leads     int64    `json:"leads"`
	CloseRate float64  `json:"close_rate"`
	CILow     float64  `json:"ci_low"`
	CIHigh    float64  `json:"ci_high"`
	Recall    float64  `json:"recall"`
	Share     float64  `json:"share"`
	InTarget  bool     `json:"in_target"`
	Reason    string   `json:"reason"`
}

// MarshalJSON writes the figures as null when there is no cutoff to
// recommend: they are of no cutoff, not a close rate of 0 in [0, 0].
func (r Recommendation) MarshalJSON() ([]byte, error) {
	type plain Recommendation
	if r.Cutoff != nil {
		return json.Marshal(plain(r))
	}
	return json.Marshal(struct {
		Cutoff    *float64 `json:"cutoff"`
		Leads     *int64   `json:"leads"`
		CloseRate *float64 `json:"close_rate"`
		CILow     *float64 `json:"ci_low"`
		CIHigh    *float64 `json:"ci_high"`
		Recall    *float64 `json:"recall"`
		Share     *float64 `json:"share"`
		InTarget  bool     `json:"in_target"`
		Reason    string   `json:"reason"`
	}{Reason: r.Reason})
}

// minReady is the fewest ready leads a recommended cutoff may have: a close
// rate over fewer says too little to act on.
const minReady = 20

// Recommend picks the lowest cutoff whose close rate lies inside the
// target range (the most leads for the SDRs) that capacity allows; when
// none does, the nearest, with the reason in words (docs/scoring.md).
func Recommend(sw Sweep, target Range) Recommendation {
	// A cutoff that every settled lead reaches is no cutoff: it is left
	// out, and the reason says so when it would have been the answer.
	var usable []SweepRow
	var everyone *SweepRow
	for k, r := range sw.Rows {
		switch {
		case r.Leads == sw.Leads && sw.Leads > 0:
			everyone = &sw.Rows[k]
		case r.Leads >= minReady:
			usable = append(usable, r)
		}
	}
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	rangeWords := fmt.Sprintf("%s–%s", pct(target.Low), pct(target.High))
	if len(usable) == 0 {
		return Recommendation{Reason: fmt.Sprintf("no cutoff that leaves some leads out has %d or more ready leads among %d settled leads: too few to judge a close rate", minReady, sw.Leads)}
	}
	fits := func(r SweepRow) bool { return sw.Capacity <= 0 || r.PerDay == nil || *r.PerDay <= sw.Capacity }
	inRange := func(r SweepRow) bool { return r.CloseRate >= target.Low && r.CloseRate <= target.High }
	pick := func(r SweepRow, in bool, reason string) Recommendation {
		c := r.Cutoff
		return Recommendation{Cutoff: &c, Leads: r.Leads, CloseRate: r.CloseRate, CILow: r.CILow, CIHigh: r.CIHigh,
			Recall: r.Recall, Share: r.Share, InTarget: in, Reason: reason}
	}
	// Rows run from the highest cutoff down, so the last match is the
	// lowest cutoff.
	var lowestIn, lowestInCap *SweepRow
	for k := range usable {
		r := &usable[k]
		if inRange(*r) {
			lowestIn = r
			if fits(*r) {
				lowestInCap = r
			}
		}
	}
	capWords := func(r SweepRow) string {
		if sw.Capacity <= 0 || r.PerDay == nil {
			return ""
		}
		return fmt.Sprintf("; %.1f ready leads a day against a capacity of %.1f", *r.PerDay, sw.Capacity)
	}
	switch {
	case lowestInCap != nil && lowestInCap == lowestIn:
		r := *lowestInCap
		return pick(r, true, fmt.Sprintf("the lowest cutoff whose ready leads close inside the target %s: %s of %s leads (%s of all), catching %s of wins%s",
			rangeWords, pct(r.CloseRate), numfmt.Count(r.Leads), pct(r.Share), pct(r.Recall), capWords(r)))
	case lowestInCap != nil:
		r := *lowestInCap
		return pick(r, true, fmt.Sprintf("cutoff %s would close inside the target with more leads, but sends %.1f a day, more than the SDRs' %.1f; %s is the lowest within capacity, closing %s",
			numfmt.Points(lowestIn.Cutoff), *lowestIn.PerDay, sw.Capacity, numfmt.Points(r.Cutoff), pct(r.CloseRate)))
	case lowestIn != nil:
		r := *lowestIn
		return pick(r, true, fmt.Sprintf("every cutoff inside the target sends more ready leads a day than the SDRs can follow up within 48 hours; the lowest, %s, closes %s%s — hire SDRs or raise the target",
			numfmt.Points(r.Cutoff), pct(r.CloseRate), capWords(r)))
	}
	// Nothing inside the range: the nearest close rate, lowest cutoff on
	// ties, preferring cutoffs within capacity.
	best := -1
	bestGap := math.Inf(1)
	for k, r := range usable {
		gap := math.Max(target.Low-r.CloseRate, r.CloseRate-target.High)
		if !fits(r) {
			gap += 10 // only when nothing within capacity comes near
		}
		if gap <= bestGap {
			best, bestGap = k, gap
		}
	}
	r := usable[best]
	top, bottom := usable[0], usable[len(usable)-1]
	reach := Reachable(sw, target)
	var why string
	switch {
	case everyone != nil && inRange(*everyone):
		why = fmt.Sprintf("every settled lead together closes at %s, already inside the target %s, so no cutoff is needed to reach it; of the cutoffs that leave leads out, %s is the nearest, closing %s — set SDR capacity, or raise the target, to choose",
			pct(everyone.CloseRate), rangeWords, numfmt.Points(r.Cutoff), pct(r.CloseRate))
	case reach.Why != "":
		why = reach.Why
	case top.CloseRate < target.Low && r.CloseRate < target.Low:
		why = fmt.Sprintf("no cutoff reaches the target %s: the best close rate with %d or more ready leads is %s, at cutoff %s — the points do not separate winners enough yet; add stronger factors or lower the target",
			rangeWords, minReady, pct(r.CloseRate), numfmt.Points(r.Cutoff))
	case bottom.CloseRate > target.High:
		why = fmt.Sprintf("every cutoff closes above the target %s, even the lowest (%s at %s): money is left on the table — score more of the leads that close (more factors), or raise the target",
			rangeWords, pct(bottom.CloseRate), numfmt.Points(bottom.Cutoff))
	default:
		why = fmt.Sprintf("the close rate jumps across the target %s between neighbouring cutoffs; %s at cutoff %s is the nearest",
			rangeWords, pct(r.CloseRate), numfmt.Points(r.Cutoff))
	}
	return pick(r, false, why+capWords(r))
}
