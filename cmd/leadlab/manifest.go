package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/internal/atomicfile"
	"github.com/leadlab/leadlab/queries/draft"
	"github.com/leadlab/leadlab/queries/load"
)

func newManifestCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "manifest",
		Short: "Work with manifests: draft one for a folder of exports",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newManifestDraftCmd())
	return cmd
}

func newManifestDraftCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "draft DIR [--out FILE]",
		Short: "Guess a commented manifest for a folder of CSV exports",
		Long: `draft reads the CSV and TSV files of DIR and writes a manifest for them:
which file is accounts, leads and deals (by name and by columns), the id,
created date, status, amount and account link of each, how dates are
written, deal stages mapped to won, lost and open, placeholders such as
"unknown" or "Select", lookup files to join, and columns that look filled
in after the outcome, proposed for ignore. Every guess has its reason in a
comment beside it: read them, correct what is wrong, then load.

With no --out the manifest is written to stdout, its base: the absolute
path of DIR. An existing --out file is never overwritten.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return usageErrorf("manifest draft needs a folder of exports; %s is not one", dir)
			}
			d, err := draft.Guess(dir)
			if err != nil {
				return err
			}
			absDir, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			base, where := absDir, filepath.Join(absDir, "draft.yaml")
			if out != "" && out != "-" {
				if _, err := os.Lstat(out); err == nil {
					return fmt.Errorf("%s exists: the draft never overwrites a manifest; remove it or choose another --out", out)
				}
				absOut, err := filepath.Abs(out)
				if err != nil {
					return err
				}
				where = absOut
				// Relative when that is the shorter way, so that a folder
				// of manifest and data can move as one.
				if rel, err := filepath.Rel(filepath.Dir(absOut), absDir); err == nil && len(rel) <= len(absDir) {
					base = filepath.ToSlash(rel)
				}
			}
			text := d.YAML(base)
			// A draft the parser refuses would be a bug here, not the
			// analyst's to untangle.
			if _, err := load.ParseManifest(where, text); err != nil {
				return fmt.Errorf("the drafted manifest does not read back (please report this): %w", err)
			}
			if out == "" || out == "-" {
				_, err := cmd.OutOrStdout().Write(text)
				return err
			}
			if err := atomicfile.WriteBytes(out, text); err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Wrote %s: %s.\n", out, strings.Join(d.Summary(), ", "))
			if len(d.Unused) > 0 {
				fmt.Fprintf(w, "%d files not used (listed at its end).\n", len(d.Unused))
			}
			fmt.Fprintf(w, "Check every comment in it, then: leadlab load --db WORKSPACE --manifest %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "manifest file to write (default: stdout); never overwritten")
	return cmd
}
