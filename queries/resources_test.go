package queries

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResourcesApplied opens a workspace under a memory limit and a spill
// folder, with a space and an ampersand in its path, and checks DuckDB
// holds both; then sorts more than the limit holds, which only succeeds
// by spilling into that folder, and leaves it empty.
func TestResourcesApplied(t *testing.T) {
	saved := CurrentResources()
	defer SetResources(saved)
	for _, path := range []string{"", filepath.Join(t.TempDir(), "ws.duckdb")} {
		spill := filepath.Join(t.TempDir(), "spill here & there")
		if err := SetResources(Resources{MemoryLimit: "64MB", TempDir: spill}); err != nil {
			t.Fatal(err)
		}
		ws, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var limit, dir string
		if err := ws.DB.QueryRow("SELECT current_setting('memory_limit'), current_setting('temp_directory')").Scan(&limit, &dir); err != nil {
			t.Fatal(err)
		}
		if limit != "61.0 MiB" || dir != spill {
			t.Errorf("workspace %q: memory_limit %q, temp_directory %q; want 61.0 MiB (64 MB) and %q", path, limit, dir, spill)
		}
		var n int64
		err = ws.DB.QueryRow(`SELECT count(*) FROM (SELECT i, md5(i::VARCHAR) AS h FROM range(2000000) t(i) ORDER BY h) WHERE i >= 0`).Scan(&n)
		if err != nil || n != 2_000_000 {
			t.Errorf("workspace %q: a sort larger than the limit: %d rows, %v", path, n, err)
		}
		if _, err := os.Stat(spill); err != nil {
			t.Errorf("workspace %q: nothing spilled into the folder: %v", path, err)
		}
		ws.Close()
		left, _ := os.ReadDir(spill)
		if len(left) != 0 {
			t.Errorf("workspace %q: the spill folder keeps %d files after close", path, len(left))
		}
	}
}

func TestCheckMemoryLimit(t *testing.T) {
	for _, ok := range []string{"12GB", "800MiB", "1.5 GB", "2tb"} {
		if err := CheckMemoryLimit(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "12", "lots", "12GB; DROP TABLE leads", "-1GB", "80%"} {
		err := CheckMemoryLimit(bad)
		if err == nil || !strings.Contains(err.Error(), "not an amount of memory") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if err := SetResources(Resources{MemoryLimit: "lots"}); err == nil {
		t.Error("SetResources took a limit that is not an amount")
	}
}
