package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// DataReport answers "what is loaded, and how are outcomes counted?" Its
// JSON form is the stable output of `leadlab report data --format json`.
type DataReport struct {
	Load   LoadSummary           `json:"load"`
	Tables map[string]TableStats `json:"tables"`
	// Deals counts deals by kind, then status: {"new": {"won": 4238, ...}}.
	Deals    map[string]map[string]int64 `json:"deals"`
	Outcome  OutcomeSummary              `json:"outcome"`
	Rejects  []queries.Reject            `json:"rejects"`
	Rejected int64                       `json:"rejects_total"`
	Warnings []queries.Warning           `json:"warnings"`
}

// LoadSummary says where the data came from.
type LoadSummary struct {
	Origin   string    `json:"origin"`
	LoadedAt time.Time `json:"loaded_at"`
}

// TableStats describes one canonical table.
type TableStats struct {
	Loaded   bool       `json:"loaded"` // false: no file supplied it
	File     string     `json:"file"`   // null in JSON when no file supplied it
	Rows     int64      `json:"rows"`
	Rejected int64      `json:"rejected"`
	From     *time.Time `json:"from"`
	To       *time.Time `json:"to"`
	Columns  []string   `json:"columns"` // empty when no file supplied it
	Extras   []string   `json:"extras"`  // empty when no file supplied it
	Ignored  []string   `json:"ignored"` // empty when no file supplied it
	// Files lists every file of the table (File is the first), with the
	// rows each gave; empty when no file supplied it.
	Files []FileStats `json:"files"`
}

// FileStats is one file of a table: a manifest may feed a table from
// several.
type FileStats struct {
	File     string `json:"file"`
	Read     int64  `json:"rows_read"`
	Loaded   int64  `json:"rows_loaded"`
	Rejected int64  `json:"rejected"`
}

// MarshalJSON writes file as null for a table no file supplied, as
// docs/json.md says, rather than leaving it out or writing "".
func (t TableStats) MarshalJSON() ([]byte, error) {
	type plain TableStats
	out := struct {
		plain
		File *string `json:"file"`
	}{plain: plain(t)}
	if t.Loaded {
		out.File = &t.File
	}
	return json.Marshal(out)
}

// OutcomeSummary is the outcome rules of docs/outcomes.md in figures
// and words.
type OutcomeSummary struct {
	WindowDays    int        `json:"window_days"`
	WindowRule    string     `json:"window_rule"` // given, none_given, none_no_dates, mean_cycle
	WindowSource  string     `json:"window_source"`
	MeanCycleDays *float64   `json:"mean_cycle_days"`
	AsOf          *time.Time `json:"as_of"` // null when the data has no dates
	AsOfSource    string     `json:"as_of_source"`
	Basis         string     `json:"basis"`
	Leads         int64      `json:"leads"`
	Won           int64      `json:"won"`
	NotWon        int64      `json:"not_won"`
	Maturing      int64      `json:"maturing"`
	MaturingWon   int64      `json:"maturing_won"` // maturing leads that have already won
	CloseRate     *float64   `json:"close_rate"`   // won / (won + not_won): maturing leads left out
	// ExposureRule says, in words, which of a lead's events its figures
	// may use (no leakage: docs/outcomes.md), as the settings in force make it.
	ExposureRule string   `json:"exposure_rule"`
	Notes        []string `json:"notes"`
	// AsOfSetAside lists the timestamps the as-of date was not taken
	// from: after the load's time, or strays far beyond the data.
	AsOfSetAside queries.SetAside `json:"as_of_set_aside"`
	// Won leads left out of the mean cycle: first win dated before the
	// lead was created, or a date set aside.
	CycleWonBeforeCreated int64 `json:"cycle_won_before_created"`
	CycleSetAside         int64 `json:"cycle_set_aside"`
}

// MaxRejectsShown bounds the rejects a report lists; the total is given.
const MaxRejectsShown = 50

// BuildDataReport gathers the report; now is the clock for the
// "timestamp in the future" check.
func BuildDataReport(ctx context.Context, ws *queries.Workspace, opt queries.OutcomeOptions, now time.Time) (DataReport, error) {
	var r DataReport
	info, err := ws.Info(ctx)
	if err != nil {
		return r, err
	}
	r.Load = LoadSummary{Origin: info.Origin, LoadedAt: info.LoadedAt.UTC()}
	ranges, err := queries.Ranges(ctx, ws)
	if err != nil {
		return r, err
	}
	bySource := map[string]queries.SourceInfo{}
	for _, s := range info.Sources {
		bySource[s.Table] = s
	}
	r.Tables = map[string]TableStats{}
	for _, tr := range ranges {
		ts := TableStats{Rows: tr.Rows, Columns: []string{}, Extras: []string{}, Ignored: []string{}, Files: []FileStats{}}
		if s, ok := bySource[tr.Table]; ok {
			ts.Loaded, ts.File, ts.Rejected = true, s.File, s.Rejected
			for _, f := range s.Files {
				ts.Files = append(ts.Files, FileStats{File: f.File, Read: f.RowsRead, Loaded: f.Loaded, Rejected: f.Rejected})
			}
			for _, c := range []struct {
				to   *[]string
				from []string
			}{{&ts.Columns, s.Columns}, {&ts.Extras, s.Extras}, {&ts.Ignored, s.Ignored}} {
				if c.from != nil {
					*c.to = c.from
				}
			}
		}
		if !tr.From.IsZero() {
			from, to := tr.From, tr.To
			ts.From, ts.To = &from, &to
		}
		r.Tables[tr.Table] = ts
	}
	deals, err := queries.DealCounts(ctx, ws)
	if err != nil {
		return r, err
	}
	r.Deals = map[string]map[string]int64{}
	for _, d := range deals {
		if r.Deals[d.Kind] == nil {
			r.Deals[d.Kind] = map[string]int64{}
		}
		r.Deals[d.Kind][d.Status] = d.Deals
	}
	o, err := queries.ComputeOutcomes(ctx, ws, opt)
	if err != nil {
		return r, err
	}
	r.Outcome = summarise(o)
	rejects, total, err := ws.Rejects(ctx, MaxRejectsShown)
	if err != nil {
		return r, err
	}
	r.Rejected = total
	r.Rejects = rejects
	if r.Rejects == nil {
		r.Rejects = []queries.Reject{}
	}
	warns, err := queries.Warnings(ctx, ws, o.AsOf, now)
	if err != nil {
		return r, err
	}
	if opt.AsOf.IsZero() {
		// With the as-of date taken from the data, only the timestamps
		// set aside are after it, and as_of_set_aside lists those.
		warns = dropCode(warns, "after_as_of")
	}
	r.Warnings = warns
	if r.Warnings == nil {
		r.Warnings = []queries.Warning{}
	}
	return r, nil
}

