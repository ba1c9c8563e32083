package stats

import "math"

// MaxLiftPP is the value MinDetectableLift returns when no lift is
// detectable: 100 percentage points, the largest lift a rate can have. It
// is a cap rather than +Inf so that it sorts, prints and serialises like
// any other number.
const MaxLiftPP = 100

// MinDetectableLift returns the smallest positive lift, in percentage
// points (100·(p1 − p0) with p0 = base), that a two-sided two-proportion
// z-test at level alpha detects with the given power, when nWith leads
// have the factor (close rate p1) and nWithout do not (close rate p0). It
// tells a team with few wins which effects its data cannot see yet.
//
// Power follows the standard normal approximation used by R's
// power.prop.test (strict = FALSE), extended to unequal groups: the test
// rejects when |p̂1 − p̂0| exceeds z(1−α/2)·SE0, where SE0 uses the pooled
// rate p̄ = (nWith·p1 + nWithout·p0)/(nWith + nWithout) under H0, and the
// power is Φ((p1 − p0 − z(1−α/2)·SE0) / SE1) with the separate variances
// SE1² = p1(1−p1)/nWith + p0(1−p0)/nWithout under H1. The crossing is
// found by scanning p1 on a grid that is fine near p0 and then bisecting,
// so a dip in power near p0 (which happens when p0 is 0) cannot hide the
// smallest solution.
//
// It returns MaxLiftPP (100) when even p1 = 1 is not detectable, and also
// for an empty group, a base rate that is NaN or at least 1, or alpha or
// power outside (0, 1). A negative base is taken as 0.
func MinDetectableLift(nWith, nWithout int64, base, alpha, power float64) float64 {
	if nWith <= 0 || nWithout <= 0 || !(base < 1) || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) {
		return MaxLiftPP
	}
	p0 := max(base, 0)
	n1, n0 := float64(nWith), float64(nWithout)
	zA := math.Sqrt2 * math.Erfcinv(alpha)    // Φ⁻¹(1 − α/2)
	zB := -math.Sqrt2 * math.Erfcinv(2*power) // Φ⁻¹(power)

	// margin is positive exactly when p1 is detected with the power asked.
	margin := func(p1 float64) float64 {
		pbar := (n1*p1 + n0*p0) / (n1 + n0)
		se0 := math.Sqrt(pbar * (1 - pbar) * (1/n1 + 1/n0))
		se1 := math.Sqrt(p1*(1-p1)/n1 + p0*(1-p0)/n0)
		return p1 - p0 - zA*se0 - zB*se1
	}

	const grid = 2000
	lo := p0
	for k := 1; k <= grid; k++ {
		f := float64(k) / grid
		hi := p0 + (1-p0)*f*f
		if k == grid {
			hi = 1 // exactly, whatever the rounding above
		}
		if margin(hi) < 0 {
			lo = hi
			continue
		}
		for range 200 {
			mid := lo + (hi-lo)/2
			if mid <= lo || mid >= hi {
				break
			}
			if margin(mid) >= 0 {
				hi = mid
			} else {
				lo = mid
			}
		}
		return min(max(100*(hi-p0), 0), MaxLiftPP)
	}
	return MaxLiftPP
}
