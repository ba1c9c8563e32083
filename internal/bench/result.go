package bench

// Result is one size's measurements; --format json prints it with
// exactly these keys (an array of them for several sizes).
type Result struct {
	Leads  int          `json:"leads"`
	Events int64        `json:"events"`
	Steps  []StepResult `json:"steps"`
	// Documented extras: runs per step, the machine in words, and the
	// smaller size the growth figures compare with.
	Runs       int    `json:"runs"`
	Machine    string `json:"machine"`
	GrowthFrom int    `json:"growth_from,omitempty"`
}

// StepResult is one step: its timed runs summarised, its floor's median
// and its ratio to it (null where the step has no floor).
type StepResult struct {
	Step   string   `json:"step"`
	Median float64  `json:"median_s"`
	Min    float64  `json:"min_s"`
	Max    float64  `json:"max_s"`
	PeakMB float64  `json:"peak_rss_mb"`
	Floor  *float64 `json:"floor_s"`
	Ratio  *float64 `json:"ratio"`
	// Documented extras: the floor's own peak memory; the targets in words
	// and whether all were met; the growth of the median from the smaller
	// size and the most n log n allows.
	FloorPeakMB *float64 `json:"floor_peak_rss_mb"`
	Target      string   `json:"target"`
	Met         bool     `json:"met"`
	Growth      *float64 `json:"growth,omitempty"`
	// P95 is the 95th percentile of the runs, for steps timed many times
	// in one process (edit_latency), whose median is their p50.
	P95         *float64 `json:"p95_s,omitempty"`
	GrowthLimit *float64 `json:"growth_limit,omitempty"`
	// Note says why part of the step was not measured (a peer that is
	// not installed).
	Note string `json:"note,omitempty"`
	// timed says the time targets apply: the size is targetLeads or more.
	timed bool
}

// newStepResult summarises a step's runs at a size and, when it has one,
// its floor's.
func newStepResult(s Step, leads int, runs, floor []sample) StepResult {
	r := StepResult{Step: s.id, Target: s.target(leads), timed: leads >= targetLeads}
	sp := spreadOf(seconds(runs))
	r.Median, r.Min, r.Max, r.PeakMB = sp.median, sp.min, sp.max, peakOf(runs)
	if s.p95 {
		p := percentile(seconds(runs), 0.95)
		r.P95 = &p
	}
	if len(floor) > 0 {
		f, fpeak := spreadOf(seconds(floor)).median, peakOf(floor)
		ratio := ratioTo(r.Median, f)
		r.Floor, r.Ratio, r.FloorPeakMB = &f, &ratio, &fpeak
	}
	r.Met = len(s.misses(r)) == 0
	return r
}

// compareGrowth sets cur's growth from prev, a smaller size, for every
// step both measured, and judges it against n log n.
func compareGrowth(prev, cur *Result) {
	cur.GrowthFrom = prev.Leads
	limit := nlognGrowth(prev.Leads, cur.Leads)
	for i := range cur.Steps {
		r := &cur.Steps[i]
		for _, p := range prev.Steps {
			if p.Step != r.Step || p.Median <= 0 {
				continue
			}
			g, l := r.Median/p.Median, limit
			r.Growth, r.GrowthLimit = &g, &l
			s, _ := StepByID(r.Step)
			r.Met = len(s.misses(*r)) == 0
		}
	}
}

func seconds(ss []sample) []float64 {
	out := make([]float64, len(ss))
	for i, s := range ss {
		out[i] = s.secs
	}
	return out
}

func peakOf(ss []sample) float64 {
	var m float64
	for _, s := range ss {
		m = max(m, s.peakMB)
	}
	return m
}
