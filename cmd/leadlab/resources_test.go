package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
)

// TestConfigureResources checks what the environment sets for DuckDB:
// a limit and a folder given, the defaults (half the memory; the cache
// folder), and a limit that is not an amount, a usage error naming the
// variable.
func TestConfigureResources(t *testing.T) {
	saved := queries.CurrentResources()
	defer queries.SetResources(saved)

	t.Setenv("LEADLAB_MEMORY_LIMIT", "3GB")
	t.Setenv("LEADLAB_TEMP_DIR", "rel/spill")
	if err := configureResources(); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("rel/spill")
	if got := queries.CurrentResources(); got != (queries.Resources{MemoryLimit: "3GB", TempDir: abs}) {
		t.Errorf("given: %+v", got)
	}

	t.Setenv("LEADLAB_MEMORY_LIMIT", "")
	t.Setenv("LEADLAB_TEMP_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/cache")
	if err := configureResources(); err != nil {
		t.Fatal(err)
	}
	got := queries.CurrentResources()
	if total := memoryAvailable(); total > 0 && got.MemoryLimit != fmt.Sprintf("%dMiB", total/2>>20) {
		t.Errorf("default limit %q with %d bytes of memory", got.MemoryLimit, total)
	}
	if want := filepath.Join("/cache", "leadlab", "spill"); got.TempDir != want {
		t.Errorf("default spill folder %q, want %q", got.TempDir, want)
	}

	t.Setenv("LEADLAB_MEMORY_LIMIT", "half")
	err := configureResources()
	if err == nil || exitStatus(err) != exitUsage || !strings.Contains(err.Error(), `LEADLAB_MEMORY_LIMIT: "half" is not an amount of memory`) {
		t.Errorf("a limit that is not an amount: %v (status %d)", err, exitStatus(err))
	}
}

func TestEnvironmentHelp(t *testing.T) {
	out, err := leadlab(t, "help", "environment")
	for _, want := range []string{"LEADLAB_MEMORY_LIMIT", "LEADLAB_TEMP_DIR", "half the memory", "LEADLAB_TRACE", "NO_COLOR"} {
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("help environment lacks %q: %v", want, err)
		}
	}
}
