package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// loadInto loads plan into the workspace file db, creating it if needed;
// then, with the workspace still open, runs after (nil for nothing).
//
// A new workspace is built under a temporary name beside db and takes
// db's name only once the load and after have succeeded. DuckDB creates
// its file on open, so loading in place left a file behind whenever the
// load failed: an empty workspace after bad data, and on a full disk a
// 0-byte file that every later load refused as "not a valid DuckDB
// database file". Now a failed load — bad data, a full disk, Ctrl-C,
// SIGTERM — leaves no file at db at all. A 0-byte file already at db
// holds nothing and is treated the same way, so such leftovers heal.
//
// An existing workspace is loaded in place: Load itself keeps its
// dataset as it was on failure.
func loadInto(ctx context.Context, db string, plan load.Plan, after func(*queries.Workspace) error) (load.LoadResult, error) {
	st, err := os.Stat(db)
	fresh := errors.Is(err, os.ErrNotExist)
	emptyFile := err == nil && st.Mode().IsRegular() && st.Size() == 0
	if !fresh && !emptyFile {
		return loadOpen(ctx, db, plan, after)
	}
	tmp, err := tempWorkspaceName(db)
	if err != nil {
		return load.LoadResult{}, err
	}
	defer removeWorkspaceFiles(tmp) // nothing is left once it is linked
	res, err := loadOpen(ctx, tmp, plan, after)
	if err != nil {
		// DuckDB's messages name the file it was writing: name the
		// workspace the user asked for, not its temporary name.
		if msg := err.Error(); strings.Contains(msg, tmp) {
			err = errors.New(strings.ReplaceAll(msg, tmp, db))
		}
		return res, err
	}
	if err := putInPlace(tmp, db, emptyFile); err != nil {
		return res, err
	}
	return res, nil
}

// loadOpen opens path, loads plan into it, runs after and closes it. The
// close is checked: it is where DuckDB writes the last of the data.
func loadOpen(ctx context.Context, path string, plan load.Plan, after func(*queries.Workspace) error) (load.LoadResult, error) {
	ws, err := queries.Open(ctx, path)
	if err != nil {
		return load.LoadResult{}, err
	}
	res, err := load.Load(ctx, ws, plan)
	if err == nil && after != nil {
		err = after(ws)
	}
	if cerr := ws.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close workspace %s: %w", path, cerr)
	}
	return res, err
}

// tempWorkspaceName is a name beside db that no file has: DuckDB refuses
// to open an existing empty file, so os.CreateTemp cannot serve.
func tempWorkspaceName(db string) (string, error) {
	for range 10 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		p := filepath.Join(filepath.Dir(db), "."+filepath.Base(db)+".new-"+hex.EncodeToString(b[:]))
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("create workspace %s: no free temporary name beside it", db)
}

// putInPlace gives the finished workspace tmp the name db. A hard link
// fails if db has appeared meanwhile — another load created it — rather
// than replacing that workspace; only an empty leftover is replaced.
func putInPlace(tmp, db string, replaceEmpty bool) error {
	if replaceEmpty {
		if err := os.Rename(tmp, db); err != nil {
			return fmt.Errorf("create workspace %s: %w", db, err)
		}
	} else if err := os.Link(tmp, db); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("create workspace %s: another process created it during this load; load again to replace its data", db)
		}
		// A file system without hard links: rename, having checked
		// that db is still absent.
		if _, serr := os.Lstat(db); !errors.Is(serr, os.ErrNotExist) {
			return fmt.Errorf("create workspace %s: another process created it during this load; load again to replace its data", db)
		}
		if err := os.Rename(tmp, db); err != nil {
			return fmt.Errorf("create workspace %s: %w", db, err)
		}
	}
	if d, err := os.Open(filepath.Dir(db)); err == nil {
		d.Sync() // make the new name durable; best effort
		d.Close()
	}
	return nil
}

// removeWorkspaceFiles removes a temporary workspace and its write-ahead
// log, whatever state a failed load left them in.
func removeWorkspaceFiles(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}
