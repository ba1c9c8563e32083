package stats

import (
	"math"
	"sort"
)

// AUC returns the area under the ROC curve of scores against outcomes y:
// the probability that a randomly chosen won lead scores higher than a
// randomly chosen lost one, with ties counted as half. It is computed as
// the Mann–Whitney U statistic from mid-ranks in O(n log n), so a million
// leads are cheap.
//
// A y above 0.5 counts as won and any other y as lost. Pairs where the
// score or y is NaN are skipped. When either class is empty, or scores and
// y differ in length (a caller's bug that should not look like a result),
// there are no pairs to compare and AUC returns 0.5, the value of a score
// that carries no information.
func AUC(scores []float64, y []float64) float64 {
	if len(scores) != len(y) {
		return 0.5
	}
	type obs struct {
		score float64
		won   bool
	}
	data := make([]obs, 0, len(scores))
	var nWon, nLost float64
	for i, s := range scores {
		if math.IsNaN(s) || math.IsNaN(y[i]) {
			continue
		}
		won := y[i] > 0.5
		data = append(data, obs{s, won})
		if won {
			nWon++
		} else {
			nLost++
		}
	}
	if nWon == 0 || nLost == 0 {
		return 0.5
	}
	sort.Slice(data, func(i, j int) bool { return data[i].score < data[j].score })

	// Sum the mid-ranks of the won leads: a run of tied scores occupying
	// ranks i+1 … j shares the rank (i+1+j)/2, which is what counts a tie
	// between a won and a lost lead as half a win.
	var rankSum float64
	for i := 0; i < len(data); {
		j := i
		var won float64
		for j < len(data) && data[j].score == data[i].score {
			if data[j].won {
				won++
			}
			j++
		}
		rankSum += won * float64(i+1+j) / 2
		i = j
	}
	u := rankSum - nWon*(nWon+1)/2
	return min(max(u/(nWon*nLost), 0), 1)
}

// AUCCounts is AUC over groups of leads that share a score: score[i] is
// the score of won[i] won and lost[i] lost leads. It gives what AUC gives
// over the leads one by one (ties within and between groups count half),
// in O(g log g) for g groups. Groups with a NaN score or negative counts
// are skipped; with no won or no lost lead it returns 0.5.
func AUCCounts(scores, won, lost []float64) float64 {
	if len(scores) != len(won) || len(scores) != len(lost) {
		return 0.5
	}
	idx := make([]int, 0, len(scores))
	var nWon, nLost float64
	for i, s := range scores {
		if math.IsNaN(s) || !(won[i] >= 0) || !(lost[i] >= 0) {
			continue
		}
		idx = append(idx, i)
		nWon += won[i]
		nLost += lost[i]
	}
	if nWon == 0 || nLost == 0 {
		return 0.5
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	// Each won lead beats every lost lead scored below it and ties half
	// of those at its score.
	var u, below float64
	for a := 0; a < len(idx); {
		b := a
		var w, l float64
		for b < len(idx) && scores[idx[b]] == scores[idx[a]] {
			w += won[idx[b]]
			l += lost[idx[b]]
			b++
		}
		u += w * (below + l/2)
		below += l
		a = b
	}
	return min(max(u/(nWon*nLost), 0), 1)
}
