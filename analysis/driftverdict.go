package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/internal/numfmt"
)

// Drift verdicts.
const (
	DriftHolds    = "holds"
	DriftDrifting = "drifting"
	DriftRetune   = "retune"
)

// verdict decides holds, drifting or retune from what the report found,
// gives the one or two findings that decide it, and what to do.
//
// Re-tune when the model's points are wrong now: a rule's effect faded
// or reversed, a behaviour it lacks now carries points, or the score
// distribution shifted (PSI above 0.25). Drifting when the population or
// the close rate moves but the points still hold: the score, a rule's
// prevalence or the source mix moving (PSI above 0.1), a rule's effect
// moved, or the newer leads closing outside the target at the cutoff.
// Holds otherwise.
func (r *DriftReport) verdict(cfg scoring.Config) {
	var retune, drifting []string
	var advice []string
	for _, e := range r.Effects {
		lift := func(l DriftLift) string {
			return fmt.Sprintf("%+.1f points [%+.1f, %+.1f]", *l.LiftPP, *l.CILow, *l.CIHigh)
		}
		switch e.Status {
		case "faded", "reversed":
			retune = append(retune, fmt.Sprintf("%s has %s: its lift on the leads since the as-of date is %s, against %+.1f before it",
				e.Factor, e.Status, lift(e.Now), *e.Then.LiftPP))
			advice = append(advice, fmt.Sprintf("drop the rule %s (%s points), or re-tune", e.Factor, numfmt.Points(e.Points)))
		case "moved":
			drifting = append(drifting, fmt.Sprintf("%s's effect has moved: %s now, %+.1f before", e.Factor, lift(e.Now), *e.Then.LiftPP))
		}
	}
	for _, f := range r.NewFactors {
		then := "no lead did it before"
		if f.Then.LiftPP != nil {
			then = fmt.Sprintf("%+.1f before", *f.Then.LiftPP)
		} else if f.Then.With > 0 {
			then = fmt.Sprintf("%s leads did it before", numfmt.Count(f.Then.With))
		}
		retune = append(retune, fmt.Sprintf("%s, in no rule, now carries %+.1f points [%+.1f, %+.1f] (%s)",
			f.Factor, *f.Now.LiftPP, *f.Now.CILow, *f.Now.CIHigh, then))
		advice = append(advice, fmt.Sprintf("re-tune so that %s gets its points", f.Factor))
	}
	if x := r.Stability.Score; x.PSI != nil {
		msg := fmt.Sprintf("the score distribution is %s (PSI %.2f)", x.Reading, *x.PSI)
		switch x.Reading {
		case "shifted":
			retune = append(retune, msg)
		case "moving":
			drifting = append(drifting, msg)
		}
	}
	rules := slices.Clone(r.Stability.Rules)
	slices.SortFunc(rules, func(a, b DriftPSI) int { return cmp.Compare(psiValue(b), psiValue(a)) })
	for _, x := range rules {
		if psiValue(x) >= 0.1 {
			drifting = append(drifting, fmt.Sprintf("the share of leads with %s is %s: %s then, %s now (PSI %.2f)",
				x.Name, x.Reading, sharePct(x.Bins[0].Then), sharePct(x.Bins[0].Now), *x.PSI))
		}
	}
	if x := r.Stability.SourceMix; psiValue(x) >= 0.1 {
		b := slices.MaxFunc(x.Bins, func(a, b DriftBin) int { return cmp.Compare(math.Abs(a.Now-a.Then), math.Abs(b.Now-b.Then)) })
		drifting = append(drifting, fmt.Sprintf("the lead source mix is %s (PSI %.2f): %s went from %s to %s of leads",
			x.Reading, *x.PSI, b.Bin, sharePct(b.Then), sharePct(b.Now)))
	}
	if m := r.Since; m.CloseRate != nil && (*m.CIHigh < cfg.Target.Low || *m.CILow > cfg.Target.High) {
		side := "below"
		if *m.CILow > cfg.Target.High {
			side = "above"
		}
		drifting = append(drifting, fmt.Sprintf("the settled leads since the as-of date close at %s [%s, %s] at the cutoff %s, %s the target %s–%s",
			sharePct(*m.CloseRate), sharePct(*m.CILow), sharePct(*m.CIHigh), numfmt.Points(cfg.Cutoff), side, sharePct(cfg.Target.Low), sharePct(cfg.Target.High)))
		if c := r.CutoffNow; c != nil && c.Cutoff != nil && c.InTarget && *c.Cutoff != cfg.Cutoff {
			advice = append(advice, fmt.Sprintf("move the cutoff to %s to get back into the target (%s [%s, %s] on the settled leads since the as-of date)",
				numfmt.Points(*c.Cutoff), sharePct(c.CloseRate), sharePct(c.CILow), sharePct(c.CIHigh)))
		}
	}
	since := r.Model.AsOf
	if t, err := time.Parse(time.RFC3339, since); err == nil {
		since = t.Format(time.DateOnly)
	}
	switch {
	case len(retune) > 0:
		r.Verdict, r.Reasons = DriftRetune, first2(retune)
		r.Advice = append([]string{"re-tune with leadlab tune on the data now loaded, so that the leads since " + since + " are in the model"}, advice...)
	case len(drifting) > 0:
		r.Verdict, r.Reasons = DriftDrifting, first2(drifting)
		r.Advice = append(advice, "the points still hold: run leadlab report drift again next month, and re-tune if it moves further")
	default:
		r.Verdict = DriftHolds
		if r.Since.Settled == 0 {
			r.Reasons = []string{"no lead since " + since + " has settled, so only the mix of leads can be judged; it is stable"}
		} else {
			r.Reasons = []string{fmt.Sprintf("every rule's effect holds on the %s settled leads since %s, and the scores and the lead mix are stable",
				numfmt.Count(r.Since.Settled), since)}
		}
		r.Advice = []string{"nothing to change: run leadlab report drift again next month"}
	}
}

func psiValue(x DriftPSI) float64 {
	if x.PSI == nil {
		return -1
	}
	return *x.PSI
}

func first2(xs []string) []string { return xs[:min(2, len(xs))] }

func sharePct(v float64) string { return numfmt.Pct(&v, 1) }
