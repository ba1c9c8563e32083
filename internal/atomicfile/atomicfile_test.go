package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.sql")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A write that fails half-way leaves the old file, and no temporary.
	boom := errors.New("interrupted")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after a failed write: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// A complete write replaces it, readable by others.
	if err := WriteBytes(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("after a write: %q, mode %v, %v", b, st.Mode(), err)
	}
	// A folder that does not exist is an error naming the file.
	if err := WriteBytes(filepath.Join(dir, "no", "x"), nil); err == nil {
		t.Error("wrote into a missing folder")
	}
}

// TestSpecialFiles: /dev/null stays a device, and a link stays a link,
// pointing at the new contents.
func TestSpecialFiles(t *testing.T) {
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/null character device here")
	}
	if err := WriteBytes("/dev/null", []byte("scores")); err != nil {
		t.Fatal(err)
	}
	if err := Replace("/dev/null", func(tmp string) error { return os.WriteFile(tmp, []byte("parquet"), 0o644) }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
	if left, _ := filepath.Glob("/dev/.null.tmp-*"); len(left) != 0 {
		t.Errorf("temporary files left in /dev: %v", left)
	}

	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "model.yaml")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("the linked file holds %q", b)
	}
}
