// Package draft guesses a manifest for a folder of CRM exports: which
// file is which canonical table, which columns are the id, dates, status,
// amount and links, how dates are written, and which columns would leak
// the outcome. It reads the files with encoding/csv and writes YAML text
// whose every guess carries a comment saying why, for an analyst to check.
package draft

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// maxRows bounds the rows read from one file: enough to see every status
// and date form of a real export, without reading a huge file to its end.
const maxRows = 500_000

// file is one export as read: its header and rows.
type file struct {
	Name      string // file name inside the folder
	Delimiter rune
	Header    []string
	Rows      [][]string
	Truncated bool // more than maxRows rows; only the first were read
}

// values returns column i of every row, "" where a row is short.
func (f *file) values(i int) []string {
	out := make([]string, len(f.Rows))
	for r, row := range f.Rows {
		if i < len(row) {
			out[r] = strings.TrimSpace(row[i])
		}
	}
	return out
}

// readDir reads every CSV or TSV file (optionally gzipped) of dir, in name
// order. Other files are listed in skipped with the reason.
func readDir(dir string) (files []*file, skipped []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read folder: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		base := strings.TrimSuffix(strings.ToLower(name), ".gz")
		switch filepath.Ext(base) {
		case ".csv", ".tsv", ".txt":
		default:
			skipped = append(skipped, name+": not a CSV or TSV file; the draft reads only those")
			continue
		}
		f, err := readFile(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(f.Header) == 0 {
			skipped = append(skipped, name+": empty")
			continue
		}
		files = append(files, f)
	}
	return files, skipped, nil
}

func readFile(path string) (*file, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var r io.Reader = fh
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(fh)
		if err != nil {
			return nil, err
		}
		defer gz.Close()
		r = gz
	}
	br := bufio.NewReader(r)
	first, _ := br.Peek(64 << 10)
	f := &file{Name: filepath.Base(path), Delimiter: sniffDelimiter(string(first))}
	cr := csv.NewReader(br)
	cr.Comma = f.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err == io.EOF {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	f.Header = header
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(f.Rows) == maxRows {
			f.Truncated = true
			break
		}
		f.Rows = append(f.Rows, row)
	}
	return f, nil
}

// sniffDelimiter picks the delimiter that occurs most in the first line.
func sniffDelimiter(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	best, bestN := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if n := strings.Count(line, string(d)); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}
