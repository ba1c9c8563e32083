package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// Settings of the adjusted model.
const (
	// candidateBudget bounds the work of each fit: its cost grows with the
	// leads it is fitted on times the square of its factors, so the model
	// may consider as many candidates as keep leads × candidates² under
	// this (40 candidates at the 40,000 leads of maxModelLeads; more on
	// smaller data, where a cap would drop real effects for no time saved),
	// between minCandidates and maxCandidates.
	candidateBudget = 40 * 40 * maxModelLeads
	minCandidates   = 40
	maxCandidates   = 100
	cvFolds         = 5
	// maxModelLeads caps the leads the model is fitted on (a random share
	// fixed by a hash of each lead beyond it): at 40,000 leads and a 9%
	// base rate, a factor that 5% of them have has a standard error of
	// about 0.08 log-odds, under a point at ten points per unit of
	// log-odds; and report actions and tune stay within their time at a
	// million leads.
	maxModelLeads = 40_000
	cvSeed        = 1
	// dependentTol is the share of a factor's spread that must be left
	// once the factors before it are projected out: below it the factor
	// is a copy, a complement or a sum of them.
	dependentTol = 1e-9
	// minOutcomes is the fewest wins, and losses, a model is fitted on:
	// with fewer, one lead more or less moves any effect by more than the
	// 5-point floor.
	minOutcomes = 10
	// fallbackLambda is the penalty when there are too few wins or losses
	// to cross-validate: weak, and enough to keep estimates finite.
	fallbackLambda = 1.0
)

// AdjustedFactor is one factor the adjusted model considered and what it
// made of it.
type AdjustedFactor struct {
	Factor string `json:"factor"`
	Kind   string `json:"kind"`
	// LiftPP and QValue are the factor's univariate lift and q-value;
	// null for a factor every lead has (nothing to compare it with).
	LiftPP *float64 `json:"lift_pp"`
	QValue *float64 `json:"q_value"`
	// Coef and SE are the factor's log-odds coefficient and its standard
	// error in the last model it was part of; 0 when it was never fitted.
	Coef float64 `json:"coef"`
	SE   float64 `json:"se"`
	// Points is the factor's own effect on the chance of closing, in
	// percentage points: the coefficient as an average marginal effect at
	// the base rate, rounded; 0 when the factor was dropped.
	Points int `json:"points"`
	// Dropped says why a factor got no rule; empty when it got one.
	Dropped string `json:"dropped"`
}

// adjustOptions are what the analyst sets of the adjusted model.
type adjustOptions struct {
	MinPoints  float64 // factors worth fewer points (either sign) are dropped
	MaxFactors int
}

// adjusted is the penalised logistic model behind a tuned model's points
// (docs/statistics.md, "The adjusted model"): one model over the candidate
// factors, profile and behaviour together, its penalty chosen by
// cross-validation, each kept factor's coefficient turned into points on the
// lift's percentage-point scale.
type adjusted struct {
	Factors  []AdjustedFactor
	Lambda   float64
	BaseRate float64
	CV       *stats.CVResult // nil when there were too few wins to cross-validate
	// Kept are the rules, as places in Factors, largest points first.
	Kept []int
	// Full is the unrounded model on every usable candidate at Lambda,
	// FullCols its columns as places in Factors: what rounding and the
	// 5-point floor are measured against.
	Full     stats.LogitResult
	FullCols []int
	Notes    []string

	design stats.Grouped   // one column per usable candidate, in FullCols order
	family []string        // the factor family of each column of design
	folds  []stats.Grouped // design's leads dealt into the cross-validation folds
	opt    adjustOptions
}

