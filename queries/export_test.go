package queries

import "context"

// The unexported pieces that the tests in package queries_test (the ones
// that load data with queries/load, which package queries cannot import)
// look at directly.
var (
	AdhocRefusedScalars    = adhocRefusedScalars
	AdhocRefusedTableFuncs = adhocRefusedTableFuncs
	AdhocTableFuncs        = adhocTableFuncs
	CheckAdhocNode         = checkAdhocNode
	SetOf                  = setOf
	ChannelList            = channelList
	DataAsOf               = dataAsOf
)

// MergeIdentical is mergeIdentical, for the sample test's pairs.
func (a *ActionCounts) MergeIdentical(ctx context.Context, ws *Workspace) error {
	return a.mergeIdentical(ctx, ws)
}
