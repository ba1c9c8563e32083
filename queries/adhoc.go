package queries

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// AdhocResult is what a query typed into the SQL box returned, every value
// already written for display.
type AdhocResult struct {
	Columns   []string
	Types     []string // DuckDB's type names, as DESCRIBE shows them
	Rows      [][]string
	Nulls     [][]bool // Nulls[i][j]: cell j of row i is NULL (written "NULL" in Rows)
	Truncated bool     // the query returned more rows than the limit
	Elapsed   time.Duration
}

// ErrAdhocRefused marks a statement the SQL box will not run because it
// could change the workspace.
var ErrAdhocRefused = errors.New("the SQL box only reads")

// adhocStarts are the first keywords of the statements the SQL box runs.
// All of them only read; EXPLAIN is checked again on what it explains,
// because EXPLAIN ANALYZE runs its statement.
//
// Reading is not limited to the workspace: table functions such as
// read_csv or read_parquet read any local file the user could open
// anyway; what a SELECT could still change is refused by checkAdhocTree.
// What DuckDB would do to the workspace or to files —
// INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, COPY, EXPORT, IMPORT,
// ATTACH, DETACH, INSTALL, LOAD, SET, PRAGMA, CALL, CHECKPOINT,
// transactions — starts with another keyword and is refused.
var adhocStarts = []string{"SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN", "PIVOT", "UNPIVOT"}

// Adhoc runs one statement that only reads and returns at most limit rows
// (at least one). The statement is checked three times before anything
// runs: by its words here, which gives the clearest refusals; by the
// syntax tree DuckDB's parser makes of it, for the functions a SELECT may
// call (checkAdhocTree); and by DuckDB's prepared statement, which must be
// exactly one statement of a reading kind — a WITH can end in an INSERT.
// The query
// never goes through database/sql's Query, whose duckdb-go driver runs
// every statement of a text but the last before returning rows.
//
// duckdb-go has no streaming results, so DuckDB computes the whole result
// even though only limit+1 rows are read; cancelling ctx interrupts it.
func Adhoc(ctx context.Context, ws *Workspace, query string, limit int) (AdhocResult, error) {
	var r AdhocResult
	explained, err := checkAdhoc(query)
	if err != nil {
		return r, err
	}
	limit = max(limit, 1)
	start := time.Now()
	// A connection of its own, closed after the query, outside the pool
	// every screen draws from: whatever DuckDB keeps per connection (the
	// temp schema, the search path) dies with it and can never shadow a
	// table another screen reads.
	dc, err := ws.conn.Connect(ctx)
	if err != nil {
		return r, adhocErr(ctx, err)
	}
	defer dc.Close()
	err = func() error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("the workspace's connection is a %T, not DuckDB's", dc)
		}
		checked := query
		if explained != "" {
			checked = explained
		}
		if err := checkAdhocTree(ctx, c, checked); err == errNotSelect {
			// Preparing a statement that is not a SELECT runs nothing;
			// prepareAdhoc names its kind in the refusal.
			st, err := prepareAdhoc(c, checked, false)
			if err == nil {
				st.Close()
				err = fmt.Errorf("%w: only a SELECT can run", ErrAdhocRefused)
			}
			return err
		} else if err != nil {
			return err
		}
		if explained != "" {
			st, err := prepareAdhoc(c, explained, false)
			if err != nil {
				return err
			}
			st.Close()
		}
		st, err := prepareAdhoc(c, query, explained != "")
		if err != nil {
			return err
		}
		defer st.Close()
		rows, err := st.QueryContext(ctx, nil)
		if err != nil {
			return adhocErr(ctx, err)
		}
		defer rows.Close()
		return readAdhoc(&r, rows, limit)
	}()
	if err != nil {
		return AdhocResult{}, err
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// adhocErr words an error for the user; a cancelled query says only that.
func adhocErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("query stopped: %w", ctx.Err())
	}
	return errors.New(sqltext.CleanErr(err))
}

