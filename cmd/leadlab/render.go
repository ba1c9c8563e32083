package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leadlab/leadlab/analysis"
	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// emit writes a report as JSON, CSV (when the report has a CSV form) or
// the table for people.
func emit[T any](w io.Writer, format string, rep T, table, csv func(io.Writer, T) error) error {
	switch {
	case format == "json":
		return writeJSON(w, rep)
	case format == "csv" && csv != nil:
		return csv(w, rep)
	}
	return table(w, rep)
}

// schemaVersion is the first key of every JSON report: it rises when a
// key's meaning changes or one is removed (adding a key does not change
// it), so a script can refuse output it was not written for.
const schemaVersion = 1

// writeJSON writes a report as indented JSON with schema_version first;
// each object of a list (bench's several steps) carries it.
func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if b, err = withSchemaVersion(b); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = out.WriteTo(w)
	return err
}

// withSchemaVersion puts "schema_version" first in a JSON object, or in
// each object of a JSON array, keeping every other key where it was.
func withSchemaVersion(b []byte) ([]byte, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '{':
		head := fmt.Sprintf(`{"schema_version":%d`, schemaVersion)
		rest := bytes.TrimSpace(b[1:])
		if len(rest) > 0 && rest[0] != '}' {
			head += ","
		}
		return append([]byte(head), rest...), nil
	case len(b) > 0 && b[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return nil, err
		}
		for i, it := range items {
			var err error
			if items[i], err = withSchemaVersion(it); err != nil {
				return nil, err
			}
		}
		return json.Marshal(items)
	}
	return b, nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}

