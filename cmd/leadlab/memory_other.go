//go:build !linux

package main

// physicalMemory is not read outside Linux: DuckDB's own default (80% of
// the machine) applies unless LEADLAB_MEMORY_LIMIT sets one.
func physicalMemory() uint64 { return 0 }
