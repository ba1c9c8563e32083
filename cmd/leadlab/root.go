package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/internal/buildinfo"
	"github.com/leadlab/leadlab/tui/theme"
)

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
	// creating, instead of dying with the work half done. leadlab then
	// exits as shells report a process the signal ended (130, 143).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	var got atomic.Value
	go func() {
		select {
		case s := <-signals:
			got.Store(s)
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := configureResources(); err != nil {
		return err
	}
	stopProfile, err := startProfile()
	if err != nil {
		return err
	}
	defer stopProfile()
	err = execute(ctx, newRoot())
	if s, ok := got.Load().(syscall.Signal); ok && err != nil {
		how := "by SIGTERM"
		if s == syscall.SIGINT {
			how = "by Ctrl-C"
		}
		return exitError{status: exitSignal + int(s), err: fmt.Errorf("interrupted %s: %w", how, err)}
	}
	return err
}

// execute runs the command line. An error before any command ran (an
// unknown command or flag, a flag without its value, flags that exclude
// each other, a wrong number of arguments) is a usage error, as are those
// a command marks so (a flag's value out of its range): status 2.
func execute(ctx context.Context, root *cobra.Command) error {
	entered := false
	var mark func(c *cobra.Command)
	mark = func(c *cobra.Command) {
		switch run := c.RunE; {
		case run != nil:
			c.RunE = func(cmd *cobra.Command, args []string) error {
				entered = true
				return run(cmd, args)
			}
		case c.HasSubCommands():
			// A group such as "report": alone it shows its help; with a
			// word that names none of its commands it says so, where
			// cobra would show the help and exit 0.
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					return cmd.Help()
				}
				return unknownCommand(cmd, args[0])
			}
		}
		for _, sub := range c.Commands() {
			mark(sub)
		}
	}
	mark(root)
	err := root.ExecuteContext(ctx)
	var e exitError
	if err != nil && !entered && !errors.As(err, &e) {
		return exitError{status: exitUsage, err: err}
	}
	return err
}

func newRoot() *cobra.Command {
	var df dataFlags
	var of outcomeFlags
	var configPath, themeName string
	root := &cobra.Command{
		Use:   "leadlab",
		Short: "A terminal workbench for lead scoring and ABM funnel analysis",
		Long: `leadlab loads lead, account, event and deal data into an embedded DuckDB
workspace and opens a terminal workbench on it. With no --db, --data or
--manifest it opens on the embedded sample dataset.`,
		Version:       buildinfo.Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			opt, err := of.options(cmd)
			if err != nil {
				return err
			}
			mode, err := theme.ParseMode(themeName)
			if err != nil {
				return usageErrorf("--%s", err)
			}
			return runTUI(cmd.Context(), df, configPath, opt, mode)
		},
	}
	df.register(root)
	of.register(root)
	root.Flags().StringVar(&configPath, "config", "", "scoring config to open with (default: a model tuned on the data)")
	root.Flags().StringVar(&themeName, "theme", "auto", "colours for a light or dark terminal background: auto (ask the terminal), light or dark")
	root.AddCommand(newLoadCmd(), newGenCmd(), newReportCmd(), newTuneCmd(), newScoreCmd(), newExplainCmd(), newExportCmd(), newSQLCmd(), newBenchCmd(), newManifestCmd(), newVersionCmd(), newExitCodesTopic(), newEnvironmentTopic())
	applyConventions(root)
	return root
}

// unknownCommand says that word names none of cmd's commands, with the
// nearest names.
func unknownCommand(cmd *cobra.Command, word string) error {
	msg := fmt.Sprintf("unknown command %q for %q", word, cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's own default
	}
	if s := cmd.SuggestionsFor(word); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageErrorf("%s (see %s --help)", msg, cmd.CommandPath())
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print leadlab's version, the commit it was built from and the Go toolchain",
		Long: `version prints what an exported config records as tool_version: a
release (1.2.3) for an installed release, or, for a build from a checkout,
the release line marked -dev with the commit and its date when go build
recorded them ("0.9.0-dev+e5c018495ad2.20261203").`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), buildinfo.Read())
			return err
		},
	}
}

// newEnvironmentTopic is `leadlab help environment`.
func newEnvironmentTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "environment",
		Short: "The environment variables leadlab reads",
		Long: `leadlab reads:

  LEADLAB_MEMORY_LIMIT  the most memory DuckDB may use for a workspace, such
                        as 12GB or 800MiB (default: half the memory of the
                        machine, or of its container when that is less).
                        Past it DuckDB spills to LEADLAB_TEMP_DIR; a query
                        that cannot spill fails with "out of memory"
  LEADLAB_TEMP_DIR      where DuckDB spills what does not fit (default:
                        leadlab/spill in your cache folder, such as
                        ~/.cache/leadlab/spill); its files go when the
                        command ends. Put it on a disk with room: a load of
                        ten million leads can spill several GB
  LEADLAB_STATE         the folder of the workbench's remembered state
                        (default: leadlab under $XDG_STATE_HOME, or
                        ~/.local/state)
  LEADLAB_TRACE         1 prints every statement a command runs on the
                        workspace, with its duration, to stderr; the
                        workbench writes them to leadlab-trace.log in its
                        state folder instead (a value other than 1, true,
                        yes or on names the file), and says where
  LEADLAB_CPUPROFILE    a file for a Go CPU profile of the command
  LEADLAB_PYTHON        the python3 with pandas leadlab bench runs its
                        notebook peer with
  LEADLAB_PG_DSN        the PostgreSQL server of the export's parity tests
                        (go test only)
  NO_COLOR              any value: the workbench draws without colour`,
	}
}

// newExitCodesTopic is `leadlab help exit-codes`: a fresh command for
// each root, as every command is (tests build roots in parallel).
func newExitCodesTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "What leadlab's exit statuses mean",
		Long: `leadlab exits with:

  0    success
  1    failure: the data, a file or the workspace could not be read or
       written, a query failed (the message on stderr says why)
  2    usage: an unknown command or flag, a flag without its value or
       with one out of its range (--format xml, --holdout 2), a required
       flag or argument missing (load without --db)
  3    tune: no cutoff can reach the target close rate; the config is
       still written with the nearest cutoff, and the summary says which
       close rates are reachable
  4    report actions, report cutoffs and tune: the settled leads have no
       wins, or no losses, so there is nothing to compare
  130  interrupted with Ctrl-C (SIGINT); 143 for SIGTERM. A load that is
       interrupted leaves the workspace as it was.

Errors go to stderr, prefixed "leadlab: "; stdout carries only the
report, so a script can pipe it safely.`,
	}
}