// fitAdjusted builds the adjusted model over the leads the correlation
// table r was computed on (ActionFactorCounts must have run over them:
// the patterns read the tables it made).
func fitAdjusted(ctx context.Context, ws *queries.Workspace, r ActionsReport, counts []queries.FactorCount, opt adjustOptions) (*adjusted, error) {
	m := &adjusted{Factors: []AdjustedFactor{}, Lambda: fallbackLambda, BaseRate: r.BaseRate, opt: opt}
	byName := map[string]queries.FactorCount{}
	for _, c := range counts {
		byName[c.Factor] = c
	}
	cands := m.candidates(r)
	if len(cands) == 0 {
		m.Notes = append(m.Notes, "no factor can be scored: none is common enough, varied enough and not vanity")
		return m, nil
	}
	sel := make([]queries.FactorCount, len(cands))
	for k, i := range cands {
		sel[k] = byName[m.Factors[i].Factor]
	}
	share := 1.0
	if r.Leads > maxModelLeads {
		share = maxModelLeads / float64(r.Leads)
	}
	p, err := queries.FactorPatterns(ctx, ws, sel, share)
	if err != nil {
		return nil, err
	}
	d := p.Design(allColumns(len(cands)))
	g := stats.Grouped{X: d.X, Leads: d.Leads, Won: d.Won}
	if n, w := g.Totals(); w < minOutcomes || n-w < minOutcomes {
		m.Notes = append(m.Notes, fmt.Sprintf("no factor can be scored: %s won and %s did not, and a model needs %d of each to measure any effect",
			Count(int64(w)), Count(int64(n-w)), minOutcomes))
		for _, i := range cands {
			m.Factors[i].Dropped = fmt.Sprintf("not scored: a model needs %d wins and %d losses", minOutcomes, minOutcomes)
		}
		return m, nil
	} else if share < 1 {
		// Leads with many attributes are mostly unique, so the fits cost
		// in proportion to the leads; past this many the points would
		// move by less than their rounding.
		m.Notes = append(m.Notes, fmt.Sprintf("the model is fitted on %s of the %s leads, a random share fixed by a hash of each lead", Count(int64(n)), Count(r.Leads)))
	}

	// Copies, complements and sums of the factors before them add nothing
	// a model can tell apart; with a penalty it would split one effect
	// between them. The strongest evidence comes first, so it is kept.
	var usable []int
	for k, dep := range g.Dependent(allColumns(len(cands)), dependentTol) {
		if dep {
			m.Factors[cands[k]].Dropped = dependentWhy(g, k, usable, cands, m.Factors)
			continue
		}
		usable = append(usable, k)
	}
	g = g.Columns(usable)

	// How many of the candidates, strongest evidence first, and which
	// penalty: both by cross-validation.
	size, cv, folds, err := crossValidateSizes(g)
	switch {
	case errors.Is(err, stats.ErrTooFewForCV):
		m.Notes = append(m.Notes, fmt.Sprintf("too few wins or losses to choose the penalty by %d-fold cross-validation: λ = %g", cvFolds, fallbackLambda))
	case err != nil:
		return nil, err
	default:
		m.CV, m.Lambda = &cv, cv.Lambdas[cv.Best]
	}
	if size < len(usable) {
		for _, k := range usable[size:] {
			m.Factors[cands[k]].Dropped = fmt.Sprintf("past the %d candidates with the strongest evidence that the model was fitted on: cross-validated, a model of more predicted held-out leads worse", size)
		}
		usable = usable[:size]
		g = g.Columns(allColumns(size))
	}
	m.design = g
	for _, k := range usable {
		m.FullCols = append(m.FullCols, cands[k])
		m.family = append(m.family, familyOf(m.Factors[cands[k]].Factor))
	}

	if m.Full, err = g.Fit(m.Lambda); err != nil {
		return nil, fmt.Errorf("adjusted model: %w", err)
	}
	chosen, err := selectColumns(g, m.family, m.Lambda, m.BaseRate, opt)
	if err != nil {
		return nil, err
	}
	for k, dc := range chosen.dropped {
		f := &m.Factors[m.FullCols[k]]
		f.Coef, f.SE, f.Dropped = dc.coef, dc.se, dc.why
	}
	for c, k := range chosen.keep {
		f := &m.Factors[m.FullCols[k]]
		f.Coef, f.SE = chosen.fit.Coef[c], chosen.fit.SE[c]
		f.Points = int(math.Round(chosen.scale * chosen.fit.Coef[c]))
		m.Kept = append(m.Kept, m.FullCols[k])
	}
	m.folds = folds
	slices.SortStableFunc(m.Kept, func(a, b int) int {
		return cmpAbs(m.Factors[b].Points, m.Factors[a].Points)
	})
	return m, nil
}

