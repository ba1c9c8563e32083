// Package atomicfile writes files so that they are never seen
// half-written: into a temporary file in the same folder, flushed to
// disk, then renamed over the target. An interrupted or failed write
// leaves any existing file as it was.
//
// A symbolic link is followed, so the file it points to is replaced and
// the link stays. A target that is not a regular file — /dev/null,
// /dev/stdout, a named pipe — is written in place: renaming over it
// would replace the device with a file, and it cannot be half-written
// the way a file can.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes path through write.
func Write(path string, write func(io.Writer) error) error {
	if special(path) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		err = write(bw)
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	return Replace(path, func(tmp string) error {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := write(bw); err != nil {
			f.Close()
			return err
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// WriteBytes writes body to path.
func WriteBytes(path string, body []byte) error {
	return Write(path, func(w io.Writer) error { _, err := w.Write(body); return err })
}

// Replace gives fill the path of a fresh temporary file beside path, and
// renames it over path once fill has succeeded.
func Replace(path string, fill func(tmp string) error) error {
	if special(path) {
		return copyInto(path, fill)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	done := false
	defer func() {
		if !done {
			os.Remove(tmp)
		}
	}()
	if err := fill(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename itself durable; best effort
		d.Close()
	}
	return nil
}

// special says path exists and is not a regular file (after following
// links): a device or a pipe.
func special(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular()
}

// copyInto fills a temporary file, then copies it into the special file
// at path.
func copyInto(path string, fill func(tmp string) error) error {
	f, err := os.CreateTemp("", "leadlab-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	if err := fill(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	src, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer src.Close()
	return Write(path, func(w io.Writer) error { _, err := io.Copy(w, src); return err })
}
