package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
)

// driftMonths counts the newer leads by the calendar month (UTC) they
// were created in, and in all.
func driftMonths(d *scoring.Data, cfg scoring.Config, s *scoring.Scores, p periods) ([]DriftMonth, DriftMonth) {
	var months []DriftMonth
	total := DriftMonth{Month: "since"}
	at := map[string]int{}
	for i := range d.N() {
		if !p.newer[i] {
			continue
		}
		key := time.UnixMicro(d.Leads.Created[i]).UTC().Format("2006-01")
		k, ok := at[key]
		if !ok {
			k = len(months)
			at[key] = k
			months = append(months, DriftMonth{Month: key})
		}
		ready := s.Score(i) >= cfg.Cutoff
		for _, m := range []*DriftMonth{&months[k], &total} {
			m.Leads++
			if ready {
				m.Ready++
			}
			if !p.settled[i] {
				continue
			}
			m.Settled++
			won := d.Leads.Won[i]
			if won {
				m.Won++
			}
			if ready {
				m.ReadySettled++
				if won {
					m.ReadyWon++
				}
			}
		}
	}
	slices.SortFunc(months, func(a, b DriftMonth) int { return strings.Compare(a.Month, b.Month) })
	for _, m := range append(sliceOfPtrs(months), &total) {
		m.Share = ratioPtr(m.Ready, m.Leads)
		if m.ReadySettled > 0 {
			lo, hi := stats.Wilson(m.ReadyWon, m.ReadySettled, stats.Z95)
			m.CloseRate, m.CILow, m.CIHigh = ratioPtr(m.ReadyWon, m.ReadySettled), &lo, &hi
		}
	}
	if months == nil {
		months = []DriftMonth{}
	}
	return months, total
}

func sliceOfPtrs[T any](xs []T) []*T {
	out := make([]*T, len(xs))
	for k := range xs {
		out[k] = &xs[k]
	}
	return out
}

// driftStability compares the settled leads' scores and rule prevalences
// now with the model's recorded population, or, for a config that records
// none, with the settled leads created before its as-of date.
func driftStability(d *scoring.Data, cfg scoring.Config, s *scoring.Scores, p periods, factors []string, has [][]bool) DriftStability {
	md := cfg.Metadata
	baseline := "recorded in the config at export"
	bins, prev := md.ScoreBins, md.RulePrevalence
	if len(bins) == 0 || len(prev) == 0 {
		baseline = "settled leads created before the model's as-of date (the config records no score bins or rule prevalences)"
		bins, prev = d.Population(cfg, s, p.then)
	}
	st := DriftStability{Score: DriftPSI{Name: "score", Baseline: baseline, Bins: []DriftBin{}}, Rules: []DriftPSI{}}
	var now []float64
	for i := range d.N() {
		if p.newer[i] && p.settled[i] {
			now = append(now, s.Score(i))
		}
	}
	noneNow := "no lead created since the model's as-of date has settled yet"
	mins := make([]float64, len(bins))
	for k, b := range bins {
		mins[k] = b.Min
	}
	shares := scoring.BinShares(mins, now)
	for k, b := range bins {
		st.Score.Bins = append(st.Score.Bins, DriftBin{Bin: "≥ " + numfmt.Points(b.Min), Then: b.Share, Now: shares[k]})
	}
	switch {
	case len(bins) == 0:
		st.Score.Reading = "no settled lead before the model's as-of date to compare with"
	case len(now) == 0:
		st.Score.Reading = noneNow
	default:
		psiOf(&st.Score)
	}
	then := map[string]float64{}
	for _, x := range prev {
		then[x.Factor] = x.Share
	}
	for r, f := range factors {
		x := DriftPSI{Name: f, Baseline: baseline, Bins: []DriftBin{}}
		t, ok := then[f]
		switch {
		case !ok:
			x.Reading = "the baseline has no prevalence for this rule (added after export?)"
		case len(now) == 0:
			x.Reading = noneNow
		}
		if ok && len(now) > 0 {
			var with int
			for i := range d.N() {
				if p.newer[i] && p.settled[i] && has[r][i] {
					with++
				}
			}
			n := float64(with) / float64(len(now))
			x.Bins = []DriftBin{{Bin: "with", Then: t, Now: n}, {Bin: "without", Then: 1 - t, Now: 1 - n}}
			psiOf(&x)
		}
		st.Rules = append(st.Rules, x)
	}
	return st
}

