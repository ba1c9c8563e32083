package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// DriftReport judges an exported model on the data now loaded (SPEC §7,
// `leadlab report drift`): the leads since the model's as-of date, the
// stability of its score distribution, rule prevalences and lead mix, each
// rule's effect now against then, behaviours the model lacks that now
// matter, and a verdict in words.
type DriftReport struct {
	Model       DriftModel       `json:"model"`
	AsOf        *string          `json:"as_of"` // the data's now
	Months      []DriftMonth     `json:"months"`
	Since       DriftMonth       `json:"since"` // every lead since the model's as-of date
	CutoffNow   *DriftCutoff     `json:"cutoff_now"`
	Stability   DriftStability   `json:"stability"`
	Effects     []DriftEffect    `json:"effects"`
	NewFactors  []DriftNewFactor `json:"new_factors"`
	Verdict     string           `json:"verdict"` // holds, drifting or retune
	Reasons     []string         `json:"reasons"`
	Advice      []string         `json:"advice"`
	Unavailable []DriftMissing   `json:"unavailable"`
}

// DriftModel is the model as its config records it.
type DriftModel struct {
	AsOf           string        `json:"as_of"`
	Cutoff         float64       `json:"cutoff"`
	Target         scoring.Range `json:"target"`
	WindowDays     int           `json:"window_days"`
	Fingerprint    string        `json:"data_fingerprint"`
	FingerprintNow string        `json:"data_fingerprint_now"`
	// Data is what the data now is to the model's: same, extends, other,
	// changed or unrecorded; DataWords says it in a sentence.
	Data      string            `json:"data"`
	DataWords string            `json:"data_words"`
	Tuning    *scoring.Measured `json:"tuning"`
	Holdout   *scoring.Measured `json:"holdout"`
	Recorded  bool              `json:"recorded_population"` // score_bins and rule_prevalence in the config
}

// DriftMonth is the leads created in one calendar month (or since the
// as-of date): how many, how many reached the cutoff before their outcome
// (maturing ones scored as of now), and over the settled ones the close
// rate at the cutoff with its Wilson 95% interval.
type DriftMonth struct {
	Month        string   `json:"month"` // 2026-01; "since" for the total
	Leads        int64    `json:"leads"`
	Ready        int64    `json:"ready"`
	Share        *float64 `json:"share"`
	Settled      int64    `json:"settled"`
	Won          int64    `json:"won"`
	ReadySettled int64    `json:"ready_settled"`
	ReadyWon     int64    `json:"ready_won"`
	CloseRate    *float64 `json:"close_rate"`
	CILow        *float64 `json:"ci_low"`
	CIHigh       *float64 `json:"ci_high"`
}

// DriftCutoff is the cutoff the sweep recommends on the newer settled
// leads, when the model's cutoff no longer closes inside the target.
type DriftCutoff = scoring.Recommendation

// DriftStability is the population stability of the score, of each rule's
// prevalence and of the lead source mix.
type DriftStability struct {
	Score     DriftPSI   `json:"score"`
	Rules     []DriftPSI `json:"rules"`
	SourceMix DriftPSI   `json:"source_mix"`
}

// DriftPSI is one population stability index: the shares then and now
// of each bin (a score bin, with and without a factor, a source), the PSI
// and its reading in words; PSI null when there is nothing to compare.
type DriftPSI struct {
	Name     string     `json:"name"`
	Baseline string     `json:"baseline"` // what "then" is, in words
	PSI      *float64   `json:"psi"`
	Reading  string     `json:"reading"` // stable, moving, shifted; "" without a PSI
	Bins     []DriftBin `json:"bins"`
}

// DriftBin is one bin of a PSI.
type DriftBin struct {
	Bin  string  `json:"bin"`
	Then float64 `json:"then"`
	Now  float64 `json:"now"`
}

// DriftEffect is a rule's lift on the settled leads created before the
// model's as-of date (then) and after it (now), with intervals.
type DriftEffect struct {
	Factor string    `json:"factor"`
	Points float64   `json:"points"`
	Then   DriftLift `json:"then"`
	Now    DriftLift `json:"now"`
	// Status: holds; moved (now's interval leaves out then's lift);
	// faded (now under half of then, its interval below then's lift);
	// reversed (now's interval wholly on the other side of zero);
	// too_few (under 10 leads with or without the factor now or then).
	Status string `json:"status"`
}

