package scoring

import (
	"strings"
	"testing"
)

func TestReachable(t *testing.T) {
	sw := Sweep{Leads: 1000, Won: 385, Rows: []SweepRow{
		{Cutoff: 30, Leads: 10, CloseRate: 1}, // too few ready to count
		{Cutoff: 20, Leads: 200, CloseRate: 0.8},
		{Cutoff: 10, Leads: 600, CloseRate: 0.5},
		{Cutoff: 0, Leads: 1000, CloseRate: 0.385},
	}}
	r := Reachable(sw, Range{Low: 0.10, High: 0.15})
	if r.Low != 0.385 || r.High != 0.8 {
		t.Fatalf("reach %v–%v, want 38.5%%–80%%", r.Low, r.High)
	}
	for _, w := range []string{"below every close rate", "38.5%", "Raise the target to at least 38.5%"} {
		if !strings.Contains(r.Why, w) {
			t.Errorf("why %q lacks %q", r.Why, w)
		}
	}
	if r := Reachable(sw, Range{Low: 0.85, High: 0.95}); !strings.Contains(r.Why, "above every close rate") || !strings.Contains(r.Why, "at most 80.0%") {
		t.Errorf("target above the best: %q", r.Why)
	}
	if r := Reachable(sw, Range{Low: 0.40, High: 0.60}); r.Why != "" {
		t.Errorf("a reachable target: %q", r.Why)
	}
	// Too few leads to tell: Recommend says why, not Reachable.
	if r := Reachable(Sweep{Leads: 3, Won: 1}, Range{Low: 0.1, High: 0.15}); r.Why != "" {
		t.Errorf("three leads: %q", r.Why)
	}
}
