package queries_test

import (
	"context"
	"slices"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestHoldoutByTimeByHand holds out the latest 30% of five dated settled
// leads, 1.5 rounded to 2: of the three created on the last day, the two
// last by lead_id. The undated lead stays with the tuning leads.
func TestHoldoutByTimeByHand(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"leads.csv": "lead_id,created_at,converted\n" +
			"L1,2024-01-01,yes\nL2,2024-01-02,no\nL5,2024-01-03,no\nL3,2024-01-03,yes\nL4,2024-01-03,no\nL6,,no\n",
	}))
	ctx := context.Background()
	if _, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{}); err != nil {
		t.Fatal(err)
	}
	sp, err := queries.SplitHoldout(ctx, ws, 0.3, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	var held []string
	rows, err := ws.DB.Query("SELECT lead_id FROM derived.holdout ORDER BY lead_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		held = append(held, id)
	}
	if !sp.ByTime || sp.Leads != 2 || !slices.Equal(held, []string{"L4", "L5"}) || sp.From.Format("2006-01-02") != "2024-01-03" {
		t.Errorf("held out %v (%+v); want L4 and L5, from 2024-01-03", held, sp)
	}
}
