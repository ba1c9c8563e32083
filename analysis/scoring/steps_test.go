package scoring

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// stepsData is n leads with outcomes, two profile factors and timelines
// of up to 14 events of four kinds, some at the same time, dated, as
// Prepare would leave them.
func stepsData(r *rand.Rand, n int) *Data {
	const day = usPerDay
	names := []string{"a", "b", "c", "d"}
	d := &Data{Leads: queries.LeadTable{IDs: make([]string, n), AccountIDs: make([]string, n), Created: make([]int64, n), Cutoff: make([]int64, n),
		Won: make([]bool, n), Outcome: make([]uint8, n), HasOpp: make([]bool, n)},
		AsOf: 400 * day, events: map[string]bool{}, fit: map[string][]int32{}, kinds: map[string]uint16{}, names: names}
	for k, e := range names {
		d.events[e], d.kinds[e] = true, uint16(k)
	}
	d.Outcomes.AsOf = time.UnixMicro(d.AsOf)
	d.tl.Start = make([]int32, n+1)
	for i := range n {
		d.Leads.IDs[i] = fmt.Sprintf("L%07d", i)
		d.Leads.Created[i] = int64(r.IntN(300)) * day
		d.Leads.Cutoff[i] = d.Leads.Created[i] + int64(r.IntN(120))*day
		switch r.IntN(10) {
		case 0:
			d.Leads.Cutoff[i] = NoTime
			d.Leads.Outcome[i] = queries.OutcomeMaturing
		case 1:
			d.Leads.Created[i] = NoTime
		}
		if d.Leads.Outcome[i] != queries.OutcomeMaturing && r.IntN(5) == 0 {
			d.Leads.Won[i], d.Leads.Outcome[i] = true, queries.OutcomeWon
		}
		d.Leads.HasOpp[i] = d.Leads.Won[i] || r.IntN(9) == 0
		for f, share := range map[string]int{"attr:x=1": 2, "attr:y=1": 3} {
			if r.IntN(share) == 0 {
				d.fit[f] = append(d.fit[f], int32(i))
			}
		}
		t := max(d.Leads.Created[i], 0)
		for range r.IntN(15) {
			if r.IntN(4) > 0 {
				t += int64(r.IntN(20 * day))
			}
			d.tl.Time = append(d.tl.Time, t)
			d.tl.Kind = append(d.tl.Kind, uint16(r.IntN(len(names))))
		}
		d.tl.Start[i+1] = int32(len(d.tl.Time))
	}
	return d
}

// TestStepsMatchTheFullWalk is the oracle for scoring from steps: after
// each of a run of random edits — points, caps, half lives, rules added
// and dropped, the cutoff — every score, breakpoint, sweep figure, report
// and explanation is the one the walk over every event gives, to the bit,
// in whole, fractional and decayed models and both modes. The steps are
// kept across edits of points and the cutoff, and a model with decay
// walks every event.
func TestStepsMatchTheFullWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2))
	// Enough leads for two spans in the whole model (steps gathered and
	// scored on two cores), fewer for the others, which -race makes slow.
	many, few := stepsData(r, 2*minSpan+17), stepsData(r, minSpan/3)
	for _, flavour := range []string{"whole", "fractional", "decayed"} {
		d := few
		if flavour == "whole" {
			d = many
		}
		points := func() float64 {
			if flavour == "fractional" {
				return float64(r.IntN(201)-100) / 10
			}
			return float64(r.IntN(31) - 10)
		}
		rule := func() Rule {
			ev := d.names[r.IntN(len(d.names))]
			if r.IntN(4) == 0 {
				return Rule{Factor: fmt.Sprintf("event:%s>=%d", ev, 1+r.IntN(4)), Points: points()}
			}
			x := Rule{Factor: "event:" + ev, Points: points()}
			if r.IntN(2) == 0 {
				x.Cap = ptr(1 + r.IntN(3))
			}
			if flavour == "decayed" && r.IntN(2) == 0 {
				x.HalfLifeDays = ptr(float64(1 + r.IntN(60)))
			}
			return x
		}
		cfg := baseConfig()
		cfg.Cutoff, cfg.GoodFit, cfg.HighPain = 10, 5, 8
		cfg.Fit = []Rule{{Factor: "attr:x=1", Points: points()}, {Factor: "attr:y=1", Points: points()}}
		cfg.Pain = []Rule{rule(), rule(), rule()}
		for edit := range 12 {
			what := ""
			switch k := r.IntN(7); {
			case k <= 1:
				rules := append(cfg.Fit, cfg.Pain...)
				j := r.IntN(len(rules))
				what = "points of " + rules[j].Factor
				if j < len(cfg.Fit) {
					cfg.Fit = append([]Rule(nil), cfg.Fit...)
					cfg.Fit[j].Points = points()
				} else {
					cfg.Pain = append([]Rule(nil), cfg.Pain...)
					cfg.Pain[j-len(cfg.Fit)].Points = points()
				}
			case k == 2 && len(cfg.Pain) > 0:
				j := r.IntN(len(cfg.Pain))
				what = "cap of " + cfg.Pain[j].Factor
				cfg.Pain = append([]Rule(nil), cfg.Pain...)
				cfg.Pain[j].Cap = nil
				if r.IntN(3) > 0 {
					cfg.Pain[j].Cap = ptr(1 + r.IntN(4))
				}
			case k == 3 && len(cfg.Pain) > 0:
				j := r.IntN(len(cfg.Pain))
				what = "half life of " + cfg.Pain[j].Factor
				cfg.Pain = append([]Rule(nil), cfg.Pain...)
				cfg.Pain[j].HalfLifeDays = nil
				if flavour == "decayed" && r.IntN(2) == 0 {
					cfg.Pain[j].HalfLifeDays = ptr(float64(1 + r.IntN(60)))
				}
			case k == 4 && len(cfg.Pain) > 1:
				j := r.IntN(len(cfg.Pain))
				what = "drop " + cfg.Pain[j].Factor
				cfg.Pain = append(append([]Rule(nil), cfg.Pain[:j]...), cfg.Pain[j+1:]...)
			case k == 5:
				cfg.Pain = append(append([]Rule(nil), cfg.Pain...), rule())
				what = "add " + cfg.Pain[len(cfg.Pain)-1].Factor
			default:
				cfg.Cutoff = float64(r.IntN(40) - 5)
				what = fmt.Sprintf("cutoff %v", cfg.Cutoff)
			}
			for _, mode := range []Mode{History, Now} {
				compareWithWalk(t, d, cfg, mode, fmt.Sprintf("%s edit %d (%s) mode %d", flavour, edit, what, mode), r)
			}
		}
	}
}

