package scoring

// The checks of bands, metadata and single values, for configChecker.

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

func (v *configChecker) bands(bands []Band) {
	labels := map[string]string{}
	mins := map[float64]string{}
	for i, b := range bands {
		at := itemSite("bands", i, b.Label)
		here := at.field + onLine(v.lineOf(at.path))
		switch {
		case strings.TrimSpace(b.Label) == "":
			v.fail(at.at("label"), 0, "is empty; name the band, such as A")
		case !utf8.ValidString(b.Label):
			v.fail(at.at("label"), 0, "is not valid UTF-8 text")
		default:
			if prev, dup := labels[b.Label]; dup {
				v.fail(at.at("label"), 0, "%q is also the label of %s; each band needs its own", shortText(b.Label), prev)
			} else {
				labels[b.Label] = here
			}
		}
		if !v.score(at.at("min"), b.Min) {
			continue
		}
		if prev, dup := mins[b.Min]; dup {
			v.fail(at.at("min"), 0, "%s is also the min of %s, so no score would get this band", numberText(b.Min), prev)
		} else {
			mins[b.Min] = here
		}
	}
}

func (v *configChecker) metadata(m Metadata, at site) {
	if c := m.ModelCheck; c != nil {
		v.share(at.at("model_check").at("points_auc"), c.PointsAUC)
		v.share(at.at("model_check").at("unrounded_auc"), c.UnroundedAUC)
	}
	v.text(at.at("tool_version"), m.ToolVersion)
	v.text(at.at("data_fingerprint"), m.Fingerprint)
	v.text(at.at("history_fingerprint"), m.HistoryFingerprint)
	v.text(at.at("method"), m.Method)
	v.time(at.at("created_at"), m.CreatedAt)
	if m.AsOf != nil {
		v.time(at.at("as_of"), *m.AsOf)
	}
	if w := m.WindowDays; w < 0 || w > maxConfigDays {
		v.fail(at.at("window_days"), 0, "must be from 0 to %d days, got %d", maxConfigDays, w)
	}
	v.population(m, at)
	for _, s := range []struct {
		key string
		m   *Measured
	}{{"tuning", m.Tuning}, {"holdout", m.Holdout}} {
		if s.m == nil {
			continue
		}
		at, m := at.at(s.key), s.m
		v.text(at.at("split"), m.Split)
		for _, n := range []struct {
			key string
			n   int64
		}{{"leads", m.Leads}, {"won", m.Won}, {"ready", m.Ready}, {"ready_won", m.ReadyWon}} {
			if n.n < 0 {
				v.fail(at.at(n.key), 0, "must be 0 or more, got %d", n.n)
			}
		}
		ok := true
		for _, x := range []struct {
			key string
			x   float64
		}{{"close_rate", m.CloseRate}, {"ci_low", m.CILow}, {"ci_high", m.CIHigh}, {"recall", m.Recall}, {"share", m.Share}} {
			ok = v.share(at.at(x.key), x.x) && ok
		}
		if ok && m.CILow > m.CIHigh {
			v.fail(at, 0, "the interval is reversed: ci_low %s is above ci_high %s", numberText(m.CILow), numberText(m.CIHigh))
		}
	}
}

// score checks a score threshold; false when it is not usable.
func (v *configChecker) score(at site, x float64) bool {
	if math.IsNaN(x) {
		v.fail(at, 0, "is NaN; give a number")
		return false
	}
	if math.Abs(x) > maxThreshold {
		v.fail(at, 0, "must be from -%d to %d, got %s", maxThreshold, maxThreshold, numberText(x))
		return false
	}
	return true
}

// share checks a share of leads; false when it is not usable.
func (v *configChecker) share(at site, x float64) bool {
	if x >= 0 && x <= 1 {
		return true
	}
	hint := ""
	if x > 1 && x <= 100 {
		hint = fmt.Sprintf("; for %s%% write %s", numberText(x), numberText(x/100))
	}
	v.fail(at, 0, "must be a share from 0 to 1 (0.15 is 15%%), got %s%s", numberText(x), hint)
	return false
}

// oneOf checks a setting that is one of a few words; note explains them.
func (v *configChecker) oneOf(at site, got string, want []string, note string) {
	if slices.Contains(want, got) {
		return
	}
	list := strings.Join(want[:len(want)-1], ", ") + " or " + want[len(want)-1]
	v.fail(at, 0, "must be %s%s, got %q%s", list, note, shortText(got), didYouMean(got, want))
}

func (v *configChecker) text(at site, s string) {
	if !utf8.ValidString(s) {
		v.fail(at, 0, "is not valid UTF-8 text")
	}
}

// time checks a time written by tune or export; empty is allowed, since a
// hand-written config has no provenance.
func (v *configChecker) time(at site, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return
	}
	v.fail(at, 0, "must be an RFC 3339 time such as 2024-06-30T00:00:00Z, or a date such as 2024-06-30, got %q", shortText(s))
}

// population checks the recorded score bins and rule prevalences: shares,
// bins in rising order whose shares add up to one, each factor once.
func (v *configChecker) population(m Metadata, at site) {
	bins, sum, ok := at.at("score_bins"), 0.0, true
	for i, b := range m.ScoreBins {
		at := site{path: fmt.Sprintf("%s[%d]", bins.path, i), field: fmt.Sprintf("%s[%d]", bins.field, i)}
		ok = v.score(at.at("min"), b.Min) && v.share(at.at("share"), b.Share) && ok
		sum += b.Share
		if i > 0 && ok && !(b.Min > m.ScoreBins[i-1].Min) {
			v.fail(at.at("min"), 0, "must be above the bin before's min %s: bins go from the lowest score up", numberText(m.ScoreBins[i-1].Min))
			ok = false
		}
	}
	// Shares are written to four decimals (tune and export round them), so
	// ten bins add up to one within 0.0005.
	if ok && len(m.ScoreBins) > 0 && math.Abs(sum-1) > 0.001 {
		v.fail(bins, 0, "shares add up to %s, not 1", numberText(sum))
	}
	prev, seen := at.at("rule_prevalence"), map[string]bool{}
	for i, r := range m.RulePrevalence {
		at := site{path: fmt.Sprintf("%s[%d]", prev.path, i), field: fmt.Sprintf("%s[%d]", prev.field, i)}
		v.text(at.at("factor"), r.Factor)
		v.share(at.at("share"), r.Share)
		if seen[r.Factor] {
			v.fail(at.at("factor"), 0, "%s is listed twice", r.Factor)
		}
		seen[r.Factor] = true
	}
}
