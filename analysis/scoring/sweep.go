package scoring

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// SweepRow is one candidate cutoff (docs/scoring.md), over the settled leads
// scored as of their exposure cutoff.
type SweepRow struct {
	Cutoff    float64 `json:"cutoff"`
	Leads     int64   `json:"leads"` // SDR-ready: score at or above the cutoff
	Share     float64 `json:"share"` // of all settled leads
	Won       int64   `json:"won"`
	CloseRate float64 `json:"close_rate"`
	CILow     float64 `json:"ci_low"` // Wilson 95%
	CIHigh    float64 `json:"ci_high"`
	Recall    float64 `json:"recall"` // share of all wins captured
	// PerDay is ready leads a day: every lead ready at this cutoff, the
	// maturing ones too, over the days the leads were created across; nil
	// without dates.
	PerDay *float64 `json:"per_day"`
	// FitOnlyShare is the share of all settled leads whose fit alone
	// reaches the cutoff; BadFitLowPainShare the share of ready leads with
	// fit below good_fit and pain below high_pain, null with no events
	// table (no lead's pain is known).
	FitOnlyShare       float64  `json:"fit_only_share"`
	BadFitLowPainShare *float64 `json:"bad_fit_low_pain_share"`
	// MedianDays is the median days from first touch to reaching the
	// cutoff, over ready leads with a created_at (quarter-day precision).
	MedianDays *float64 `json:"median_days"`
}

// Sweep is the whole table, highest cutoff first.
type Sweep struct {
	Leads    int64      `json:"leads"` // settled leads
	Won      int64      `json:"won"`
	Days     float64    `json:"days"` // days the leads were created across (PerDay's denominator)
	Capacity float64    `json:"capacity_per_day"`
	Rows     []SweepRow `json:"rows"`
}

// maxRows bounds the rows: every distinct score up to it, else a grid of
// gridRows cutoffs at evenly spaced ranks of the settled scores.
const (
	maxRows  = 2000
	gridRows = 1000
)

// Quarter-day buckets for the median days, up to maxDays; later is
// counted in the last bucket.
const (
	bucketsPerDay = 4
	maxDays       = 500
)

type ranked struct {
	score float64
	i     int32
}

// Sweep computes the cutoff table from History scores.
func (d *Data) Sweep(cfg Config, s *Scores) Sweep { return d.SweepOver(cfg, s, nil) }

// SweepOver computes the cutoff table over the settled leads in subset
// (all of them when subset is nil): tuning sweeps its own leads only.
// Ready leads a day always count every lead, since they are the SDRs'
// workload whatever the split.
func (d *Data) SweepOver(cfg Config, s *Scores, subset []bool) Sweep {
	n := d.N()
	v := unitView{score: make([]float64, n), fit: s.Fit, pain: s.Pain, won: d.Leads.Won, counted: make([]bool, n), noPain: !d.HasEvents()}
	minC, maxC := int64(math.MaxInt64), int64(math.MinInt64)
	for i := range n {
		v.score[i] = s.Score(i)
		if c := d.Leads.Created[i]; c != NoTime {
			minC, maxC = min(minC, c), max(maxC, c)
		}
		v.counted[i] = d.Leads.Outcome[i] != queries.OutcomeMaturing && (subset == nil || subset[i])
	}
	if minC <= maxC {
		v.days = max(float64(maxC-minC)/usPerDay, 1)
	}
	sw, settled, cuts := sweepUnits(v, cfg)
	d.medianDays(s, settled, cuts, sw.Rows)
	return sw
}

// unitView is what a sweep counts, one entry per unit — a lead, or an
// account with its leads' scores rolled up: the score and its fit and pain
// parts, whether it won, and whether it is settled (counted in close
// rates); every unit counts towards ready units a day, over days.
type unitView struct {
	score, fit, pain []float64
	won, counted     []bool
	days             float64
	noPain           bool // no events table: pain is unknown
}

