package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteBH applies the definition directly, in O(m²): q(i) is the smallest
// m·p(j)/rank(j) over all j whose p-value is at least p(i), capped at 1,
// where rank(j) counts the p-values ≤ p(j) (the largest rank among ties,
// which gives the same minimum).
func bruteBH(p []float64) []float64 {
	m := float64(len(p))
	q := make([]float64, len(p))
	for i := range p {
		q[i] = 1
		for j := range p {
			if p[j] < p[i] {
				continue
			}
			var rank float64
			for k := range p {
				if p[k] <= p[j] {
					rank++
				}
			}
			q[i] = math.Min(q[i], m*p[j]/rank)
		}
	}
	return q
}

func TestBenjaminiHochbergR(t *testing.T) {
	cases := []struct{ p, want []float64 }{
		// p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH")
		{[]float64{0.01, 0.04, 0.03, 0.005, 0.5}, []float64{0.025, 0.05, 0.05, 0.025, 0.5}},
		// p.adjust(c(0.02, 0.02, 0.5), "BH"): ties share 3·0.02/2.
		{[]float64{0.02, 0.02, 0.5}, []float64{0.03, 0.03, 0.5}},
		// p.adjust(c(0.9, 0.95, 0.99), "BH"), worked by hand: 3·0.9/1 = 2.7
		// and 3·0.95/2 = 1.425 both fall to the running minimum from the
		// top, 3·0.99/3 = 0.99.
		{[]float64{0.9, 0.95, 0.99}, []float64{0.99, 0.99, 0.99}},
		{[]float64{0.3}, []float64{0.3}},
	}
	for _, c := range cases {
		got := BenjaminiHochberg(c.p)
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-15 {
				t.Errorf("BH(%v) = %v, want %v", c.p, got, c.want)
				break
			}
		}
	}
}

func TestBenjaminiHochbergMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		p := make([]float64, 1+rng.IntN(40))
		for i := range p {
			// Coarse values so that ties are common.
			p[i] = math.Round(rng.Float64()*rng.Float64()*50) / 50
		}
		got, want := BenjaminiHochberg(p), bruteBH(p)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-15 {
				t.Fatalf("BH(%v)[%d] = %v, definition gives %v", p, i, got[i], want[i])
			}
		}
	}
}

func TestBenjaminiHochbergEdgeCases(t *testing.T) {
	if got := BenjaminiHochberg(nil); got == nil || len(got) != 0 {
		t.Errorf("BH(nil) = %#v, want an empty slice", got)
	}
	// NaN counts as a test with p = 1; out-of-range values are clamped.
	got := BenjaminiHochberg([]float64{0.01, math.NaN(), -0.2, 7, math.Inf(1)})
	want := BenjaminiHochberg([]float64{0.01, 1, 0, 1, 1})
	for i := range got {
		if got[i] != want[i] || math.IsNaN(got[i]) {
			t.Errorf("BH with NaN and out-of-range values = %v, want %v", got, want)
			break
		}
	}
	// The input is not modified.
	p := []float64{0.5, 0.01}
	BenjaminiHochberg(p)
	if p[0] != 0.5 || p[1] != 0.01 {
		t.Errorf("input changed to %v", p)
	}
}
