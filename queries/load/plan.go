package load

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/leadlab/leadlab/queries"
)

// DefaultMaxRejectShare is the share of a table's rows that may be rejected
// before a load fails (1%: the README's
// "Loading is all or nothing").
const DefaultMaxRejectShare = 0.01

// CheckShare says whether share can be a max reject share: a number from 0
// to 1. NaN must be refused by name, since every comparison with it is
// false and a NaN limit would let any number of rejects through.
func CheckShare(share float64) error {
	if math.IsNaN(share) || share < 0 || share > 1 {
		return fmt.Errorf("must be a share between 0 and 1 (0.01 is 1%%), got %v", share)
	}
	return nil
}

// Plan is everything a load needs: which file feeds which table and how its
// columns and values map onto the canonical schema. A folder of canonical
// files and a manifest both become a Plan, so one loader serves both.
type Plan struct {
	Origin         string // folder or manifest path, for messages and metadata
	Sources        []Source
	MaxRejectShare float64
	// Settings records how figures read the data; a folder load takes
	// the defaults, a manifest may state them.
	Settings queries.Settings
	// Progress, when set, is told before each step of the load: done of
	// total steps, and what the next one is, in words.
	Progress func(done, total int, what string)
	// highValueAt is where the manifest names each of
	// Settings.HighValuePages, for the load's check that each is an
	// event of the data.
	highValueAt map[string]manifestPos
}

// manifestPos is a line of a manifest, for messages.
type manifestPos struct {
	file string
	line int
}

// Source is one file feeding one canonical table.
type Source struct {
	Table     string
	Path      string
	Format    string // csv, tsv, json, parquet
	Delimiter string // csv only; "" lets DuckDB detect it
	Encoding  string // csv only: "" (UTF-8), "latin-1" or "utf-16"
	// Columns maps canonical column -> source column. Columns whose names
	// already match need no entry.
	Columns map[string]string
	// Values maps canonical column -> source value -> canonical value.
	Values map[string]map[string]string
	// Set gives canonical columns a constant value for every row.
	Set map[string]string
	// DateFormats are strptime formats tried, in order, before ISO parsing.
	DateFormats []string
	// Ignore lists source columns to drop (for example attributes known
	// only after the deal, which would leak the outcome).
	Ignore []string
	// Missing are placeholders read as missing in every column;
	// MissingBy those of single columns (canonical or source name).
	Missing   []string
	MissingBy map[string][]string
	// Generate maps the id column of a file with none to how it is made
	// (row_number: the record's number in the file, 1 for the first).
	Generate map[string]string
	Joins    []Join
	// where is the manifest position, for messages ("m.yaml line 12").
	where string
}

// Join adds the columns of a lookup file to every row, matched on a key, as
// CRM exports often split one record over several files.
type Join struct {
	Path    string
	Format  string
	On      string // column of the main file
	Key     string // column of the lookup file (defaults to On)
	Columns []string
}

// formatOf infers the file format from its name, looking through .gz.
func formatOf(path string) (string, bool) {
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".csv", ".txt":
		return "csv", true
	case ".tsv", ".tab":
		return "tsv", true
	case ".json", ".ndjson", ".jsonl":
		return "json", true
	case ".parquet", ".pq":
		return "parquet", true
	}
	return "", false
}

// PlanDir builds the plan for a folder of canonically named files
// (leads.csv, events.parquet, deals.json.gz, ...). Files with other names
// are listed in ignored so the caller can say they were passed over.
func PlanDir(dir string) (plan Plan, ignored []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Plan{}, nil, fmt.Errorf("read folder %s: %w", dir, err)
	}
	found := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		base := e.Name()
		_, ok := formatOf(base)
		stem := strings.ToLower(base)
		stem = strings.TrimSuffix(stem, ".gz")
		stem = strings.TrimSuffix(stem, filepath.Ext(stem))
		if _, canonical := queries.TableByName(stem); !ok || !canonical {
			ignored = append(ignored, base)
			continue
		}
		if prev, dup := found[stem]; dup {
			return Plan{}, nil, fmt.Errorf("folder %s: both %s and %s would load table %s; keep one", dir, prev, base, stem)
		}
		found[stem] = base
	}
	if _, ok := found["leads"]; !ok {
		return Plan{}, nil, fmt.Errorf("folder %s: no leads file (leads.csv, leads.parquet, leads.json, optionally .gz); leads is the one table every load needs", dir)
	}
	plan = Plan{Origin: dir, MaxRejectShare: DefaultMaxRejectShare, Settings: queries.Settings{AmountBasis: queries.AmountAnnual}}
	for _, t := range queries.Tables {
		base, ok := found[t.Name]
		if !ok {
			continue
		}
		format, _ := formatOf(base)
		plan.Sources = append(plan.Sources, Source{Table: t.Name, Path: filepath.Join(dir, base), Format: format})
	}
	sort.Strings(ignored)
	return plan, ignored, nil
}

// label names a source in messages: its file, and the manifest entry.
func (s Source) label() string {
	if s.where != "" {
		return fmt.Sprintf("%s (%s)", filepath.Base(s.Path), s.where)
	}
	return filepath.Base(s.Path)
}
