// Package gen writes leadlab's synthetic dataset: every canonical table
// (accounts, leads, events, deals, campaigns, spend, nps) with planted,
// documented effects on the chance that a lead closes (PlantedEffects), so
// that an analysis can be checked against known ground truth. Output depends
// only on Options: the same seed always gives byte-identical files. Rows are
// streamed, so a million leads and twenty million events need little memory.
package gen

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Generate writes the dataset described by opt into opt.Out. Files are built
// in a temporary folder inside opt.Out and moved into place only when all of
// them are complete, so a failed or cancelled run leaves no half-written
// table behind.
func Generate(ctx context.Context, opt Options) (Stats, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return Stats{}, fmt.Errorf("create output folder: %w", err)
	}
	tmp, err := os.MkdirTemp(opt.Out, ".leadlab-gen-")
	if err != nil {
		return Stats{}, fmt.Errorf("create temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)

	stats := Stats{Files: map[string]int64{}}
	if err := writeCSVs(ctx, tmp, opt, stats.Files); err != nil {
		return Stats{}, err
	}
	ext := ".csv"
	if opt.Gzip {
		ext = ".csv.gz"
	}
	if opt.Format == "parquet" {
		if err := toParquet(ctx, tmp); err != nil {
			return Stats{}, err
		}
		ext = ".parquet"
	}
	for _, spec := range tableSpecs {
		if err := removeOtherFormats(opt.Out, spec.name, ext); err != nil {
			return Stats{}, err
		}
		name := spec.name + ext
		dst := filepath.Join(opt.Out, name)
		if err := os.Rename(filepath.Join(tmp, name), dst); err != nil {
			return Stats{}, fmt.Errorf("move %s into place: %w", name, err)
		}
		info, err := os.Stat(dst)
		if err != nil {
			return Stats{}, fmt.Errorf("generated %s: %w", name, err)
		}
		stats.Bytes += info.Size()
	}
	return stats, nil
}

// removeOtherFormats deletes the table's files in the formats not being
// written, so that the folder never holds two versions of one table for a
// loader to choose between.
func removeOtherFormats(dir, table, keep string) error {
	for _, ext := range []string{".csv", ".csv.gz", ".parquet"} {
		if ext == keep {
			continue
		}
		err := os.Remove(filepath.Join(dir, table+ext))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the old %s%s: %w", table, ext, err)
		}
	}
	return nil
}
