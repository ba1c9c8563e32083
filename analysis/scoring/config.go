// Package scoring is leadlab's lead-scoring model (docs/scoring.md,
// docs/scoring-config.md): the scoring config and its YAML and JSON forms,
// the in-memory scorer that re-scores every lead when a weight changes, the
// cutoff sweep with its recommendation, the qualification matrix, velocity
// bands and the account roll-up. It knows nothing of terminals; the data
// comes from queries.
package scoring

import "encoding/json"

// SchemaVersion is the version of the config format this build writes.
// Configs of an older version load (each change is migrated); a newer one
// fails with a message naming the version it needs.
const SchemaVersion = 1

// Config is the whole scoring model: what the analyst tunes, and what
// export carries to production.
type Config struct {
	Version  int      `yaml:"version" json:"version"`
	Name     string   `yaml:"name,omitempty" json:"name,omitempty"`
	Fit      []Rule   `yaml:"fit" json:"fit"`   // profile rules (attr:, account:)
	Pain     []Rule   `yaml:"pain" json:"pain"` // behaviour rules (event:)
	Cutoff   float64  `yaml:"cutoff" json:"cutoff"`
	Target   Range    `yaml:"target" json:"target"`
	GoodFit  float64  `yaml:"good_fit" json:"good_fit"`   // fit at or above it is good fit
	HighPain float64  `yaml:"high_pain" json:"high_pain"` // pain at or above it is high pain
	Outcome  Outcome  `yaml:"outcome" json:"outcome"`
	Accounts Accounts `yaml:"accounts" json:"accounts"`
	Capacity Capacity `yaml:"capacity" json:"capacity"`
	// Bands are optional letter bands (A ≥ 80, B ≥ 60, …): shown only when
	// a config asks for them, never by default.
	Bands    []Band    `yaml:"bands,omitempty" json:"bands,omitempty"`
	Metadata *Metadata `yaml:"metadata,omitempty" json:"metadata,omitempty"`
}

// Rule gives points to leads with a factor, named exactly as `report
// actions` prints it: event:NAME, event:NAME>=N, attr:COL=VALUE,
// attr:COL[LO,HI), account:COL=VALUE, account:COL[LO,HI).
type Rule struct {
	Factor string  `yaml:"factor" json:"factor"`
	Points float64 `yaml:"points" json:"points"` // may be negative
	// Cap bounds the occurrences of an event that count (event:NAME rules
	// only); nil counts every occurrence. Tune writes 1: "did it".
	Cap *int `yaml:"cap,omitempty" json:"cap,omitempty"`
	// HalfLifeDays makes an occurrence's points halve every so many days
	// before the scoring time (event:NAME rules only); nil: no decay.
	HalfLifeDays *float64 `yaml:"half_life_days,omitempty" json:"half_life_days,omitempty"`
	// Line is where the rule starts in the file it was read from, for
	// messages about it; 0 when it was not read from a file.
	Line int `yaml:"-" json:"-"`
}

// Range is a close-rate range, as shares (0.10 is 10%).
type Range struct {
	Low  float64 `yaml:"low" json:"low"`
	High float64 `yaml:"high" json:"high"`
}

// Outcome holds the outcome settings the model was tuned under
// (docs/outcomes.md).
type Outcome struct {
	// WindowDays is the window; nil means the mean sales cycle of the data,
	// 0 no window.
	WindowDays *int `yaml:"window_days" json:"window_days"`
	// Unit is what a close rate counts: "lead" (default) or "account".
	Unit string `yaml:"unit" json:"unit"`
}

// Accounts says how lead scores roll up to an account score.
type Accounts struct {
	Rollup string  `yaml:"rollup" json:"rollup"` // max, sum or top3 (sum of the top 3)
	Cutoff float64 `yaml:"cutoff" json:"cutoff"` // account SDR-ready at or above it
}

// Capacity is the SDR team: how many ready leads a day it can follow up
// within 48 hours.
type Capacity struct {
	Reps           int     `yaml:"reps" json:"reps"` // 0: unknown, not checked
	LeadsPerRepDay float64 `yaml:"leads_per_rep_day" json:"leads_per_rep_day"`
}

// PerDay is the team's capacity in ready leads a day; 0 when unknown.
func (c Capacity) PerDay() float64 { return float64(c.Reps) * c.LeadsPerRepDay }

// Band is a letter band: scores at or above Min (and below the next band).
type Band struct {
	Label string  `yaml:"label" json:"label"`
	Min   float64 `yaml:"min" json:"min"`
}

// BandOf is the letter band of a score: the band with the highest min at
// or below it. ok is false when the config defines no bands (they are
// shown only when asked for) or the score is below every band.
func (c Config) BandOf(score float64) (label string, ok bool) {
	best := -1
	for k, b := range c.Bands {
		if score >= b.Min && (best < 0 || b.Min > c.Bands[best].Min) {
			best = k
		}
	}
	if best < 0 {
		return "", false
	}
	return c.Bands[best].Label, true
}