// sweepUnits is the sweep over any units. It returns the settled units by
// score, highest first, and the cutoffs, for the median days.
func sweepUnits(v unitView, cfg Config) (Sweep, []ranked, []float64) {
	var settled []ranked
	all := slices.Clone(v.score)
	var fits []float64
	for i, c := range v.counted {
		if c {
			settled = append(settled, ranked{v.score[i], int32(i)})
			fits = append(fits, v.fit[i])
		}
	}
	slices.SortFunc(settled, func(a, b ranked) int { return cmp.Compare(b.score, a.score) })
	slices.Sort(all)
	slices.Sort(fits)
	sw := Sweep{Leads: int64(len(settled)), Capacity: cfg.Capacity.PerDay(), Days: v.days}
	for _, r := range settled {
		if v.won[r.i] {
			sw.Won++
		}
	}
	cuts := candidateCutoffs(settled)
	sw.Rows = make([]SweepRow, len(cuts))
	var ready, won, bad int64
	p := 0
	for k, c := range cuts {
		for p < len(settled) && settled[p].score >= c {
			i := settled[p].i
			if v.won[i] {
				won++
			}
			if v.fit[i] < cfg.GoodFit && v.pain[i] < cfg.HighPain {
				bad++
			}
			ready++
			p++
		}
		row := SweepRow{Cutoff: c, Leads: ready, Won: won}
		row.Share = ratio(ready, sw.Leads)
		row.CloseRate = ratio(won, ready)
		row.CILow, row.CIHigh = stats.Wilson(won, ready, stats.Z95)
		row.Recall = ratio(won, sw.Won)
		if !v.noPain {
			b := ratio(bad, ready)
			row.BadFitLowPainShare = &b
		}
		row.FitOnlyShare = ratio(int64(len(fits)-sort.SearchFloat64s(fits, c)), sw.Leads)
		if sw.Days > 0 {
			pd := float64(len(all)-sort.SearchFloat64s(all, c)) / sw.Days
			row.PerDay = &pd
		}
		sw.Rows[k] = row
	}
	return sw, settled, cuts
}

func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// candidateCutoffs are the distinct settled scores, highest first, or a
// grid of them when there are too many.
func candidateCutoffs(settled []ranked) []float64 {
	var cuts []float64
	for k, r := range settled {
		if k == 0 || r.score != settled[k-1].score {
			cuts = append(cuts, r.score)
		}
	}
	if len(cuts) <= maxRows {
		return cuts
	}
	grid := make([]float64, 0, gridRows)
	for g := range gridRows {
		v := settled[g*len(settled)/gridRows].score
		if len(grid) == 0 || v < grid[len(grid)-1] {
			grid = append(grid, v)
		}
	}
	return grid
}

// medianDays fills each row's median days to reach its cutoff. For every
// settled lead, each step up of its best score so far covers a range of
// cutoffs, all first reached at that step's day; the lead adds that day to
// those rows (up to its final score, below which it is ready). Counting
// into per-row day histograms with a difference array over rows makes
// this one pass over the breakpoints.
func (d *Data) medianDays(s *Scores, settled []ranked, cuts []float64, rows []SweepRow) {
	if len(cuts) == 0 {
		return
	}
	const buckets = maxDays*bucketsPerDay + 1
	R := len(cuts)
	diff := make([]int32, (R+1)*buckets)
	// first row (cuts descending) whose cutoff is at most v
	firstAtMost := func(v float64) int {
		return sort.Search(R, func(r int) bool { return cuts[r] <= v })
	}
	counted := false
	for _, rk := range settled {
		i := rk.i
		if d.Leads.Created[i] == NoTime {
			continue
		}
		final := rk.score
		prev := math.Inf(-1)
		for b := s.bpStart[i]; b < s.bpStart[i+1]; b++ {
			hi := min(s.bpScore[b], final)
			if hi > prev {
				// rows with prev < cutoff <= hi
				r0 := firstAtMost(hi)
				r1 := firstAtMost(prev) // first row at or below prev: excluded
				if r0 < r1 {
					day := float64(s.bpDays[b])
					bk := buckets - 1
					if !math.IsNaN(day) && day < maxDays {
						bk = int(day * bucketsPerDay)
					}
					diff[r0*buckets+bk]++
					diff[r1*buckets+bk]--
					counted = true
				}
			}
			prev = max(prev, s.bpScore[b])
			if prev >= final {
				break
			}
		}
	}
	if !counted {
		return
	}
	hist := make([]int32, buckets)
	for r := range R {
		var n int64
		for b := range buckets {
			hist[b] += diff[r*buckets+b]
			n += int64(hist[b])
		}
		if n == 0 {
			continue
		}
		// The median: the middle day, or the mean of the two middle ones.
		lo, hi := (n+1)/2, n/2+1
		var seen int64
		var vlo float64
		for b := range buckets {
			prev := seen
			seen += int64(hist[b])
			day := float64(b) / bucketsPerDay
			if prev < lo && seen >= lo {
				vlo = day
			}
			if seen >= hi {
				v := (vlo + day) / 2
				rows[r].MedianDays = &v
				break
			}
		}
	}
}
