package load

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// csvLines maps record ordinals (DuckDB's output order, rowid of the staged
// table) to the physical line each record starts on. DuckDB does not
// expose line numbers of rows it accepted, so the file is walked once with
// the same rules it follows: skipped preamble rows, one header record,
// blank lines skipped, quoted fields may span lines, and records it
// rejected (whose lines it does report) are not in its output.
//
// The walk only runs when a load has row-level rejects to report, so the
// common, clean load pays nothing for it.
func csvLines(path string, skipRows int, quote byte, rejectedLines map[int64]bool, ords []int64) (map[int64]int64, error) {
	want := append([]int64(nil), ords...)
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	out := make(map[int64]int64, len(want))
	if len(want) == 0 {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	br := bufio.NewReaderSize(r, 1<<20)
	var (
		line    int64 = 1 // physical line of the next byte
		start   int64 = 1 // line the current record started on
		empty         = true
		inQuote       = false
		header        = true
		skipped       = 0
		ord     int64 = 0
		next          = 0
	)
	endRecord := func() bool {
		switch {
		case skipped < skipRows:
			skipped++
		case empty && !inQuote:
			// DuckDB skips blank lines entirely.
		case header:
			header = false
		case rejectedLines[start]:
		default:
			if next < len(want) && want[next] == ord {
				out[ord] = start
				for next < len(want) && want[next] == ord {
					next++
				}
			}
			ord++
		}
		empty = true
		return next >= len(want)
	}
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			if !empty {
				endRecord()
			}
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		switch {
		case quote != 0 && b == quote:
			inQuote = !inQuote
			empty = false
		case b == '\n':
			line++
			if !inQuote {
				if endRecord() {
					return out, nil
				}
				start = line
			}
		case b == '\r':
			// Part of a CRLF ending, or stray: never content on its own.
		default:
			empty = false
		}
	}
}
