package scoring

import (
	"fmt"

	"github.com/leadlab/leadlab/internal/numfmt"
)

// CutoffReport is `leadlab report cutoffs`: the sweep, the recommended
// cutoff, and at the config's cutoff the qualification matrix, velocity
// bands and the lead funnel, with the guard-rail warnings of docs/scoring.md.
type CutoffReport struct {
	// Unit is what the sweep counts: leads, or (outcome unit account)
	// accounts with their leads' scores rolled up; then Cutoff is the
	// account cutoff and Leads counts accounts. The matrix, velocity bands
	// and lead funnel are always of leads, at the lead cutoff.
	Unit        string         `json:"unit"`
	Target      Range          `json:"target"`
	Cutoff      float64        `json:"cutoff"`      // the config's
	LeadCutoff  float64        `json:"lead_cutoff"` // the matrix, velocity and funnel's
	Leads       int64          `json:"leads"`       // settled units swept
	Won         int64          `json:"won"`
	Days        float64        `json:"days"`
	Capacity    float64        `json:"capacity_per_day"`
	Rows        []SweepRow     `json:"rows"`
	AtCutoff    *SweepRow      `json:"at_cutoff"` // the row of the config's cutoff
	Recommended Recommendation `json:"recommended"`
	Matrix      Matrix         `json:"matrix"`
	Velocity    []VelocityBand `json:"velocity"`
	LeadFunnel  []LeadStage    `json:"lead_funnel"`
	Warnings    []string       `json:"warnings"`
}

// guardShare is the "about 5%" of both guard rails: at most about 5% of
// leads ready on fit alone, and of ready leads with bad fit and low pain.
const guardShare = 0.05

// Cutoffs builds the report from History scores.
func (d *Data) Cutoffs(cfg Config, s *Scores) CutoffReport {
	sw, unit, cutoff := d.Sweep(cfg, s), "lead", cfg.Cutoff
	if cfg.Outcome.Unit == "account" {
		sw, unit, cutoff = d.AccountSweep(cfg, s), "account", cfg.Accounts.Cutoff
	}
	r := CutoffReport{Unit: unit, Target: cfg.Target, Cutoff: cutoff, LeadCutoff: cfg.Cutoff, Leads: sw.Leads, Won: sw.Won, Days: sw.Days,
		Capacity: sw.Capacity, Rows: sw.Rows, Recommended: Recommend(sw, cfg.Target),
		Matrix: d.QualificationMatrix(cfg, s), Velocity: d.VelocityBands(cfg, s), LeadFunnel: d.LeadFunnel(cfg, s),
		Warnings: []string{}}
	if r.Rows == nil {
		r.Rows = []SweepRow{}
	}
	// The row of the config's cutoff is the lowest swept cutoff at or
	// above it: the same ready leads.
	for k := len(sw.Rows) - 1; k >= 0; k-- {
		if sw.Rows[k].Cutoff >= cutoff {
			row := sw.Rows[k]
			r.AtCutoff = &row
			break
		}
	}
	if why := NoContrast(r.Leads, r.Won, unit); why != "" {
		// With no wins (or no losses) every close rate by cutoff is the
		// same 0% (or 100%): no cutoff is better than another, and the
		// guard rails judge a model that nothing could have tuned.
		r.Recommended = Recommendation{Reason: why}
		return r
	}
	check := func(label string, cut float64, row *SweepRow) {
		if row == nil {
			return
		}
		// Without events every score is fit alone: the two guard rails on
		// pain would always fire, so NoEventsNote says so once instead.
		if d.HasEvents() && row.FitOnlyShare > guardShare {
			r.Warnings = append(r.Warnings, fmt.Sprintf("at %s %s, %.1f%% of all %ss are SDR-ready on profile points alone (more than 5%%): fit points are too heavy against pain",
				label, numfmt.Points(cut), 100*row.FitOnlyShare, unit))
		}
		if b := row.BadFitLowPainShare; b != nil && *b > guardShare {
			r.Warnings = append(r.Warnings, fmt.Sprintf("at %s %s, %.1f%% of SDR-ready %ss have bad fit and low pain (more than 5%%): the scoring needs work",
				label, numfmt.Points(cut), 100**row.BadFitLowPainShare, unit))
		}
		if sw.Capacity > 0 && row.PerDay != nil && *row.PerDay > sw.Capacity {
			r.Warnings = append(r.Warnings, fmt.Sprintf("at %s %s, %.1f %ss a day become SDR-ready, more than the %.1f the SDRs can follow up within 48 hours",
				label, numfmt.Points(cut), *row.PerDay, unit, sw.Capacity))
		}
	}
	if !d.HasEvents() {
		r.Warnings = append(r.Warnings, NoEventsNote)
	}
	if d.Outcomes.Basis != "deals" {
		r.Warnings = append(r.Warnings, NoOpportunityNote)
	}
	check("the config's cutoff", cutoff, r.AtCutoff)
	if rc := r.Recommended.Cutoff; rc != nil && (r.AtCutoff == nil || *rc != r.AtCutoff.Cutoff) {
		for k := range sw.Rows {
			if sw.Rows[k].Cutoff == *rc {
				check("the recommended cutoff", *rc, &sw.Rows[k])
			}
		}
	}
	return r
}
