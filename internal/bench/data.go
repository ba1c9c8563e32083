package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/leadlab/leadlab/queries"
)

// dataset is everything the bench keeps for one size and seed, in a
// folder of its own under --dir: the generated files (reused by later
// runs), the workspace the last load wrote and the model tune wrote.
type dataset struct {
	n   int
	dir string
}

func (b *runner) dataset(n int) dataset {
	return dataset{n: n, dir: filepath.Join(b.dir, fmt.Sprintf("leads-%d-seed-%d", n, b.seed))}
}

func (d dataset) csv() string   { return filepath.Join(d.dir, "csv") }
func (d dataset) ws() string    { return filepath.Join(d.dir, "workspace.duckdb") }
func (d dataset) model() string { return filepath.Join(d.dir, "model.yaml") }

// scratch is a path for one run's throwaway output.
func (d dataset) scratch(name string) string { return filepath.Join(d.dir, "scratch-"+name) }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// removeDB deletes a DuckDB file and its write-ahead log.
func removeDB(path string) error {
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// genOnce generates the dataset: into the cache when it is not there
// yet, otherwise into scratch space that is removed afterwards. A folder
// is renamed into the cache only once complete, so an interrupted run
// never leaves half a dataset to be reused.
//
// The time runs until the files are on disk, as a load's does (DuckDB
// syncs its file): without that, a small dataset's writes are still in
// the page cache when gen exits while a large one's are forced out during
// the run, and the two sizes would not compare. The previous run's
// output is removed and synced first, outside the time.
func (b *runner) genOnce(ctx context.Context, d dataset) (sample, error) {
	out := d.scratch("gen")
	if err := os.RemoveAll(out); err != nil {
		return sample{}, err
	}
	syncAll()
	s, err := b.runChild(ctx, child{args: []string{"gen", "--out", out,
		"--leads", strconv.Itoa(d.n), "--seed", strconv.FormatUint(b.seed, 10)}})
	if err != nil {
		return s, err
	}
	start := time.Now()
	if err := syncFolder(out); err != nil {
		return s, err
	}
	s.secs += time.Since(start).Seconds()
	if exists(d.csv()) {
		return s, os.RemoveAll(out)
	}
	return s, os.Rename(out, d.csv())
}

// loadOnce loads the dataset into a new workspace file, which takes the
// place of the previous one only when the load succeeded.
func (b *runner) loadOnce(ctx context.Context, d dataset) (sample, error) {
	tmp := d.scratch("load.duckdb")
	if err := removeDB(tmp); err != nil {
		return sample{}, err
	}
	s, err := b.runChild(ctx, child{args: []string{"load", "--db", tmp, d.csv()}})
	if err != nil {
		return s, err
	}
	if err := removeDB(d.ws()); err != nil {
		return s, err
	}
	return s, os.Rename(tmp, d.ws())
}

// The ensure functions make what a step needs when the steps that make it
// were not asked for, untimed.

func (b *runner) ensureData(ctx context.Context, d dataset) error {
	if exists(d.csv()) {
		return nil
	}
	b.say("%s leads: generating the dataset", d)
	_, err := b.genOnce(ctx, d)
	return err
}

func (b *runner) ensureWorkspace(ctx context.Context, d dataset) error {
	if exists(d.ws()) {
		// A workspace an older leadlab loaded has no view summaries, and
		// every report process would build its own: not what is measured.
		current, err := hasViewSummaries(ctx, d.ws())
		if err != nil || current {
			return err
		}
		b.say("%s leads: loading the workspace again (an older leadlab loaded it, without the view summaries)", d)
		_, err = b.loadOnce(ctx, d)
		return err
	}
	if err := b.ensureData(ctx, d); err != nil {
		return err
	}
	b.say("%s leads: loading the workspace", d)
	_, err := b.loadOnce(ctx, d)
	return err
}

func (b *runner) ensureModel(ctx context.Context, d dataset) error {
	if exists(d.model()) {
		return nil
	}
	if err := b.ensureWorkspace(ctx, d); err != nil {
		return err
	}
	b.say("%s leads: tuning a model", d)
	_, err := b.runChild(ctx, child{args: []string{"tune", "--db", d.ws(), "--out", d.model()}})
	return err
}

// String names the size in messages.
func (d dataset) String() string { return countInt(d.n) }

// events counts the events the workspace holds.
func events(ctx context.Context, d dataset) (int64, error) {
	ws, err := queries.Open(ctx, d.ws())
	if err != nil {
		return 0, err
	}
	defer ws.Close()
	ranges, err := queries.Ranges(ctx, ws)
	if err != nil {
		return 0, err
	}
	for _, r := range ranges {
		if r.Table == "events" {
			return r.Rows, nil
		}
	}
	return 0, nil
}

// syncFolder flushes every file in dir, and dir itself, to disk.
func syncFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range append(entries, nil) {
		path := dir
		if e != nil {
			path = filepath.Join(dir, e.Name())
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("sync %s: %w", path, err)
		}
	}
	return nil
}

// hasViewSummaries says whether the workspace at path holds the view
// summaries this leadlab's load builds.
func hasViewSummaries(ctx context.Context, path string) (bool, error) {
	ws, err := queries.OpenReadOnly(ctx, path)
	if err != nil {
		return false, err
	}
	defer ws.Close()
	return queries.HasViewSummaries(ctx, ws)
}
