package load

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// csvForm is how every read of one CSV file reads it. DuckDB's sniffer
// settles the delimiter, the preamble rows to skip and the column names;
// the quoting is RFC 4180's (quote and escape '"') whatever the sniffer
// saw. Left to the sniffer, a file whose first 20,480 rows had no quotes
// was read with no quote character at all, so a quoted field further
// down kept its quote marks, or was split at its comma.
type csvForm struct {
	path   string   // what DuckDB reads: the file, or a copy with one kind of line ending
	header []string // column names, in file order
	delim  string
	skip   int
	enc    string
}

// csvForm sniffs a CSV file once per load.
func (l *loader) csvForm(path, format, delim, encoding string) (*csvForm, error) {
	key := strings.Join([]string{path, format, delim, encoding}, "\x00")
	if f, ok := l.forms[key]; ok {
		return f, nil
	}
	if format == "tsv" && delim == "" {
		delim = "\t"
	}
	f, mixed, err := l.sniffCSV(path, delim, encoding)
	if err != nil {
		return nil, err
	}
	if mixed {
		if err := l.oneLineEnding(f); err != nil {
			return nil, err
		}
	}
	if l.forms == nil {
		l.forms = map[string]*csvForm{}
	}
	l.forms[key] = f
	return f, nil
}

// sniffCSV asks DuckDB's sniffer for the delimiter, preamble and header,
// with the quote free so that a stray quote in the sample does not hide
// the delimiter. A file it cannot sniff strictly may mix line endings,
// which DuckDB's strict reader cannot read: mixed says to check.
func (l *loader) sniffCSV(path, delim, encoding string) (f *csvForm, mixed bool, err error) {
	// ignore_errors keeps a malformed line near the top from being taken
	// for the header (the sniffer would skip the rows above it).
	base := []string{"header=true", "all_varchar=true", "ignore_errors=true"}
	if delim != "" {
		base = append(base, "delim="+sqltext.QuoteLit(delim))
	}
	if encoding != "" {
		base = append(base, "encoding="+sqltext.QuoteLit(encoding))
	}
	big := []string{fmt.Sprintf("max_line_size=%d", maxLineBytes), fmt.Sprintf("buffer_size=%d", 2*maxLineBytes)}
	tries := [][]string{base, append(append([]string{}, base...), big...), append(append([]string{"strict_mode=false"}, base...), big...)}
	for i, opts := range tries {
		q := fmt.Sprintf("SELECT Delimiter, SkipRows, Columns FROM sniff_csv(%s, %s)", sqltext.QuoteLit(path), strings.Join(opts, ", "))
		start := time.Now()
		var d string
		var skip int
		var cols []any
		err = l.conn.QueryRowContext(l.ctx, q).Scan(&d, &skip, &cols)
		sqltext.Trace(q, start)
		if err != nil {
			continue
		}
		f = &csvForm{path: path, delim: d, skip: skip, enc: encoding}
		for _, c := range cols {
			m, _ := c.(map[string]any)
			name, _ := m["name"].(string)
			f.header = append(f.header, name)
		}
		return f, i == len(tries)-1, nil
	}
	return nil, false, fmt.Errorf("%s: cannot read as csv: %s", path, sqltext.CleanErr(err))
}

// options are the read_csv options of every read; columns gives each
// column's type (VARCHAR when absent).
func (f *csvForm) options(types map[string]queries.Type) []string {
	cols := make([]string, len(f.header))
	for i, h := range f.header {
		t := "VARCHAR"
		if ty, ok := types[h]; ok {
			t = string(ty)
		}
		cols[i] = sqltext.QuoteLit(h) + ": " + sqltext.QuoteLit(t)
	}
	opts := []string{"auto_detect=false", "header=true", "columns={" + strings.Join(cols, ", ") + "}",
		"delim=" + sqltext.QuoteLit(f.delim), `quote='"'`, `escape='"'`}
	if f.skip > 0 {
		opts = append(opts, fmt.Sprintf("skip=%d", f.skip))
	}
	if f.enc != "" {
		opts = append(opts, "encoding="+sqltext.QuoteLit(f.enc))
	}
	return opts
}

// oneLineEnding points the form at a copy of the file with every line
// ending LF, when the file mixes LF and CRLF (as files pasted together
// from several exports do): DuckDB reads one kind per file and fails on
// the other. Line numbers stay those of the file; only the CR of a CRLF
// outside quotes goes.
func (l *loader) oneLineEnding(f *csvForm) error {
	mixed, err := mixedLineEndings(f.path)
	if err != nil || !mixed {
		return err
	}
	in, err := openText(f.path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp("", "leadlab-lines-*.csv")
	if err != nil {
		return fmt.Errorf("%s: mixes LF and CRLF line endings, and a copy with one kind cannot be made: %w", f.path, err)
	}
	l.tempFiles = append(l.tempFiles, out.Name())
	w := bufio.NewWriterSize(out, 1<<20)
	br := bufio.NewReaderSize(in, 1<<20)
	inQuote, cr := false, false
	for {
		b, rerr := br.ReadByte()
		if rerr != nil {
			if rerr != io.EOF {
				err = rerr
			}
			break
		}
		if cr && (b != '\n' || inQuote) {
			_ = w.WriteByte('\r')
		}
		cr = false
		switch {
		case b == '"':
			inQuote = !inQuote
		case b == '\r' && !inQuote:
			cr = true
			continue
		}
		_ = w.WriteByte(b)
	}
	if cr {
		_ = w.WriteByte('\r')
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: copy with one kind of line ending: %w", f.path, err)
	}
	f.path = out.Name()
	return nil
}

// mixedLineEndings says whether a file ends some records with CRLF and
// others with a bare LF (line breaks inside quoted fields are content).
func mixedLineEndings(path string) (bool, error) {
	r, err := openText(path)
	if err != nil {
		return false, err
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	var prev byte
	inQuote, crlf, lf := false, false, false
	for !(crlf && lf) {
		b, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, err
		}
		switch {
		case b == '"':
			inQuote = !inQuote
		case b == '\n' && !inQuote && prev == '\r':
			crlf = true
		case b == '\n' && !inQuote:
			lf = true
		}
		prev = b
	}
	return crlf && lf, nil
}
