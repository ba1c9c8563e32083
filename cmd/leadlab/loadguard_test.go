package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMaxRejectShareUsage: a share that is not a number from 0 to 1 is a
// usage error. NaN used to pass the range check (every comparison with
// NaN is false) and turn the reject guard off.
func TestMaxRejectShareUsage(t *testing.T) {
	// Half the leads are bad: any working guard refuses this load.
	dir := writeFiles(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\nb,never\n"})
	for _, v := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "-0.1", "1.5", "7"} {
		db := filepath.Join(t.TempDir(), "ws.duckdb")
		out, err := leadlab(t, "load", "--db", db, "--max-reject-share", v, dir)
		if err == nil || !strings.Contains(err.Error(), "--max-reject-share") || !strings.Contains(err.Error(), "between 0 and 1") {
			t.Errorf("--max-reject-share %s: error %v, want a usage error\n%s", v, err, out)
		}
		if _, serr := os.Stat(db); serr == nil {
			t.Errorf("--max-reject-share %s: a usage error created the workspace", v)
		}
	}
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if out, err := leadlab(t, "load", "--db", db, "--max-reject-share", "1", dir); err != nil {
		t.Errorf("--max-reject-share 1 refused: %v\n%s", err, out)
	}
}
