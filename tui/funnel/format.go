package funnel

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/analysis"
)

// formatKPI writes a KPI as every report does (see analysis.KPI.Text).
func formatKPI(k analysis.KPI) string { return k.Text() }

// percent writes a conversion as 76.1%, or a dash when there is none
// (the previous stage was empty).
func percent(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100**v)
}

// eighths are the partial blocks, so bars differ by an eighth of a cell.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws n of full as a bar at most width cells long. A stage with any
// account shows at least a sliver, so it never reads as empty.
func bar(n, full int64, width int) string {
	if n <= 0 || full <= 0 || width <= 0 {
		return ""
	}
	e := int(math.Round(float64(n) / float64(full) * float64(8*width)))
	e = min(max(e, 1), 8*width)
	return strings.Repeat("█", e/8) + eighths[e%8]
}

// humanize turns a KPI key into words.
func humanize(key string) string { return strings.ReplaceAll(key, "_", " ") }

// stageExtras places the unavailable entries that are not KPI keys of a
// stage: the target stage's optional columns, and engagement.
var stageExtras = map[string]string{
	"relationship_score": "target",
	"intent_surges":      "target",
	"engagement":         "engaged",
}

// kpiReason is why a KPI of the report could not be computed, if the
// report says.
func kpiReason(r *analysis.FunnelReport, key string) string {
	for _, u := range r.Unavailable {
		if slices.Contains(names(u), key) {
			return u.Reason
		}
	}
	return ""
}

// stageUnavailable lists the report's unavailable entries that concern
// the stage as a whole rather than one of its KPIs, such as a missing
// table that empties the stage or an optional column of its accounts.
func stageUnavailable(r *analysis.FunnelReport, st analysis.Stage) []analysis.Unavailable {
	var out []analysis.Unavailable
	for _, u := range r.Unavailable {
		for _, n := range names(u) {
			if n == "stages" || n == st.Stage || stageExtras[n] == st.Stage {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

// looseUnavailable lists the entries that belong to no stage, shown with
// the notes so none is lost.
func looseUnavailable(r *analysis.FunnelReport) []analysis.Unavailable {
	var out []analysis.Unavailable
	for _, u := range r.Unavailable {
		placed := false
		for _, st := range r.Stages {
			if slices.Contains(stageUnavailable(r, st), u) {
				placed = true
			}
			for _, k := range st.KPIs {
				if slices.Contains(names(u), k.Key) {
					placed = true
				}
			}
		}
		if !placed {
			out = append(out, u)
		}
	}
	return out
}

// names splits an entry's KPI field, which may list several.
func names(u analysis.Unavailable) []string {
	return strings.Split(u.KPI, ", ")
}
