package main

import (
	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

func newLoadCmd() *cobra.Command {
	var (
		db, manifest string
		share        float64
		format       string
		quiet        bool
	)
	cmd := &cobra.Command{
		Use:   "load --db FILE (DIR | --manifest FILE)",
		Short: "Load a folder of canonical files, or any export through a manifest, into a workspace",
		Long: `Load replaces the workspace's dataset, all or nothing: if anything fails —
a missing file, a missing required column, more rejected rows than
--max-reject-share allows — the workspace stays exactly as it was.

Rows that cannot be used are never dropped silently: each is kept in the
workspace's rejects table with its file, line, column and reason, and the
first ones are printed here.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if db == "" {
				return usageErrorf("load needs --db FILE: the workspace to write")
			}
			if (len(args) == 1) == (manifest != "") {
				return usageErrorf("load needs exactly one source: a folder DIR, or --manifest FILE")
			}
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			var plan load.Plan
			var ignored []string
			var err error
			if manifest != "" {
				plan, err = load.LoadManifest(manifest)
			} else {
				plan, ignored, err = load.PlanDir(args[0])
			}
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("max-reject-share") {
				if err := load.CheckShare(share); err != nil {
					return usageErrorf("--max-reject-share %w", err)
				}
				plan.MaxRejectShare = share
			}
			var warns []queries.Warning
			var aside queries.SetAside
			bar := startProgress(cmd, quiet)
			plan.Progress = func(done, total int, what string) { bar.step(done+1, total, what) }
			res, err := loadInto(cmd.Context(), db, plan, func(ws *queries.Workspace) (err error) {
				warns, aside, err = loadWarnings(cmd, ws)
				return err
			})
			bar.end()
			if err != nil {
				return err
			}
			return printLoad(cmd.OutOrStdout(), format, db, res, ignored, warns, aside)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "workspace file to write (created if missing)")
	cmd.Flags().StringVar(&manifest, "manifest", "", "manifest (YAML) naming the files and mapping their columns")
	cmd.Flags().Float64Var(&share, "max-reject-share", load.DefaultMaxRejectShare, "fail when more than this share of a table's rows is rejected")
	formatFlag(cmd, &format, "table", "output", "table", "json")
	quietFlag(cmd, &quiet)
	return cmd
}

// loadWarnings checks the loaded data's dates, and says which timestamps
// the as-of date was not taken from.
func loadWarnings(cmd *cobra.Command, ws *queries.Workspace) ([]queries.Warning, queries.SetAside, error) {
	o, err := queries.ComputeOutcomes(cmd.Context(), ws, queries.OutcomeOptions{})
	if err != nil {
		return nil, o.SetAside, err
	}
	warns, err := queries.Warnings(cmd.Context(), ws, o.AsOf, nowFunc())
	if err != nil {
		return nil, o.SetAside, err
	}
	var out []queries.Warning
	for _, w := range warns {
		if w.Code != "after_as_of" {
			out = append(out, w)
		}
	}
	return out, o.SetAside, nil
}
