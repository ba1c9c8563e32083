package scoring

import (
	"fmt"
	"slices"
	"time"
)

// Contribution is what one rule gives one lead.
type Contribution struct {
	Factor string  `json:"factor"`
	Kind   string  `json:"kind"` // fit or pain
	Points float64 `json:"points"`
	// Count is how often the lead did the event before the scoring time
	// (pain rules), or 1/0 for having the profile factor.
	Count int `json:"count"`
	// Weight is what the points are multiplied by: occurrences counted
	// (after the cap, each decayed), 1 or 0 for a threshold or profile.
	Weight float64 `json:"weight"`
	Total  float64 `json:"total"` // Points × Weight
	Note   string  `json:"note"`  // empty when there is nothing to add
}

// Explanation is one lead's score, rule by rule.
type Explanation struct {
	LeadID    string     `json:"lead_id"`
	AccountID *string    `json:"account_id"` // null for a lead with no account
	Mode      string     `json:"mode"`       // history or now
	At        *time.Time `json:"at"`         // scored as of; null when the data has no dates
	Created   *time.Time `json:"created_at"`
	Outcome   string     `json:"outcome"` // won, not_won, maturing
	Fit       float64    `json:"fit"`
	Pain      float64    `json:"pain"`
	Score     float64    `json:"score"`
	Cutoff    float64    `json:"cutoff"`
	Ready     bool       `json:"sdr_ready"`
	// Band is the score's letter band when the config defines bands
	// (null otherwise, and for a score below every band).
	Band    *string        `json:"band"`
	Reached *time.Time     `json:"reached_at"`
	Rules   []Contribution `json:"rules"`
	// Timeline lists the lead's rule events before the scoring time, with
	// the score after each.
	Timeline []Step `json:"timeline"`
}

// Step is one event on a lead's way to its score.
type Step struct {
	At    time.Time `json:"at"`
	Event string    `json:"event"`
	Score float64   `json:"score"`
}

// Index finds a lead's number by its id.
func (d *Data) Index(leadID string) (int, bool) {
	return slices.BinarySearch(d.Leads.IDs, leadID)
}

// Explain breaks lead i's score into its rules' contributions.
func (d *Data) Explain(cfg Config, s *Scores, i int) Explanation {
	e := Explanation{LeadID: d.Leads.IDs[i], Mode: "history",
		Fit: s.Fit[i], Pain: s.Pain[i], Score: s.Score(i),
		Cutoff: cfg.Cutoff, Ready: s.Score(i) >= cfg.Cutoff, Rules: []Contribution{}, Timeline: []Step{}}
	if a := d.Leads.AccountIDs[i]; a != "" {
		e.AccountID = &a
	}
	if b, ok := cfg.BandOf(e.Score); ok {
		e.Band = &b
	}
	if s.Mode == Now {
		e.Mode = "now"
	}
	e.Outcome = [...]string{"not_won", "won", "maturing"}[d.Leads.Outcome[i]]
	if a := s.At[i]; a != NoTime {
		t := time.UnixMicro(a).UTC()
		e.At = &t
	}
	if c := d.Leads.Created[i]; c != NoTime {
		t := time.UnixMicro(c).UTC()
		e.Created = &t
	}
	if r := s.Reached[i]; r != NoTime {
		t := time.UnixMicro(r).UTC()
		e.Reached = &t
	}
	for _, r := range d.resolve(cfg.Fit) {
		_, has := slices.BinarySearch(d.fit[r.f.Name], int32(i))
		c := Contribution{Factor: r.f.Name, Kind: "fit", Points: r.points}
		if has {
			c.Count, c.Weight, c.Total = 1, 1, r.points
		}
		e.Rules = append(e.Rules, c)
	}
	lo, hi := d.tl.Start[i], d.tl.Start[i+1]
	end := lo
	for end < hi && d.tl.Time[end] < s.until[i] {
		end++
	}
	times, kinds := d.tl.Time[lo:end], d.tl.Kind[lo:end]
	for _, r := range d.resolve(cfg.Pain) {
		c := Contribution{Factor: r.f.Name, Kind: "pain", Points: r.points}
		counted := 0
		for k := len(times) - 1; k >= 0; k-- {
			if kinds[k] != r.kind {
				continue
			}
			c.Count++
			if r.f.Kind == EventCount && (r.cap == 0 || counted < r.cap) {
				counted++
				c.Weight += decay(s.At[i]-times[k], r.halfLife)
			}
		}
		switch {
		case r.f.Kind == EventMin && c.Count >= r.f.Min:
			c.Weight = 1
			c.Note = fmt.Sprintf("did it %d times (at least %d)", c.Count, r.f.Min)
		case r.f.Kind == EventMin:
			c.Note = fmt.Sprintf("did it %d times (needs %d)", c.Count, r.f.Min)
		case r.cap > 0 && c.Count > r.cap:
			c.Note = fmt.Sprintf("%d times, %d counted (cap)", c.Count, r.cap)
		}
		if r.halfLife > 0 && c.Count > 0 {
			c.Note = joinNote(c.Note, fmt.Sprintf("decayed with a %s-day half life", trim(r.halfLife)))
		}
		c.Total = r.points * c.Weight
		e.Rules = append(e.Rules, c)
	}
	w := newWalker(d.resolve(cfg.Pain), len(d.names))
	w.reset()
	for k := range times {
		pain := w.step(times[k], kinds[k])
		e.Timeline = append(e.Timeline, Step{At: time.UnixMicro(times[k]).UTC(), Event: d.names[kinds[k]], Score: s.Fit[i] + pain})
	}
	return e
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func trim(v float64) string { return fmt.Sprintf("%g", v) }