// Metadata is written by tune and export: where the model came from and
// how it measured, so production can tell what it runs.
type Metadata struct {
	ToolVersion string `yaml:"tool_version" json:"tool_version"`
	CreatedAt   string `yaml:"created_at" json:"created_at"` // RFC 3339
	Fingerprint string `yaml:"data_fingerprint" json:"data_fingerprint"`
	// HistoryFingerprint is the same hash over the leads created and the
	// events that occurred up to AsOf: report drift finds it again in data
	// that extends this data with newer leads and events.
	HistoryFingerprint string    `yaml:"history_fingerprint,omitempty" json:"history_fingerprint,omitempty"`
	AsOf               *string   `yaml:"as_of" json:"as_of"` // RFC 3339; null when the data has no dates
	WindowDays         int       `yaml:"window_days" json:"window_days"`
	Method             string    `yaml:"method,omitempty" json:"method,omitempty"` // adjusted or lift, when tuned
	Tuning             *Measured `yaml:"tuning,omitempty" json:"tuning,omitempty"`
	Holdout            *Measured `yaml:"holdout,omitempty" json:"holdout,omitempty"`
	// ModelCheck is what rounding cost on the held-out leads, when tuned.
	ModelCheck *AUCCheck `yaml:"model_check,omitempty" json:"model_check,omitempty"`
	// ScoreBins and RulePrevalence are the population the model was
	// measured on, for `report drift`'s population stability index: the
	// settled leads' scores in bins, and the share of them with each rule's
	// factor. Configs written before drift existed have neither.
	ScoreBins      []ScoreShare `yaml:"score_bins,omitempty" json:"score_bins,omitempty"`
	RulePrevalence []Prevalence `yaml:"rule_prevalence,omitempty" json:"rule_prevalence,omitempty"`
}

// ScoreShare is one bin of the score distribution: the share of leads
// scoring at or above Min and below the next bin's Min. The first bin also
// holds every score below its Min, the last every score above.
type ScoreShare struct {
	Min   float64 `yaml:"min" json:"min"`
	Share float64 `yaml:"share" json:"share"`
}

// Prevalence is the share of leads with a rule's factor.
type Prevalence struct {
	Factor string  `yaml:"factor" json:"factor"`
	Share  float64 `yaml:"share" json:"share"`
}

// AUCCheck is the AUC on the held-out leads of the points and of the
// unrounded model they were rounded from.
type AUCCheck struct {
	PointsAUC    float64 `yaml:"points_auc" json:"points_auc"`
	UnroundedAUC float64 `yaml:"unrounded_auc" json:"unrounded_auc"`
}

// Measured is the model's performance at its cutoff on one set of leads.
type Measured struct {
	Split     string  `yaml:"split" json:"split"` // which leads, in words
	Leads     int64   `yaml:"leads" json:"leads"`
	Won       int64   `yaml:"won" json:"won"`
	Ready     int64   `yaml:"ready" json:"ready"`
	ReadyWon  int64   `yaml:"ready_won" json:"ready_won"`
	CloseRate float64 `yaml:"close_rate" json:"close_rate"`
	CILow     float64 `yaml:"ci_low" json:"ci_low"`
	CIHigh    float64 `yaml:"ci_high" json:"ci_high"`
	Recall    float64 `yaml:"recall" json:"recall"`
	Share     float64 `yaml:"share" json:"share"`
}

// defined is the figures of m that are defined: the close rate and its
// interval need a ready lead, the recall a win, the share a lead; nil
// where they do not exist (written null, never a placeholder 0).
func (m Measured) defined() (rate, lo, hi, recall, share *float64) {
	if m.Ready > 0 {
		rate, lo, hi = &m.CloseRate, &m.CILow, &m.CIHigh
	}
	if m.Won > 0 {
		recall = &m.Recall
	}
	if m.Leads > 0 {
		share = &m.Share
	}
	return
}

// clearUndefined zeroes the figures that do not exist, whatever a file
// said for them, so that a config read, written (null) and read again is
// the same config.
func (m *Measured) clearUndefined() {
	rate, _, _, recall, share := m.defined()
	if rate == nil {
		m.CloseRate, m.CILow, m.CIHigh = 0, 0, 0
	}
	if recall == nil {
		m.Recall = 0
	}
	if share == nil {
		m.Share = 0
	}
}

// MarshalJSON writes the figures that do not exist as null.
func (m Measured) MarshalJSON() ([]byte, error) {
	rate, lo, hi, recall, share := m.defined()
	return json.Marshal(struct {
		Split     string   `json:"split"`
		Leads     int64    `json:"leads"`
		Won       int64    `json:"won"`
		Ready     int64    `json:"ready"`
		ReadyWon  int64    `json:"ready_won"`
		CloseRate *float64 `json:"close_rate"`
		CILow     *float64 `json:"ci_low"`
		CIHigh    *float64 `json:"ci_high"`
		Recall    *float64 `json:"recall"`
		Share     *float64 `json:"share"`
	}{m.Split, m.Leads, m.Won, m.Ready, m.ReadyWon, rate, lo, hi, recall, share})
}

// AddRule appends a rule for a factor to the fit or the pain rules, as its
// kind says. An event counts once ("did it", cap 1), as report actions and
// tune measure it; an "at least N times" rule then adds its step on top.
// A name that is not a factor goes to the fit rules, for Prepare to name.
func (c *Config) AddRule(factor string, points float64) {
	r := Rule{Factor: factor, Points: points}
	f, err := ParseFactor(factor)
	switch {
	case err != nil || !f.Pain():
		c.Fit = append(c.Fit, r)
	case f.Kind == EventCount:
		one := 1
		r.Cap = &one
		fallthrough
	default:
		c.Pain = append(c.Pain, r)
	}
}
