package load

import (
	"embed"

	"github.com/leadlab/leadlab/queries"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// blocks are the load's named SQL blocks, kept apart from the reports'
// (queries.SQL) because only a load runs them.
var blocks = queries.ParseBlocks("load", sqlFiles)

// SQLBlocks is the load's blocks, for the test that proves every block
// of the data layer runs on the sample.
func SQLBlocks() *queries.BlockSet { return blocks }
