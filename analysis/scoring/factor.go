package scoring

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// FactorKind is what a factor tests.
type FactorKind int

// The kinds of factor a rule can name.
const (
	EventCount FactorKind = iota // event:NAME — occurrences, capped and decayed
	EventMin                     // event:NAME>=N — did it at least N times
	AttrValue                    // attr:COL=VALUE, account:COL=VALUE
	AttrBand                     // attr:COL[LO,HI), account:COL[LO,HI)
)

// Factor is a factor name taken apart.
type Factor struct {
	Name    string
	Kind    FactorKind
	Event   string // EventCount, EventMin
	Min     int    // EventMin
	Account bool   // account: rather than attr:
	Column  string // AttrValue, AttrBand
	Value   string // AttrValue; "(missing)" tests for no value
	Missing bool   // AttrValue of "(missing)"
	Lo, Hi  float64
}

// Pain says the factor is behaviour (an event); otherwise it is fit.
func (f Factor) Pain() bool { return f.Kind == EventCount || f.Kind == EventMin }

// MissingValue is how report actions names an absent attribute value.
const MissingValue = "(missing)"

var (
	eventMin = regexp.MustCompile(`^(.+)>=([0-9]+)$`)
	band     = regexp.MustCompile(`^([^\[\]=]+)\[([^,\[\]]+),([^,\[\]]+)\)$`)
)

// ParseFactor takes a factor name apart, or says what is wrong with it.
func ParseFactor(name string) (Factor, error) {
	f := Factor{Name: name}
	prefix, rest, ok := strings.Cut(name, ":")
	if !ok || rest == "" {
		return f, fmt.Errorf("factor %q: want event:NAME, event:NAME>=N, attr:COLUMN=VALUE, attr:COLUMN[LO,HI) or account:…", name)
	}
	switch prefix {
	case "event":
		if m := eventMin.FindStringSubmatch(rest); m != nil {
			n, err := strconv.Atoi(m[2])
			if err != nil || n < 1 || n > 1_000_000 {
				return f, fmt.Errorf("factor %q: the count after >= must be a whole number from 1 to 1000000", name)
			}
			f.Kind, f.Event, f.Min = EventMin, m[1], n
			return f, nil
		}
		// A blank name, or >=N with no name before it, names no event.
		if strings.TrimSpace(rest) == "" || strings.HasPrefix(rest, ">=") {
			return f, fmt.Errorf("factor %q: the event name is missing; want event:NAME or event:NAME>=N", name)
		}
		f.Kind, f.Event = EventCount, rest
		return f, nil
	case "attr", "account":
		f.Account = prefix == "account"
	default:
		return f, fmt.Errorf("factor %q: unknown prefix %q; want event, attr or account", name, prefix)
	}
	if m := band.FindStringSubmatch(rest); m != nil {
		lo, err1 := parseEdge(m[2])
		hi, err2 := parseEdge(m[3])
		if err1 != nil || err2 != nil || !(lo < hi) || math.IsInf(lo, 1) || math.IsInf(hi, -1) {
			return f, fmt.Errorf("factor %q: a band is [LO,HI) with numbers LO < HI (-inf and inf allowed)", name)
		}
		col := strings.TrimSpace(m[1])
		if col == "" {
			return f, fmt.Errorf("factor %q: the column name is missing; want %s:COLUMN[LO,HI)", name, prefix)
		}
		f.Kind, f.Column, f.Lo, f.Hi = AttrBand, col, lo, hi
		return f, nil
	}
	col, value, ok := strings.Cut(rest, "=")
	if !ok || strings.TrimSpace(col) == "" {
		return f, fmt.Errorf("factor %q: want %s:COLUMN=VALUE or %s:COLUMN[LO,HI)", name, prefix, prefix)
	}
	if value == "(other)" {
		return f, fmt.Errorf("factor %q: (other) stands for whichever values are not the most common in one dataset, so a rule cannot use it; name the values", name)
	}
	f.Kind, f.Column, f.Value, f.Missing = AttrValue, col, value, value == MissingValue
	return f, nil
}

func parseEdge(s string) (float64, error) {
	switch strings.TrimSpace(s) {
	case "-inf":
		return math.Inf(-1), nil
	case "inf", "+inf":
		return math.Inf(1), nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return v, nil
}
