package bench

import (
	"fmt"
	"strings"
)

// Step is one thing leadlab bench times, with the floor it is
// compared to and the target issue 7 sets for it.
type Step struct {
	id, label string
	floor     string  // what the floor is, in words; "" when there is none
	maxRatio  float64 // most the median may be as a multiple of the floor; 0 for no target
	maxSecs   float64 // most the median may take; 0 for no target
	p95       bool    // the step gives its 95th percentile beside the median
	maxMB     float64 // most its peak memory may be, when less than maxPeakMB
}

// maxPeakMB is the memory every step must stay under (4 GiB).
const maxPeakMB = 4096

// targetLeads is the size the time targets are set at ("at 1,000,000
// leads"): a smaller dataset is judged on memory and growth only, since
// there the fixed costs (starting a process, opening the workspace, a few
// dozen small queries) weigh more beside a floor of a tenth of a second.
const targetLeads = 1_000_000

// steps in the order they run and are printed.
var steps = []Step{
	{id: "gen", label: "generate (leadlab gen)"},
	{id: "load", label: "load into a file workspace", floor: "DuckDB CREATE TABLE AS read_csv", maxRatio: 1.2},
	{id: "report_data", label: "report data"},
	{id: "funnel", label: "report funnel", maxSecs: 3, maxMB: 1536},
	{id: "funnel_filter", label: "a funnel filter change in the workbench: tier 1, 2, 3, none, in process (p50, p95)", maxSecs: 0.5, p95: true},
	{id: "campaigns", label: "report campaigns", floor: "a process opening the workspace for one query (leadlab sql)", maxSecs: 3, maxMB: 1536},
	{id: "actions", label: "report actions", floor: "GROUP BY lead_id, event", maxRatio: 3},
	{id: "first_answer", label: "first answer: load, then report actions",
		floor: "a pandas notebook on the same files: read, outcomes, actions (skipped without python3 and pandas)", maxRatio: 1},
	{id: "tune", label: "tune"},
	{id: "rescore_sweep", label: "one weight changed: re-score, sweep", floor: "sort as many float64 in Go", maxRatio: 3},
	{id: "edit_latency", label: "an edit in the workbench: one weight changed, re-score and sweep in process (p50, p95)",
		floor: "one pass over the leads in memory in Go (scoring.Data.PassFloor)", maxRatio: 3, maxSecs: 0.05, p95: true},
	{id: "tui_first_frame", label: "workbench: first frame with data", maxSecs: 2},
}

// HasFloor says whether the step is timed beside a floor.
func (s Step) HasFloor() bool { return s.floor != "" }

// StepByID is the step of that id.
func StepByID(id string) (Step, bool) {
	for _, s := range steps {
		if s.id == id {
			return s, true
		}
	}
	return Step{}, false
}

// target says the step's targets at a size in words.
func (s Step) target(leads int) string {
	var times []string
	if s.maxRatio > 0 {
		times = append(times, fmt.Sprintf("≤ %g× floor", s.maxRatio))
	}
	if s.maxSecs > 0 {
		times = append(times, fmt.Sprintf("≤ %g s", s.maxSecs))
	}
	mem := "< 4 GiB"
	if s.maxMB > 0 {
		mem = fmt.Sprintf("< %g GiB", s.maxMB/1024)
	}
	if len(times) == 0 {
		return mem
	}
	time := strings.Join(times, " and ")
	if leads < targetLeads {
		return fmt.Sprintf("%s (%s at 1M)", mem, time)
	}
	return time + ", " + mem
}

// misses lists the targets r fails, in words; none means every target is
// met. Growth is judged only when r was compared with a smaller size.
func (s Step) misses(r StepResult) []string {
	var out []string
	if r.timed && s.maxRatio > 0 && r.Ratio != nil && *r.Ratio > s.maxRatio {
		out = append(out, fmt.Sprintf("%.2f× floor", *r.Ratio))
	}
	if r.timed && s.maxSecs > 0 && r.Median > s.maxSecs {
		out = append(out, fmt.Sprintf("%.2f s", r.Median))
	}
	if r.PeakMB >= s.peakLimitMB() {
		out = append(out, fmt.Sprintf("%.0f MiB", r.PeakMB))
	}
	if r.Growth != nil && r.GrowthLimit != nil && *r.Growth > *r.GrowthLimit {
		out = append(out, fmt.Sprintf("grew %.1f×, n log n allows %.1f×", *r.Growth, *r.GrowthLimit))
	}
	return out
}

// peakLimitMB is the memory the step must stay under.
func (s Step) peakLimitMB() float64 {
	if s.maxMB > 0 {
		return s.maxMB
	}
	return maxPeakMB
}
