package scoring

import (
	"fmt"
	"math"
	"unicode/utf8"
)

// Limits on values. None is a real constraint on a model; each is far past
// any sensible value, so that a slip (a cutoff of 1e9, a half-life of a
// million days) is caught instead of silently scoring every lead 0.
const (
	maxRulePoints = 10_000
	maxThreshold  = 1_000_000 // cutoff, good_fit, high_pain, accounts.cutoff, band mins
	maxEventCap   = 1_000_000
	maxConfigDays = 36_500 // a hundred years
	maxReps       = 100_000
	maxPerRep     = 10_000
	exampleFit    = "attr:industry=SaaS"
	examplePain   = "event:demo_request"
)

// Validate checks a config built or changed in code by the rules
// ParseConfig applies to a file. Problems name rules by list and index,
// such as pain[2] (event:login), and by line when Rule.Line is set.
func (c Config) Validate() error {
	v := newChecker("", nil, nil)
	v.config(c)
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// configChecker holds the semantic rules of a config, shared by Validate and
// ParseConfig: one set of rules, whether the config came from a file or not.
type configChecker struct {
	file     string
	lines    map[string]int  // path → line, when read from a file
	bad      map[string]bool // paths the parser already reported
	badBelow map[string]bool // paths holding one of those
	errs     ConfigErrors
}

func newChecker(file string, lines map[string]int, bad map[string]bool) *configChecker {
	v := &configChecker{file: file, lines: lines, bad: bad, badBelow: map[string]bool{}}
	for b := range bad {
		for p := parentPath(b); p != ""; p = parentPath(p) {
			v.badBelow[p] = true
		}
	}
	return v
}

// reported says the parser already reported a problem in the value at
// path, or in one holding it or held by it.
func (v *configChecker) reported(path string) bool {
	for p := path; p != ""; p = parentPath(p) {
		if v.bad[p] {
			return true
		}
	}
	return v.badBelow[path]
}

// fail reports a problem at the line of its key if the file has one, else
// at fallback (the rule's line). Problems in a value the parser could not
// read are dropped: the parser named them, and what is checked here is
// only the default left in their place.
func (v *configChecker) fail(at site, fallback int, format string, args ...any) {
	if v.reported(at.path) {
		return
	}
	line := v.lineOf(at.path)
	if line == 0 {
		line = fallback
	}
	v.errs = append(v.errs, &ConfigError{File: v.file, Line: line, Field: at.field, Msg: at.msg(format, args...)})
}

func (v *configChecker) lineOf(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if l, ok := v.lines[p]; ok {
			return l
		}
	}
	return 0
}

// onLine is " on line N" for another item's line, or "" when unknown.
func onLine(line int) string {
	if line == 0 {
		return ""
	}
	return fmt.Sprintf(" on line %d", line)
}

func (v *configChecker) config(c Config) {
	var root site
	switch at := root.at("version"); {
	case c.Version > SchemaVersion:
		v.fail(at, 0, "written by a newer leadlab (schema version %d); this build reads versions up to %d", c.Version, SchemaVersion)
	case c.Version < 1:
		v.fail(at, 0, "must be 1 or more, got %d; this build writes version %d", c.Version, SchemaVersion)
	}
	v.text(root.at("name"), c.Name)
	seen := map[Factor]string{}
	v.rules(c.Fit, "fit", seen)
	v.rules(c.Pain, "pain", seen)
	v.score(root.at("cutoff"), c.Cutoff)
	v.score(root.at("good_fit"), c.GoodFit)
	v.score(root.at("high_pain"), c.HighPain)
	at := root.at("target")
	lowOK := v.share(at.at("low"), c.Target.Low)
	highOK := v.share(at.at("high"), c.Target.High)
	if lowOK && highOK && c.Target.Low > c.Target.High {
		v.fail(at, 0, "the range is reversed: low %s is above high %s; swap them",
			numberText(c.Target.Low), numberText(c.Target.High))
	}
	at = root.at("outcome")
	if w := c.Outcome.WindowDays; w != nil && (*w < 0 || *w > maxConfigDays) {
		v.fail(at.at("window_days"), 0, "must be from 0 (no window) to %d days, or null for the mean sales cycle, got %d", maxConfigDays, *w)
	}
	v.oneOf(at.at("unit"), c.Outcome.Unit, []string{"lead", "account"}, "")
	at = root.at("accounts")
	v.oneOf(at.at("rollup"), c.Accounts.Rollup, []string{"max", "sum", "top3"}, " (top3: the sum of the 3 highest lead scores)")
	v.score(at.at("cutoff"), c.Accounts.Cutoff)
	at = root.at("capacity")
	if r := c.Capacity.Reps; r < 0 || r > maxReps {
		v.fail(at.at("reps"), 0, "must be from 0 (unknown: capacity is not checked) to %d, got %d", maxReps, r)
	}
	if l := c.Capacity.LeadsPerRepDay; !(l >= 0 && l <= maxPerRep) {
		v.fail(at.at("leads_per_rep_day"), 0, "must be from 0 to %d leads a day, got %s", maxPerRep, numberText(l))
	}
	v.bands(c.Bands)
	if c.Metadata != nil {
		v.metadata(*c.Metadata, root.at("metadata"))
	}
}