func cmpAbs(a, b int) int {
	a, b = max(a, -a), max(b, -b)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ppScale is the one number that turns a model's log-odds coefficients
// into points on the lift's scale. A factor's effect on the chance of
// closing, for a lead at the base rate p, is Δ = σ(logit p + b) − p: not a
// straight line in b (it flattens for large effects, and a negative one
// can take away at most p). Points proportional to b rank leads exactly as
// the model does, which per-factor Δs would not; the scale is the one that
// comes closest to every factor's Δ, by least squares weighted by the
// leads that have each factor: S = Σ n·b·Δ / Σ n·b². So a factor whose own
// effect raises a typical lead's chance by 25 points is worth about 25.
func ppScale(coef, leads []float64, base float64) float64 {
	lb := math.Log(base / (1 - base))
	var num, den float64
	for j, b := range coef {
		d := 100 * (1/(1+math.Exp(-(lb+b))) - base)
		num += leads[j] * b * d
		den += leads[j] * b * b
	}
	if den == 0 || !(num > 0) {
		return 100 * base * (1 - base) // the slope of Δ at b = 0
	}
	return num / den
}

// selection is what selectColumns keeps of a model: the columns, their
// model, and for each column dropped its coefficient in the last model it
// was part of and why it went.
type selection struct {
	keep    []int
	fit     stats.LogitResult
	scale   float64 // ppScale of fit: points per unit of log-odds
	dropped map[int]droppedColumn
}

type droppedColumn struct {
	coef, se float64
	why      string
}

// selectColumns keeps the columns of g worth at least MinPoints (either
// sign), from at most MaxFactors families: it drops the weakest and refits
// until every one left clears the floor, so that the effect of a dropped
// factor can pass to the ones that go with it. family names each column's
// family (see familyOf); nil makes each column a family of its own. Every
// fold of the cross-fitting runs it too, so it changes nothing outside.
func selectColumns(g stats.Grouped, family []string, lambda, base float64, opt adjustOptions) (selection, error) {
	s := selection{keep: allColumns(len(g.X[0])), dropped: map[int]droppedColumn{}}
	var prev *stats.LogitResult
	for len(s.keep) > 0 {
		fit, err := g.FitCols(s.keep, lambda, prev)
		if err != nil {
			return s, fmt.Errorf("adjusted model: %w", err)
		}
		s.fit = fit
		s.scale = ppScale(fit.Coef, columnLeads(g, s.keep), base)
		drop := weakest(fit, s.scale, opt)
		if len(drop) == 0 {
			drop = weakestFamily(fit, s.scale, familiesOf(family, s.keep), opt.MaxFactors)
		}
		if len(drop) == 0 {
			return s, nil
		}
		gone := map[int]bool{}
		for _, c := range drop {
			why := fmt.Sprintf("its %s is beyond the %d factors with the most points", familyWord(family, s.keep[c]), opt.MaxFactors)
			if math.Abs(math.Round(s.scale*fit.Coef[c])) < opt.MinPoints {
				why = fmt.Sprintf("worth under %s points of its own once the others are accounted for", Points(opt.MinPoints))
			}
			s.dropped[s.keep[c]] = droppedColumn{fit.Coef[c], fit.SE[c], why}
			gone[c] = true
		}
		// The next fit starts from this one, less the dropped factors.
		next := stats.LogitResult{Intercept: fit.Intercept}
		var keep []int
		for c, k := range s.keep {
			if !gone[c] {
				keep = append(keep, k)
				next.Coef = append(next.Coef, fit.Coef[c])
			}
		}
		s.keep, prev = keep, &next
	}
	s.fit = stats.LogitResult{}
	return s, nil
}

// points are the rounded points of every column of the design the
// selection was made on; 0 for the columns it dropped.
func (s selection) points(cols int) []float64 {
	out := make([]float64, cols)
	for c, k := range s.keep {
		out[k] = math.Round(s.scale * s.fit.Coef[c])
	}
	return out
}

// columnLeads is how many leads have each of some columns of g.
func columnLeads(g stats.Grouped, cols []int) []float64 {
	out := make([]float64, len(cols))
	for i, x := range g.X {
		for c, j := range cols {
			out[c] += g.Leads[i] * x[j]
		}
	}
	return out
}

// weakest picks the columns of a fit to drop next for the floor: every
// one worth less than half of it at once (refitting will not lift them
// above it); else the single weakest under it; else none.
//
// No test of significance is added on top. The penalty, chosen by
// cross-validation, already shrinks an effect the data do not support
// towards zero, so what is left after it is the model's best estimate;
// dropping factors whose interval merely touches zero took real effects
// out (0.3–0.5 AUC points on held-out leads, measured against an L2
// logistic regression on the same columns), and a selection by p-value
// after the fit would also make the intervals printed beside the points
// mean less than they say.
func weakest(fit stats.LogitResult, scale float64, opt adjustOptions) []int {
	var drop []int
	worst, worstPts := -1, math.Inf(1)
	for c, b := range fit.Coef {
		pts := math.Abs(scale * b)
		if pts < opt.MinPoints/2 {
			drop = append(drop, c)
		}
		if pts < worstPts {
			worst, worstPts = c, pts
		}
	}
	switch {
	case len(drop) > 0:
		return drop
	case worst >= 0 && math.Abs(math.Round(scale*fit.Coef[worst])) < opt.MinPoints:
		return []int{worst}
	}
	return nil
}

// weakestFamily picks, when the kept columns come from more than max
// families, every column of the family whose strongest column has the
// fewest points: a factor is an attribute with its values and bands, or a
// behaviour with its "at least N times" steps, as a scorecard counts its
// characteristics, so a numeric column's bands never crowd out other
// factors one band at a time.
func weakestFamily(fit stats.LogitResult, scale float64, family []string, max int) []int {
	best := map[string]float64{}
	for c, f := range family {
		best[f] = math.Max(best[f], math.Abs(scale*fit.Coef[c]))
	}
	if len(best) <= max {
		return nil
	}
	weak, weakPts := "", math.Inf(1)
	for f, p := range best {
		if p < weakPts || (p == weakPts && f < weak) {
			weak, weakPts = f, p
		}
	}
	var drop []int
	for c, f := range family {
		if f == weak {
			drop = append(drop, c)
		}
	}
	return drop
}

// familiesOf is the family of each of the columns keep; with no families,
// each column is its own.
func familiesOf(family []string, keep []int) []string {
	out := make([]string, len(keep))
	for c, k := range keep {
		if family == nil {
			out[c] = strconv.Itoa(k)
		} else {
			out[c] = family[k]
		}
	}
	return out
}

// familyWord names column k's family for a reason a factor was dropped.
func familyWord(family []string, k int) string {
	if family == nil {
		return "factor"
	}
	return "factor family " + family[k]
}

// familyOf is the factor a rule belongs to: its attribute (attr:COL or
// account:COL) for a value or band, its event (event:NAME) for "did it"
// and the "at least N times" steps above it.
func familyOf(factor string) string {
	f, err := scoring.ParseFactor(factor)
	switch {
	case err != nil:
		return factor
	case f.Pain():
		return "event:" + f.Event
	case f.Account:
		return "account:" + f.Column
	}
	return "attr:" + f.Column
}

// candidates lists every factor of the table in m.Factors and returns the
// places of those the model may use, strongest univariate evidence
// first: parseable as a rule, not vanity, held by enough leads and
// missing from enough, not the reference value of its attribute, and
// among the candidateLimit smallest p-values.
func (m *adjusted) candidates(r ActionsReport) []int {
	rare := math.Min(rareLeads, rareShare*float64(r.Leads))
	// The reference of each attribute is its most common value: the other
	// values' points say how much better or worse than it they close.
	// A model with every value of an attribute would have one value too
	// many (they add up to the intercept).
	reference := map[string]Factor{}
	for _, f := range r.Factors {
		col := attributeOf(f.Factor)
		if col == "" {
			continue
		}
		if ref, ok := reference[col]; !ok || f.LeadsWith > ref.LeadsWith || (f.LeadsWith == ref.LeadsWith && f.Factor < ref.Factor) {
			reference[col] = f
		}
	}
	var cands []int
	for _, f := range r.Factors {
		if _, err := scoring.ParseFactor(f.Factor); err != nil {
			continue // (other): not a rule a config can hold
		}
		a := AdjustedFactor{Factor: f.Factor, Kind: f.Kind, LiftPP: &f.LiftPP, QValue: &f.QValue}
		col := attributeOf(f.Factor)
		switch {
		case slices.Contains(f.Flags, "vanity"):
			a.Dropped = "a vanity signal: shown, never scored"
		case float64(f.LeadsWith) < rare:
			a.Dropped = fmt.Sprintf("held by %d leads, fewer than %s: too few to score on its own", f.LeadsWith, Count(int64(math.Ceil(rare))))
		case float64(f.LeadsWithout) < rare:
			a.Dropped = fmt.Sprintf("only %d leads lack it: too few to compare it with", f.LeadsWithout)
		case col != "" && reference[col].Factor == f.Factor:
			a.Dropped = "the most common value of " + col + ": the reference the other values' points are measured from"
		}
		m.Factors = append(m.Factors, a)
		if a.Dropped == "" {
			cands = append(cands, len(m.Factors)-1)
		}
	}
	// Factors every lead has are not in the table (nothing to compare
	// them with); they are listed so tune says why they score nothing.
	for _, d := range r.Dropped {
		if _, err := scoring.ParseFactor(d.Factor); err == nil {
			m.Factors = append(m.Factors, AdjustedFactor{Factor: d.Factor, Kind: d.Kind, Dropped: "every lead has it: there is nothing to compare it with"})
		}
	}
	p := map[string]float64{}
	for _, f := range r.Factors {
		p[f.Factor] = f.PValue
	}
	slices.SortStableFunc(cands, func(a, b int) int {
		fa, fb := m.Factors[a].Factor, m.Factors[b].Factor
		switch {
		case p[fa] < p[fb]:
			return -1
		case p[fa] > p[fb]:
			return 1
		}
		// Equal evidence (identical or complementary lead sets): the
		// simpler factor first, so it is the one kept.
		if len(fa) != len(fb) {
			return len(fa) - len(fb)
		}
		return strings.Compare(fa, fb)
	})
	if limit := candidateLimit(r.Leads); len(cands) > limit {
		for _, i := range cands[limit:] {
			m.Factors[i].Dropped = fmt.Sprintf("not among the %d factors with the strongest evidence", limit)
		}
		cands = cands[:limit]
	}
	return cands
}

// crossValidateSizes chooses, by 5-fold cross-validation, how many of
// g's columns (a prefix: the strongest univariate evidence comes first)
// the model uses, and its penalty: the pair with the smallest held-out
// deviance. An L2 penalty shrinks a column with no effect but never drops
// it, so past some point each candidate more only adds noise, and where
// that point lies depends on the data: the sizes tried are minCandidates
// and every 20 more up to all of g's columns. Each size costs one more
// cross-validation, and sizes past minCandidates only occur on data small
// enough for candidateBudget to allow them. It returns the folds of the
// chosen prefix; on ErrTooFewForCV the size is at most minCandidates.
func crossValidateSizes(g stats.Grouped) (int, stats.CVResult, []stats.Grouped, error) {
	cols := len(g.X[0])
	var sizes []int
	for s := minCandidates; s < cols; s += 20 {
		sizes = append(sizes, s)
	}
	sizes = append(sizes, cols)
	var (
		best      = -1
		bestCV    stats.CVResult
		bestFolds []stats.Grouped
	)
	for _, size := range sizes {
		gs := g
		if size < cols {
			gs = g.Columns(allColumns(size))
		}
		folds := gs.Folds(cvFolds, cvSeed)
		cv, err := stats.CrossValidate(gs, stats.PenaltyGrid(), folds)
		if err != nil {
			return min(cols, minCandidates), cv, folds, err
		}
		if best < 0 || cv.Deviance[cv.Best] < bestCV.Deviance[bestCV.Best] {
			best, bestCV, bestFolds = size, cv, folds
		}
	}
	return best, bestCV, bestFolds, nil
}

// candidateLimit is how many candidates a model of this many leads may
// consider within candidateBudget.
func candidateLimit(leads int64) int {
	n := float64(max(1, min(leads, maxModelLeads)))
	return int(math.Max(minCandidates, math.Min(maxCandidates, math.Sqrt(candidateBudget/n))))
}

// attributeOf is "attr:COL" or "account:COL" for a value or band factor,
// and "" for an event.
func attributeOf(factor string) string {
	f, err := scoring.ParseFactor(factor)
	if err != nil || f.Pain() {
		return ""
	}
	if f.Account {
		return "account:" + f.Column
	}
	return "attr:" + f.Column
}

// dependentWhy says which factors before column k it copies.
func dependentWhy(g stats.Grouped, k int, before, cands []int, fs []AdjustedFactor) string {
	same, opposite := true, true
	for _, j := range before {
		same, opposite = true, true
		for i, row := range g.X {
			if g.Leads[i] == 0 {
				continue
			}
			if row[k] != row[j] {
				same = false
			}
			if row[k] == row[j] {
				opposite = false
			}
		}
		switch {
		case same:
			return "the same leads as " + fs[cands[j]].Factor
		case opposite:
			return "exactly the leads without " + fs[cands[j]].Factor
		}
	}
	return "a combination of factors with stronger evidence (its leads are fixed by theirs)"
}
