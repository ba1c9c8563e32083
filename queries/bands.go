package queries

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/leadlab/leadlab/internal/binning"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// The bands of a numeric attribute follow closing, as optbinning builds
// them: the column is cut at its 5%, 10%, …, 95% quantiles into at most
// 20 prebins, counted with their wins in the pass that counts every
// attribute, and the prebins are then merged (internal/binning) into at
// most maxBands bands, each held by at least minBandShare of the leads
// with a value, whose close rates rise (or fall) from band to band with
// each step significant. A value held by dominantShare of those leads or
// more (a 0 most leads have, say) is a band of its own, outside the
// trend, and missing values are the band =(missing).
const (
	prebinQuantiles = 19 // the 5% … 95% quantiles: at most 20 prebins
	maxBands        = 6
	minBandShare    = 0.05
	dominantShare   = 0.15
	// A band is never held by fewer than min(25, 2% of the settled leads):
	// The rare threshold of docs/statistics.md, below which a factor is
	// flagged rare.
	rareLeads = 25
	rareShare = 0.02
)

// prebin is one stretch of a numeric column before merging. Its leads
// are those the key's test sends to it: below the next prebin's cut, or
// equal to its value when it is a point.
type prebin struct {
	lo    float64 // lower edge; for a point, its one value
	point bool    // holds a single value that may be dominant
	// lt is the test's upper edge for a stretch (x < lt; +Inf for the
	// last). after is, for the stretch just above a point, the point's
	// value: its lower edge is the next value above it in the data,
	// learnt from the counting pass (nextAbove).
	lt    float64
	after *float64
	n, w  int64
}

// prebinsOf builds a column's prebins from its 5%…95% quantiles (values
// of the data, as quantile_disc gives them). A value that is two or more
// of those quantiles may hold 15% of the leads or more (a share of 15%
// spans at least two of the 5% steps), so it gets a prebin of its own; the
// count then says whether it is dominant.
func prebinsOf(qs []float64) []prebin {
	var cuts []float64
	repeats := map[float64]int{}
	for _, q := range qs {
		repeats[q]++
		if !slices.Contains(cuts, q) {
			cuts = append(cuts, q)
		}
	}
	slices.Sort(cuts)
	if len(cuts) == 0 {
		return nil
	}
	pbs := []prebin{{lo: math.Inf(-1), lt: cuts[0]}}
	for k, c := range cuts {
		next := math.Inf(1)
		if k+1 < len(cuts) {
			next = cuts[k+1]
		}
		if repeats[c] >= 2 {
			v := c
			pbs = append(pbs, prebin{lo: c, point: true}, prebin{lt: next, after: &v})
			continue
		}
		pbs = append(pbs, prebin{lo: c, lt: next})
	}
	return pbs
}