// prepareAdhoc has DuckDB parse text as exactly one statement and refuses
// it unless it reads; explain allows EXPLAIN, once the caller has checked
// the statement it explains.
func prepareAdhoc(c *duckdb.Conn, text string, explain bool) (*duckdb.Stmt, error) {
	// Prepare, unlike PrepareContext, refuses more than one statement
	// instead of running all but the last.
	ds, err := c.Prepare(text)
	if err != nil {
		if strings.Contains(err.Error(), "multi-statement") {
			return nil, fmt.Errorf("%w: DuckDB reads this as more than one statement (a PIVOT without an IN list creates a type first; list the values: ON col IN ('a', 'b'))", ErrAdhocRefused)
		}
		return nil, errors.New(sqltext.CleanErr(err))
	}
	st := ds.(*duckdb.Stmt)
	t, err := st.StatementType()
	if err == nil && (t == duckdb.STATEMENT_TYPE_SELECT || explain && t == duckdb.STATEMENT_TYPE_EXPLAIN) {
		return st, nil
	}
	st.Close()
	name := adhocTypeNames[t]
	if name == "" {
		name = "this statement"
	}
	return nil, fmt.Errorf("%w: %s is not allowed", ErrAdhocRefused, name)
}

// adhocTypeNames words the statement kinds DuckDB reports, for refusals.
var adhocTypeNames = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_INSERT: "INSERT", duckdb.STATEMENT_TYPE_UPDATE: "UPDATE",
	duckdb.STATEMENT_TYPE_DELETE: "DELETE", duckdb.STATEMENT_TYPE_CREATE: "CREATE",
	duckdb.STATEMENT_TYPE_DROP: "DROP", duckdb.STATEMENT_TYPE_ALTER: "ALTER",
	duckdb.STATEMENT_TYPE_COPY: "COPY", duckdb.STATEMENT_TYPE_EXPORT: "EXPORT",
	duckdb.STATEMENT_TYPE_ATTACH: "ATTACH", duckdb.STATEMENT_TYPE_DETACH: "DETACH",
	duckdb.STATEMENT_TYPE_PRAGMA: "PRAGMA", duckdb.STATEMENT_TYPE_SET: "SET",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET VARIABLE", duckdb.STATEMENT_TYPE_CALL: "CALL",
	duckdb.STATEMENT_TYPE_LOAD: "LOAD", duckdb.STATEMENT_TYPE_TRANSACTION: "a transaction",
	duckdb.STATEMENT_TYPE_CREATE_FUNC: "CREATE FUNCTION", duckdb.STATEMENT_TYPE_VACUUM: "VACUUM",
}

// readAdhoc reads at most limit rows, one more to know whether there are.
func readAdhoc(r *AdhocResult, rows driver.Rows, limit int) error {
	r.Columns = rows.Columns()
	r.Types = make([]string, len(r.Columns))
	if tn, ok := rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		for i := range r.Types {
			r.Types[i] = tn.ColumnTypeDatabaseTypeName(i)
		}
	}
	vals := make([]driver.Value, len(r.Columns))
	for {
		err := rows.Next(vals)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errors.New(sqltext.CleanErr(err))
		}
		if len(r.Rows) == limit {
			r.Truncated = true
			return nil
		}
		row := make([]string, len(vals))
		nulls := make([]bool, len(vals))
		for i, v := range vals {
			row[i] = adhocCell(v, r.Types[i])
			nulls[i] = v == nil
		}
		r.Rows = append(r.Rows, row)
		r.Nulls = append(r.Nulls, nulls)
	}
}

