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
	ViewTableCount         = viewTableCount
)

// FunnelFromEvents is the funnel read from the events, as before the
// view summaries: the oracle the summaries are checked against.
func FunnelFromEvents(ctx context.Context, ws *Workspace, f FunnelFilter) (FunnelData, error) {
	return funnel(ctx, ws, f, true)
}

// CampaignStatsFromEvents is the campaigns read from the events, the
// summaries' oracle.
func CampaignStatsFromEvents(ctx context.Context, ws *Workspace, days int) ([]CampaignCounts, error) {
	return campaignStats(ctx, ws, days, true)
}

// MergeIdentical is mergeIdentical, for the sample test's pairs.
func (a *ActionCounts) MergeIdentical(ctx context.Context, ws *Workspace) error {
	return a.mergeIdentical(ctx, ws)
}

// KeyLeadsByText makes the view summaries key the campaigns' joins on the
// leads' ids, as when two ids share a hash, until the test ends.
func KeyLeadsByText(tb interface{ Cleanup(func()) }) {
	textLeadKeys = true
	tb.Cleanup(func() { textLeadKeys = false })
}
