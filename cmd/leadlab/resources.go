package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/leadlab/leadlab/queries"
)

// configureResources sets how much memory DuckDB may use and where it
// spills, for every workspace this process opens: LEADLAB_MEMORY_LIMIT
// (default half the memory of the machine, or of the container when that
// is less) and LEADLAB_TEMP_DIR (default leadlab/spill in the user's
// cache folder). Both are chosen here on purpose rather than left to
// DuckDB, whose defaults are 80% of the machine and a ".tmp" folder
// beside the workspace or in the current folder.
func configureResources() error {
	r := queries.Resources{MemoryLimit: os.Getenv("LEADLAB_MEMORY_LIMIT"), TempDir: os.Getenv("LEADLAB_TEMP_DIR")}
	if r.MemoryLimit != "" {
		if err := queries.CheckMemoryLimit(r.MemoryLimit); err != nil {
			return usageErrorf("LEADLAB_MEMORY_LIMIT: %v", err)
		}
	} else if total := memoryAvailable(); total > 0 {
		r.MemoryLimit = fmt.Sprintf("%dMiB", total/2>>20)
	}
	if r.TempDir == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			r.TempDir = filepath.Join(cache, "leadlab", "spill")
		}
	} else if abs, err := filepath.Abs(r.TempDir); err == nil {
		r.TempDir = abs
	}
	return queries.SetResources(r)
}

// memoryAvailable is the machine's memory in bytes, or its container's
// (cgroup v2 memory.max) when that is less; 0 when it cannot be told.
func memoryAvailable() uint64 {
	total := physicalMemory()
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}
