package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// randomTimelineData is n leads with random profiles and event timelines
// of three events, dated, as Prepare would leave them.
func randomTimelineData(r *rand.Rand, n int) *Data {
	const day = usPerDay
	d := &Data{Leads: queries.LeadTable{IDs: make([]string, n), Created: make([]int64, n), Cutoff: make([]int64, n),
		Won: make([]bool, n), Outcome: make([]uint8, n)},
		AsOf: 500 * day, events: map[string]bool{"a": true, "b": true, "c": true},
		fit: map[string][]int32{}, kinds: map[string]uint16{"a": 0, "b": 1, "c": 2}, names: []string{"a", "b", "c"}}
	d.Outcomes.AsOf = time.UnixMicro(d.AsOf)
	d.tl.Start = make([]int32, n+1)
	for i := range n {
		d.Leads.Created[i] = int64(r.IntN(300)) * day
		d.Leads.Cutoff[i] = d.Leads.Created[i] + int64(r.IntN(300))*day
		if r.IntN(10) == 0 {
			d.Leads.Cutoff[i] = NoTime
		}
		if r.IntN(2) == 0 {
			d.fit["attr:x=1"] = append(d.fit["attr:x=1"], int32(i))
		}
		t := d.Leads.Created[i]
		for range r.IntN(6) {
			t += int64(r.IntN(40 * day))
			d.tl.Time = append(d.tl.Time, t)
			d.tl.Kind = append(d.tl.Kind, uint16(r.IntN(3)))
		}
		d.tl.Start[i+1] = int32(len(d.tl.Time))
	}
	return d
}

func scoreConfig(pain []Rule) Config {
	cfg := baseConfig()
	cfg.Cutoff = 10
	cfg.Fit = []Rule{{Factor: "attr:x=1", Points: 6}}
	cfg.Pain = pain
	return cfg
}

// TestScoreSpansAndWholePoints checks that scoring on several cores gives
// every figure of scoring on one, to the bit, and that a model in whole
// points without decay, whose pain is read off the walk forward, gives the
// pain the direct computation gives.
func TestScoreSpansAndWholePoints(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	r := rand.New(rand.NewPCG(3, 18))
	n := 3 * minSpan
	d := randomTimelineData(r, n)
	models := map[string][]Rule{
		"whole":      {{Factor: "event:a", Points: 5, Cap: ptr(2)}, {Factor: "event:b>=2", Points: 7}, {Factor: "event:c", Points: -4}},
		"fractional": {{Factor: "event:a", Points: 0.1}, {Factor: "event:b", Points: 0.2, Cap: ptr(3)}, {Factor: "event:c", Points: -0.3}},
		"decayed":    {{Factor: "event:a", Points: 5, HalfLifeDays: ptr(30.0)}, {Factor: "event:b", Points: 3, Cap: ptr(2), HalfLifeDays: ptr(10.0)}},
	}
	for name, pain := range models {
		cfg := scoreConfig(pain)
		for _, mode := range []Mode{History, Now} {
			t.Run(fmt.Sprintf("%s/%d", name, mode), func(t *testing.T) {
				runtime.GOMAXPROCS(1)
				one := d.Score(cfg, mode)
				runtime.GOMAXPROCS(3)
				if len(spans(n)) != 3 {
					t.Fatalf("%d spans, want 3", len(spans(n)))
				}
				several := d.Score(cfg, mode)
				if diff := scoresDiff(one, several); diff != "" {
					t.Fatalf("several cores: %s", diff)
				}
				w := newWalker(d.resolve(cfg.Pain), len(d.names))
				for i := range n {
					lo, end := d.tl.Start[i], d.tl.Start[i]
					for end < d.tl.Start[i+1] && d.tl.Time[end] < one.until[i] {
						end++
					}
					ref := one.until[i]
					if ref == d.AsOf+1 {
						ref = d.AsOf
					}
					if want := w.final(d.tl.Time[lo:end], d.tl.Kind[lo:end], ref); math.Float64bits(one.Pain[i]) != math.Float64bits(want) {
						t.Fatalf("lead %d: pain %v, the direct computation gives %v", i, one.Pain[i], want)
					}
				}
			})
		}
	}
}

func scoresDiff(a, b *Scores) string {
	floats := map[string][2][]float64{"fit": {a.Fit, b.Fit}, "pain": {a.Pain, b.Pain}, "velocity": {a.Velocity, b.Velocity}, "bpScore": {a.bpScore, b.bpScore}}
	for name, f := range floats {
		if len(f[0]) != len(f[1]) {
			return fmt.Sprintf("%s: %d values against %d", name, len(f[0]), len(f[1]))
		}
		for i := range f[0] {
			if math.Float64bits(f[0][i]) != math.Float64bits(f[1][i]) {
				return fmt.Sprintf("%s[%d]: %v against %v", name, i, f[0][i], f[1][i])
			}
		}
	}
	ints := map[string][2][]int64{"at": {a.At, b.At}, "reached": {a.Reached, b.Reached}, "until": {a.until, b.until}}
	for name, f := range ints {
		for i := range f[0] {
			if f[0][i] != f[1][i] {
				return fmt.Sprintf("%s[%d]: %v against %v", name, i, f[0][i], f[1][i])
			}
		}
	}
	if len(a.bpDays) != len(b.bpDays) {
		return "breakpoint days differ in number"
	}
	for i := range a.bpDays {
		if math.Float32bits(a.bpDays[i]) != math.Float32bits(b.bpDays[i]) {
			return fmt.Sprintf("bpDays[%d]: %v against %v", i, a.bpDays[i], b.bpDays[i])
		}
	}
	for i := range a.bpStart {
		if a.bpStart[i] != b.bpStart[i] {
			return fmt.Sprintf("bpStart[%d]: %v against %v", i, a.bpStart[i], b.bpStart[i])
		}
	}
	return ""
}
