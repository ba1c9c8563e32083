package queries

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ReadResult is what a read-only query returned, formatted for display.
type ReadResult struct {
	Columns   []string
	Types     []string
	Rows      [][]string
	Truncated bool // more rows than the limit
	Elapsed   time.Duration
}

// readOnlyStarts are the statements the SQL box may run: they only read.
var readOnlyStarts = map[string]bool{
	"SELECT": true, "WITH": true, "FROM": true, "VALUES": true, "TABLE": true, "DESCRIBE": true,
	"SHOW": true, "SUMMARIZE": true, "EXPLAIN": true, "PIVOT": true, "UNPIVOT": true,
}

// CheckReadOnly refuses anything but one statement that only reads: the
// workspace must never change through the SQL box. It returns the
// statement without a trailing semicolon.
func CheckReadOnly(query string) (string, error) {
	stmts := splitStatements(query)
	switch {
	case len(stmts) == 0:
		return "", fmt.Errorf("no statement to run")
	case len(stmts) > 1:
		return "", fmt.Errorf("one statement at a time, please: found %d", len(stmts))
	}
	first := firstKeyword(stmts[0])
	if !readOnlyStarts[first] {
		if first == "" {
			first = "this"
		}
		return "", fmt.Errorf("%s is not allowed: the SQL box only reads (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PIVOT)", first)
	}
	// WITH … can still end in a write in DuckDB (WITH x AS (…) INSERT …);
	// refuse any top-level writing keyword after the CTEs.
	if first == "WITH" {
		for _, w := range []string{"INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "COPY", "ATTACH"} {
			if containsWord(stripLiterals(stmts[0]), w) {
				return "", fmt.Errorf("%s is not allowed: the SQL box only reads", w)
			}
		}
	}
	return stmts[0], nil
}

// splitStatements cuts query at semicolons outside string literals,
// quoted identifiers and comments, dropping empty statements.
func splitStatements(q string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
			b.WriteByte(' ')
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				i = len(q)
			} else {
				i += end + 3
			}
			b.WriteByte(' ')
		case c == ';':
			if s := strings.TrimSpace(b.String()); s != "" {
				out = append(out, s)
			}
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		out = append(out, s)
	}
	return out
}

func firstKeyword(stmt string) string {
	s := strings.TrimLeft(stmt, " \t\r\n(")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return strings.ToUpper(s[:end])
}

// stripLiterals blanks string literals and quoted identifiers.
func stripLiterals(s string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
			b.WriteByte(' ')
		case quote != 0:
			b.WriteByte(' ')
		case c == '\'' || c == '"':
			quote = c
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func containsWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '_' }) {
		if f == w {
			return true
		}
	}
	return false
}

// ReadOnly runs one read-only statement and returns at most limit rows.
func ReadOnly(ctx context.Context, ws *Workspace, query string, limit int) (ReadResult, error) {
	var r ReadResult
	stmt, err := CheckReadOnly(query)
	if err != nil {
		return r, err
	}
	start := time.Now()
	rows, err := ws.DB.QueryContext(ctx, stmt)
	if err != nil {
		return r, fmt.Errorf("%s", cleanDuckErr(err))
	}
	defer rows.Close()
	if r.Columns, err = rows.Columns(); err != nil {
		return r, err
	}
	if types, err := rows.ColumnTypes(); err == nil {
		for _, t := range types {
			r.Types = append(r.Types, t.DatabaseTypeName())
		}
	}
	vals := make([]any, len(r.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if len(r.Rows) == limit {
			r.Truncated = true
			break
		}
		if err := rows.Scan(ptrs...); err != nil {
			return r, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = Display(v)
		}
		r.Rows = append(r.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("%s", cleanDuckErr(err))
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// Display writes a value for people: NULL, numbers without noise, times
// without a zero clock, bytes as hex.
func Display(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', 12, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', 7, 32)
	case time.Time:
		x = x.UTC()
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format("2006-01-02 15:04:05")
	case []byte:
		return hex.EncodeToString(x)
	case string:
		return x
	case sql.NullString:
		if !x.Valid {
			return "NULL"
		}
		return x.String
	}
	return fmt.Sprint(v)
}
