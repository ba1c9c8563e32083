package scoring

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/leadlab/leadlab/queries"
)

// Data is a workspace's leads as the scorer needs them, read once per
// workspace and outcome settings: outcomes and exposure cutoffs, the leads
// with each profile factor the rules name, and the timeline of each event
// they name. Re-scoring after an edit reads nothing more unless a rule
// names a factor not read yet (Prepare reads it).
type Data struct {
	Leads    queries.LeadTable
	Outcomes queries.Outcomes
	AsOf     int64 // microseconds; "now" scoring counts events up to and including it

	ws       *queries.Workspace
	leadCols map[string]string // lead profile column -> type
	acctCols map[string]string
	events   map[string]bool // every event name a lead did

	fit     map[string][]int32 // factor name -> leads with it, ascending
	kinds   map[string]uint16  // event name -> its number in tl
	names   []string           // event names, by number
	tl      queries.EventTimeline
	tlGen   int // counts the timelines read, so steps kept for an older one are not used
	steps   stepCache
	fitKept fitCache
	counts  settledCounts

	settledOnce  sync.Once
	settledCache settled
}

// settledCounts are the population totals a sweep needs.
type settledCounts struct {
	settled, won int64
}

// LoadData applies the outcome rules and reads the leads.
func LoadData(ctx context.Context, ws *queries.Workspace, opt queries.OutcomeOptions) (*Data, error) {
	o, err := queries.ComputeOutcomes(ctx, ws, opt)
	if err != nil {
		return nil, err
	}
	leads, err := queries.ScoringLeads(ctx, ws)
	if err != nil {
		return nil, err
	}
	d := &Data{Leads: leads, Outcomes: o, ws: ws, fit: map[string][]int32{}, kinds: map[string]uint16{}}
	if !o.AsOf.IsZero() {
		d.AsOf = o.AsOf.UnixMicro()
	}
	if d.leadCols, d.acctCols, err = queries.ProfileColumns(ctx, ws); err != nil {
		return nil, err
	}
	if d.events, err = queries.LeadEventNames(ctx, ws); err != nil {
		return nil, err
	}
	for i, oc := range leads.Outcome {
		if oc == queries.OutcomeMaturing {
			continue
		}
		d.counts.settled++
		if leads.Won[i] {
			d.counts.won++
		}
	}
	d.tl = queries.EventTimeline{Start: make([]int32, len(leads.IDs)+1)}
	return d, nil
}

// HasEvents reports whether any lead has an event: without any, pain is
// unknown rather than low.
func (d *Data) HasEvents() bool { return len(d.events) > 0 }

// N is the number of leads.
func (d *Data) N() int { return len(d.Leads.IDs) }

// Prepare checks every rule of cfg against the data and reads what the
// scorer needs for rules it has not seen. A factor the data cannot compute
// (an event no lead did, a column that does not exist, a band on text) is
// an error naming the rule's line; the returned warnings name values no
// lead has, which score nothing but may in other data.
func (d *Data) Prepare(ctx context.Context, cfg Config) (warnings []string, err error) {
	var problems []error
	var newEvents []string
	rules := append(append([]Rule(nil), cfg.Fit...), cfg.Pain...)
	for i, r := range rules {
		where := ruleWhere(r, i, len(cfg.Fit))
		f, perr := ParseFactor(r.Factor)
		if perr != nil {
			problems = append(problems, fmt.Errorf("%s: %v", where, perr))
			continue
		}
		if f.Pain() {
			if !d.events[f.Event] {
				problems = append(problems, fmt.Errorf("%s: no lead did an event named %q%s", where, f.Event, closest(f.Event, slices.Collect(maps.Keys(d.events)))))
				continue
			}
			if _, ok := d.kinds[f.Event]; !ok && !slices.Contains(newEvents, f.Event) {
				newEvents = append(newEvents, f.Event)
			}
			continue
		}
		if _, ok := d.fit[f.Name]; ok {
			continue
		}
		cols, table := d.leadCols, "leads"
		if f.Account {
			cols, table = d.acctCols, "accounts"
		}
		typ, ok := cols[f.Column]
		if !ok {
			problems = append(problems, fmt.Errorf("%s: %s have no column %q%s", where, table, f.Column, closest(f.Column, slices.Collect(maps.Keys(cols)))))
			continue
		}
		pf := profileFactor(f)
		if f.Kind == AttrBand && !numeric(typ) {
			problems = append(problems, fmt.Errorf("%s: %s.%s is %s, not a number, so it has no bands", where, table, f.Column, strings.ToLower(typ)))
			continue
		}
		leads, qerr := queries.FactorLeads(ctx, d.ws, pf)
		if qerr != nil {
			return nil, qerr
		}
		if len(leads) == 0 {
			warnings = append(warnings, fmt.Sprintf("%s: no lead has %s", where, f.Name))
		}
		d.fit[f.Name] = leads
	}
	if len(problems) > 0 {
		return warnings, errors.Join(problems...)
	}
	if len(newEvents) > 0 {
		names := append(slices.Clone(d.names), newEvents...)
		tl, err := queries.EventTimes(ctx, d.ws, names, d.N(), d.Outcomes.AsOf)
		if err != nil {
			return warnings, err
		}
		d.tl, d.names = tl, names
		d.tlGen++
		for k, n := range names {
			d.kinds[n] = uint16(k)
		}
	}
	return warnings, nil
}

// ruleWhere names a rule in messages: its line when it came from a file,
// else its list and position.
func ruleWhere(r Rule, i, nFit int) string {
	if r.Line > 0 {
		return fmt.Sprintf("line %d: %s", r.Line, r.Factor)
	}
	if i < nFit {
		return fmt.Sprintf("fit[%d] %s", i, r.Factor)
	}
	return fmt.Sprintf("pain[%d] %s", i-nFit, r.Factor)
}

func profileFactor(f Factor) queries.ProfileFactor {
	return queries.ProfileFactor{Account: f.Account, Column: f.Column, Value: f.Value, Missing: f.Missing,
		Band: f.Kind == AttrBand, Lo: f.Lo, Hi: f.Hi}
}

func numeric(typ string) bool {
	switch typ {
	case "DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT":
		return true
	}
	return strings.HasPrefix(typ, "DECIMAL")
}

// closest suggests the known name nearest to a mistyped one, quoted, as
// event and column names may hold spaces.
func closest(name string, known []string) string {
	sort.Strings(known) // ties go to the first: make it the same every time
	if best := closestName(name, known); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// OutcomeFor is the outcome settings to read the data with under cfg:
// what the analyst gave (--window, --as-of) wins; else the window the
// config was tuned with, so a config's figures are reproduced; else the
// mean sales cycle.
func OutcomeFor(opt queries.OutcomeOptions, cfg Config) queries.OutcomeOptions {
	if !opt.WindowSet && cfg.Outcome.WindowDays != nil {
		opt.WindowSet, opt.WindowDays = true, *cfg.Outcome.WindowDays
	}
	return opt
}
