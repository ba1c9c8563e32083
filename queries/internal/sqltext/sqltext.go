// Package sqltext holds the small helpers that the data layer's packages
// (queries, which reads a workspace, and queries/load, which writes one)
// share for writing DuckDB statements and reporting DuckDB's errors:
// quoting, literal lists, error cleanup, statement tracing and scanning a
// one-column result. It is internal to queries so that nothing above the
// data layer writes SQL with it.
package sqltext

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

// QuoteIdent quotes an SQL identifier for DuckDB.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// QuoteLit quotes an SQL string literal.
func QuoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Literals is vs as a comma-separated list of quoted literals, for IN (…).
func Literals(vs []string) string {
	lits := make([]string, len(vs))
	for i, v := range vs {
		lits[i] = QuoteLit(v)
	}
	return strings.Join(lits, ", ")
}

// CleanErr shortens DuckDB's messages: it quotes whole input lines,
// which for a 10 MB field would flood the terminal, and appends the query
// text, which means nothing to an analyst.
func CleanErr(err error) string {
	msg := err.Error()
	if m := extensionErr(msg); m != "" {
		return m
	}
	if i := strings.Index(msg, "\n\nLINE "); i >= 0 {
		msg = msg[:i]
	}
	var b strings.Builder
	for _, line := range strings.Split(msg, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Original Line:") {
			line = Truncate(line, 120)
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return Truncate(strings.TrimSpace(b.String()), 2000)
}

// DuckDB's messages when a query needs an extension that is not loaded.
var (
	missingFunc = regexp.MustCompile(`with name "?([^" ]+)"? is not in the catalog, but it exists in the (\w+) extension`)
	missingFile = regexp.MustCompile(`File (\S+) requires the extension (\w+) to be loaded`)
)

// extensionErr rewords DuckDB's "install and load the extension" advice,
// which leadlab forbids (the workspace's connection options), or is ""
// for any other message.
func extensionErr(msg string) string {
	if m := missingFile.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s needs DuckDB's %s extension: leadlab never installs or loads extensions, nor reads over the network; copy the file to disk and read it from there", m[1], m[2])
	}
	if m := missingFunc.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s needs DuckDB's %s extension, which leadlab never installs or loads: read the workspace's tables, or CSV, Parquet and JSON files on disk", m[1], m[2])
	}
	return ""
}

// Truncate cuts s to at most n runes, marking the cut.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// The trace goes to stderr, except while the workbench runs: its screen
// would draw over the lines, and they over it, so it names a file
// (queries.TraceTo).
var (
	traceMu  sync.Mutex
	traceOut io.Writer = os.Stderr
)

// TraceTo sends the trace to w instead of stderr; nil sends it to stderr
// again.
func TraceTo(w io.Writer) {
	traceMu.Lock()
	defer traceMu.Unlock()
	if w == nil {
		w = os.Stderr
	}
	traceOut = w
}

// Trace prints a statement's duration since start to stderr (or where
// TraceTo says) when LEADLAB_TRACE is set: the first thing to look at
// when a command is slow. Comment lines are left out, so the statement
// itself shows. Statements run on several goroutines at once, so each
// line is written whole. Call it deferred: defer sqltext.Trace(q,
// time.Now()).
func Trace(q string, start time.Time) {
	if os.Getenv("LEADLAB_TRACE") == "" {
		return
	}
	var code []string
	for _, line := range strings.Split(q, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			code = append(code, line)
		}
	}
	line := fmt.Sprintf("%8.3fs  %s\n", time.Since(start).Seconds(), Truncate(strings.Join(strings.Fields(strings.Join(code, " ")), " "), 110))
	traceMu.Lock()
	defer traceMu.Unlock()
	io.WriteString(traceOut, line)
}

// ScanColumn reads a one-column result into a slice and closes rows.
func ScanColumn[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Union appends to a the names of b it lacks, matched without regard to
// case as DuckDB matches column names.
func Union(a, b []string) []string {
	have := map[string]bool{}
	for _, s := range a {
		have[strings.ToLower(s)] = true
	}
	for _, s := range b {
		if !have[strings.ToLower(s)] {
			have[strings.ToLower(s)] = true
			a = append(a, s)
		}
	}
	return a
}
