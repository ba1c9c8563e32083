package queries

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// Split says which settled leads were held out of tuning.
type Split struct {
	ByTime bool      // the latest leads by created_at; else a seeded random share
	From   time.Time // ByTime: the first held-out lead's created_at
	Share  float64
	Seed   uint64
	Leads  int64 // held out
}

// SplitHoldout holds out a share of the settled leads (docs/scoring.md,
// "Tuning"): the latest by created_at, or a seeded random share when random
// is set or no settled lead has a date. Until ComputeOutcomes runs again,
// correlations leave them out.
func SplitHoldout(ctx context.Context, ws *Workspace, share float64, seed uint64, random bool) (Split, error) {
	sp := Split{Share: share, Seed: seed}
	var dated int64
	if err := ws.queryRow(ctx, SQL("settled-dated")).Scan(&dated); err != nil {
		return sp, fmt.Errorf("holdout: %s", sqltext.CleanErr(err))
	}
	var err error
	if dated > 0 && !random {
		sp.ByTime = true
		_, err = ws.exec(ctx, SQL("holdout-by-time"), int64(math.Round(float64(dated)*share)))
	} else {
		_, err = ws.exec(ctx, SQL("holdout-random"), seed, share)
	}
	if err != nil {
		return sp, fmt.Errorf("holdout: %s", sqltext.CleanErr(err))
	}
	var from sql.NullTime
	if err := ws.queryRow(ctx, SQL("holdout-summary")).Scan(&from, &sp.Leads); err != nil {
		return sp, fmt.Errorf("holdout: %s", sqltext.CleanErr(err))
	}
	if sp.ByTime && from.Valid {
		sp.From = from.Time.UTC()
	}
	return sp, nil
}

// HoldoutLeads returns the scoring numbers (see ScoringLeads) of the
// held-out leads.
func HoldoutLeads(ctx context.Context, ws *Workspace) ([]int32, error) {
	rows, err := ws.query(ctx, SQL("holdout-read"))
	if err != nil {
		return nil, fmt.Errorf("holdout: %s", sqltext.CleanErr(err))
	}
	return sqltext.ScanColumn[int32](rows)
}

// Fingerprint identifies the loaded data: a hash over every canonical
// table's row count and the sum of its rows' hashes, so equal contents
// give the same fingerprint whatever their order. DuckDB's row hash may
// change between DuckDB versions; the fingerprint says which data a model
// was tuned on, not a cryptographic commitment.
func Fingerprint(ctx context.Context, ws *Workspace) (string, error) {
	whole, _, err := Fingerprints(ctx, ws, time.Time{})
	return whole, err
}

// historyTimes are the tables whose rows a history fingerprint keeps,
// each by the column that dates a row: the leads created and the events
// that occurred up to a date, which later data that only grows leaves as
// they were (deals, by contrast, open and close after it).
var historyTimes = map[string]string{"leads": "created_at", "events": "occurred_at"}

// Fingerprints gives the data's fingerprint (Fingerprint) and, when
// asOf is set, its history fingerprint: the same hash over the leads
// created and the events that occurred at or before asOf (undated rows
// too), so that data that extends the data a model was tuned on, by
// newer leads and events, is told from other data. One scan of each
// table gives both.
func Fingerprints(ctx context.Context, ws *Workspace, asOf time.Time) (whole, history string, err error) {
	h, hist := sha256.New(), sha256.New()
	for _, t := range Tables {
		var n, hn int64
		var sum, hsum string
		col, dated := historyTimes[t.Name]
		if !dated || asOf.IsZero() {
			err = ws.queryRow(ctx, fmt.Sprintf(SQL("table-fingerprint"), sqltext.QuoteIdent(t.Name))).Scan(&n, &sum)
		} else {
			err = ws.queryRow(ctx, fmt.Sprintf(SQL("table-fingerprint-as-of"), sqltext.QuoteIdent(t.Name), sqltext.QuoteIdent(col)), asOf.UTC()).Scan(&n, &sum, &hn, &hsum)
			fmt.Fprintf(hist, "%s:%d:%s;", t.Name, hn, hsum)
		}
		if err != nil {
			return "", "", fmt.Errorf("fingerprint %s: %s", t.Name, sqltext.CleanErr(err))
		}
		fmt.Fprintf(h, "%s:%d:%s;", t.Name, n, sum)
	}
	whole = "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
	if !asOf.IsZero() {
		history = "sha256:" + hex.EncodeToString(hist.Sum(nil))[:16]
	}
	return whole, history, nil
}
