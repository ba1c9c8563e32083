// Package sampledata embeds leadlab's sample dataset, so that leadlab opens
// on a working workbench with no data of its own. The sample is exactly what
// the generator (package gen) writes for SampleSeed and SampleLeads, as
// gzipped CSV; a test regenerates it and fails if the two ever drift apart.
//
// To rewrite the sample after changing the generator, run `go generate
// ./sample-data` from the repository root.
package sampledata

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

//go:generate go test -run TestEmbeddedSampleMatchesGenerator -update .

// The generator options that produce the embedded sample.
const (
	SampleSeed  = 1
	SampleLeads = 20000
)

//go:embed sample
var files embed.FS

// FS returns the sample tables (accounts.csv.gz, leads.csv.gz, …) at the
// root of the file system.
func FS() fs.FS {
	sub, err := fs.Sub(files, "sample")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "sample" is valid;
		// still, report the impossible as a file system that fails.
		return errFS{err}
	}
	return sub
}

// errFS is a file system whose every Open fails with err.
type errFS struct{ err error }

func (e errFS) Open(string) (fs.File, error) { return nil, e.err }

// Extract writes the sample files into dir, which must exist, so that
// readers that need real paths (DuckDB) can load them.
func Extract(dir string) error {
	sample := FS()
	return fs.WalkDir(sample, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sample, path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	})
}
