package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// formatsAnnotation holds, on a --format flag, the values it takes: the
// one list both the check and shell completion read.
const formatsAnnotation = "leadlab_formats"

// formatFlag registers a command's --format: def is its default, what
// says what it shapes, allowed its values (completed by the shell).
func formatFlag(cmd *cobra.Command, p *string, def, what string, allowed ...string) {
	cmd.Flags().StringVar(p, "format", def, what+": "+orList(allowed))
	_ = cmd.Flags().SetAnnotation("format", formatsAnnotation, allowed)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(allowed, cobra.ShellCompDirectiveNoFileComp))
}

// checkFormat refuses a --format value the command does not write.
func checkFormat(cmd *cobra.Command, got string) error {
	f := cmd.Flags().Lookup("format")
	if f == nil {
		return nil
	}
	allowed := f.Annotations[formatsAnnotation]
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return usageErrorf("--format %q: %s writes %s", got, cmd.CommandPath(), orList(allowed))
}

// orList is "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// completeFiles tells the shell what the file flags every command shares
// take, and the values of --kind.
func completeFiles(cmd *cobra.Command) {
	for name, exts := range map[string][]string{
		"db":       {"duckdb"},
		"config":   {"yaml", "yml", "json"},
		"base":     {"yaml", "yml", "json"},
		"manifest": {"yaml", "yml"},
		"mapping":  {"yaml", "yml"},
	} {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.MarkFlagFilename(name, exts...)
		}
	}
	if cmd.Flags().Lookup("data") != nil {
		_ = cmd.MarkFlagDirname("data")
	}
	if cmd.Flags().Lookup("kind") != nil {
		_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{"fit", "pain"}, cobra.ShellCompDirectiveNoFileComp))
	}
}

// examples are the Examples section of each command's help, by its path
// without "leadlab ".
var examples = map[string][]string{
	"": {
		"leadlab                                # the workbench on the embedded sample",
		"leadlab --db work.duckdb               # the workbench on your loaded data",
		"leadlab --db work.duckdb --config model.yaml",
	},
	"load": {
		"leadlab load --db work.duckdb ./export            # a folder of canonical files",
		"leadlab load --db work.duckdb --manifest crm.yaml # any other export, through a manifest",
		"leadlab load --db work.duckdb ./export --format json | jq .result",
	},
	"gen": {
		"leadlab gen --out synth --leads 100000 --seed 7",
		"leadlab gen --out synth --format parquet",
	},
	"report": {
		"leadlab report data --db work.duckdb",
		"leadlab report actions --db work.duckdb --kind pain",
	},
	"report data": {
		"leadlab report data --db work.duckdb",
		"leadlab report data --db work.duckdb --window 90 --format json",
	},
	"report funnel": {
		"leadlab report funnel --db work.duckdb --tier 1",
		"leadlab report funnel --db work.duckdb --config model.yaml --format csv > funnel.csv",
	},
	"report actions": {
		"leadlab report actions --db work.duckdb",
		"leadlab report actions --db work.duckdb --kind pain --format csv > actions.csv",
	},
	"report campaigns": {
		"leadlab report campaigns --db work.duckdb --days 7",
	},
	"report cutoffs": {
		"leadlab report cutoffs --db work.duckdb --config model.yaml",
		"leadlab report cutoffs --db work.duckdb --config model.yaml --target 20-30 --format csv",
	},
	"report drift": {
		"leadlab report drift --db work.duckdb --config model.yaml",
		"leadlab report drift --db work.duckdb --config model.yaml --format json | jq .verdict",
	},
	"report accounts": {
		"leadlab report accounts --db work.duckdb --config model.yaml --top 20",
	},
	"tune": {
		"leadlab tune --db work.duckdb --out model.yaml",
		"leadlab tune --db work.duckdb --target 0.20-0.30 --max-factors 12 --out model.yaml",
		"leadlab tune --db work.duckdb --random-split --seed 3 --out - > model.yaml",
	},
	"score": {
		"leadlab score --db work.duckdb --config model.yaml --now --out scores.csv",
		"leadlab score --db work.duckdb --config model.yaml --format parquet --out scores.parquet",
	},
	"explain": {
		"leadlab explain --db work.duckdb --config model.yaml L42",
	},
	"export": {
		"leadlab export --db work.duckdb --config model.yaml --format sql-postgres --out lead_scores.sql",
		"leadlab export --db work.duckdb --config model.yaml --format json --out model.json",
	},
	"sql": {
		`leadlab sql --db work.duckdb "SELECT status, count(*) FROM deals GROUP BY ALL"`,
		`leadlab sql --db work.duckdb "SELECT * FROM leads" --format csv --limit 0 > leads.csv`,
	},
	"bench": {
		"leadlab bench --leads 100000 --runs 3",
		"leadlab bench --leads 1000000 --steps tune,actions --format json",
	},
	"manifest": {
		"leadlab manifest draft ./salesforce-export --out crm.yaml",
	},
	"manifest draft": {
		"leadlab manifest draft ./salesforce-export --out crm.yaml",
		"leadlab manifest draft ./hubspot-export   # to stdout",
	},
	"version": {
		"leadlab version",
		"leadlab --version",
	},
}

// applyConventions gives every command its examples and completions.
func applyConventions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), root.Name()), " ")
		if ex, ok := examples[path]; ok {
			c.Example = "  " + strings.Join(ex, "\n  ")
		}
		completeFiles(c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// missingExamples lists the commands a person can see that have no
// Examples section.
func missingExamples(root *cobra.Command) []string {
	var out []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.Hidden && c.IsAvailableCommand() && c.Example == "" && c.Name() != "help" && c.Name() != "completion" && c.Parent() != nil && c.Parent().Name() != "completion" {
			out = append(out, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if root.Example == "" {
		out = append(out, root.Name())
	}
	return out
}
