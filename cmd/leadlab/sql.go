package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/queries"
)

func newSQLCmd() *cobra.Command {
	var (
		df     dataFlags
		format string
		limit  int
	)
	cmd := &cobra.Command{
		Use:   `sql [--db FILE] "QUERY"`,
		Short: "Run one query that only reads, under the SQL box's rules (table, json, csv)",
		Long: `sql runs one statement exactly as the workbench's SQL box does, with the
same checks: SELECT and the other statements that only read (WITH, FROM,
VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PIVOT, UNPIVOT); no
function that writes the workspace or changes DuckDB's settings, no
read_csv store_rejects, no other database file, no extension, nothing
over the network. Local CSV, Parquet and JSON files can be read:
  leadlab sql --db ws.duckdb "SELECT * FROM read_csv('extra.csv')"

It opens the workspace read-only, so it runs while a workbench has the
workspace open. Values are written as the SQL box shows them; NULL is
null in json and an empty field in csv.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			if limit < 0 {
				return usageErrorf("--limit must be 0 (every row) or more, got %d", limit)
			}
			if strings.TrimSpace(args[0]) == "" {
				return usageErrorf(`sql needs a query: leadlab sql --db FILE "SELECT ..."`)
			}
			ws, err := openData(cmd.Context(), df)
			if err != nil {
				return err
			}
			defer ws.Close()
			n := limit
			if n == 0 {
				n = math.MaxInt - 1
			}
			r, err := queries.Adhoc(cmd.Context(), ws, args[0], n)
			if err != nil {
				return err
			}
			if r.Truncated && format != "json" {
				fmt.Fprintf(cmd.ErrOrStderr(), "only the first %d rows are shown; the query returned more (--limit 0 shows every row)\n", limit)
			}
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), adhocJSON(r))
			}
			return emit(cmd.OutOrStdout(), format, r, printAdhoc, adhocCSV)
		},
	}
	df.register(cmd)
	formatFlag(cmd, &format, "table", "output", "table", "json", "csv")
	cmd.Flags().IntVar(&limit, "limit", 1000, "most rows to print (0: every row)")
	return cmd
}

// printAdhoc writes a result as aligned columns, as the SQL box shows it.
func printAdhoc(w io.Writer, r queries.AdhocResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(r.Columns, "\t"))
	for _, row := range r.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			// A tab or newline in a value would break the columns.
			cells[i] = strings.NewReplacer("\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "(%d rows)\n", len(r.Rows))
	return err
}

// adhocCSV writes a result as CSV with a header; NULL is an empty field.
func adhocCSV(w io.Writer, r queries.AdhocResult) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.Columns); err != nil {
		return err
	}
	for i, row := range r.Rows {
		rec := append([]string(nil), row...)
		for j := range rec {
			if r.Nulls[i][j] {
				rec[j] = ""
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sqlJSON is a result for scripts: values as the SQL box writes them,
// NULL as null.
type sqlJSON struct {
	Columns   []string    `json:"columns"`
	Types     []string    `json:"types"`
	Rows      [][]*string `json:"rows"`
	Truncated bool        `json:"truncated"`
}

func adhocJSON(r queries.AdhocResult) sqlJSON {
	out := sqlJSON{Columns: r.Columns, Types: r.Types, Rows: make([][]*string, len(r.Rows)), Truncated: r.Truncated}
	for i, row := range r.Rows {
		out.Rows[i] = make([]*string, len(row))
		for j := range row {
			if !r.Nulls[i][j] {
				out.Rows[i][j] = &row[j]
			}
		}
	}
	return out
}
