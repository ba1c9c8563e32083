package stats

import (
	"math"
	"testing"
)

// TestPSIWorkedExample checks PSI against a sum worked by hand, bin by
// bin: expected 0.5/0.3/0.2 against actual 0.4/0.3/0.3 gives
// (0.4−0.5)·ln(0.4/0.5) = 0.1·0.223144 = 0.0223144, 0 for the middle bin,
// and (0.3−0.2)·ln(1.5) = 0.1·0.405465 = 0.0405465: 0.0628609.
func TestPSIWorkedExample(t *testing.T) {
	if got := PSI([]float64{0.5, 0.3, 0.2}, []float64{0.4, 0.3, 0.3}); math.Abs(got-0.0628609) > 1e-7 {
		t.Errorf("PSI = %.7f, want 0.0628609", got)
	}
	if got := PSI([]float64{0.25, 0.75}, []float64{0.25, 0.75}); got != 0 {
		t.Errorf("PSI of identical distributions = %v, want 0", got)
	}
}

// TestPSIEmptyBin checks the epsilon convention: an empty bin counts as
// 0.0001, so expected 0.95/0.05 against actual 1/0 is
// 0.05·ln(1/0.95) + (0.0001−0.05)·ln(0.0001/0.05)
// = 0.0025647 + 0.0499·6.2146081 = 0.3126737, finite.
func TestPSIEmptyBin(t *testing.T) {
	if got := PSI([]float64{0.95, 0.05}, []float64{1, 0}); math.Abs(got-0.3126737) > 1e-6 {
		t.Errorf("PSI = %.7f, want 0.3126737", got)
	}
	if got := PSI([]float64{0.5, 0.5}, []float64{0.5, 0.5, 0}); got != 0 {
		t.Errorf("a bin empty on both sides adds %v, want 0", got)
	}
}

func TestPSIReading(t *testing.T) {
	for _, c := range []struct {
		psi  float64
		want string
	}{{0, "stable"}, {0.0999, "stable"}, {0.1, "moving"}, {0.25, "moving"}, {0.2501, "shifted"}} {
		if got := PSIReading(c.psi); got != c.want {
			t.Errorf("PSIReading(%v) = %q, want %q", c.psi, got, c.want)
		}
	}
}

func TestZTwoSided(t *testing.T) {
	if got := ZTwoSided(0.05); math.Abs(got-Z95) > 1e-12 {
		t.Errorf("ZTwoSided(0.05) = %v, want %v", got, Z95)
	}
	// Φ⁻¹(0.995) = 2.5758293035489
	if got := ZTwoSided(0.01); math.Abs(got-2.5758293035489) > 1e-10 {
		t.Errorf("ZTwoSided(0.01) = %v", got)
	}
}
