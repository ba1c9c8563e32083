package tui

import (
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/tui/actions"
	"github.com/leadlab/leadlab/tui/campaigns"
	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/cutoff"
	"github.com/leadlab/leadlab/tui/data"
	"github.com/leadlab/leadlab/tui/drift"
	"github.com/leadlab/leadlab/tui/funnel"
	"github.com/leadlab/leadlab/tui/leads"
	"github.com/leadlab/leadlab/tui/scoring"
	"github.com/leadlab/leadlab/tui/sqlpane"
)

// Screens are the workbench's nine screens, in the order of their keys:
// the Cutoff screen opens the model at configPath (or tunes one when it
// is empty), and now is the clock the Data and Cutoff screens read.
func Screens(c *common.Common, configPath string, opt queries.OutcomeOptions, now func() time.Time) []common.Pane {
	return []common.Pane{
		data.New(c, opt, now),
		funnel.New(c, opt),
		actions.New(c, opt),
		scoring.New(c),
		cutoff.New(c, configPath, opt, now),
		leads.New(c),
		campaigns.New(c, 7),
		sqlpane.New(c),
		drift.New(c),
	}
}