// checkAdhoc refuses, by its words, anything but one statement that
// starts with a reading keyword. For EXPLAIN it returns the statement
// explained, which must pass DuckDB's check too.
func checkAdhoc(query string) (explained string, err error) {
	var stmts [][]adhocToken
	var cur []adhocToken
	for _, t := range adhocTokens(query) {
		if t.text == ";" && t.kind == 'p' {
			if len(cur) > 0 {
				stmts = append(stmts, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		stmts = append(stmts, cur)
	}
	switch {
	case len(stmts) == 0:
		return "", fmt.Errorf("nothing to run: write a query first")
	case len(stmts) > 1:
		return "", fmt.Errorf("%w one statement at a time: found %d", ErrAdhocRefused, len(stmts))
	}
	toks := stmts[0]
	for {
		first := firstAdhocWord(toks)
		if !isAdhocStart(first) {
			if first == "" {
				first = "a statement that does not start with a keyword"
			}
			return "", fmt.Errorf("%w: %s is not allowed (start with %s)", ErrAdhocRefused, first, strings.Join(adhocStarts, ", "))
		}
		if first != "EXPLAIN" {
			return explained, nil
		}
		toks = explainedTokens(toks)
		if len(toks) == 0 {
			return "", fmt.Errorf("%w: EXPLAIN of nothing", ErrAdhocRefused)
		}
		explained = query[toks[0].pos:]
	}
}

func isAdhocStart(w string) bool {
	for _, s := range adhocStarts {
		if w == s {
			return true
		}
	}
	return false
}

// firstAdhocWord is the statement's first word, past opening parentheses.
func firstAdhocWord(toks []adhocToken) string {
	for _, t := range toks {
		switch {
		case t.kind == 'p' && t.text == "(":
			continue
		case t.kind == 'w':
			return t.text
		}
		return ""
	}
	return ""
}

// explainedTokens drops EXPLAIN, ANALYZE and an option list such as
// (FORMAT json) from the front of toks.
func explainedTokens(toks []adhocToken) []adhocToken {
	toks = toks[1:]
	if len(toks) > 0 && (toks[0].text == "ANALYZE" || toks[0].text == "ANALYSE") {
		toks = toks[1:]
	}
	// "(" followed by a word that starts no statement opens options.
	if len(toks) > 1 && toks[0].text == "(" && toks[1].kind == 'w' && !isAdhocStart(toks[1].text) {
		depth := 0
		for i, t := range toks {
			switch t.text {
			case "(":
				depth++
			case ")":
				depth--
			}
			if depth == 0 {
				return toks[i+1:]
			}
		}
		return nil
	}
	return toks
}

// adhocToken is a piece of SQL outside comments: a word (upper-cased), a
// quoted string or identifier, or one character of punctuation.
type adhocToken struct {
	kind byte // 'w' word, 'q' quoted, 'p' punctuation
	text string
	pos  int // byte offset in the query
}

// adhocTokens splits q the way DuckDB's lexer does as far as statements
// go: semicolons inside '…', E'…' (backslash escapes), "…", $tag$…$tag$,
// -- comments and nested /* */ comments do not end a statement. It need
// not be exact: DuckDB's parser has the last word on how many statements
// there are.
func adhocTokens(q string) []adhocToken {
	var out []adhocToken
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(q[i:], "--"):
			if n := strings.IndexByte(q[i:], '\n'); n >= 0 {
				i += n + 1
			} else {
				i = len(q)
			}
		case strings.HasPrefix(q[i:], "/*"):
			i = blockCommentEnd(q, i)
		case r == '\'' || r == '"':
			j := quoteEnd(q, i, q[i], false)
			out = append(out, adhocToken{'q', q[i:j], i})
			i = j
		case r == '$' && dollarTag(q[i:]) != "":
			tag := dollarTag(q[i:])
			j := len(q)
			if n := strings.Index(q[i+len(tag):], tag); n >= 0 {
				j = i + len(tag) + n + len(tag)
			}
			out = append(out, adhocToken{'q', q[i:j], i})
			i = j
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(q) {
				r, size := utf8.DecodeRuneInString(q[j:])
				if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				j += size
			}
			if (q[i:j] == "E" || q[i:j] == "e") && j < len(q) && q[j] == '\'' {
				j = quoteEnd(q, j, '\'', true)
				out = append(out, adhocToken{'q', q[i:j], i})
			} else {
				out = append(out, adhocToken{'w', strings.ToUpper(q[i:j]), i})
			}
			i = j
		default:
			out = append(out, adhocToken{'p', q[i : i+size], i})
			i += size
		}
	}
	return out
}

// quoteEnd is the offset just past the quote closing the one at start;
// a doubled quote is part of the text, and so is a backslashed character
// when backslash is set. An unclosed quote runs to the end.
func quoteEnd(q string, start int, quote byte, backslash bool) int {
	for i := start + 1; i < len(q); i++ {
		switch {
		case backslash && q[i] == '\\':
			i++
		case q[i] == quote && i+1 < len(q) && q[i+1] == quote:
			i++
		case q[i] == quote:
			return i + 1
		}
	}
	return len(q)
}

// blockCommentEnd is the offset just past the comment opening at start;
// DuckDB, like PostgreSQL, nests block comments.
func blockCommentEnd(q string, start int) int {
	depth := 0
	for i := start; i < len(q)-1; i++ {
		switch q[i : i+2] {
		case "/*":
			depth++
			i++
		case "*/":
			depth--
			i++
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(q)
}

// dollarTag is the $tag$ opening a dollar-quoted string at the start of
// s, or "" ($1 is a parameter, not a quote).
func dollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '$':
			return s[:j+1]
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > 1 && '0' <= c && c <= '9':
		default:
			return ""
		}
	}
	return ""
}

