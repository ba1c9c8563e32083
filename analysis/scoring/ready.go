package scoring

import "github.com/leadlab/leadlab/queries"

// SDR-ready has two meanings in leadlab, each for its own purpose, and
// the screens name them apart:
//
//   - Ready today: the lead's score now — as of the as-of date, with
//     every event up to it, those after its opportunity included — is at
//     or above the cutoff. It is who the SDRs would be sent today, what
//     production computes (`score --now`, the exported view), and what
//     the Leads screen ranks.
//   - Reached the cutoff before the outcome: the lead's score at its
//     exposure cutoff (its first opportunity or the end of its window; a
//     maturing lead's as of the as-of date) is at or above the cutoff.
//     Close rates can be judged only on this one, since a score that
//     counts what happened after the opportunity would see the outcome.
//     The Cutoff screen and `report cutoffs` count it over the settled
//     leads (the close rate's denominator); the lead funnel of the Funnel
//     screen and `report funnel --config` over every lead, maturing ones
//     too, as its other stages count them.
//
// A lead can be ready today and not have reached the cutoff before its
// outcome (it got there through events after its opportunity), and the
// other way round (points that decay, or negative ones that came later).

// ReadyToday counts every lead whose score now is at or above the
// cutoff; now must be scored in Now mode.
func (d *Data) ReadyToday(now *Scores, cutoff float64) int64 {
	var n int64
	for i := range d.N() {
		if now.Score(i) >= cutoff {
			n++
		}
	}
	return n
}

// ReachedBeforeOutcome counts the leads whose score at their exposure
// cutoff is at or above the cutoff; hist must be scored in History mode.
// With settled only the maturing leads are left out, as close rates
// leave them out.
func (d *Data) ReachedBeforeOutcome(hist *Scores, cutoff float64, settled bool) int64 {
	var n int64
	for i := range d.N() {
		if settled && d.Leads.Outcome[i] == queries.OutcomeMaturing {
			continue
		}
		if hist.Score(i) >= cutoff {
			n++
		}
	}
	return n
}

// How each screen says which ready it counts and how the others differ,
// in one sentence (docs/scoring.md, "Which ready", says the same).
const (
	ReadyTodaySentence = "Ready today: by the score now, events after the opportunity included. " +
		"Cutoff and Funnel count leads that reached the cutoff before their outcome (first opportunity or window end)."
	ReadySettledSentence = "Ready: settled leads that reached the cutoff before their outcome (first opportunity or window end). " +
		"Funnel adds maturing leads; Leads counts leads ready today, by the score now."
	ReadyAllSentence = "SDR-ready: every lead, maturing too, that reached the cutoff before its outcome (first opportunity or window end). " +
		"Cutoff counts settled leads only; Leads counts leads ready today, by the score now."
)
