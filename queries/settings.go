package queries

// Settings are what a manifest says about the meaning of the data, kept
// with the load (in _load) for the figures that depend on it.
type Settings struct {
	// AmountBasis says what deals.amount is: AmountAnnual (the default),
	// the annual contract value, or AmountContract, the whole contract's
	// value, which ACV annualises with contract_months.
	AmountBasis string
	// HighValuePages are the events the funnel counts as high-value page
	// visits; nil leaves the default (every event named like pricing or
	// demo).
	HighValuePages []string
}

// The values of Settings.AmountBasis.
const (
	AmountAnnual   = "annual"
	AmountContract = "contract"
)