// adhocCell writes a value for people: NULL as NULL, numbers without
// float noise, dates and times in the form DuckDB prints them, blobs as
// text with \xHH for bytes that are not printable, UUIDs in their usual
// form, nested values in DuckDB's literal syntax. typ is DuckDB's name of
// the column's type ("" inside nested values).
func adhocCell(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return adhocFloat(x, 15, 64)
	case float32:
		return adhocFloat(float64(x), 7, 32)
	case time.Time:
		return adhocTime(x, typ)
	case []byte:
		if typ == "UUID" && len(x) == 16 {
			u := duckdb.UUID(x)
			return u.String()
		}
		return adhocBlob(x)
	case duckdb.Decimal:
		return x.String()
	case *big.Int:
		return x.String()
	case duckdb.Interval:
		return adhocInterval(x)
	case duckdb.Union:
		return adhocCell(x.Value, "")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = adhocNested(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any: // a STRUCT; the driver does not keep field order
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = sqltext.QuoteLit(k) + ": " + adhocNested(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case duckdb.OrderedMap:
		keys, vals := x.Keys(), x.Values()
		parts := make([]string, len(keys))
		for i := range keys {
			parts[i] = adhocNested(keys[i]) + "=" + adhocNested(vals[i])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// adhocNested writes a value inside a list, struct or map, where strings
// are quoted so that ['a, b'] is not read as two elements.
func adhocNested(v any) string {
	if s, ok := v.(string); ok {
		return sqltext.QuoteLit(s)
	}
	return adhocCell(v, "")
}

// adhocFloat keeps digits significant figures: the digits a float holds
// reliably, so 0.1+0.2 shows as 0.3.
func adhocFloat(x float64, digits, bits int) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(x, 'g', digits, bits)
}

// adhocTime writes a time as DuckDB prints its type; the driver gives
// every TIMESTAMPTZ in UTC, so it says so.
func adhocTime(t time.Time, typ string) string {
	switch {
	case typ == "DATE":
		return t.Format(time.DateOnly)
	case strings.HasPrefix(typ, "TIME") && !strings.HasPrefix(typ, "TIMESTAMP"):
		return t.Format("15:04:05.999999")
	case typ == "TIMESTAMPTZ" || typ == "TIMESTAMP WITH TIME ZONE":
		return t.UTC().Format("2006-01-02 15:04:05.999999") + " UTC"
	case typ == "" && t.Year() == 1 && t.YearDay() == 1:
		return t.Format("15:04:05.999999")
	case typ == "" && t.Equal(t.Truncate(24*time.Hour)):
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04:05.999999999")
}

// adhocBlob writes bytes as DuckDB does: printable ASCII as itself, any
// other byte as \xHH.
func adhocBlob(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			s.WriteByte(c)
		} else {
			fmt.Fprintf(&s, `\x%02X`, c)
		}
	}
	return s.String()
}

// adhocInterval writes an interval as DuckDB does: 1 year 2 months
// 3 days 04:05:06.
func adhocInterval(iv duckdb.Interval) string {
	var parts []string
	unit := func(n int64, one string) {
		if n == 0 {
			return
		}
		s := strconv.FormatInt(n, 10) + " " + one
		if n != 1 && n != -1 {
			s += "s"
		}
		parts = append(parts, s)
	}
	unit(int64(iv.Months/12), "year")
	unit(int64(iv.Months%12), "month")
	unit(int64(iv.Days), "day")
	if us := iv.Micros; us != 0 || len(parts) == 0 {
		sign := ""
		if us < 0 {
			sign, us = "-", -us
		}
		d := time.Duration(us) * time.Microsecond
		clock := fmt.Sprintf("%s%02d:%02d:%02d", sign, int64(d.Hours()), int64(d.Minutes())%60, int64(d.Seconds())%60)
		if frac := us % 1e6; frac != 0 {
			clock += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
		}
		parts = append(parts, clock)
	}
	return strings.Join(parts, " ")
}