// DriftLift is a lift in percentage points with its interval, over the
// settled leads of one period: With of them have the factor.
type DriftLift struct {
	With   int64    `json:"leads_with"`
	LiftPP *float64 `json:"lift_pp"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
}

// DriftNewFactor is a behaviour or a profile value no rule names whose
// lift now is worth points and was not then.
type DriftNewFactor struct {
	Factor string    `json:"factor"`
	Kind   string    `json:"kind"` // behaviour or profile
	Then   DriftLift `json:"then"`
	Now    DriftLift `json:"now"`
}

// DriftMissing is a figure drift cannot give, and why.
type DriftMissing struct {
	Figure string `json:"figure"`
	Reason string `json:"reason"`
}

// DriftMinLeads is the fewest leads with, and without, a factor in each
// period for its lift to be judged.
const DriftMinLeads = 10

// driftMinNew is the fewest newer leads with a behaviour for it to be
// listed as new: the rare floor of report actions.
const driftMinNew = 25

// driftAlpha is the error rate of drift's flags over all the rules (or
// behaviours) compared together, divided among them (Bonferroni): a model
// that holds should read "holds", not a false alarm from one rule in
// twenty.
const driftAlpha = 0.05

// DriftData is the data read to judge a model, with drift's own reads
// of the workspace running in the background meanwhile: the data's
// fingerprints, the behaviours no rule names and the profile values.
// The fingerprints need nothing and the others only the leads' outcomes
// (LoadData), so they overlap the read of the rules' events into Go
// (Prepare) and the scoring, which keep one core busy and leave DuckDB's
// threads idle.
type DriftData struct {
	Data    *scoring.Data
	since   time.Time
	p       periods
	minLift float64
	reads   chan driftReads
	stop    context.CancelFunc
	once    sync.Once
	res     driftReads
}

// driftReads is what the background reads found.
type driftReads struct {
	fingerprint, history string
	// events are the behaviours no rule names, counted over the newer
	// leads and, for those worth points now, the older ones.
	events, values []queries.CohortCount
	err            error
}

// LoadDrift reads the data to judge cfg on, under the model's window
// (DriftOutcome), and starts drift's own reads; minLift is the floor for
// points (tune's --min-lift) a factor no rule names must now be worth to
// be listed. The caller prepares Data for cfg (Data.Prepare) and passes
// the result to Drift, or calls Close to stop the reads.
func LoadDrift(ctx context.Context, ws *queries.Workspace, opt queries.OutcomeOptions, cfg scoring.Config, minLift float64) (*DriftData, error) {
	since, err := DriftSince(cfg)
	if err != nil {
		return nil, err
	}
	// The fingerprints read only the loaded tables, so they start first:
	// the outcome rules and the numbering of the leads that LoadData runs
	// leave a core idle part of the time (a sort, the leads read into Go).
	rctx, stop := context.WithCancel(ctx)
	prints := make(chan driftReads, 1)
	go func() {
		var r driftReads
		r.fingerprint, r.history, r.err = queries.Fingerprints(rctx, ws, since)
		prints <- r
	}()
	d, err := scoring.LoadData(ctx, ws, DriftOutcome(opt, cfg))
	if err != nil {
		stop()
		<-prints
		return nil, err
	}
	dd := &DriftData{Data: d, since: since, p: splitPeriods(d, since.UnixMicro()), minLift: minLift, reads: make(chan driftReads, 1), stop: stop}
	go func() { dd.reads <- dd.read(rctx, ws, cfg, prints) }()
	return dd, nil
}

// read makes drift's reads that need only the leads' outcomes, then
// joins the fingerprints read meanwhile. The behaviours worth points now
// are counted over the older leads here too, off the report's path:
// counting the older leads' events only for those few keeps that pass
// small.
func (dd *DriftData) read(ctx context.Context, ws *queries.Workspace, cfg scoring.Config, prints <-chan driftReads) (r driftReads) {
	r.events, r.err = queries.DriftEventLeads(ctx, ws, dd.since, skipEvents(cfg, vanityEvents))
	if r.err == nil {
		var worthNow []string
		for _, f := range newFactors(cfg, dd.p, r.events, dd.minLift) {
			worthNow = append(worthNow, strings.TrimPrefix(f.Factor, "event:"))
		}
		var before []queries.CohortCount
		before, r.err = queries.DriftEventLeadsBefore(ctx, ws, dd.since, worthNow)
		r.events = append(r.events, before...)
	}
	if r.err == nil {
		r.values, r.err = queries.DriftProfileValues(ctx, ws, dd.since)
	}
	p := <-prints
	r.fingerprint, r.history = p.fingerprint, p.history
	if r.err == nil {
		r.err = p.err
	}
	return r
}

func (dd *DriftData) wait() driftReads {
	dd.once.Do(func() { dd.res = <-dd.reads; dd.stop() })
	return dd.res
}

// Close stops the background reads and waits for them to end.
func (dd *DriftData) Close() {
	dd.stop()
	dd.wait()
}

// Drift builds the report from dd, prepared for cfg.
func Drift(ctx context.Context, ws *queries.Workspace, dd *DriftData, cfg scoring.Config) (DriftReport, error) {
	defer dd.Close()
	var r DriftReport
	d, since, md, p, minLift := dd.Data, dd.since, cfg.Metadata, dd.p, dd.minLift
	r.Model = DriftModel{AsOf: since.Format(time.RFC3339), Cutoff: cfg.Cutoff, Target: cfg.Target, WindowDays: md.WindowDays,
		Fingerprint: md.Fingerprint, Tuning: md.Tuning, Holdout: md.Holdout,
		Recorded: len(md.ScoreBins) > 0 && len(md.RulePrevalence) > 0}
	r.AsOf = asOfText(d.Outcomes.AsOf)
	r.Months, r.Reasons, r.Advice, r.Effects, r.NewFactors, r.Unavailable = []DriftMonth{}, []string{}, []string{}, []DriftEffect{}, []DriftNewFactor{}, []DriftMissing{}

	s := d.Score(cfg, scoring.History)
	r.Months, r.Since = driftMonths(d, cfg, s, p)
	if r.Since.Settled == 0 {
		r.missing("close rate now", fmt.Sprintf("no lead created since %s has settled yet: a lead settles %d days after it is created", since.Format(time.DateOnly), d.Outcomes.WindowDays))
	} else if rate := r.Since.CloseRate; rate != nil && (*r.Since.CIHigh < cfg.Target.Low || *r.Since.CILow > cfg.Target.High) {
		rec := scoring.Recommend(d.SweepOver(cfg, s, p.newer), cfg.Target)
		r.CutoffNow = &rec
	}
	factors, has := d.RuleHas(cfg, s)
	r.Stability = driftStability(d, cfg, s, p, factors, has)
	mix, err := queries.DriftSourceMix(ctx, ws, since)
	if err != nil {
		return r, err
	}
	r.Stability.SourceMix = sourceMixPSI(mix)
	r.Effects = driftEffects(d, cfg, p, factors, has)
	// The background reads, which the scoring above overlapped.
	reads := dd.wait()
	if reads.err != nil {
		return r, reads.err
	}
	r.Model.FingerprintNow, r.Model.Data = reads.fingerprint, dataKind(md, reads.fingerprint, reads.history)
	r.Model.DataWords = dataWords[r.Model.Data]
	r.NewFactors = newFactors(cfg, p, reads.events, minLift)
	r.NewFactors = append(r.NewFactors, newProfileFactors(cfg, p, reads.values, minLift)...)
	for _, x := range []*DriftPSI{&r.Stability.Score, &r.Stability.SourceMix} {
		if x.PSI == nil {
			r.missing(x.Name+" PSI", x.Reading)
			x.Reading = ""
		}
	}
	r.verdict(cfg)
	return r, nil
}

// DriftSince is the model's as-of date, which drift compares the leads
// since with the model; an error, saying what to do, when the config
// records none (a config written by hand, or before leadlab recorded it).
func DriftSince(cfg scoring.Config) (time.Time, error) {
	md := cfg.Metadata
	if md == nil || md.AsOf == nil {
		return time.Time{}, errors.New("the config records no as-of date (metadata.as_of): drift compares the leads since it with the model; export the model with leadlab export to record one")
	}
	since, err := parseAsOf(*md.AsOf)
	if err != nil {
		return time.Time{}, fmt.Errorf("the config's metadata.as_of %q: %w", *md.AsOf, err)
	}
	return since, nil
}

func (r *DriftReport) missing(figure, reason string) {
	r.Unavailable = append(r.Unavailable, DriftMissing{figure, reason})
}

// parseAsOf reads an as-of date as the config records it: RFC 3339, or a
// bare date.
func parseAsOf(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse(time.DateOnly, s)
}

// periods splits the leads: then are those created before the model's
// as-of date, newer those created at or after it; settled marks the
// leads whose outcome is settled.
type periods struct {
	then, newer []bool
	settled     []bool
	// counts of settled leads and wins, then (0) and newer (1)
	n, won [2]int64
}

func splitPeriods(d *scoring.Data, since int64) periods {
	p := periods{then: make([]bool, d.N()), newer: make([]bool, d.N()), settled: make([]bool, d.N())}
	for i := range d.N() {
		c := d.Leads.Created[i]
		if c == scoring.NoTime {
			continue
		}
		p.newer[i], p.then[i] = c >= since, c < since
		p.settled[i] = d.Leads.Outcome[i] != queries.OutcomeMaturing
		if !p.settled[i] {
			continue
		}
		k := 0
		if p.newer[i] {
			k = 1
		}
		p.n[k]++
		if d.Leads.Won[i] {
			p.won[k]++
		}
	}
	return p
}

func ratioPtr(a, b int64) *float64 {
	if b == 0 {
		return nil
	}
	v := float64(a) / float64(b)
	return &v
}

func fptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// psiOf fills a PSI from its bins.
func psiOf(x *DriftPSI) {
	then, now := make([]float64, len(x.Bins)), make([]float64, len(x.Bins))
	for k, b := range x.Bins {
		then[k], now[k] = b.Then, b.Now
	}
	v := stats.PSI(then, now)
	x.PSI, x.Reading = &v, stats.PSIReading(v)
}

// DriftOutcome is the outcome settings to judge a model's drift under:
// what the analyst gave, else the config's window, else the window the
// model was measured with (metadata.window_days), so that close rates
// and lifts then and now are counted as the model's were.
func DriftOutcome(opt queries.OutcomeOptions, cfg scoring.Config) queries.OutcomeOptions {
	if !opt.WindowSet && cfg.Outcome.WindowDays == nil && cfg.Metadata != nil && cfg.Metadata.WindowDays > 0 {
		opt.WindowSet, opt.WindowDays = true, cfg.Metadata.WindowDays
	}
	return scoring.OutcomeFor(opt, cfg)
}
