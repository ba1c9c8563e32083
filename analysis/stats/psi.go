package stats

import "math"

// PSIEpsilon stands in for a share of 0 in PSI: a bin empty on one side
// would otherwise make ln(a/e) infinite. 0.0001 (one lead in ten
// thousand) is the convention of credit-scoring practice; with it an
// emptied bin that held 5% adds about 0.3, a clear shift, rather than
// infinity.
const PSIEpsilon = 0.0001

// PSI is the population stability index of actual against expected, two
// distributions over the same bins given as shares (each adding up to
// one): Σ (a − e) · ln(a / e), a share of 0 taken as PSIEpsilon. It is
// 0 for identical distributions and grows as they part; the usual
// reading is below 0.1 stable, 0.1 to 0.25 moving, above 0.25 shifted
// (PSIReading). Bins beyond the shorter list count as 0.
func PSI(expected, actual []float64) float64 {
	sum := 0.0
	for k := range max(len(expected), len(actual)) {
		e, a := PSIEpsilon, PSIEpsilon
		if k < len(expected) && expected[k] > 0 {
			e = expected[k]
		}
		if k < len(actual) && actual[k] > 0 {
			a = actual[k]
		}
		sum += (a - e) * math.Log(a/e)
	}
	return sum
}

// PSIReading puts a PSI in the usual words: "stable" below 0.1, "moving"
// from 0.1 to 0.25, "shifted" above 0.25.
func PSIReading(psi float64) string {
	switch {
	case psi < 0.1:
		return "stable"
	case psi <= 0.25:
		return "moving"
	}
	return "shifted"
}

// ZTwoSided is the standard normal quantile for a two-sided interval of
// level 1 − alpha, Φ⁻¹(1 − alpha/2): ZTwoSided(0.05) is Z95. Dividing
// alpha among m comparisons (Bonferroni) widens each interval so that all
// m hold together with 1 − alpha.
func ZTwoSided(alpha float64) float64 { return math.Sqrt2 * math.Erfinv(1-alpha) }
