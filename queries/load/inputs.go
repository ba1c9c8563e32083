package load

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// checkInput refuses, before any reader opens it, a path that is not a
// regular file with something in it. A named pipe or a device would make
// DuckDB's reader block or read forever, and both report a size of 0.
func checkInput(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: file not found", path)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	m := st.Mode()
	switch {
	case m.IsDir():
		return fmt.Errorf("%s: is a folder, not a file", path)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%s: is a named pipe (FIFO), not a regular file; leadlab reads only regular files (save the data to a file first)", path)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("%s: is a device, not a regular file; leadlab reads only regular files", path)
	case !m.IsRegular():
		return fmt.Errorf("%s: is not a regular file (%s); leadlab reads only regular files", path, m.Type())
	case st.Size() == 0:
		return fmt.Errorf("%s: the file is empty (not even a header line)", path)
	}
	return nil
}

// isGzip says whether a path is read through gzip, as DuckDB decides it:
// by the name.
func isGzip(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".gz") }

// openText opens a data file, through gzip when its name ends in .gz.
func openText(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !isGzip(path) {
		return f, nil
	}
	gz, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{gz, f}, nil
}

// textEncoding reads the byte-order mark of a data file (after gzip):
// "utf-16le", "utf-16be", or "" for anything else. A UTF-16 file without
// one still shows itself by NUL bytes in its first line, which no CSV
// header has: that is "utf-16?".
func textEncoding(path string) (string, error) {
	r, err := openText(path)
	if err != nil {
		if isGzip(path) {
			return "", nil // verifyGzip says what is wrong with it
		}
		return "", err
	}
	defer r.Close()
	head := make([]byte, 256)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", nil // a damaged gzip is reported by verifyGzip
	}
	head = head[:n]
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "utf-16le", nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "utf-16be", nil
	case bytes.IndexByte(line, 0) >= 0:
		return "utf-16?", nil
	}
	return "", nil
}

// checkEncoding settles a CSV source's encoding from its byte-order mark:
// a UTF-16 file is read as UTF-16 without being asked, and one that cannot
// be (big-endian, or a manifest saying otherwise) is refused in words,
// rather than read as one column of NUL-riddled text.
func checkEncoding(src *Source) error {
	enc, err := textEncoding(src.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", src.label(), err)
	}
	csv := src.Format == "csv" || src.Format == "tsv"
	switch {
	case enc == "" || (enc == "utf-16le" && src.Encoding == "utf-16"):
		return nil
	case !csv && src.Format != "parquet":
		return fmt.Errorf("%s: the file is UTF-16 text; %s files must be UTF-8 (save it as UTF-8)", src.label(), strings.ToUpper(src.Format))
	case !csv:
		return nil
	case enc == "utf-16be":
		return fmt.Errorf("%s: the file is big-endian UTF-16, which cannot be read; save it as UTF-8 (or little-endian UTF-16)", src.label())
	case enc == "utf-16?" && src.Encoding == "":
		return fmt.Errorf("%s: the file has NUL bytes in its first line: it looks like UTF-16 — set encoding: utf-16 in a manifest", src.label())
	case enc == "utf-16?":
		return nil // the manifest says what it is; a wrong guess shows as rejects
	case src.Encoding == "":
		src.Encoding = "utf-16"
		return nil
	}
	return fmt.Errorf("%s: the file starts with a UTF-16 byte-order mark, but the manifest says encoding: %s; set encoding: utf-16", src.label(), src.Encoding)
}

// countingReader counts the bytes read from a file.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ctxDiscard discards what is written until the context ends.
type ctxDiscard struct{ ctx context.Context }

func (d ctxDiscard) Write(p []byte) (int, error) {
	if err := d.ctx.Err(); err != nil {
		return 0, err
	}
	return len(p), nil
}

// verifyGzip reads a gzip file to its end, which checks the length and
// checksum its trailer records. DuckDB's reader stops quietly at a
// truncated end and reads damaged data as rows, so without this a cut
// file loaded part of its rows and a damaged one blamed valid lines.
func verifyGzip(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	cr := &countingReader{r: f}
	// bufio.Reader is an io.ByteReader, so flate reads no further than it
	// needs and the offset of a failure is exact.
	br := bufio.NewReaderSize(cr, 1<<16)
	zr, err := gzip.NewReader(br)
	if err == nil {
		_, err = io.CopyBuffer(ctxDiscard{ctx}, zr, make([]byte, 1<<18))
	}
	if err == nil || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
		return nil // sound, or no longer wanted
	}
	at := cr.n - int64(br.Buffered())
	why := "the data does not decompress"
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		why = "the compressed data ends early"
	case errors.Is(err, gzip.ErrChecksum):
		why = "its checksum does not match its content"
	case errors.Is(err, gzip.ErrHeader):
		why = "not gzip data"
	case errors.As(err, &corrupt):
		why = "the compressed data is damaged"
	}
	of := ""
	if size >= 0 {
		of = fmt.Sprintf(" of %d", size)
	}
	return &LoadError{Msg: fmt.Sprintf("%s is truncated or corrupt after %d%s bytes (%s)", path, at, of, why)}
}

// gzipChecks verifies a load's gzip files in the background while DuckDB
// reads them, so a sound file costs no wall time; a damaged one cancels
// the load at once with the reason as the context's cause.
type gzipChecks struct {
	done chan struct{}
	err  error
}

func startGzipChecks(ctx context.Context, paths []string, cancel context.CancelCauseFunc) *gzipChecks {
	g := &gzipChecks{done: make(chan struct{})}
	go func() {
		defer close(g.done)
		for _, p := range paths {
			if err := verifyGzip(ctx, p); err != nil {
				g.err = err
				cancel(err)
				return
			}
		}
	}()
	return g
}

// wait is the first damaged file's error, once every file is checked.
func (g *gzipChecks) wait() error {
	<-g.done
	return g.err
}
