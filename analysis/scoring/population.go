package scoring

import (
	"math"
	"slices"
	"sort"

	"github.com/leadlab/leadlab/queries"
)

// RuleHas marks, for each rule of cfg in order (fit, then pain), the
// leads that have its factor as s scored them: a profile rule the leads
// with the value, an event rule the leads that did the event (at least N
// times for event:NAME>=N) strictly before the time s scored them as of.
// Prevalence and lift in report drift are measured on these marks, so
// they see what the score saw.
func (d *Data) RuleHas(cfg Config, s *Scores) (factors []string, has [][]bool) {
	n := d.N()
	var pain []rule
	var painAt []int
	for _, r := range append(append([]Rule(nil), cfg.Fit...), cfg.Pain...) {
		f, err := ParseFactor(r.Factor)
		if err != nil {
			continue
		}
		marks := make([]bool, n)
		factors, has = append(factors, f.Name), append(has, marks)
		if !f.Pain() {
			for _, i := range d.fit[f.Name] {
				marks[i] = true
			}
			continue
		}
		if k, ok := d.kinds[f.Event]; ok {
			pain = append(pain, rule{f: f, kind: k})
			painAt = append(painAt, len(has)-1)
		}
	}
	if len(pain) == 0 {
		return factors, has
	}
	counts := make([]int, len(d.names))
	for i := range n {
		clear(counts)
		for j := d.tl.Start[i]; j < d.tl.Start[i+1] && d.tl.Time[j] < s.until[i]; j++ {
			counts[d.tl.Kind[j]]++
		}
		for k, r := range pain {
			need := 1
			if r.f.Kind == EventMin {
				need = r.f.Min
			}
			has[painAt[k]][i] = counts[r.kind] >= need
		}
	}
	return factors, has
}

// scoreBinCount is how many bins Population cuts the scores into.
const scoreBinCount = 10

// Population is the settled leads of subset (all when nil) as report
// drift compares them: their scores in up to ten bins cut at the
// deciles (ties make fewer), and the share with each rule's factor;
// shares to four decimals. Nil when no lead is in it.
func (d *Data) Population(cfg Config, s *Scores, subset []bool) ([]ScoreShare, []Prevalence) {
	var scores []float64
	keep := func(i int) bool {
		return d.Leads.Outcome[i] != queries.OutcomeMaturing && (subset == nil || subset[i])
	}
	for i := range d.N() {
		if keep(i) {
			scores = append(scores, s.Score(i))
		}
	}
	if len(scores) == 0 {
		return nil, nil
	}
	slices.Sort(scores)
	mins := []float64{scores[0]}
	for k := 1; k < scoreBinCount; k++ {
		if v := scores[k*len(scores)/scoreBinCount]; v > mins[len(mins)-1] {
			mins = append(mins, v)
		}
	}
	bins := make([]ScoreShare, len(mins))
	for k, m := range mins {
		bins[k].Min = m
	}
	for k, share := range BinShares(mins, scores) {
		bins[k].Share = round4(share)
	}
	factors, has := d.RuleHas(cfg, s)
	prev := make([]Prevalence, len(factors))
	for r, f := range factors {
		var with int
		for i := range d.N() {
			if keep(i) && has[r][i] {
				with++
			}
		}
		prev[r] = Prevalence{Factor: f, Share: round4(float64(with) / float64(len(scores)))}
	}
	return bins, prev
}

// BinShares is the share of scores in each bin whose lower edges are
// mins (ascending): a score belongs to the last bin whose min is at or
// below it, and below the first min to the first bin.
func BinShares(mins, scores []float64) []float64 {
	out := make([]float64, len(mins))
	if len(scores) == 0 || len(mins) == 0 {
		return out
	}
	for _, v := range scores {
		k := sort.SearchFloat64s(mins, math.Nextafter(v, math.Inf(1))) - 1
		out[max(k, 0)]++
	}
	for k := range out {
		out[k] /= float64(len(scores))
	}
	return out
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
