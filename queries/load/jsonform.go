package load

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// jsonFile is how a JSON file is read: an array of objects, or one
// object per line (NDJSON).
type jsonFile struct {
	path   string // what DuckDB reads: the file, or a copy without its bad lines
	format string // DuckDB's: array or newline_delimited
	// lines are the physical lines of the NDJSON records DuckDB reads, in
	// order: the record of ordinal k starts on lines[k]. Blank lines and
	// bad ones are not records, so the ordinal alone is not the line.
	lines []int64
	bad   []queries.Reject // NDJSON lines that are not a JSON object
}

// jsonForm looks at a JSON file before DuckDB reads it. Each line of an
// NDJSON file is checked on its own: DuckDB stops the whole read at a
// malformed line (naming the line after it), or with ignore_errors reads
// the next line into it. A bad line becomes a reject with its own line
// number, and DuckDB reads a copy of the file with that line blank.
func (l *loader) jsonForm(path, table string) (*jsonFile, error) {
	r, err := openText(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), maxLineBytes+1)
	jf := &jsonFile{path: path, format: "newline_delimited"}
	var line int64
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		t := bytes.TrimSpace(b)
		if line == 1 && bytes.HasPrefix(t, []byte("[")) {
			jf.format = "array"
			return jf, nil
		}
		if len(t) == 0 {
			continue
		}
		why := ""
		switch {
		case t[0] != '{':
			why = "not a JSON object (NDJSON has one object per line)"
		case !json.Valid(t):
			var v any
			why = "malformed JSON"
			if err := json.Unmarshal(t, &v); err != nil {
				why += ": " + err.Error()
			}
		}
		if why == "" {
			jf.lines = append(jf.lines, line)
			continue
		}
		jf.bad = append(jf.bad, queries.Reject{Table: table, File: path, Line: line, Value: sqltext.Truncate(string(t), 80), Reason: why})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s: line %d is longer than %d MB", path, line+1, maxLineBytes>>20)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(jf.lines) == 0 && len(jf.bad) == 0 {
		// Perhaps an array not opened on the first line; DuckDB decides.
		jf.format = "auto"
	}
	if len(jf.bad) > 0 {
		if err := l.blankLines(jf); err != nil {
			return nil, err
		}
	}
	return jf, nil
}

// blankLines points jf at a copy of its file with the bad lines blank.
func (l *loader) blankLines(jf *jsonFile) error {
	in, err := openText(jf.path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp("", "leadlab-records-*.ndjson")
	if err != nil {
		return fmt.Errorf("%s: copy without its malformed lines: %w", jf.path, err)
	}
	l.tempFiles = append(l.tempFiles, out.Name())
	bad := map[int64]bool{}
	for _, r := range jf.bad {
		bad[r.Line] = true
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), maxLineBytes+1)
	w := bufio.NewWriterSize(out, 1<<20)
	var line int64
	for sc.Scan() {
		line++
		if !bad[line] {
			_, _ = w.Write(sc.Bytes())
		}
		_ = w.WriteByte('\n')
	}
	err = sc.Err()
	if err == nil {
		err = w.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: copy without its malformed lines: %w", jf.path, err)
	}
	jf.path = out.Name()
	return nil
}

// jsonReader reads every value as text, as CSV is read: typing is the
// loader's, value by value. Left to DuckDB, one number among dates made
// the whole column JSON, and every date then kept its quote marks and was
// rejected.
func (l *loader) jsonReader(jf *jsonFile, path string) (string, error) {
	opts := fmt.Sprintf("format=%s, maximum_object_size=%d", sqltext.QuoteLit(jf.format), maxLineBytes)
	q := fmt.Sprintf("DESCRIBE SELECT * FROM read_json(%s, %s, sample_size=-1)", sqltext.QuoteLit(jf.path), opts)
	start := time.Now()
	rows, err := l.conn.QueryContext(l.ctx, q)
	sqltext.Trace(q, start)
	if err != nil {
		return "", fmt.Errorf("%s: cannot read as json: %s", path, sqltext.CleanErr(err))
	}
	defer rows.Close()
	colNames, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var cols []string
	for rows.Next() {
		vals := make([]any, len(colNames))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		name, _ := vals[0].(string)
		cols = append(cols, sqltext.QuoteLit(name)+": 'VARCHAR'")
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("%s: cannot read as json: %s", path, sqltext.CleanErr(err))
	}
	if len(cols) == 0 {
		return "", fmt.Errorf("%s: no JSON object with a field in the file", path)
	}
	return fmt.Sprintf("read_json(%s, %s, columns={%s})", sqltext.QuoteLit(jf.path), opts, strings.Join(cols, ", ")), nil
}
