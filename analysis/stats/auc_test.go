package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteAUC compares every won lead with every lost one.
func bruteAUC(scores, y []float64) float64 {
	var pairs, wins float64
	for i := range scores {
		for j := range scores {
			if y[i] != 1 || y[j] != 0 {
				continue
			}
			pairs++
			switch {
			case scores[i] > scores[j]:
				wins++
			case scores[i] == scores[j]:
				wins += 0.5
			}
		}
	}
	return wins / pairs
}

func TestAUCByHand(t *testing.T) {
	cases := []struct {
		name      string
		scores, y []float64
		want      float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []float64{0, 0, 1, 1}, 1},
		{"reversed", []float64{0.9, 0.8, 0.2, 0.1}, []float64{0, 0, 1, 1}, 0},
		{"all tied", []float64{5, 5, 5, 5}, []float64{0, 1, 0, 1}, 0.5},
		// Won scores 3 and 1 against lost 2 and 1: 3 beats both, 1 loses
		// to 2 and ties 1, so (1 + 1 + 0 + 0.5)/4.
		{"some ties", []float64{3, 1, 2, 1}, []float64{1, 1, 0, 0}, 0.625},
		// Won 4, 2 against lost 3, 1: 3 of 4 pairs.
		{"three of four", []float64{4, 3, 2, 1}, []float64{1, 0, 1, 0}, 0.75},
	}
	for _, c := range cases {
		if got := AUC(c.scores, c.y); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s: AUC = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestAUCMatchesPairwiseCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100 {
		n := 2 + rng.IntN(300)
		scores := make([]float64, n)
		y := make([]float64, n)
		for i := range scores {
			scores[i] = float64(rng.IntN(12)) // many ties
			if rng.Float64() < 0.2+0.05*scores[i] {
				y[i] = 1
			}
		}
		got := AUC(scores, y)
		if want := bruteAUC(scores, y); !math.IsNaN(want) && math.Abs(got-want) > 1e-12 {
			t.Fatalf("AUC = %v, pairwise count %v (n=%d)", got, want, n)
		}
	}
}

func TestAUCEdgeCases(t *testing.T) {
	cases := []struct {
		name      string
		scores, y []float64
		want      float64
	}{
		{"empty", nil, nil, 0.5},
		{"one lead", []float64{1}, []float64{1}, 0.5},
		{"nobody won", []float64{1, 2, 3}, []float64{0, 0, 0}, 0.5},
		{"everybody won", []float64{1, 2, 3}, []float64{1, 1, 1}, 0.5},
		{"lengths differ", []float64{1, 2, 3}, []float64{0, 1}, 0.5},
		{"NaN skipped", []float64{1, math.NaN(), 3, 2}, []float64{0, 0, 1, math.NaN()}, 1},
		{"infinite scores", []float64{math.Inf(-1), math.Inf(1)}, []float64{0, 1}, 1},
	}
	for _, c := range cases {
		if got := AUC(c.scores, c.y); got != c.want {
			t.Errorf("%s: AUC = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestAUCCountsMatchesAUC groups random leads by score, split into
// several groups per score in places, and expects the one-by-one AUC.
func TestAUCCountsMatchesAUC(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		n := 1 + rng.IntN(400)
		scores := make([]float64, n)
		y := make([]float64, n)
		for i := range scores {
			scores[i] = float64(rng.IntN(1 + rng.IntN(20)))
			if rng.Float64() < 0.1+0.04*scores[i] {
				y[i] = 1
			}
		}
		// Groups: runs of leads, so one score can be in several groups.
		var gs, gw, gl []float64
		for i := 0; i < n; {
			j := i
			var w, l float64
			for j < n && scores[j] == scores[i] && j-i < 3 {
				if y[j] == 1 {
					w++
				} else {
					l++
				}
				j++
			}
			gs, gw, gl = append(gs, scores[i]), append(gw, w), append(gl, l)
			i = j
		}
		want := AUC(scores, y)
		if got := AUCCounts(gs, gw, gl); math.Abs(got-want) > 1e-12 {
			t.Fatalf("AUCCounts = %v, AUC over the leads %v (n=%d)", got, want, n)
		}
	}
	// By hand: won at 3 (×1) and 1 (×1), lost at 2 (×1) and 1 (×1), as
	// in TestAUCByHand's "some ties": 0.625.
	if got := AUCCounts([]float64{3, 1, 2}, []float64{1, 1, 0}, []float64{0, 1, 1}); got != 0.625 {
		t.Errorf("by hand: %v, want 0.625", got)
	}
	if got := AUCCounts([]float64{1, 2}, []float64{3, 0}, []float64{0, 0}); got != 0.5 {
		t.Errorf("no lost leads: %v, want 0.5", got)
	}
}
