package queries

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// The stray rule: which timestamps the data's as-of date is not taken
// from. The as-of date is the latest timestamp in the data, so one
// mistyped date (2999-01-01 for 2025-01-01) would move it centuries ahead:
// every window would look unfinished, every lead maturing, every close
// rate empty. So, before taking the latest:
//
//  1. Every timestamp after the load's wall-clock time is set aside: data
//     cannot record what has not happened yet.
//  2. Of the rest, a timestamp on a day later than the 99.9th percentile
//     day plus a margin — the larger of 30 days and 1.5 interquartile
//     ranges — is set aside as a stray: it sits far beyond the bulk of
//     the data, where no export puts a real record. The fence is Tukey's
//     (1.5 IQR), anchored at the 99.9th percentile rather than the upper
//     quartile, so the ordinary thin tail of recent records is never
//     touched; 30 days keeps data spread over a few days from being cut.
//
// Quantiles are read by day (see as-of-days), which costs one hash
// aggregate rather than a sort of every event. With fewer than 1,000
// timestamps a single stray is itself the 99.9th percentile and rule 2
// cannot see it; rule 1 still applies.
const (
	strayQuantile    = 0.999
	strayIQRs        = 1.5
	strayMinDays     = 30
	maxSetAsideShown = 20
)

// SetAside is what the as-of date was not taken from.
type SetAside struct {
	Count      int64      `json:"count"`       // timestamps set aside, all reasons
	AfterClock int64      `json:"after_clock"` // later than the load's clock
	Strays     int64      `json:"strays"`      // far beyond the bulk of the data
	Clock      time.Time  `json:"clock"`       // the load's wall-clock time
	Cutoff     *time.Time `json:"stray_cutoff"`
	Rule       string     `json:"rule"`   // the stray rule in words, with its figures
	Values     []Stamp    `json:"values"` // the latest ones, latest first
}

// Stamp is one set-aside value and how many rows of a column hold it.
type Stamp struct {
	Table  string    `json:"table"`
	Column string    `json:"column"`
	Value  time.Time `json:"value"`
	Rows   int64     `json:"rows"`
	Reason string    `json:"reason"` // after_clock or stray
}

// dayCount is one day of the timestamp distribution.
type dayCount struct {
	day time.Time
	n   int64
}

// strayCutoff applies rule 2 to the distribution: timestamps at or after
// the returned instant are strays. ok is false when there is no data.
func strayCutoff(days []dayCount) (cutoff time.Time, rule string, ok bool) {
	var total int64
	for _, d := range days {
		total += d.n
	}
	if total == 0 {
		return time.Time{}, "", false
	}
	q := func(p float64) time.Time {
		need := int64(math.Ceil(p * float64(total)))
		var cum int64
		for _, d := range days {
			cum += d.n
			if cum >= need {
				return d.day
			}
		}
		return days[len(days)-1].day
	}
	q25, q75, q999 := q(0.25), q(0.75), q(strayQuantile)
	iqrDays := q75.Sub(q25).Hours() / 24
	margin := max(strayMinDays, int(math.Ceil(strayIQRs*iqrDays)))
	cutoff = q999.AddDate(0, 0, margin+1)
	rule = fmt.Sprintf("later than the 99.9th percentile day (%s) plus the larger of %d days and 1.5 × the interquartile range (%.0f days): %d days",
		q999.Format("2006-01-02"), strayMinDays, iqrDays, margin)
	return cutoff, rule, true
}

// dataAsOf is the data's as-of date under the stray rule, and what was set
// aside; clock is the load's wall-clock time. valid is false when no
// timestamp can be used.
func dataAsOf(ctx context.Context, ws *Workspace, clock time.Time) (asOf time.Time, valid bool, aside SetAside, err error) {
	aside = SetAside{Clock: clock, Values: []Stamp{}}
	rows, err := ws.query(ctx, SQL("as-of-days"), clock)
	if err != nil {
		return asOf, false, aside, fmt.Errorf("as-of date: %s", sqltext.CleanErr(err))
	}
	var days []dayCount
	var afterClock int64
	for rows.Next() {
		var day sql.NullTime
		var d dayCount
		if err := rows.Scan(&day, &d.n); err != nil {
			rows.Close()
			return asOf, false, aside, fmt.Errorf("as-of date: %w", err)
		}
		if !day.Valid {
			afterClock = d.n
			continue
		}
		d.day = day.Time
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return asOf, false, aside, fmt.Errorf("as-of date: %s", sqltext.CleanErr(err))
	}
	var cut any
	strays := int64(0)
	if c, rule, ok := strayCutoff(days); ok {
		cut, aside.Cutoff, aside.Rule = c, &c, rule
		for _, d := range days {
			if !d.day.Before(c) {
				strays += d.n
			}
		}
	}
	var t sql.NullTime
	if afterClock+strays == 0 {
		// Nothing set aside: the plain latest, from statistics.
		err = ws.queryRow(ctx, SQL("as-of-latest")).Scan(&t)
	} else {
		err = ws.queryRow(ctx, SQL("as-of-kept"), clock, cut).Scan(&t)
	}
	if err != nil {
		return asOf, false, aside, fmt.Errorf("as-of date: %s", sqltext.CleanErr(err))
	}
	if afterClock+strays > 0 {
		if err := setAside(ctx, ws, clock, cut, &aside); err != nil {
			return asOf, false, aside, err
		}
	}
	return t.Time.UTC(), t.Valid, aside, nil
}

// setAside lists and counts the timestamps after the clock or past cut.
func setAside(ctx context.Context, ws *Workspace, clock time.Time, cut any, aside *SetAside) error {
	rows, err := ws.query(ctx, SQL("as-of-set-aside"), clock, cut)
	if err != nil {
		return fmt.Errorf("as-of date: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var s Stamp
		var afterClock bool
		var afterTotal sql.NullInt64
		if err := rows.Scan(&s.Table, &s.Column, &s.Value, &afterClock, &s.Rows, &afterTotal, &aside.Count); err != nil {
			return fmt.Errorf("as-of date: %w", err)
		}
		s.Value = s.Value.UTC()
		s.Reason = "stray"
		if afterClock {
			s.Reason = "after_clock"
		}
		aside.AfterClock = afterTotal.Int64
		aside.Values = append(aside.Values, s)
	}
	aside.Strays = aside.Count - aside.AfterClock
	return rows.Err()
}

// Words says what was set aside, in one sentence for the notes.
func (a SetAside) Words() string {
	if a.Count == 0 {
		return ""
	}
	noun := "timestamps"
	if a.Count == 1 {
		noun = "timestamp"
	}
	s := fmt.Sprintf("%d %s set aside from the as-of date:", a.Count, noun)
	if a.AfterClock > 0 {
		s += fmt.Sprintf(" %d after the load's time (%s)", a.AfterClock, a.Clock.Format("2006-01-02 15:04 MST"))
		if a.Strays > 0 {
			s += ";"
		}
	}
	if a.Strays > 0 {
		s += fmt.Sprintf(" %d far beyond the rest of the data (%s)", a.Strays, a.Rule)
	}
	return s
}
