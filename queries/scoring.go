package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// NoTime marks an unknown time in the microsecond columns scoring reads.
const NoTime = math.MinInt64

// Outcome codes of a lead in ScoringLeads.
const (
	OutcomeNotWon uint8 = iota
	OutcomeWon
	OutcomeMaturing
)

// LeadTable is every lead as scoring needs it, in lead_id order; row i of
// every slice is lead i. Times are microseconds since 1970, NoTime when
// unknown.
type LeadTable struct {
	IDs        []string
	AccountIDs []string // "" when the lead has no account
	Created    []int64
	Cutoff     []int64 // exposure cutoff: events strictly before it are history
	Won        []bool  // won inside the window (maturing leads may have)
	Outcome    []uint8 // OutcomeWon, OutcomeNotWon or OutcomeMaturing
	HasOpp     []bool  // reached an opportunity
}

// ScoringLeads numbers the leads and reads them. ComputeOutcomes must have
// run; the numbering (derived.score_leads) is what FactorLeads and
// EventTimes refer to.
func ScoringLeads(ctx context.Context, ws *Workspace) (LeadTable, error) {
	var t LeadTable
	if _, err := ws.exec(ctx, SQL("score-leads")); err != nil {
		return t, fmt.Errorf("scoring leads: %s", sqltext.CleanErr(err))
	}
	rows, err := ws.query(ctx, SQL("score-leads-read"))
	if err != nil {
		return t, fmt.Errorf("scoring leads: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var account sql.NullString
		var created, cutoff sql.NullInt64
		var won bool
		var outcome string
		var opp bool
		if err := rows.Scan(&id, &account, &created, &cutoff, &won, &outcome, &opp); err != nil {
			return t, err
		}
		t.IDs = append(t.IDs, id)
		t.AccountIDs = append(t.AccountIDs, account.String)
		t.Created = append(t.Created, orNoTime(created))
		t.Cutoff = append(t.Cutoff, orNoTime(cutoff))
		t.Won = append(t.Won, won)
		code := OutcomeNotWon
		switch outcome {
		case "won":
			code = OutcomeWon
		case "maturing":
			code = OutcomeMaturing
		}
		t.Outcome = append(t.Outcome, code)
		t.HasOpp = append(t.HasOpp, opp)
	}
	return t, rows.Err()
}

func orNoTime(v sql.NullInt64) int64 {
	if !v.Valid {
		return NoTime
	}
	return v.Int64
}

// ProfileFactor is a profile condition: a column of the lead profile (or,
// with Account, of its account's profile) equal to a value, missing, or
// inside the band [Lo, Hi).
type ProfileFactor struct {
	Account bool
	Column  string
	Value   string
	Missing bool
	Band    bool
	Lo, Hi  float64
}

// Condition is the SQL condition a lead has the factor, over lp and ap. It
// is the same test report actions makes: values compared as text, with
// "(missing)" for no value, and bands on the number.
func (f ProfileFactor) Condition() string {
	rel := "lp"
	if f.Account {
		rel = "ap"
	}
	col := rel + "." + sqltext.QuoteIdent(f.Column)
	switch {
	case f.Band:
		var parts []string
		if !math.IsInf(f.Lo, -1) {
			parts = append(parts, fmt.Sprintf("CAST(%s AS DOUBLE) >= %s", col, strconv.FormatFloat(f.Lo, 'g', -1, 64)))
		}
		if !math.IsInf(f.Hi, 1) {
			parts = append(parts, fmt.Sprintf("CAST(%s AS DOUBLE) < %s", col, strconv.FormatFloat(f.Hi, 'g', -1, 64)))
		}
		if len(parts) == 0 {
			return col + " IS NOT NULL"
		}
		return "coalesce(" + strings.Join(parts, " AND ") + ", false)"
	case f.Missing:
		return col + " IS NULL"
	}
	return fmt.Sprintf("coalesce(CAST(%s AS VARCHAR) = %s, false)", col, sqltext.QuoteLit(f.Value))
}

// FactorLeads returns the numbers (see ScoringLeads) of the leads with the
// factor, ascending.
func FactorLeads(ctx context.Context, ws *Workspace, f ProfileFactor) ([]int32, error) {
	rows, err := ws.query(ctx, fmt.Sprintf(SQL("score-factor-leads"), f.Condition()))
	if err != nil {
		return nil, fmt.Errorf("leads with %s: %s", f.Column, sqltext.CleanErr(err))
	}
	return sqltext.ScanColumn[int32](rows)
}

// FactorLeadCount counts the leads with the factor.
func FactorLeadCount(ctx context.Context, ws *Workspace, f ProfileFactor) (int64, error) {
	var n int64
	if err := ws.queryRow(ctx, fmt.Sprintf(SQL("score-value-count"), f.Condition())).Scan(&n); err != nil {
		return 0, fmt.Errorf("leads with %s: %s", f.Column, sqltext.CleanErr(err))
	}
	return n, nil
}

// EventTimeline holds the occurrences of some events, grouped by lead in
// time order: lead i's are at positions Start[i] to Start[i+1]-1, each with
// its time (microseconds) and the event's position in the names asked for.
type EventTimeline struct {
	Start []int32
	Time  []int64
	Kind  []uint16
}

// EventTimes reads the timestamped occurrences of the named events, up to
// and including asOf, for leads numbered by ScoringLeads (n of them).
func EventTimes(ctx context.Context, ws *Workspace, names []string, n int, asOf time.Time) (EventTimeline, error) {
	tl := EventTimeline{Start: make([]int32, n+1)}
	if len(names) == 0 {
		return tl, nil
	}
	if len(names) > math.MaxUint16 {
		return tl, fmt.Errorf("too many events to score: %d", len(names))
	}
	var kase strings.Builder
	lits := make([]string, len(names))
	kase.WriteString("CASE e.event")
	for k, name := range names {
		lits[k] = sqltext.QuoteLit(name)
		fmt.Fprintf(&kase, " WHEN %s THEN %d", lits[k], k)
	}
	kase.WriteString(" END")
	q := fmt.Sprintf(SQL("score-events"), kase.String(), strings.Join(lits, ", "))
	rows, err := ws.query(ctx, q, asOf)
	if err != nil {
		return tl, fmt.Errorf("events to score: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	counts := make([]int32, n)
	for rows.Next() {
		var i int32
		var k int16
		var t int64
		if err := rows.Scan(&i, &k, &t); err != nil {
			return tl, err
		}
		counts[i]++
		tl.Time = append(tl.Time, t)
		tl.Kind = append(tl.Kind, uint16(k))
	}
	if err := rows.Err(); err != nil {
		return tl, err
	}
	for i, c := range counts {
		tl.Start[i+1] = tl.Start[i] + c
	}
	return tl, nil
}

// ProfileColumns lists the columns of the lead profile and of the account
// profile, the names attr: and account: factors may use, with their types.
func ProfileColumns(ctx context.Context, ws *Workspace) (lead, account map[string]string, err error) {
	rows, err := ws.query(ctx, SQL("score-profile-columns"))
	if err != nil {
		return nil, nil, fmt.Errorf("profile columns: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	lead, account = map[string]string{}, map[string]string{}
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			return nil, nil, err
		}
		if table == "lead_profile" {
			lead[col] = typ
		} else {
			account[col] = typ
		}
	}
	return lead, account, rows.Err()
}

// LeadEventNames is the set of event names leads did: what a rule may
// name. Cheaper than EventLeadCounts, which counts distinct leads per
// event (about a second at 25 million events).
func LeadEventNames(ctx context.Context, ws *Workspace) (map[string]bool, error) {
	rows, err := ws.query(ctx, SQL("lead-event-names"))
	if err != nil {
		return nil, fmt.Errorf("event names: %s", sqltext.CleanErr(err))
	}
	names, err := sqltext.ScanColumn[string](rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, nil
}

// EventLeadCounts maps every event name leads did to how many leads did it.
func EventLeadCounts(ctx context.Context, ws *Workspace) (map[string]int64, error) {
	rows, err := ws.query(ctx, SQL("score-event-names"))
	if err != nil {
		return nil, fmt.Errorf("event names: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}

// CSVToParquet rewrites a CSV file leadlab wrote (header, comma, quoted
// as encoding/csv does) as Parquet, with the given column names and DuckDB
// types in order.
func CSVToParquet(ctx context.Context, ws *Workspace, csvPath, parquetPath string, columns [][2]string) error {
	parts := make([]string, len(columns))
	for i, c := range columns {
		parts[i] = sqltext.QuoteLit(c[0]) + ": " + sqltext.QuoteLit(c[1])
	}
	q := fmt.Sprintf(SQL("csv-to-parquet"), sqltext.QuoteLit(csvPath), "{"+strings.Join(parts, ", ")+"}", sqltext.QuoteLit(parquetPath))
	if _, err := ws.exec(ctx, q); err != nil {
		return fmt.Errorf("write parquet: %s", sqltext.CleanErr(err))
	}
	return nil
}

// MarkReady records which leads (numbered by ScoringLeads) are SDR-ready,
// for the lead funnel's SDR-ready stage (FunnelFilter.SDRReady).
func MarkReady(ctx context.Context, ws *Workspace, ready []bool) error {
	b := make([]byte, len(ready))
	for i, r := range ready {
		b[i] = '0'
		if r {
			b[i] = '1'
		}
	}
	if _, err := ws.exec(ctx, SQL("mark-ready"), string(b)); err != nil {
		return fmt.Errorf("mark SDR-ready leads: %s", sqltext.CleanErr(err))
	}
	return nil
}
