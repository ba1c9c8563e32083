package queries_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestFingerprintsAgree: the data's whole fingerprint is the same whether
// it is read alone (table-fingerprint) or beside a history fingerprint
// (table-fingerprint-as-of, one hash a row), so a config's recorded
// fingerprint reads the same either way; and the history fingerprint
// moves with the date exactly when rows fall on the other side of it.
func TestFingerprintsAgree(t *testing.T) {
	ctx := context.Background()
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.SampleDir(t))
	alone, none, err := queries.Fingerprints(ctx, ws, time.Time{})
	if err != nil || none != "" {
		t.Fatalf("fingerprints without a date: %q, %q, %v", alone, none, err)
	}
	var first, last time.Time
	if err := ws.DB.QueryRow("SELECT min(occurred_at), max(occurred_at) FROM events").Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	mid := first.Add(last.Sub(first) / 2)
	histories := map[string]bool{}
	for _, at := range []time.Time{first.Add(-time.Hour), mid, last.Add(time.Hour), last.Add(48 * time.Hour)} {
		whole, history, err := queries.Fingerprints(ctx, ws, at)
		if err != nil {
			t.Fatal(err)
		}
		if whole != alone {
			t.Errorf("as of %v: whole fingerprint %s, alone %s", at, whole, alone)
		}
		histories[history] = true
	}
	// Before every row, midway and after every row differ; two dates
	// after every row agree.
	if len(histories) != 3 {
		t.Errorf("%d distinct history fingerprints over four dates, want 3: %v", len(histories), histories)
	}
}
