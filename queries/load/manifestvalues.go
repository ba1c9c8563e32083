package load

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/leadlab/leadlab/queries"
)

// checkTarget says why v cannot be stored in column c: the value a
// manifest's values: maps to, or its set: constant. The loader would
// otherwise reject every row carrying it, blaming lines of the data for a
// mistake made on one line of the manifest. "" (missing) is the caller's
// to judge. Dates are left to the load, which tries the manifest's own
// date formats.
func checkTarget(c queries.Column, v string) error {
	t := strings.TrimSpace(v)
	if len(c.Enum) > 0 {
		// The loader compares enumerations in lower case (typing.go).
		if !slices.Contains(c.Enum, strings.ToLower(t)) {
			return fmt.Errorf("not one of %s", strings.Join(c.Enum, ", "))
		}
		return nil
	}
	var x float64
	switch c.Type {
	case queries.Bool:
		if _, ok := boolWords[strings.ToLower(t)]; !ok {
			return errors.New("not a true/false value (true/false, yes/no, y/n, t/f, 1/0)")
		}
		return nil
	case queries.Int:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || f != math.Round(f) || math.Abs(f) >= 9e15 {
			return errors.New("not a whole number")
		}
		x = f
	case queries.Float:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return errors.New("not a number")
		}
		x = f
	default:
		return nil
	}
	if c.HasRange && (x < c.Min || x > c.Max) {
		return fmt.Errorf("out of range: %s must be between %v and %v", c.Name, c.Min, c.Max)
	}
	return nil
}

// boolWords are the spellings typedExpr reads as booleans.
var boolWords = map[string]bool{
	"true": true, "t": true, "yes": true, "y": true, "1": true, "1.0": true,
	"false": false, "f": false, "no": false, "n": false, "0": false, "0.0": false,
}

// checkValueTargets checks a table entry's values: and set: against the
// canonical columns, failing at the manifest line of the first bad one.
func (ms manifestSource) checkValueTargets(t queries.Table, fail func(key, format string, args ...any) error, at string) error {
	for _, col := range keysOf(ms.Values) {
		c, ok := t.Column(col)
		if !ok {
			continue // an extra attribute's values: anything goes
		}
		m := ms.Values[col]
		for _, from := range keysOf(m) {
			to := m[from]
			if to == "" {
				continue // mapped to missing, as documented
			}
			if err := checkTarget(c, to); err != nil {
				return fail(at+".values."+col+"."+from, "values: %s maps %q to %q, which is %s", col, from, to, err)
			}
		}
	}
	for _, col := range keysOf(ms.Set) {
		c, _ := t.Column(col) // unknown columns were refused before
		v := ms.Set[col]
		if to, mapped := ms.Values[col][v]; mapped {
			v = to // the loader maps a set value too
		}
		if v == "" {
			if c.Required {
				return fail(at+".set."+col, "set: %s is empty, and %s is required: every row would be rejected", col, col)
			}
			continue
		}
		if err := checkTarget(c, v); err != nil {
			return fail(at+".set."+col, "set: %s is %q, which is %s", col, v, err)
		}
	}
	return nil
}