func printLoad(w io.Writer, format, db string, res load.LoadResult, ignored []string, warns []queries.Warning, aside queries.SetAside) error {
	if format == "json" {
		return writeJSON(w, struct {
			Workspace string            `json:"workspace"`
			Result    load.LoadResult   `json:"result"`
			Ignored   []string          `json:"ignored_files"`
			Warnings  []queries.Warning `json:"warnings"`
			SetAside  queries.SetAside  `json:"as_of_set_aside"`
		}{db, res, ignored, warns, aside})
	}
	fmt.Fprintf(w, "Loaded %s into %s\n\n", res.Origin, db)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tfile\trows read\tloaded\trejected\t")
	for _, t := range res.Tables {
		file := filepath.Base(t.File)
		if len(t.Files) > 1 {
			file = fmt.Sprintf("%d files", len(t.Files))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", t.Table, file, analysis.Count(t.Read), analysis.Count(t.Loaded), analysis.Count(t.Rejected))
		if len(t.Files) < 2 {
			continue
		}
		for i, f := range t.Files { // a table of several files: each on its own line
			fmt.Fprintf(tw, "  (%d of %d)\t%s\t%s\t%s\t%s\t\n", i+1, len(t.Files), filepath.Base(f.File), analysis.Count(f.Read), analysis.Count(f.Loaded), analysis.Count(f.Rejected))
		}
	}
	tw.Flush()
	for _, t := range res.Tables {
		if len(t.Extras) > 0 {
			fmt.Fprintf(w, "  %s: extra attributes kept: %s\n", t.Table, strings.Join(t.Extras, ", "))
		}
		if len(t.Ignored) > 0 {
			fmt.Fprintf(w, "  %s: columns ignored: %s\n", t.Table, strings.Join(t.Ignored, ", "))
		}
		for _, n := range t.Notes {
			fmt.Fprintf(w, "  %s: warning: %s\n", t.Table, n)
		}
	}
	if len(ignored) > 0 {
		fmt.Fprintf(w, "  files passed over (not canonical table names): %s\n", strings.Join(ignored, ", "))
	}
	printFilesRead(w, res.Files)
	printRejects(w, res.RejectCount, res.Rejects)
	printWarnings(w, warns)
	printSetAside(w, aside)
	return nil
}

// printFilesRead gives the full path of every file the load read, and
// where a symbolic link led, so that no file is read unseen.
func printFilesRead(w io.Writer, files []load.FileRead) {
	if len(files) == 0 {
		return
	}
	fmt.Fprintln(w, "\nFiles read:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range files {
		p := f.Path
		if f.Resolved != f.Path {
			p += " → " + f.Resolved
		}
		if f.Role == "join" {
			p += " (joined)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", f.Table, p)
	}
	tw.Flush()
}

// printSetAside lists the timestamps the as-of date was not taken from.
func printSetAside(w io.Writer, a queries.SetAside) {
	if a.Count == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s set aside from the as-of date:\n", plural(a.Count, "timestamp"))
	if a.AfterClock > 0 {
		fmt.Fprintf(w, "  %8s  after the load's time (%s)\n", analysis.Count(a.AfterClock), a.Clock.Format("2006-01-02 15:04 MST"))
	}
	if a.Strays > 0 {
		fmt.Fprintf(w, "  %8s  far beyond the rest of the data: %s\n", analysis.Count(a.Strays), a.Rule)
	}
	var n int64
	for _, v := range a.Values {
		why := "far beyond the rest"
		if v.Reason == "after_clock" {
			why = "after the load's time"
		}
		fmt.Fprintf(w, "  %s.%s = %s (%s, %s)\n", v.Table, v.Column, v.Value.Format("2006-01-02 15:04:05"), plural(v.Rows, "row"), why)
		n += v.Rows
	}
	if n < a.Count {
		fmt.Fprintf(w, "  … and %s more\n", analysis.Count(a.Count-n))
	}
}

func printRejects(w io.Writer, total int64, rs []queries.Reject) {
	if total == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s rows rejected (kept in the workspace's _rejects table):\n", analysis.Count(total))
	for _, r := range rs {
		fmt.Fprintf(w, "  %s\n", r.String())
	}
	if int64(len(rs)) < total {
		fmt.Fprintf(w, "  … and %s more\n", analysis.Count(total-int64(len(rs))))
	}
}

func printWarnings(w io.Writer, warns []queries.Warning) {
	if len(warns) == 0 {
		return
	}
	fmt.Fprintln(w, "\nWarnings:")
	for _, x := range warns {
		fmt.Fprintf(w, "  %8s  %s [%s]\n", analysis.Count(x.Count), x.Message, x.Code)
	}
}

func printDataReport(w io.Writer, r analysis.DataReport) error {
	fmt.Fprintf(w, "Data: %s (loaded %s)\n\n", r.Load.Origin, r.Load.LoadedAt.Format("2006-01-02 15:04 MST"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "table\trows\trejected\tfrom\tto\tsource")
	for _, t := range queries.Tables {
		s := r.Tables[t.Name]
		from, to := "—", "—"
		if s.From != nil {
			from, to = day(*s.From), day(*s.To)
		}
		src := "not loaded"
		if s.Loaded {
			src = analysis.FileNames(s)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Name, analysis.Count(s.Rows), analysis.Count(s.Rejected), from, to, src)
	}
	tw.Flush()

	for _, kind := range queries.DealKinds {
		byStatus, ok := r.Deals[kind]
		if !ok {
			continue
		}
		var parts []string
		for _, st := range queries.DealStatuses {
			parts = append(parts, fmt.Sprintf("%s %s", st, analysis.Count(byStatus[st])))
		}
		fmt.Fprintf(w, "  %s deals: %s\n", kind, strings.Join(parts, " · "))
	}

	o := r.Outcome
	fmt.Fprintln(w, "\nOutcomes")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	asOf := "none"
	if o.AsOf != nil {
		asOf = day(*o.AsOf)
	}
	fmt.Fprintf(tw, "  as-of date\t%s\t%s\n", asOf, o.AsOfSource)
	window := "none"
	if o.WindowDays > 0 {
		window = fmt.Sprintf("%d days", o.WindowDays)
	}
	fmt.Fprintf(tw, "  window\t%s\t%s\n", window, o.WindowSource)
	fmt.Fprintf(tw, "  leads\t%s\t\n", analysis.Count(o.Leads))
	fmt.Fprintf(tw, "  won\t%s\t%s\n", analysis.Count(o.Won), o.WonRule())
	fmt.Fprintf(tw, "  not won\t%s\t%s\n", analysis.Count(o.NotWon), o.NotWonRule())
	fmt.Fprintf(tw, "  maturing\t%s\twindow still open at the as-of date (%s already won): left out of close rates\n",
		analysis.Count(o.Maturing), analysis.Count(o.MaturingWon))
	if o.CloseRate != nil {
		fmt.Fprintf(tw, "  close rate\t%.2f%%\twon / (won + not won)\n", 100**o.CloseRate)
	}
	fmt.Fprintf(tw, "  events\t\t%s\n", o.ExposureRule)
	tw.Flush()
	for _, n := range o.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	printSetAside(w, o.AsOfSetAside)
	printRejects(w, r.Rejected, r.Rejects)
	printWarnings(w, r.Warnings)
	return nil
}

// plural is "1 row", "2 rows".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return analysis.Count(n) + " " + noun + "s"
}
