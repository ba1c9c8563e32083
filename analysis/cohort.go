package analysis

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseCohort reads a first-touch cohort — a month (2025-03) or a quarter
// (2025-Q1) — as the half-open range it covers; "" is no cohort.
func ParseCohort(s string) (from, to time.Time, err error) {
	if s == "" {
		return time.Time{}, time.Time{}, nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t, t.AddDate(0, 1, 0), nil
	}
	if y, q, ok := strings.Cut(strings.ToUpper(s), "-Q"); ok {
		year, err1 := strconv.Atoi(y)
		n, err2 := strconv.Atoi(q)
		if err1 == nil && err2 == nil && n >= 1 && n <= 4 && year > 1900 && year < 3000 {
			t := time.Date(year, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, time.UTC)
			return t, t.AddDate(0, 3, 0), nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("cohort %q is not a month (2025-03) or a quarter (2025-Q1)", s)
}
