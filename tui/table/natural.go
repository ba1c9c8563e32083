package table

import (
	"strconv"
	"strings"
)

// Compare orders two cells as a person expects: numbers as numbers
// (9 before 10, -2.5 before 1), and text with the runs of digits in it
// compared by value, so ids sort naturally (A109 before A1080, lead-9
// before lead-10). Text that differs only in case or leading zeros
// falls back to plain byte order, so the order is total.
func Compare(a, b string) int {
	if x, errA := strconv.ParseFloat(strings.TrimSpace(a), 64); errA == nil {
		if y, errB := strconv.ParseFloat(strings.TrimSpace(b), 64); errB == nil {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return strings.Compare(a, b)
		}
	}
	if c := natural(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// natural compares a and b run by run: a run of digits against a run of
// digits by value, anything else case-insensitively.
func natural(a, b string) int {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		switch {
		case da && db:
			ra, rb := digits(a), digits(b)
			if c := compareDigits(ra, rb); c != 0 {
				return c
			}
			a, b = a[len(ra):], b[len(rb):]
		case da != db:
			// A number sorts before a letter, as in byte order.
			if da {
				return -1
			}
			return 1
		default:
			ra, rb := text(a), text(b)
			// A shorter run is a prefix followed by a digit or the end,
			// and sorts first, as "ab1" before "abc" in byte order.
			if c := strings.Compare(strings.ToLower(ra), strings.ToLower(rb)); c != 0 {
				return c
			}
			a, b = a[len(ra):], b[len(rb):]
		}
	}
	return compareEnd(a, b)
}

// compareEnd orders what is left once one side has run out or the runs
// part: the side with nothing left comes first.
func compareEnd(a, b string) int {
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	case b == "":
		return 1
	case isDigit(a[0]) && !isDigit(b[0]):
		return -1
	case !isDigit(a[0]) && isDigit(b[0]):
		return 1
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// compareDigits compares two runs of digits by value, however long.
func compareDigits(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digits(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i]
}

func text(s string) string {
	i := 0
	for i < len(s) && !isDigit(s[i]) {
		i++
	}
	return s[:i]
}
