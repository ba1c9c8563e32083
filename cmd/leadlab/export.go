package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/export"
	"github.com/leadlab/leadlab/internal/buildinfo"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/queries"
)

func newExportCmd() *cobra.Command {
	var (
		df          dataFlags
		of          outcomeFlags
		configPath  string
		format      string
		out         string
		view        string
		mappingPath string
		tables      []string
		columns     []string
		fixedAsOf   bool
	)
	cmd := &cobra.Command{
		Use:   "export --config FILE --format yaml|json|sql-duckdb|sql-postgres --out FILE",
		Short: "Write the model for production: the config with its measured figures, or SQL that scores every lead",
		Long: `export checks the config against the data (as every scoring command does),
measures it there and writes it for production.

yaml and json write the whole config with fresh metadata: tool version, data
fingerprint, as-of date, window, and at the cutoff the close rate with its
95% interval, recall and share on the tuning leads and on the latest 30%
held out. Loaded back with --config it gives the same scores, sweep and
recommendation.

sql-duckdb and sql-postgres write one self-contained script that creates a
view (default lead_scores) over the canonical tables leads, accounts and
events, giving every lead's fit, pain, score and sdr_ready as of the
database clock (UTC) — decay and caps included — exactly as
leadlab score --now computes them. --fixed-as-of scores as of the data's
as-of date instead, to compare with leadlab. Map the tables and columns to
the production schema with --table and --column, or a --mapping file:

  view: scoring.lead_scores
  tables:
    leads: crm.leads            # or a list of parts: [crm, leads]
    events: tracking.events
  columns:
    leads:
      created_at: created_date
      title: null               # production has no title column
    events:
      occurred_at: ts

Every name is quoted, so any name works; a rule production cannot compute
the way leadlab does is refused with the reason. Files are written
atomically: an interrupted export never leaves a half-written file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			if out == "" {
				return usageErrorf("--out is required: the file to write (- for stdout)")
			}
			sqlOut := strings.HasPrefix(format, "sql-")
			var m export.Mapping
			if sqlOut {
				var err error
				if m, err = mappingOf(mappingPath, view, tables, columns); err != nil {
					return err
				}
			} else if mappingPath != "" || view != "" || len(tables) > 0 || len(columns) > 0 || fixedAsOf {
				return usageErrorf("--mapping, --view, --table, --column and --fixed-as-of apply to the SQL formats, not to %s", format)
			}
			s, err := openScoring(cmd, df, &of, configPath)
			if err != nil {
				return err
			}
			defer s.Close()
			s.warn(stderrOf(cmd))
			meta, err := analysis.Describe(cmd.Context(), s.ws, s.data, s.cfg, buildinfo.Version(), nowFunc())
			if err != nil {
				return err
			}
			cfg := s.cfg
			cfg.Metadata = meta
			var body []byte
			switch format {
			case "yaml":
				body, err = scoring.EncodeYAML(cfg)
			case "json":
				body, err = scoring.EncodeJSON(cfg)
			default:
				var text string
				text, err = exportSQL(cmd, s, cfg, m, format, configPath, fixedAsOf)
				body = []byte(text)
			}
			if err != nil {
				return err
			}
			return writeAtomic(out, cmd.OutOrStdout(), func(w io.Writer) error { _, err := w.Write(body); return err })
		},
	}
	df.register(cmd)
	of.register(cmd)
	configFlag(cmd, &configPath)
	formatFlag(cmd, &format, "", "what to write", "yaml", "json", "sql-duckdb", "sql-postgres")
	cmd.Flags().StringVar(&out, "out", "", "file to write (- for stdout); written atomically")
	cmd.Flags().StringVar(&view, "view", "", "SQL: the view to create, optionally schema-qualified (default lead_scores)")
	cmd.Flags().StringVar(&mappingPath, "mapping", "", "SQL: a YAML file mapping tables and columns to the production schema")
	cmd.Flags().StringArrayVar(&tables, "table", nil, "SQL: TABLE=NAME maps a table, e.g. leads=crm.leads (repeatable)")
	cmd.Flags().StringArrayVar(&columns, "column", nil, "SQL: TABLE.COLUMN=NAME maps a column, e.g. events.occurred_at=ts; NAME empty: production lacks it (repeatable)")
	cmd.Flags().BoolVar(&fixedAsOf, "fixed-as-of", false, "SQL: score as of the data's as-of date, not the database clock")
	return cmd
}

// mappingOf reads the mapping file, then lets the flags override it.
func mappingOf(path, view string, tables, columns []string) (export.Mapping, error) {
	var m export.Mapping
	if path != "" {
		var err error
		if m, err = export.LoadMapping(path); err != nil {
			return m, err
		}
	}
	if view != "" {
		n, err := export.ParseName(view)
		if err != nil {
			return m, usageErrorf("--view: %w", err)
		}
		m.View = n
	}
	for _, t := range tables {
		if err := m.SetTable(t); err != nil {
			return m, err
		}
	}
	for _, c := range columns {
		if err := m.SetColumn(c); err != nil {
			return m, err
		}
	}
	return m, nil
}

// exportSQL writes the scoring view with a header saying where the model
// came from and how it measured.
func exportSQL(cmd *cobra.Command, s *scoringSession, cfg scoring.Config, m export.Mapping, format, configPath string, fixedAsOf bool) (string, error) {
	lead, account, err := queries.ProfileColumns(cmd.Context(), s.ws)
	if err != nil {
		return "", err
	}
	opt := export.Options{Dialect: queries.DuckDB, Mapping: m, Lead: lead, Account: account, Header: sqlHeader(cfg, configPath)}
	if format == "sql-postgres" {
		opt.Dialect = queries.Postgres
	}
	if fixedAsOf {
		at := time.UnixMicro(s.data.AsOf).UTC()
		opt.AsOf = &at
	}
	text, err := export.SQL(cfg, opt)
	if err != nil {
		return "", fmt.Errorf("config %s cannot be exported as %s:\n%w", configPath, opt.Dialect, err)
	}
	return text, nil
}

func sqlHeader(cfg scoring.Config, configPath string) []string {
	m := cfg.Metadata
	name := ""
	if cfg.Name != "" {
		name = fmt.Sprintf(" %q", cfg.Name)
	}
	asOf := "no date (the data has none)"
	if m.AsOf != nil {
		asOf = *m.AsOf
	}
	h := []string{
		fmt.Sprintf("leadlab scoring model%s, from %s", name, configPath),
		fmt.Sprintf("Written by leadlab %s at %s. %d fit and %d pain rules.", m.ToolVersion, m.CreatedAt, len(cfg.Fit), len(cfg.Pain)),
		fmt.Sprintf("Measured on data %s, as of %s, window %d days:", m.Fingerprint, asOf, m.WindowDays),
	}
	for _, x := range []*scoring.Measured{m.Tuning, m.Holdout} {
		if x == nil {
			continue
		}
		h = append(h, fmt.Sprintf("  %s: close rate %s [%s, %s] on %s SDR-ready leads, recall %s, %s of %s leads",
			x.Split, pct(x.CloseRate), pct(x.CILow), pct(x.CIHigh), numfmt.Count(x.Ready), pct(x.Recall), pct(x.Share), numfmt.Count(x.Leads)))
	}
	return h
}
