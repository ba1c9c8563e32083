package gen

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// table streams the rows of one CSV file. Fields are appended to a reused
// row buffer with strconv-style appends, so writing a row allocates nothing.
// Write errors are sticky: the first one is kept and reported by err and
// close, and later rows are dropped.
type table struct {
	spec  *tableSpec
	path  string
	file  *os.File
	async *asyncWriter
	gz    *gzip.Writer
	w     io.Writer // the file, through gz when compressing
	row   []byte    // rows not yet handed to w, the last one being built
	first bool      // the next field is the first of its row
	rows  int64
	werr  error
}

// createTable creates dir/<name>.csv (or .csv.gz) and writes its header.
func createTable(dir string, spec *tableSpec, gz bool) (*table, error) {
	name := spec.name + ".csv"
	if gz {
		name += ".gz"
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	t := &table{spec: spec, path: path, file: f, first: true, async: newAsyncWriter(f)}
	var w io.Writer = t.async
	if gz {
		// A zero gzip.Header has no name and no modification time, which
		// keeps the compressed bytes a function of the content alone.
		t.gz = gzip.NewWriter(t.async)
		w = t.gz
	}
	t.w = w
	for _, c := range spec.columns {
		t.str(c.name)
	}
	t.end()
	t.rows = 0 // the header is not a row
	return t, nil
}

// str appends a text field, quoting it as RFC 4180 requires. An empty string
// is written as an empty field, which the canonical format reads as null.
func (t *table) str(s string) {
	t.sep()
	if !needsQuote(s) {
		t.row = append(t.row, s...)
		return
	}
	t.row = append(t.row, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			t.row = append(t.row, '"')
		}
		t.row = append(t.row, s[i])
	}
	t.row = append(t.row, '"')
}

func needsQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			return true
		}
	}
	return false
}

// id appends prefix followed by n, e.g. "L42"; n <= 0 writes a null.
func (t *table) id(prefix byte, n int) {
	t.sep()
	if n > 0 {
		t.row = append(t.row, prefix)
		t.row = strconv.AppendInt(t.row, int64(n), 10)
	}
}

func (t *table) num(n int64) {
	t.sep()
	t.row = strconv.AppendInt(t.row, n, 10)
}

// money appends an amount with two decimals.
func (t *table) money(x float64) {
	t.sep()
	t.row = strconv.AppendFloat(t.row, x, 'f', 2, 64)
}

func (t *table) boolean(v bool) {
	t.sep()
	t.row = strconv.AppendBool(t.row, v)
}

// ts appends a timestamp; sec <= 0 writes a null.
func (t *table) ts(sec int64) {
	t.sep()
	if sec > 0 {
		t.row = appendTimestamp(t.row, sec)
	}
}

func (t *table) date(sec int64) {
	t.sep()
	t.row = appendDate(t.row, sec)
}

func (t *table) null() { t.sep() }

func (t *table) sep() {
	if !t.first {
		t.row = append(t.row, ',')
	}
	t.first = false
}

// end finishes the row. Rows are handed to the writer 64 KiB at a time:
// the bytes are copied once, into the async writer's chunk.
func (t *table) end() {
	t.row = append(t.row, '\n')
	t.first = true
	t.rows++
	if len(t.row) >= 1<<16 {
		t.flush()
	}
}

func (t *table) flush() {
	if t.werr == nil && len(t.row) > 0 {
		if _, err := t.w.Write(t.row); err != nil {
			t.werr = fmt.Errorf("write %s: %w", filepath.Base(t.path), err)
		}
	}
	t.row = t.row[:0]
}

func (t *table) err() error { return t.werr }

// close flushes and closes every layer, returning the first error.
func (t *table) close() error {
	t.flush()
	err := t.werr
	if t.gz != nil {
		if gerr := t.gz.Close(); err == nil && gerr != nil {
			err = fmt.Errorf("compress %s: %w", filepath.Base(t.path), gerr)
		}
	}
	if aerr := t.async.Close(); err == nil && aerr != nil {
		err = fmt.Errorf("write %s: %w", filepath.Base(t.path), aerr)
	}
	if cerr := t.file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", filepath.Base(t.path), cerr)
	}
	return err
}

// plain appends a text field the caller knows needs no quoting: the
// generator's own names of events, categories and campaigns
// (TestPlainNamesNeedNoQuotes), the bulk of the events file.
func (t *table) plain(s string) {
	t.sep()
	t.row = append(t.row, s...)
}

// parts appends one field made of several pieces that the caller knows need
// no quoting (ids, lower-case names, domains), without building a string.
func (t *table) parts(ps ...string) {
	t.sep()
	for _, p := range ps {
		t.row = append(t.row, p...)
	}
}