// sourceMixPSI compares the lead source mix before and after the as-of
// date, over every lead with a date.
func sourceMixPSI(mix []queries.CohortCount) DriftPSI {
	x := DriftPSI{Name: "source mix", Baseline: "leads created before the model's as-of date", Bins: []DriftBin{}}
	var total [2]int64
	known := false
	for _, c := range mix {
		total[b2i(c.Newer)] += c.With
		known = known || c.Name != queries.MissingValue
	}
	switch {
	case !known:
		x.Reading = "the leads have no source"
		return x
	case total[0] == 0:
		x.Reading = "no lead created before the model's as-of date"
		return x
	case total[1] == 0:
		x.Reading = "no lead created since the model's as-of date"
		return x
	}
	at := map[string]int{}
	for _, c := range mix {
		k, ok := at[c.Name]
		if !ok {
			k = len(x.Bins)
			at[c.Name] = k
			x.Bins = append(x.Bins, DriftBin{Bin: c.Name})
		}
		share := float64(c.With) / float64(total[b2i(c.Newer)])
		if c.Newer {
			x.Bins[k].Now = share
		} else {
			x.Bins[k].Then = share
		}
	}
	psiOf(&x)
	return x
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lift2x2 is the lift of having a factor, in points, with its Newcombe
// interval at z, over n leads (won of them) of which with have it
// (wonWith of them).
func lift2x2(with, wonWith, n, won int64, z float64) DriftLift {
	l := DriftLift{With: with}
	if with < DriftMinLeads || n-with < DriftMinLeads {
		return l
	}
	lo, hi := stats.Newcombe(wonWith, with, won-wonWith, n-with, z)
	l.LiftPP = fptr(100 * (float64(wonWith)/float64(with) - float64(won-wonWith)/float64(n-with)))
	l.CILow, l.CIHigh = fptr(100*lo), fptr(100*hi)
	return l
}

// driftEffects measures each rule's lift then and now; the intervals hold
// for all the rules together (driftAlpha, Bonferroni).
func driftEffects(d *scoring.Data, cfg scoring.Config, p periods, factors []string, has [][]bool) []DriftEffect {
	points := map[string]float64{}
	for _, r := range append(append([]scoring.Rule(nil), cfg.Fit...), cfg.Pain...) {
		if f, err := scoring.ParseFactor(r.Factor); err == nil {
			points[f.Name] = r.Points
		}
	}
	z := stats.ZTwoSided(driftAlpha / float64(max(len(factors), 1)))
	out := []DriftEffect{}
	for r, f := range factors {
		var with, wonWith [2]int64
		for i := range d.N() {
			if !p.settled[i] || !has[r][i] || !(p.then[i] || p.newer[i]) {
				continue
			}
			k := b2i(p.newer[i])
			with[k]++
			if d.Leads.Won[i] {
				wonWith[k]++
			}
		}
		e := DriftEffect{Factor: f, Points: points[f],
			Then: lift2x2(with[0], wonWith[0], p.n[0], p.won[0], z), Now: lift2x2(with[1], wonWith[1], p.n[1], p.won[1], z)}
		e.Status = effectStatus(e)
		out = append(out, e)
	}
	return out
}

// effectStatus judges a rule's effect now against then, in the direction
// its points give it.
func effectStatus(e DriftEffect) string {
	if e.Then.LiftPP == nil || e.Now.LiftPP == nil {
		return "too_few"
	}
	then, now, lo, hi := *e.Then.LiftPP, *e.Now.LiftPP, *e.Now.CILow, *e.Now.CIHigh
	if e.Points < 0 { // judge a negative rule as a positive one
		then, now, lo, hi = -then, -now, -hi, -lo
	}
	switch {
	case hi < 0 && then > 0:
		return "reversed"
	case then > 0 && hi < then && now < then/2:
		return "faded"
	case hi < then || lo > then:
		return "moved"
	}
	return "holds"
}

// newFactors lists the behaviours no pain rule names (vanity signals
// left out) whose lift now is worth points — at least minLift either way,
// its interval (over every behaviour compared, Bonferroni) clear of zero
// — and is new (isNew) or has grown (grown) since: a behaviour about as
// strong then was left out of the model knowingly (it goes with one the
// model has, as webinar registration goes with attendance), or hovers
// at the floor, which is no news either.
func newFactors(cfg scoring.Config, p periods, counts []queries.CohortCount, minLift float64) []DriftNewFactor {
	named := map[string]bool{}
	for _, r := range cfg.Pain {
		if f, err := scoring.ParseFactor(r.Factor); err == nil {
			named[f.Event] = true
		}
	}
	return newEffects(p, counts, minLift, DriftBehaviour, func(name string) (string, bool) {
		return "event:" + name, !named[name] && !IsVanity(name)
	})
}

// newProfileFactors lists the profile values no fit rule names whose
// lift now is worth points and is new or has grown since, as newFactors
// does for behaviours (Bonferroni over the values compared).
func newProfileFactors(cfg scoring.Config, p periods, counts []queries.CohortCount, minLift float64) []DriftNewFactor {
	named := map[string]bool{}
	for _, r := range cfg.Fit {
		if f, err := scoring.ParseFactor(r.Factor); err == nil {
			named[f.Name] = true
		}
	}
	return newEffects(p, counts, minLift, DriftProfile, func(name string) (string, bool) { return name, !named[name] })
}

// Kinds of a new factor.
const (
	DriftBehaviour = "behaviour"
	DriftProfile   = "profile"
)

// newEffects judges the factors counted in counts that factor keeps
// (naming each as a rule would), with intervals that hold over all of
// them together.
func newEffects(p periods, counts []queries.CohortCount, minLift float64, kind string, factor func(string) (string, bool)) []DriftNewFactor {
	type pair struct{ with, won [2]int64 }
	byName := map[string]*pair{}
	var names []string
	for _, c := range counts {
		name, keep := factor(c.Name)
		if !keep {
			continue
		}
		x := byName[name]
		if x == nil {
			x = &pair{}
			byName[name] = x
			names = append(names, name)
		}
		k := b2i(c.Newer)
		x.with[k], x.won[k] = c.With, c.WonWith
	}
	z := stats.ZTwoSided(driftAlpha / float64(max(len(names), 1)))
	out := []DriftNewFactor{}
	for _, name := range names {
		x := byName[name]
		if x.with[1] < driftMinNew {
			continue
		}
		f := DriftNewFactor{Factor: name, Kind: kind,
			Then: lift2x2(x.with[0], x.won[0], p.n[0], p.won[0], z), Now: lift2x2(x.with[1], x.won[1], p.n[1], p.won[1], z)}
		if !worth(f.Now, minLift) {
			continue
		}
		if !isNew(x.with, p.n) && !grown(f.Then, f.Now, z, minLift) {
			continue // about as strong then: the model left it out knowingly
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b DriftNewFactor) int { return cmp.Compare(math.Abs(*b.Now.LiftPP), math.Abs(*a.Now.LiftPP)) })
	return out
}

// worth says a lift carries points: at least minLift either way, its
// interval clear of zero.
func worth(l DriftLift, minLift float64) bool {
	return l.LiftPP != nil && math.Abs(*l.LiftPP) >= minLift && (*l.CILow > 0 || *l.CIHigh < 0)
}

// isNew says a behaviour barely existed then: the share of settled leads
// that did it then is under a tenth of the share now.
func isNew(with, n [2]int64) bool {
	if n[0] == 0 {
		return true
	}
	return float64(with[0])/float64(n[0]) < 0.1*float64(with[1])/float64(max(n[1], 1))
}

// grown says a lift changed by at least minLift points between then and
// now, and by more than the two intervals allow: the difference over
// z times the standard errors combined, each read off its interval (half
// its width over z).
func grown(then, now DriftLift, z, minLift float64) bool {
	if then.LiftPP == nil {
		return true
	}
	d := math.Abs(*now.LiftPP - *then.LiftPP)
	seThen := (*then.CIHigh - *then.CILow) / (2 * z)
	seNow := (*now.CIHigh - *now.CILow) / (2 * z)
	return d >= minLift && d > z*math.Sqrt(seThen*seThen+seNow*seNow)
}

// skipEvents is the events newFactors never lists: the model's own and
// the vanity signals.
func skipEvents(cfg scoring.Config, vanity []string) []string {
	out := slices.Clone(vanity)
	for _, r := range cfg.Pain {
		if f, err := scoring.ParseFactor(r.Factor); err == nil {
			out = append(out, f.Event)
		}
	}
	return out
}

// LiftText is a lift in points with its sign (+4.2), or "—" when there
// is none, as the drift report and the Drift screen write it.
func LiftText(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%+.1f", *v)
}

// IntervalText is the lift's interval in points ([+1.0, +7.5]), or "—".
func (l DriftLift) IntervalText() string {
	if l.CILow == nil {
		return "—"
	}
	return fmt.Sprintf("[%+.1f, %+.1f]", *l.CILow, *l.CIHigh)
}

// BinsText lists at most n bins of a PSI as then → now shares, in the
// order given, and how many more there are.
func BinsText(bins []DriftBin, n int) string {
	var parts []string
	for k, b := range bins {
		if k == n {
			parts = append(parts, fmt.Sprintf("and %d more", len(bins)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s→%s", b.Bin, numfmt.Pct(&b.Then, 1), numfmt.Pct(&b.Now, 1)))
	}
	return strings.Join(parts, ", ")
}

// DayText is the date part of an RFC 3339 time as the drift report
// writes it (2026-01-31), or "no date".
func DayText(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	if s == "" {
		return "no date"
	}
	return s
}

// RateInterval is a close rate's interval in percent ([12.7%, 14.2%]), or
// "—" when either end is unknown.
func RateInterval(lo, hi *float64) string {
	if lo == nil || hi == nil {
		return "—"
	}
	return "[" + numfmt.Pct(lo, 1) + ", " + numfmt.Pct(hi, 1) + "]"
}
