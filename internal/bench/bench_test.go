package bench

import (
	"math"
	"testing"
)

func TestSpread(t *testing.T) {
	for _, c := range []struct {
		secs []float64
		want spread
	}{
		{[]float64{3, 1, 2}, spread{2, 1, 3}},
		{[]float64{4, 1, 3, 2}, spread{2.5, 1, 4}}, // the middle two, averaged
		{[]float64{7}, spread{7, 7, 7}},
		{nil, spread{}},
	} {
		if got := spreadOf(c.secs); got != c.want {
			t.Errorf("spreadOf(%v) = %+v, want %+v", c.secs, got, c.want)
		}
	}
}

func TestGrowthBound(t *testing.T) {
	// 10× the leads: 10 × ln(10^6)/ln(10^5) = 10 × 6/5 = 12.
	if g := nlognGrowth(100_000, 1_000_000); math.Abs(g-12) > 1e-9 {
		t.Errorf("n log n growth 100k → 1M = %v, want 12", g)
	}
	// Twice the leads from 1,000: 2 × ln(2000)/ln(1000) = 2 × 1.10034 = 2.20069.
	if g := nlognGrowth(1000, 2000); math.Abs(g-2.200687) > 1e-6 {
		t.Errorf("n log n growth 1k → 2k = %v", g)
	}
	if ratioTo(4.5, 1.5) != 3 || ratioTo(1, 0) != 0 {
		t.Error("ratioTo")
	}
}

// TestEditLatencyVerdict checks the edit step's p95 and both its
// targets: within 3× its floor and within 50 ms.
func TestEditLatencyVerdict(t *testing.T) {
	edit, _ := StepByID("edit_latency")
	var runs, floor []sample
	for k := range 20 {
		// 20 edits of 21 … 40 ms, each beside a 10 ms pass
		runs = append(runs, sample{float64(21+k) / 1000, 900})
		floor = append(floor, sample{0.010, 900})
	}
	r := newStepResult(edit, 1_000_000, runs, floor)
	if r.P95 == nil || *r.P95 != 0.039 || r.Median != 0.0305 {
		t.Fatalf("p50 %v, p95 %v; want 30.5 ms and 39 ms (the 19th of 20)", r.Median, r.P95)
	}
	if r.Target != "≤ 3× floor and ≤ 0.05 s, < 4 GiB" || verdict(r) != "NO: 3.05× floor" {
		t.Errorf("target %q, verdict %q", r.Target, verdict(r))
	}
	slow := newStepResult(edit, 1_000_000, []sample{{0.06, 900}}, []sample{{0.03, 900}})
	if verdict(slow) != "NO: 0.06 s" {
		t.Errorf("a 60 ms edit over a 30 ms floor: %q", verdict(slow))
	}
	if tune, _ := StepByID("tune"); newStepResult(tune, 1_000, []sample{{1, 1}}, nil).P95 != nil {
		t.Error("tune gives a p95")
	}
}

func TestStepVerdicts(t *testing.T) {
	load, _ := StepByID("load")
	// Runs of 46, 44 and 47 s against a floor of 15.8, 16 and 15.5 s:
	// median 46 over 15.8 is 2.91×, more than the 1.2× allowed.
	r := newStepResult(load, 1_000_000, []sample{{46, 5700}, {44, 5600}, {47, 5800}}, []sample{{15.8, 580}, {16, 590}, {15.5, 570}})
	if r.Median != 46 || r.Min != 44 || r.Max != 47 || r.PeakMB != 5800 || *r.Floor != 15.8 || *r.FloorPeakMB != 590 {
		t.Errorf("summary %+v", r)
	}
	if math.Abs(*r.Ratio-46/15.8) > 1e-12 || r.Met {
		t.Errorf("ratio %v, met %v", *r.Ratio, r.Met)
	}
	if got := verdict(r); got != "NO: 2.91× floor, 5800 MiB" {
		t.Errorf("verdict %q", got)
	}
	fast := newStepResult(load, 1_000_000, []sample{{18, 900}}, []sample{{15, 500}})
	if !fast.Met || verdict(fast) != "yes" {
		t.Errorf("18 s over a 15 s floor is 1.2×: %+v", fast)
	}
	if slow := newStepResult(load, 1_000_000, []sample{{20, 900}}, []sample{{15, 500}}); verdict(slow) != "NO: 1.33× floor" {
		t.Errorf("20 s over a 15 s floor is 1.33×, over 1.2×: %q", verdict(slow))
	}
	// Below a million leads the time targets are not judged; memory is.
	small := newStepResult(load, 100_000, []sample{{4, 300}}, []sample{{1, 200}})
	if !small.Met || small.Target != "< 4 GiB (≤ 1.2× floor at 1M)" || verdict(small) != "yes" {
		t.Errorf("4× the floor at 100,000 leads: %+v, %s", small, verdict(small))
	}
	if big := newStepResult(load, 100_000, []sample{{4, 5000}}, nil); big.Met {
		t.Errorf("5,000 MiB at 100,000 leads: %+v", big)
	}
	frame, _ := StepByID("tui_first_frame")
	if r := newStepResult(frame, 1_000_000, []sample{{2.5, 100}}, nil); r.Met || r.Floor != nil || r.Ratio != nil || r.Target != "≤ 2 s, < 4 GiB" {
		t.Errorf("a 2.5 s first frame: %+v", r)
	}
	// Growth: 1 s at 100,000 leads to 12.5 s at 1,000,000 is more than the
	// 12× n log n allows; 11 s is not.
	tune, _ := StepByID("tune")
	smaller := Result{Leads: 100_000, Steps: []StepResult{newStepResult(tune, 100_000, []sample{{1, 100}}, nil)}}
	for _, c := range []struct {
		secs float64
		met  bool
	}{{12.5, false}, {11, true}} {
		big := Result{Leads: 1_000_000, Steps: []StepResult{newStepResult(tune, 1_000_000, []sample{{c.secs, 100}}, nil)}}
		compareGrowth(&smaller, &big)
		s := big.Steps[0]
		if s.Met != c.met || *s.Growth != c.secs || math.Abs(*s.GrowthLimit-12) > 1e-9 || big.GrowthFrom != 100_000 {
			t.Errorf("%v s: growth %v of %v, met %v", c.secs, *s.Growth, *s.GrowthLimit, s.Met)
		}
	}
}
