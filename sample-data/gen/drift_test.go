package gen

import (
	"math"
	"testing"
)

// TestDriftModel checks the drifted close model in expectation: over many
// leads drawn as the generator draws them, the mean win probability (no
// coin flips, so little noise) with and without each factor gives the
// new behaviour its planted DriftNewPP and the faded webinar nothing,
// while an effect drift leaves alone keeps its planted value.
func TestDriftModel(t *testing.T) {
	r := newTestRand(7)
	g := &generator{drift: true, driftA: driftCoef()}
	if !(g.driftA > 0 && g.driftA < 1) {
		t.Fatalf("new behaviour's coefficient %v is not a probability", g.driftA)
	}
	type sums struct{ n, p [2]float64 }
	var integ, web, doc sums
	add := func(s *sums, in bool, p float64) {
		k := 0
		if in {
			k = 1
		}
		s.n[k]++
		s.p[k] += p
	}
	for range 400_000 {
		var acct leadFactors
		acct.set(fTarget, r.Float64() < leadShare(fTarget))
		acct.set(fLarge, r.Float64() < leadShare(fLarge))
		acct.set(fFreeUsers, r.Float64() < leadShare(fFreeUsers))
		l := lead{factors: drawLeadFactors(r, acct)}
		p := g.driftedWin(r, &l)
		add(&integ, l.integration, p)
		add(&web, l.factors.has(fWebinar), p)
		add(&doc, l.factors.has(fDoc), p)
	}
	lift := func(s sums) float64 { return 100 * (s.p[1]/s.n[1] - s.p[0]/s.n[0]) }
	for _, c := range []struct {
		name string
		s    sums
		want float64
	}{{DriftNewEvent, integ, DriftNewPP}, {DriftFaded, web, 0}, {"event:document_created", doc, 25}} {
		// The leads with a factor are a sample of them all; half a point
		// is several standard errors of a mean of probabilities here.
		if got := lift(c.s); math.Abs(got-c.want) > 1 {
			t.Errorf("%s: drifted lift %.2f pp, want %.0f", c.name, got, c.want)
		}
	}
	if share := integ.n[1] / (integ.n[0] + integ.n[1]); math.Abs(share-DriftNewShare) > 0.005 {
		t.Errorf("%s done by %.3f of drifted leads, want %.2f", DriftNewEvent, share, DriftNewShare)
	}
}

// TestDriftWritesItsChanges generates drifted data and checks each change
// where the files show it: the new event only on leads created in the
// drift months, at its share; paid social's share of sources up from 10%
// to 25%. The undrifted files are TestEmbeddedSampleMatchesGenerator's:
// the embedded sample, written before drift existed, must still come out
// byte for byte.
func TestDriftWritesItsChanges(t *testing.T) {
	dir, _ := generate(t, Options{Leads: 20000, Seed: 3, Drift: true})
	start, err := DriftStart(Options{Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	created := map[string]int64{}
	var n, social [2]float64
	for _, l := range loadLeads(t, dir) {
		created[l.id] = l.created
		k := 0
		if l.created >= start {
			k = 1
		}
		n[k]++
		if l.source == "paid_social" {
			social[k]++
		}
	}
	if before, after := social[0]/n[0], social[1]/n[1]; math.Abs(before-0.10*0.985) > 0.015 || math.Abs(after-0.25*0.985) > 0.02 {
		t.Errorf("paid social: %.3f of leads before the drift, %.3f after; want about 0.10 and 0.25", before, after)
	}
	with := map[string]bool{}
	scan(t, dir, "events", func(r row) {
		if r.get("event") != DriftNewEvent {
			return
		}
		id := r.get("lead_id")
		if created[id] < start {
			t.Fatalf("%s on lead %s, created before the drift", DriftNewEvent, id)
		}
		with[id] = true
	})
	// A lead created in the last days may not have done it yet.
	if share := float64(len(with)) / n[1]; share < 0.085 || share > 0.11 {
		t.Errorf("%s done by %.3f of drifted leads, want about %.2f", DriftNewEvent, share, DriftNewShare)
	}
}
