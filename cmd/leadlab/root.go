package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// dataFlags choose the data a command works on; every command that reads
// a workspace accepts them.
type dataFlags struct {
	db       string
	data     string
	manifest string
}

func (f *dataFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.db, "db", "", "workspace file (DuckDB); created by leadlab load")
	cmd.Flags().StringVar(&f.data, "data", "", "folder of canonical files to load (leads.csv, events.parquet, ...)")
	cmd.Flags().StringVar(&f.manifest, "manifest", "", "manifest (YAML) mapping another export onto the canonical tables")
	cmd.MarkFlagsMutuallyExclusive("data", "manifest")
}

func run() error {
	// SIGTERM (kill, a service manager, a CI timeout) cancels like Ctrl-C:
	// a load stops, drops what it staged and removes a workspace it was
	// creating, instead of dying with the work half done.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile, err := startProfile()
	if err != nil {
		return err
	}
	defer stopProfile()
	return newRoot().ExecuteContext(ctx)
}

func newRoot() *cobra.Command {
	var df dataFlags
	var of outcomeFlags
	var configPath string
	root := &cobra.Command{
		Use:   "leadlab",
		Short: "A terminal workbench for lead scoring and ABM funnel analysis",
		Long: `leadlab loads lead, account, event and deal data into an embedded DuckDB
workspace and opens a terminal workbench on it. With no --db, --data or
--manifest it opens on the embedded sample dataset.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opt, err := of.options(cmd)
			if err != nil {
				return err
			}
			return runTUI(cmd.Context(), df, configPath, opt)
		},
	}
	df.register(root)
	of.register(root)
	root.Flags().StringVar(&configPath, "config", "", "scoring config to open with (default: a model tuned on the data)")
	root.AddCommand(newLoadCmd(), newGenCmd(), newReportCmd(), newTuneCmd(), newScoreCmd(), newExplainCmd(), newExportCmd(), newSQLCmd(), newBenchCmd(), newManifestCmd())
	return root
}
