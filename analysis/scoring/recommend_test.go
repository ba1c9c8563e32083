package scoring

import (
	"strings"
	"testing"
)

// sweepOf builds a sweep from (cutoff, ready, won, per day) rows, highest
// cutoff first, over 1,000 settled leads.
func sweepOf(capacity float64, rows ...[4]float64) Sweep {
	sw := Sweep{Leads: 1000, Won: 100, Capacity: capacity}
	for _, r := range rows {
		pd := r[3]
		sw.Rows = append(sw.Rows, SweepRow{Cutoff: r[0], Leads: int64(r[1]), Won: int64(r[2]),
			CloseRate: r[2] / r[1], Share: r[1] / 1000, Recall: r[2] / 100, PerDay: &pd})
	}
	return sw
}

func TestRecommendByHand(t *testing.T) {
	target := Range{Low: 0.10, High: 0.15}
	for _, tc := range []struct {
		name     string
		sw       Sweep
		cutoff   float64 // NaN: none
		inTarget bool
		reason   string
	}{
		{"lowest in range wins", sweepOf(0,
			[4]float64{90, 40, 12, 1}, [4]float64{60, 200, 28, 4}, [4]float64{40, 400, 44, 8}, [4]float64{20, 600, 54, 12}, [4]float64{0, 1000, 100, 20}),
			40, true, "the lowest cutoff whose ready leads close inside the target"},
		{"capacity moves it up", sweepOf(5,
			[4]float64{90, 40, 12, 1}, [4]float64{60, 200, 28, 4}, [4]float64{40, 400, 44, 8}, [4]float64{0, 1000, 100, 20}),
			60, true, "more than the SDRs' 5.0; 60 is the lowest within capacity"},
		{"over capacity everywhere", sweepOf(0.5,
			[4]float64{60, 200, 28, 4}, [4]float64{40, 400, 44, 8}, [4]float64{0, 1000, 100, 20}),
			40, true, "hire SDRs or raise the target"},
		{"none reaches the target", sweepOf(0,
			[4]float64{90, 40, 3, 1}, [4]float64{40, 400, 28, 8}, [4]float64{0, 1000, 50, 20}),
			90, false, "no cutoff reaches the target"},
		{"all above the target", sweepOf(0,
			[4]float64{90, 40, 20, 1}, [4]float64{40, 400, 80, 8}, [4]float64{0, 1000, 170, 20}),
			40, false, "every cutoff closes above the target"},
		{"jumps across", sweepOf(0,
			[4]float64{60, 100, 20, 1}, [4]float64{40, 500, 45, 8}, [4]float64{0, 1000, 60, 20}),
			40, false, "jumps across the target"},
		{"everyone already in target", sweepOf(0,
			[4]float64{60, 300, 60, 1}, [4]float64{0, 1000, 120, 20}),
			60, false, "already inside the target"},
		{"too few leads", sweepOf(0,
			[4]float64{60, 10, 2, 1}, [4]float64{0, 1000, 120, 20}),
			-1, false, "too few to judge"},
	} {
		r := Recommend(tc.sw, target)
		switch {
		case tc.cutoff < 0 && r.Cutoff != nil:
			t.Errorf("%s: recommended %v, want none", tc.name, *r.Cutoff)
		case tc.cutoff >= 0 && (r.Cutoff == nil || *r.Cutoff != tc.cutoff):
			t.Errorf("%s: recommended %v, want %v (%s)", tc.name, r.Cutoff, tc.cutoff, r.Reason)
		}
		if r.InTarget != tc.inTarget || !strings.Contains(r.Reason, tc.reason) {
			t.Errorf("%s: in target %v, reason %q; want %v and %q", tc.name, r.InTarget, r.Reason, tc.inTarget, tc.reason)
		}
	}
}