// rules checks one list. seen is shared by both lists, so that the same
// factor in fit and in pain is caught too.
func (v *configChecker) rules(rules []Rule, list string, seen map[Factor]string) {
	for i, r := range rules {
		at := itemSite(list, i, r.Factor)
		f, parsed := v.factor(r, at, list, seen)
		if p := r.Points; math.IsNaN(p) {
			v.fail(at.at("points"), r.Line, "is NaN; give a number")
		} else if math.Abs(p) > maxRulePoints {
			v.fail(at.at("points"), r.Line, "must be from -%d to %d, got %s", maxRulePoints, maxRulePoints, numberText(p))
		}
		if r.Cap != nil {
			at := at.at("cap")
			switch {
			case parsed && f.Kind == EventMin:
				v.fail(at, r.Line, "does not apply to %s: event:NAME>=N is a threshold, worth its points once when the lead did it at least %d times; cap bounds the occurrences an event:NAME rule counts", f.Name, f.Min)
			case parsed && f.Kind != EventCount:
				v.fail(at, r.Line, "does not apply to %s: a profile factor is worth its points once; cap bounds the occurrences an event:NAME rule counts", f.Name)
			case *r.Cap < 1:
				v.fail(at, r.Line, "must be at least 1 (1 counts whether the lead did it at all), got %d; leave cap out to count every occurrence", *r.Cap)
			case *r.Cap > maxEventCap:
				v.fail(at, r.Line, "must be at most %d, got %d; leave cap out to count every occurrence", maxEventCap, *r.Cap)
			}
		}
		if r.HalfLifeDays != nil {
			at, h := at.at("half_life_days"), *r.HalfLifeDays
			switch {
			case parsed && f.Kind == EventMin:
				v.fail(at, r.Line, "does not apply to %s: event:NAME>=N is a threshold, worth its points once, with no decay; half_life_days decays the occurrences of an event:NAME rule", f.Name)
			case parsed && f.Kind != EventCount:
				v.fail(at, r.Line, "does not apply to %s: a profile factor does not decay; half_life_days decays the occurrences of an event:NAME rule", f.Name)
			case !(h > 0 && h <= maxConfigDays):
				v.fail(at, r.Line, "must be more than 0 and at most %d days, got %s; leave it out for no decay", maxConfigDays, numberText(h))
			}
		}
	}
}

// factor checks a rule's factor: that it parses, sits in the right list and
// is not already the factor of another rule.
func (v *configChecker) factor(r Rule, at site, list string, seen map[Factor]string) (Factor, bool) {
	key := at.at("factor")
	bare := site{path: key.path, field: at.field}
	example := examplePain
	if list == "fit" {
		example = exampleFit
	}
	if r.Factor == "" {
		v.fail(key, r.Line, "is missing: name a factor as leadlab report actions prints it, such as %s", example)
		return Factor{}, false
	}
	if !utf8.ValidString(r.Factor) {
		v.fail(key, r.Line, "is not valid UTF-8 text")
		return Factor{}, false
	}
	f, err := ParseFactor(r.Factor)
	if err != nil {
		v.fail(bare, r.Line, "%v", err)
		return f, false
	}
	switch {
	case list == "fit" && f.Pain():
		v.fail(bare, r.Line, "%s is a pain factor (behaviour), not fit; move the rule to the pain list", f.Name)
	case list == "pain" && !f.Pain():
		v.fail(bare, r.Line, "%s is a fit factor (a profile attribute), not pain; move the rule to the fit list", f.Name)
	}
	// Two spellings of one factor (event:x>=3 and event:x>=03) are the
	// same rule, so duplicates are found on the factor taken apart.
	same := f
	same.Name = ""
	if prev, dup := seen[same]; dup {
		v.fail(bare, r.Line, "the same factor as %s; keep one rule per factor", prev)
	} else {
		line := v.lineOf(at.path)
		if line == 0 {
			line = r.Line
		}
		seen[same] = at.field + onLine(line)
	}
	return f, true
}
