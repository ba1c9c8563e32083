// Command leadlab is a terminal workbench for B2B marketing and revenue
// analysts: it loads lead, account, event and deal exports into an
// embedded DuckDB workspace and answers where accounts fall out of the
// funnel, which actions go with deals closing, and what score should send
// a lead to the SDRs.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "leadlab: "+err.Error())
		os.Exit(1)
	}
}
