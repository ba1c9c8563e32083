package sampledata_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	sampledata "github.com/leadlab/leadlab/sample-data"
	"github.com/leadlab/leadlab/sample-data/gen"
)

var update = flag.Bool("update", false, "rewrite the embedded sample from the generator")

// TestEmbeddedSampleMatchesGenerator regenerates the sample and requires
// the embedded tables to hold exactly the same CSV bytes, so the committed
// sample can never drift from the generator. It compares the decompressed
// content: that is what leadlab reads, and it does not depend on the Go
// version's compressor.
func TestEmbeddedSampleMatchesGenerator(t *testing.T) {
	out := t.TempDir()
	if *update {
		out = "sample"
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
	}
	_, err := gen.Generate(context.Background(), gen.Options{
		Out: out, Seed: sampledata.SampleSeed, Leads: sampledata.SampleLeads, Gzip: true,
	})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if *update {
		t.Log("rewrote the sample; rebuild to embed it")
		return
	}

	fresh := os.DirFS(out)
	want := names(t, fresh)
	got := names(t, sampledata.FS())
	if !slices.Equal(got, want) {
		t.Fatalf("embedded files %v, generator writes %v; run go generate ./sample-data", got, want)
	}
	for _, name := range want {
		if !bytes.Equal(gunzip(t, sampledata.FS(), name), gunzip(t, fresh, name)) {
			t.Errorf("embedded %s differs from the generator's output; run go generate ./sample-data", name)
		}
	}
}

func names(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	m, err := fs.Glob(fsys, "*")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(m)
	return m
}

func gunzip(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

func TestSampleHasEveryTable(t *testing.T) {
	for _, table := range []string{"accounts", "leads", "events", "deals", "campaigns", "spend", "nps"} {
		if _, err := fs.Stat(sampledata.FS(), filepath.Join(table+".csv.gz")); err != nil {
			t.Errorf("sample lacks %s: %v", table, err)
		}
	}
}
