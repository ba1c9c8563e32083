package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
	sampledata "github.com/leadlab/leadlab/sample-data"
)

// openData opens the workspace the flags name: an existing --db file; or
// --data / --manifest loaded into --db (or into memory); or, with none of
// them, the embedded sample in memory.
//
// A --db file is opened read-only, so that any number of commands and
// workbenches can read it together; only a load writes, and holds it
// alone while it does (queries.OpenReadOnly).
func openData(ctx context.Context, f dataFlags) (*queries.Workspace, error) {
	if f.db != "" && f.data == "" && f.manifest == "" {
		return openExisting(ctx, f.db)
	}
	plan, cleanup, err := planFor(f)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if f.db != "" {
		// Through loadInto, so that a failed load never leaves a new,
		// empty workspace file behind.
		if _, err := loadInto(ctx, f.db, plan, nil); err != nil {
			return nil, err
		}
		return queries.Open(ctx, f.db)
	}
	ws, err := queries.Open(ctx, "")
	if err != nil {
		return nil, err
	}
	if _, err := load.Load(ctx, ws, plan); err != nil {
		ws.Close()
		return nil, err
	}
	if f.db == "" {
		return ws, nil
	}
	// Loaded: from here on the file is only read, and others may too.
	ws.Close()
	return openExisting(ctx, f.db)
}

// openExisting opens the loaded workspace file db read-only.
func openExisting(ctx context.Context, db string) (*queries.Workspace, error) {
	if _, err := os.Stat(db); err != nil {
		return nil, fmt.Errorf("workspace %s does not exist; create it with: leadlab load --db %s DIR", db, db)
	}
	ws, err := queries.OpenReadOnly(ctx, db)
	if err != nil {
		return nil, err
	}
	loaded, err := ws.Loaded(ctx)
	if err == nil && !loaded {
		err = fmt.Errorf("workspace %s holds no loaded data; load some with: leadlab load --db %s DIR", db, db)
	}
	if err != nil {
		ws.Close()
		return nil, err
	}
	return ws, nil
}

// planFor turns --data or --manifest into a load plan; with neither, the
// embedded sample is written to a temporary folder and planned from there.
// cleanup removes that folder once the load has copied the data.
func planFor(f dataFlags) (plan load.Plan, cleanup func(), err error) {
	cleanup = func() {}
	switch {
	case f.manifest != "":
		plan, err = load.LoadManifest(f.manifest)
		return plan, cleanup, err
	case f.data != "":
		plan, _, err = load.PlanDir(f.data)
		return plan, cleanup, err
	}
	dir, err := extractSample()
	if err != nil {
		return plan, cleanup, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	plan, _, err = load.PlanDir(dir)
	plan.Origin = "embedded sample"
	return plan, cleanup, err
}

// extractSample copies the embedded sample files to a temporary folder
// that DuckDB can read.
func extractSample() (string, error) {
	dir, err := os.MkdirTemp("", "leadlab-sample-")
	if err != nil {
		return "", fmt.Errorf("unpack sample: %w", err)
	}
	if err := sampledata.Extract(dir); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("unpack sample: %w", err)
	}
	return dir, nil
}

// noteOlderWorkspace tells, on stderr, that the workspace was loaded by an
// older leadlab without the summaries the funnel and campaigns views read:
// the figures are the same, but this run builds the summaries for itself,
// as slowly as before, and a reload keeps them.
func noteOlderWorkspace(cmd *cobra.Command, ws *queries.Workspace) error {
	ok, err := queries.HasViewSummaries(cmd.Context(), ws)
	if err != nil || ok {
		return err
	}
	fmt.Fprintln(cmd.ErrOrStderr(), "note: an older leadlab loaded this workspace, without the summaries the funnel and campaigns read; this run builds them for itself, which takes as long as before. Load the data again (leadlab load) to keep them in the workspace.")
	return nil
}
