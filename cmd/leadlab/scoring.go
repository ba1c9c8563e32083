package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// scoringSession is what every scoring command starts from: the config,
// the workspace and the scorer's data, prepared for the config's rules.
type scoringSession struct {
	cfg      scoring.Config
	ws       *queries.Workspace
	data     *scoring.Data
	warnings []string
}

func (s *scoringSession) Close() { s.ws.Close() }

// openScoring loads the config, then the data under the outcome settings:
// --window and --as-of when given, else the config's window.
func openScoring(cmd *cobra.Command, df dataFlags, of *outcomeFlags, configPath string) (*scoringSession, error) {
	if configPath == "" {
		return nil, usageErrorf("--config is required: a scoring config (YAML or JSON); leadlab tune --out FILE writes one")
	}
	cfg, err := scoring.LoadConfig(configPath)
	if err != nil {
		return nil, err
	}
	opt, err := of.options(cmd)
	if err != nil {
		return nil, err
	}
	opt = scoring.OutcomeFor(opt, cfg)
	ws, err := openData(cmd.Context(), df)
	if err != nil {
		return nil, err
	}
	d, err := scoring.LoadData(cmd.Context(), ws, opt)
	if err != nil {
		ws.Close()
		return nil, err
	}
	warnings, err := d.Prepare(cmd.Context(), cfg)
	if err != nil {
		ws.Close()
		return nil, fmt.Errorf("config %s does not fit this data:\n%w", configPath, err)
	}
	return &scoringSession{cfg: cfg, ws: ws, data: d, warnings: warnings}, nil
}

// warn writes the session's warnings to stderr, where they never mix with
// machine output.
func (s *scoringSession) warn(w io.Writer) {
	for _, m := range s.warnings {
		fmt.Fprintf(w, "warning: %s\n", m)
	}
}

// configFlag registers --config.
func configFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "config", "", "scoring config (YAML or JSON), as leadlab tune writes it")
}

func stderrOf(cmd *cobra.Command) io.Writer {
	if w := cmd.ErrOrStderr(); w != nil {
		return w
	}
	return os.Stderr
}
