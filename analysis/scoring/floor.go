package scoring

// PassFloor is the floor an edit's re-score and sweep are measured
// against (BenchmarkRescoreSweep, leadlab bench's edit_latency): one pass
// over every lead in memory, as little as any re-score must do — each
// lead's fit points added up, and the points of its events before its
// exposure cutoff, with no decay, no caps, no history of the score and no
// sweep. It returns the sum of the scores, so that the pass is not
// optimised away.
func (d *Data) PassFloor(cfg Config) float64 {
	n := d.N()
	fit := make([]float64, n)
	for _, r := range d.resolve(cfg.Fit) {
		for _, i := range d.fit[r.f.Name] {
			fit[i] += r.points
		}
	}
	points := make([]float64, len(d.names))
	for _, r := range d.resolve(cfg.Pain) {
		points[r.kind] += r.points
	}
	total := 0.0
	for i := range n {
		at := d.Leads.Cutoff[i]
		if at == NoTime || at > d.AsOf+1 {
			at = d.AsOf + 1
		}
		score := fit[i]
		for j := d.tl.Start[i]; j < d.tl.Start[i+1] && d.tl.Time[j] < at; j++ {
			score += points[d.tl.Kind[j]]
		}
		total += score
	}
	return total
}
