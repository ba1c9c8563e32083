package draft

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// profile is what the draft knows of one column from its values.
type profile struct {
	Name   string
	Index  int
	Filled int            // rows with a value
	Counts map[string]int // rows per value
	Unique bool           // every row filled, no value twice
	Number bool           // every value (placeholders aside) a number
	Date   dateForm       // set when every value is a date of one form
	Blanks map[string]int // values that look like placeholders for missing
}

// dateForm is how a column writes its dates.
type dateForm struct {
	OK bool
	// Format is a strptime format, "" when the values are ISO 8601 and
	// load as they are.
	Format string
	Why    string
}

func profileOf(f *file, i int) profile {
	p := profile{Name: f.Header[i], Index: i, Counts: map[string]int{}, Blanks: map[string]int{}}
	for _, v := range f.values(i) {
		if v == "" {
			continue
		}
		p.Filled++
		p.Counts[v]++
		if isPlaceholder(v) {
			p.Blanks[v]++
		}
	}
	p.Unique = p.Filled == len(f.Rows) && len(p.Counts) == p.Filled && p.Filled > 0
	var real []string
	for v := range p.Counts {
		if !isPlaceholder(v) {
			real = append(real, v)
		}
	}
	slices.Sort(real)
	p.Number = len(real) > 0
	for _, v := range real {
		if _, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64); err != nil || strings.Contains(v, ",") {
			p.Number = false
			break
		}
	}
	if !p.Number {
		p.Date = guessDateForm(real)
	}
	return p
}

// placeholders are values exports write where nothing was entered.
var placeholders = []string{"select", "unknown", "n/a", "na", "-", "--", "none", "null", "nil", "?",
	"undefined", "not provided", "not available", "#n/a", "(blank)", "(none)", "not set", "tbd", "not specified"}

func isPlaceholder(v string) bool {
	return slices.Contains(placeholders, strings.ToLower(strings.TrimSpace(v)))
}

// dateLayouts pairs Go layouts with the strptime format the loader reads;
// "" marks ISO 8601, which needs no format. Order matters: month-first
// before day-first, so a column where no day exceeds 12 is read month
// first and said to be ambiguous.
var dateLayouts = []struct{ layout, format string }{
	{"2006-01-02", ""},
	{"2006-01-02 15:04:05", ""},
	{"2006-01-02T15:04:05", ""},
	{"2006-01-02T15:04:05Z07:00", ""},
	{"2006-01-02T15:04:05.999999999Z07:00", ""},
	{"2006-01-02 15:04:05.999999999", ""},
	{"2006-01-02 15:04", "%Y-%m-%d %H:%M"},
	{"2006/01/02", "%Y/%m/%d"},
	{"2006/01/02 15:04", "%Y/%m/%d %H:%M"},
	{"01/02/2006", "%m/%d/%Y"},
	{"02/01/2006", "%d/%m/%Y"},
	{"01/02/2006 15:04", "%m/%d/%Y %H:%M"},
	{"02/01/2006 15:04", "%d/%m/%Y %H:%M"},
	{"01/02/2006 15:04:05", "%m/%d/%Y %H:%M:%S"},
	{"02/01/2006 15:04:05", "%d/%m/%Y %H:%M:%S"},
	{"02.01.2006", "%d.%m.%Y"},
	{"02.01.2006 15:04", "%d.%m.%Y %H:%M"},
	{"01-02-2006", "%m-%d-%Y"},
	{"02-01-2006", "%d-%m-%Y"},
}

// guessDateForm finds the one form every value is written in. Values must
// have the digits a date has; a column of plain numbers is not a date.
func guessDateForm(values []string) dateForm {
	if len(values) == 0 {
		return dateForm{}
	}
	for _, v := range values {
		if !strings.ContainsAny(v, "-/.") || !unicode.IsDigit(rune(v[0])) {
			return dateForm{}
		}
	}
	var fits []string
	for _, l := range dateLayouts {
		ok := true
		for _, v := range values {
			if _, err := time.Parse(l.layout, padDate(v)); err != nil {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if l.format == "" {
			return dateForm{OK: true, Why: "ISO 8601 dates such as " + values[0] + ", read as they are"}
		}
		fits = append(fits, l.format)
	}
	switch len(fits) {
	case 0:
		return dateForm{}
	case 1:
		return dateForm{OK: true, Format: fits[0], Why: "every value reads as " + fits[0] + ", such as " + values[0]}
	}
	return dateForm{OK: true, Format: fits[0], Why: "ambiguous: no value has a day above 12, so " + fits[0] +
		" (month first) is a guess; " + fits[1] + " reads the same values"}
}

// padDate writes one-digit days and months with two digits (3/1/2024 as
// 03/01/2024), as strptime reads both.
func padDate(v string) string {
	date, clock, hasClock := strings.Cut(v, " ")
	sep := ""
	for _, s := range []string{"/", ".", "-"} {
		if strings.Contains(date, s) {
			sep = s
			break
		}
	}
	parts := strings.Split(date, sep)
	for i, p := range parts {
		if len(p) == 1 {
			parts[i] = "0" + p
		}
	}
	out := strings.Join(parts, sep)
	if hasClock {
		if len(clock) > 0 && len(strings.SplitN(clock, ":", 2)[0]) == 1 {
			clock = "0" + clock
		}
		out += " " + clock
	}
	return out
}

// norm is a name reduced to lower-case letters and digits, so that
// "Create Date", "create_date" and "CreateDate" compare equal.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tokens splits a file name into lower-case words: "Sales_Pipeline.csv"
// gives sales, pipeline.
func tokens(name string) []string {
	name = strings.ToLower(name)
	for _, ext := range []string{".gz", ".csv", ".tsv", ".txt"} {
		name = strings.TrimSuffix(name, ext)
	}
	return strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
