package queries

import (
	"context"
	"strings"
	"testing"
)

// TestAsofJoinsSort: a temporary table made inside a transaction has no
// row count yet, so DuckDB takes it for tiny and would plan an ASOF join
// against it as nested loops, which for the load's view summaries at a
// million leads never end. Every workspace makes ASOF joins sort.
func TestAsofJoinsSort(t *testing.T) {
	ctx := context.Background()
	ws, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	conn, err := ws.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		"BEGIN TRANSACTION",
		"CREATE TEMP TABLE probe AS SELECT i % 1000 AS k, TIMESTAMP '2024-01-01' + to_seconds(i) AS t FROM range(100000) r(i)",
		"CREATE TEMP TABLE product AS SELECT i % 1000 AS k, TIMESTAMP '2024-01-01' + to_seconds(i + 7) AS t FROM range(100000) r(i)",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	var kind, plan string
	err = conn.QueryRowContext(ctx, "EXPLAIN SELECT count(*) FROM temp.probe q ASOF LEFT JOIN temp.product p ON p.k = q.k AND p.t > q.t").Scan(&kind, &plan)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "ASOF_JOIN") || strings.Contains(plan, "NESTED_LOOP_JOIN") {
		t.Errorf("the ASOF join is not planned as a sorted one:\n%s", plan)
	}
}
