package main

import (
	"io"

	"github.com/leadlab/leadlab/internal/atomicfile"
)

// writeAtomic writes a file atomically (see atomicfile); "-" writes to
// stdout instead.
func writeAtomic(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" || path == "" {
		return write(stdout)
	}
	return atomicfile.Write(path, write)
}

// replaceAtomic gives fill a temporary file beside path and renames it
// over path once fill has succeeded.
func replaceAtomic(path string, fill func(tmp string) error) error {
	return atomicfile.Replace(path, fill)
}
