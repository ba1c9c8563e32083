package analysis

import "github.com/leadlab/leadlab/analysis/scoring"

// What the data now is to the data a model was tuned on (DriftModel.Data).
const (
	DataSame       = "same"       // the very data: every table as it was
	DataExtends    = "extends"    // the same leads and events up to the as-of date, and more
	DataOther      = "other"      // the leads or events up to the as-of date differ
	DataChanged    = "changed"    // not the same; the config records no history fingerprint to say more
	DataUnrecorded = "unrecorded" // the config records no fingerprint
)

// dataKind decides what the data now is from its fingerprints.
func dataKind(md *scoring.Metadata, whole, history string) string {
	switch {
	case md.Fingerprint == "":
		return DataUnrecorded
	case md.Fingerprint == whole:
		return DataSame
	case md.HistoryFingerprint == "":
		return DataChanged
	case md.HistoryFingerprint == history:
		return DataExtends
	}
	return DataOther
}

var dataWords = map[string]string{
	DataSame:       "the model was tuned on this very data (the same fingerprint), counting only what was known at its as-of date",
	DataExtends:    "the data extends the model's: the leads and events up to its as-of date are the ones it was tuned on, and newer ones were added (deals and other tables may have moved on)",
	DataOther:      "the model was tuned on other data: the leads or events up to its as-of date are not the ones it was tuned on, so then and now compare different populations",
	DataChanged:    "the data is not the one the model was tuned on — other data, or that data grown or changed since; the config records no history fingerprint to tell which",
	DataUnrecorded: "the config records no data fingerprint, so whether the model was tuned on this data cannot be told",
}
