package scoring

import (
	"math"
	"slices"

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

// Sweep computes the cutoff table from History scores.
func (d *Data) Sweep(cfg Config, s *Scores) Sweep { return d.SweepOver(cfg, s, nil) }

// SweepOver computes the cutoff table over the settled leads in subset
// (all of them when subset is nil): tuning sweeps its own leads only.
// Ready leads a day always count every lead, since they are the SDRs'
// workload whatever the split.
func (d *Data) SweepOver(cfg Config, s *Scores, subset []bool) Sweep {
	v := d.sweepView(s, subset)
	sw, idx := sweepUnits(v, cfg)
	d.medianDays(s, v, idx, sw.Rows)
	return sw
}

// sweepView is every lead as the sweep counts it.
func (d *Data) sweepView(s *Scores, subset []bool) unitView {
	n := d.N()
	all := d.settledView()
	v := unitView{score: s.total, fit: s.Fit, pain: s.Pain, won: d.Leads.Won, counted: all.settled, days: all.days, noPain: !d.HasEvents()}
	if len(v.score) != n {
		v.score = make([]float64, n)
		eachSpan(spans(n), func(_ int, x span) {
			for i := x.lo; i < x.hi; i++ {
				v.score[i] = s.Score(i)
			}
		})
	}
	if subset != nil {
		v.counted = make([]bool, n)
		for i, in := range subset {
			v.counted[i] = all.settled[i] && in
		}
	}
	return v
}

// settled is what every sweep of the data counts whatever the scores:
// which leads are settled, and the days the leads were created across.
type settled struct {
	settled []bool
	days    float64
}

// settledView is the data's settled view, worked out on the first sweep
// and kept, as an edit changes neither.
func (d *Data) settledView() settled {
	d.settledOnce.Do(func() {
		n := d.N()
		v := settled{settled: make([]bool, n)}
		sp := spans(n)
		minC, maxC := make([]int64, len(sp)), make([]int64, len(sp))
		eachSpan(sp, func(c int, x span) {
			lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
			for i := x.lo; i < x.hi; i++ {
				if t := d.Leads.Created[i]; t != NoTime {
					lo, hi = min(lo, t), max(hi, t)
				}
				v.settled[i] = d.Leads.Outcome[i] != queries.OutcomeMaturing
			}
			minC[c], maxC[c] = lo, hi
		})
		if lo, hi := slices.Min(minC), slices.Max(maxC); lo <= hi {
			v.days = max(float64(hi-lo)/usPerDay, 1)
		}
		d.settledCache = v
	})
	return d.settledCache
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

// sweepUnits is the sweep over any units, with the index that places a
// score among its cutoffs, for the median days. Nothing is sorted: once
// the cutoffs are known, each unit is counted at the first row whose
// cutoff it reaches and the counts are added up down the rows, so the
// figures are those of reading each cutoff off sorted lists, to the bit.
func sweepUnits(v unitView, cfg Config) (Sweep, cutIndex) {
	sw := Sweep{Capacity: cfg.Capacity.PerDay(), Days: v.days}
	idx := newCutIndex(candidateCutoffs(v.score, v.counted))
	R := len(idx.cuts)
	// at[r] counts the units first ready at row r; at[R] those ready at
	// none. Each span of units counts its own, added up after.
	sp := spans(len(v.score))
	part := make([][]tally, len(sp))
	eachSpan(sp, func(c int, x span) {
		at := make([]tally, R+1)
		for i := x.lo; i < x.hi; i++ {
			r := idx.rowOf(v.score[i])
			at[r].all++
			if !v.counted[i] {
				continue
			}
			at[r].ready++
			if v.won[i] {
				at[r].won++
			}
			if v.fit[i] < cfg.GoodFit && v.pain[i] < cfg.HighPain {
				at[r].bad++
			}
			if v.fit[i] != v.score[i] {
				r = idx.rowOf(v.fit[i])
			}
			at[r].fitOnly++
		}
		part[c] = at
	})
	at := part[0]
	for _, p := range part[1:] {
		for r := range at {
			at[r].add(p[r])
		}
	}
	for _, t := range at {
		sw.Leads += t.ready
		sw.Won += t.won
	}
	sw.Rows = make([]SweepRow, R)
	var sum tally
	for k, c := range idx.cuts {
		sum.add(at[k])
		row := SweepRow{Cutoff: c, Leads: sum.ready, Won: sum.won}
		row.Share = ratio(sum.ready, sw.Leads)
		row.CloseRate = ratio(sum.won, sum.ready)
		row.CILow, row.CIHigh = stats.Wilson(sum.won, sum.ready, stats.Z95)
		row.Recall = ratio(sum.won, sw.Won)
		if !v.noPain {
			b := ratio(sum.bad, sum.ready)
			row.BadFitLowPainShare = &b
		}
		row.FitOnlyShare = ratio(sum.fitOnly, sw.Leads)
		if sw.Days > 0 {
			pd := float64(sum.all) / sw.Days
			row.PerDay = &pd
		}
		sw.Rows[k] = row
	}
	return sw, idx
}

// tally counts the units first ready at one row of the sweep.
type tally struct{ ready, won, bad, fitOnly, all int64 }

func (t *tally) add(u tally) {
	t.ready += u.ready
	t.won += u.won
	t.bad += u.bad
	t.fitOnly += u.fitOnly
	t.all += u.all
}

func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// medianDays fills each row's median days to reach its cutoff. For every
// settled lead, each step up of its best score so far covers a range of
// cutoffs, all first reached at that step's day; the lead adds that day to
// those rows (up to its final score, below which it is ready). Counting
// into per-row day histograms with a difference array over rows makes
// this one pass over the breakpoints.
func (d *Data) medianDays(s *Scores, v unitView, idx cutIndex, rows []SweepRow) {
	if len(rows) == 0 {
		return
	}
	const buckets = maxDays*bucketsPerDay + 1
	R := len(rows)
	// Each span of leads counts into a difference array of its own,
	// added up after.
	sp := spans(len(v.counted))
	diffs := make([][]int32, len(sp))
	eachSpan(sp, func(c int, x span) {
		diff := make([]int32, (R+1)*buckets)
		counted := false
		// first[r] counts the leads whose breakpoint is only the fit at
		// first touch, ready from row r on: day 0 at every row from r.
		first := make([]int32, R)
		for i := x.lo; i < x.hi; i++ {
			if !v.counted[i] || d.Leads.Created[i] == NoTime {
				continue
			}
			final := v.score[i]
			if s.bpStart[i] == s.bpStart[i+1] {
				// The best score never rose past the fit at first touch
				// (its breakpoint is not kept): day 0 for every cutoff
				// the lead is ready at.
				if r0 := idx.rowOf(min(s.Fit[i], final)); r0 < R {
					first[r0]++
				}
				continue
			}
			prev := math.Inf(-1)
			r1 := R // the first row at or below prev, excluded: none yet
			for b := s.bpStart[i]; b < s.bpStart[i+1]; b++ {
				hi := min(s.bpScore[b], final)
				if hi > prev {
					// rows with prev < cutoff <= hi
					r0 := idx.rowOf(hi)
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
				if p := max(prev, s.bpScore[b]); p != prev {
					prev, r1 = p, idx.rowOf(p)
				}
				if prev >= final {
					break
				}
			}
		}
		for r, k := range first {
			if k > 0 {
				diff[r*buckets] += k
				diff[R*buckets] -= k
				counted = true
			}
		}
		if counted {
			diffs[c] = diff
		}
	})
	var diff []int32
	for _, p := range diffs {
		switch {
		case p == nil:
		case diff == nil:
			diff = p
		default:
			for k, x := range p {
				diff[k] += x
			}
		}
	}
	counted := diff != nil
	if !counted {
		return
	}
	mediansFromDiff(rows, diff, buckets)
}

// mediansFromDiff sets each row's median days to the cutoff from diff, a
// difference array over the rows of counts in buckets of days (row r's
// counts are the running sum of diff's first r+1 rows): the middle day,
// or the mean of the two middle ones; nil for a row with none.
func mediansFromDiff(rows []SweepRow, diff []int32, buckets int) {
	hist := make([]int32, buckets)
	for r := range rows {
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
