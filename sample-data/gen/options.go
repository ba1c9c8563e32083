package gen

import (
	"errors"
	"fmt"
	"time"
)

// DefaultLeads is the number of leads written when Options.Leads is zero.
const DefaultLeads = 20000

// Options says what to generate.
type Options struct {
	Out    string    // output directory, created if missing; the tables in it are replaced, in any format
	Leads  int       // number of leads (DefaultLeads when 0)
	Seed   uint64    // same seed => byte-identical files
	Format string    // "csv" (default) or "parquet"
	Gzip   bool      // csv only: write .csv.gz
	AsOf   time.Time // end of the data; zero => 2026-06-30 00:00:00 UTC, never the wall clock
	Drift  bool      // the last DriftMonths drift (drift.go); false => the files of a leadlab without drift
}

// Stats reports what Generate wrote.
type Stats struct {
	Files map[string]int64 // table name -> rows written (header excluded)
	Bytes int64            // total size of the files written
}

// withDefaults fills in the defaults and rejects options that cannot work.
func (opt Options) withDefaults() (Options, error) {
	if opt.Out == "" {
		return opt, errors.New("no output folder given")
	}
	if opt.Leads < 0 {
		return opt, fmt.Errorf("leads must not be negative, got %d", opt.Leads)
	}
	if opt.Leads == 0 {
		opt.Leads = DefaultLeads
	}
	switch opt.Format {
	case "":
		opt.Format = "csv"
	case "csv", "parquet":
	default:
		return opt, fmt.Errorf("unknown format %q: want csv or parquet", opt.Format)
	}
	if opt.Gzip && opt.Format != "csv" {
		return opt, errors.New("gzip applies to csv only; parquet files are compressed already")
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = defaultAsOf
	}
	opt.AsOf = opt.AsOf.UTC()
	if y := opt.AsOf.Year(); y < 1980 || y > 9000 {
		return opt, fmt.Errorf("as-of date %s is out of range (1980–9000)", opt.AsOf.Format(time.DateOnly))
	}
	return opt, nil
}