// compareWithWalk checks every figure of cfg scored from steps against
// the same scored walking every event.
func compareWithWalk(t *testing.T, d *Data, cfg Config, mode Mode, name string, r *rand.Rand) {
	t.Helper()
	pain := d.resolve(cfg.Pain)
	decayed := false
	for _, x := range pain {
		decayed = decayed || (x.halfLife > 0 && x.f.Kind == EventCount)
	}
	before := d.steps.byMode[mode]
	fast, walk := d.Score(cfg, mode), d.score(cfg, mode, false)
	st := d.steps.byMode[mode]
	switch {
	case decayed && st != before:
		t.Fatalf("%s: a model with decay gathered steps", name)
	case !decayed && st == nil:
		t.Fatalf("%s: a model without decay was not scored from steps", name)
	case !decayed && before != nil && before.key == st.key && before != st:
		t.Fatalf("%s: the same rules gathered their steps again", name)
	}
	if diff := scoresDiff(fast, walk); diff != "" {
		t.Fatalf("%s: %s", name, diff)
	}
	// The cutoff report holds the sweep, the matrix, the velocity bands
	// and the lead funnel.
	if got, want := d.Cutoffs(cfg, fast), d.Cutoffs(cfg, walk); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: cutoff reports differ: sweep %s\n%+v\n%+v", name,
			sweepDiff(Sweep{Leads: got.Leads, Won: got.Won, Rows: got.Rows}, Sweep{Leads: want.Leads, Won: want.Won, Rows: want.Rows}), got, want)
	}
	for range 20 {
		i := r.IntN(d.N())
		if got, want := d.Explain(cfg, fast, i), d.Explain(cfg, walk, i); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: lead %d explained\n%+v\nagainst\n%+v", name, i, got, want)
		}
	}
}

// TestStepsKeptPerModeAndRules checks which edits keep the steps: points
// and the cutoff do, a cap, a threshold or a new rule does not, and each
// mode keeps its own.
func TestStepsKeptPerModeAndRules(t *testing.T) {
	d := stepsData(rand.New(rand.NewPCG(1, 1)), 500)
	cfg := scoreConfig([]Rule{{Factor: "event:a", Points: 5, Cap: ptr(1)}, {Factor: "event:b>=2", Points: 3}})
	first := d.stepsFor(History, d.resolve(cfg.Pain))
	cfg.Pain[0].Points, cfg.Cutoff = 7, 3
	if d.stepsFor(History, d.resolve(cfg.Pain)) != first {
		t.Error("new points gathered the steps again")
	}
	if now := d.stepsFor(Now, d.resolve(cfg.Pain)); now == first || now.key.mode != Now {
		t.Error("now shares history's steps")
	}
	if d.stepsFor(History, d.resolve(cfg.Pain)) != first {
		t.Error("scoring now dropped history's steps")
	}
	for _, edit := range []func(c *Config){
		func(c *Config) { c.Pain[0].Cap = ptr(2) },
		func(c *Config) { c.Pain[1].Factor = "event:b>=3" },
		func(c *Config) { c.Pain = append(c.Pain, Rule{Factor: "event:c", Points: 1}) },
	} {
		c := cfg
		c.Pain = append([]Rule(nil), cfg.Pain...)
		edit(&c)
		if d.stepsFor(History, d.resolve(c.Pain)) == first {
			t.Errorf("%+v kept the steps of %+v", c.Pain, cfg.Pain)
		}
	}
}
