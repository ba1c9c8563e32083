package gen

// npsWeights are the relative chances of each score 0–10: skewed positive,
// with about 56% promoters and 16% detractors (NPS near +40).
var npsWeights = [11]float64{1, 1, 1, 2, 2, 4, 5, 10, 18, 26, 30}

// writeNPS writes the survey answers of a customer: a survey two to four
// months after it first won, then about every six months, answered half the
// time.
func (g *generator) writeNPS(a *account, firstWin int64) {
	if firstWin == 0 {
		return
	}
	r := g.r
	t := g.tables[tNPS]
	for at := firstWin + daysBetween(r, 60, 120); at < g.asOf; at += daysBetween(r, 150, 210) {
		if r.Float64() >= 0.5 {
			continue
		}
		t.id('A', a.n)
		t.ts(at)
		t.num(int64(npsScore(r.Float64() * 100)))
		t.end()
	}
}

func npsScore(u float64) int {
	for s, w := range npsWeights {
		if u < w {
			return s
		}
		u -= w
	}
	return 10
}
