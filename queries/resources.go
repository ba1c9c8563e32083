package queries

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Resources are how much memory DuckDB may use and where it writes what
// does not fit. leadlab sets both on every database it opens, so that a
// large workspace spills to a folder chosen on purpose, under a limit
// chosen on purpose, instead of DuckDB's defaults (80% of the machine's
// memory; a ".tmp" folder beside the workspace file, or in the current
// folder for an in-memory database).
type Resources struct {
	// MemoryLimit is DuckDB's memory_limit, such as "12GB" or "800MiB";
	// "" keeps DuckDB's default.
	MemoryLimit string
	// TempDir is where DuckDB spills; "" keeps DuckDB's default.
	TempDir string
}

// resources are the settings every open uses: set once, before any
// workspace is opened, by SetResources.
var resources Resources

var memoryLimitRE = regexp.MustCompile(`(?i)^\s*[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$`)

// CheckMemoryLimit says what is wrong with a memory limit, or nil.
func CheckMemoryLimit(s string) error {
	if !memoryLimitRE.MatchString(s) {
		return fmt.Errorf("%q is not an amount of memory; write it as a number and a unit, such as 12GB or 800MiB", s)
	}
	return nil
}

// SetResources sets the memory limit and spill folder of every database
// opened from now on. Call it before opening any: duckdb-go shares one
// database per file within a process, and refuses a second open of it
// under other settings.
func SetResources(r Resources) error {
	if r.MemoryLimit != "" {
		if err := CheckMemoryLimit(r.MemoryLimit); err != nil {
			return err
		}
	}
	resources = r
	return nil
}

// CurrentResources are the settings databases open with.
func CurrentResources() Resources { return resources }

// dsnOptions are the resources as options of a DuckDB connection string.
func (r Resources) dsnOptions() string {
	var b strings.Builder
	if r.MemoryLimit != "" {
		b.WriteString("&memory_limit=" + url.QueryEscape(strings.ReplaceAll(r.MemoryLimit, " ", "")))
	}
	if r.TempDir != "" {
		b.WriteString("&temp_directory=" + url.QueryEscape(r.TempDir))
	}
	return b.String()
}
