package load

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCSVLines(t *testing.T) {
	body := "id,name\n1,a\n\n2,\"multi\nline\"\n3,bad,extra\n4,d\r\n5,e"
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	// Records in DuckDB's output: 1 (line 2), 2 (line 4), 4 (line 7), 5
	// (line 8); line 6 was rejected by DuckDB itself.
	got, err := csvLines(path, 0, '"', map[int64]bool{6: true}, []int64{0, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]int64{0: 2, 1: 4, 2: 7, 3: 8}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