// prebinKey is the SQL that numbers a lead's prebin (−1 for no value).
func prebinKey(ref string, pbs []prebin) string {
	x := fmt.Sprintf("CAST(%s AS DOUBLE)", ref)
	var b strings.Builder
	fmt.Fprintf(&b, "CASE WHEN %s IS NULL THEN -1", ref)
	for i, p := range pbs[:len(pbs)-1] {
		if p.point {
			fmt.Fprintf(&b, " WHEN %s = %s THEN %d", x, edge(p.lo), i)
			continue
		}
		fmt.Fprintf(&b, " WHEN %s < %s THEN %d", x, edge(p.lt), i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(pbs)-1)
	return b.String()
}

// nextAbove is, for each point, the aggregate that finds the next value
// above it, over x, the column as a number, among the leads bands are
// chosen on: over any grouping set's groups together, the smallest such
// value of the column.
func nextAbove(x string, pbs []prebin) []string {
	var out []string
	for _, p := range pbs {
		if p.after != nil {
			out = append(out, fmt.Sprintf("min(%[1]s) FILTER (WHERE %[1]s > %[2]s AND banding)", x, edge(*p.after)))
		}
	}
	return out
}

// band is a merged stretch of a numeric column: [lo, hi) with its leads.
type band struct {
	lo, hi float64
	n, w   int64
}

// mergeBands turns the counted prebins into bands (see the constants
// above). leads is every settled lead: a band never holds fewer than
// min(25, 2% of them), the rare threshold, nor fewer than 5% of the leads
// with a value. A stretch between dominant values too small to be a band
// joins the dominant band below it (above it, at the bottom), which then
// holds more than its value. Fewer than two bands come back as none:
// a band every lead with a value has only mirrors =(missing).
func mergeBands(pbs []prebin, leads int64) []band {
	var items []prebin
	var present int64
	for _, p := range pbs {
		if p.n > 0 {
			items = append(items, p)
			present += p.n
		}
	}
	if len(items) == 0 {
		return nil
	}
	minSize := max(int64(math.Ceil(minBandShare*float64(present))), int64(math.Ceil(math.Min(rareLeads, rareShare*float64(leads)))), 1)
	dominant := make([]bool, len(items))
	for i, p := range items {
		dominant[i] = p.point && float64(p.n) >= dominantShare*float64(present)
	}
	// Blocks in value order: a dominant value with any stretch it
	// absorbed, or a stretch to merge by the trend.
	type block struct {
		from, to int // items from..to-1
		dominant bool
	}
	var blocks []block
	for i := 0; i < len(items); {
		j := i + 1
		if !dominant[i] {
			for j < len(items) && !dominant[j] {
				j++
			}
		}
		blocks = append(blocks, block{i, j, dominant[i]})
		i = j
	}
	size := func(b block) (n int64) {
		for _, p := range items[b.from:b.to] {
			n += p.n
		}
		return n
	}
	for k := 0; k < len(blocks); {
		b := blocks[k]
		if b.dominant || size(b) >= minSize || len(blocks) == 1 {
			k++
			continue
		}
		if k > 0 {
			blocks[k-1].to = b.to
		} else {
			blocks[k+1].from = b.from
		}
		blocks = slices.Delete(blocks, k, k+1)
	}
	// The stretches, one after another, with a barrier wherever a
	// dominant block lay between two of them.
	var bins []binning.Bin
	var barrier []bool
	var at []int // bins[i] is items[at[i]]
	segments, dominants := 0, 0
	for k, b := range blocks {
		if b.dominant {
			dominants++
			continue
		}
		segments++
		for i := b.from; i < b.to; i++ {
			if len(bins) > 0 {
				barrier = append(barrier, i == b.from && k > 0)
			}
			bins = append(bins, binning.Bin{N: items[i].n, W: items[i].w})
			at = append(at, i)
		}
	}
	// Where each band starts, as items.
	starts := map[int]bool{}
	for _, b := range blocks {
		starts[b.from] = true
	}
	if len(bins) > 0 {
		r := binning.Merge(bins, binning.Options{MinSize: minSize, MaxBands: max(maxBands-dominants, segments), Barrier: barrier})
		if r.OK {
			for _, s := range r.Starts {
				starts[at[s]] = true
			}
		}
	}
	var out []band
	for i, p := range items {
		if starts[i] {
			lo := p.lo
			if i == 0 && !(p.point && (len(items) == 1 || starts[1])) {
				lo = math.Inf(-1)
			}
			out = append(out, band{lo: lo})
		}
		out[len(out)-1].n += p.n
		out[len(out)-1].w += p.w
	}
	for k := range out {
		out[k].hi = math.Inf(1)
		if k+1 < len(out) {
			out[k].hi = out[k+1].lo
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// edge writes a band's edge so that it reads back as the same number
// (strconv's shortest form), as the factor name and the SQL both need:
// a rounded edge would move leads between bands when scored.
func edge(v float64) string {
	switch {
	case math.IsInf(v, -1):
		return "-inf"
	case math.IsInf(v, 1):
		return "inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// measurePrebins sets the prebins of the numeric columns from their
// 5%…95% quantiles over the settled leads bands are chosen on (those not
// held out), in one query for all of them.
// A column no settled lead has a value of gets none, and no factors.
func measurePrebins(ctx context.Context, ws *Workspace, cols []attrColumn) error {
	var exprs []string
	var at []int
	grid := make([]string, prebinQuantiles)
	for k := range grid {
		grid[k] = strconv.FormatFloat(float64(k+1)/(prebinQuantiles+1), 'g', -1, 64)
	}
	for i, c := range cols {
		if c.banded {
			exprs = append(exprs, fmt.Sprintf("quantile_disc(CAST(%[1]s AS DOUBLE), [%[2]s]) FILTER (WHERE a.banding), count(%[1]s) FILTER (WHERE a.banding)", c.ref(), strings.Join(grid, ", ")))
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return nil
	}
	qs := make([][]any, len(at))
	present := make([]int64, len(at))
	dest := make([]any, 0, 2*len(at))
	for k := range at {
		dest = append(dest, &qs[k], &present[k])
	}
	if err := ws.queryRow(ctx, fmt.Sprintf(SQL("actions-prebins"), strings.Join(exprs, ", "))).Scan(dest...); err != nil {
		return fmt.Errorf("actions (numeric attributes): %s", sqltext.CleanErr(err))
	}
	for k, i := range at {
		if present[k] == 0 {
			continue
		}
		var vs []float64
		for _, e := range qs[k] {
			if v, ok := e.(float64); ok && !math.IsNaN(v) && !math.IsInf(v, 0) {
				vs = append(vs, v)
			}
		}
		cols[i].prebins = prebinsOf(vs)
	}
	return nil
}