func summarise(o queries.Outcomes) OutcomeSummary {
	s := OutcomeSummary{
		WindowDays: o.WindowDays, WindowRule: string(o.WindowRule), WindowSource: windowWords(o),
		AsOf: optTime(o.AsOf), AsOfSource: o.AsOfSource, Basis: o.Basis,
		Leads: o.Leads, Won: o.Won, NotWon: o.NotWon, Maturing: o.Maturing, MaturingWon: o.MaturingWon,
		ExposureRule: exposureWords(o), Notes: o.Notes, AsOfSetAside: o.SetAside,
		CycleWonBeforeCreated: o.CycleWonBeforeCreated, CycleSetAside: o.CycleSetAside,
	}
	if s.Notes == nil {
		s.Notes = []string{}
	}
	if !math.IsNaN(o.MeanCycleDays) {
		m := o.MeanCycleDays
		s.MeanCycleDays = &m
	}
	if d := o.Won + o.NotWon; d > 0 {
		rate := float64(o.Won) / float64(d)
		s.CloseRate = &rate
	}
	return s
}

// windowWords says how the window was chosen, for people.
func windowWords(o queries.Outcomes) string {
	switch o.WindowRule {
	case queries.WindowNoneGiven:
		return "none (--window 0): a win at any time counts"
	case queries.WindowGiven:
		return "set by --window"
	case queries.WindowNoDates:
		return "none: no won lead has both a created_at and a close date to measure the sales cycle"
	}
	return fmt.Sprintf("mean sales cycle (%.1f days over %s won leads), rounded up", o.MeanCycleDays, Count(o.WonWithDates))
}

// exposureWords states the exposure cutoff under the settings in force:
// a lead's figures use only its own events timed strictly before its
// first opportunity or the end of its window, whichever is earlier, and
// with neither every event up to and including the as-of date.
func exposureWords(o queries.Outcomes) string {
	const lead = "a lead's figures count only its own events strictly before its exposure cutoff: "
	const untimed = "; events with no time never count"
	switch deals := o.Basis == "deals"; {
	case deals && o.WindowDays > 0:
		return lead + fmt.Sprintf("its first opportunity or the end of its %d-day window, whichever is earlier (with neither, every event through the as-of date)", o.WindowDays) + untimed
	case deals:
		return lead + "its first opportunity (with none, every event through the as-of date)" + untimed
	case o.WindowDays > 0:
		return lead + fmt.Sprintf("the end of its %d-day window (with no created_at, every event through the as-of date)", o.WindowDays) + untimed
	}
	return "a lead's figures count every event of its own through the as-of date: no window and no deal cuts them off" + untimed
}

func dropCode(ws []queries.Warning, code string) []queries.Warning {
	out := ws[:0]
	for _, w := range ws {
		if w.Code != code {
			out = append(out, w)
		}
	}
	return out
}

// optTime is t, or nil for the zero time: no date, not 0001-01-01.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// WonRule says in words which settled leads count as won under the rule
// in force: a won new deal within the window, the leads' converted
// column, or nothing at all.
func (o OutcomeSummary) WonRule() string {
	switch {
	case o.Basis == "converted": // no close dates: no window applies
		return "converted column true (no deals table)"
	case o.Basis == "none":
		return "none can be: no deals table and no converted column"
	case o.WindowDays > 0:
		return "window over, won a new deal within it"
	}
	return "won a new deal (no window)"
}

// NotWonRule says in words which settled leads count as not won.
func (o OutcomeSummary) NotWonRule() string {
	switch {
	case o.Basis == "converted":
		return "converted column false or empty"
	case o.Basis == "none":
		return "every lead: nothing in the data says who won"
	case o.WindowDays > 0:
		return "window over, no win inside it"
	}
	return "no won new deal (no window)"
}

// FileNames names a table's files for a table of figures: the file, or
// each of several with the rows it gave ("Task.csv 120, Event.csv 40").
func FileNames(t TableStats) string {
	if len(t.Files) < 2 {
		return filepath.Base(t.File)
	}
	names := make([]string, len(t.Files))
	for i, f := range t.Files {
		names[i] = fmt.Sprintf("%s %s", filepath.Base(f.File), Count(f.Loaded))
	}
	return strings.Join(names, ", ")
}
