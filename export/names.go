package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/leadlab/leadlab/queries"
)

// pgMaxIdent is PostgreSQL's identifier limit in bytes (NAMEDATALEN-1):
// longer names are silently cut, so two long names could become one.
const pgMaxIdent = 63

// Name is a possibly schema-qualified table or view name, part by part.
type Name []string

// ParseName splits a dotted name ("crm.leads") into its parts. A part
// holding a dot can only be given as a list, in a mapping file.
func ParseName(s string) (Name, error) {
	parts := strings.Split(s, ".")
	for _, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("name %q has an empty part; write schema.table, or give the parts as a list in a mapping file", s)
		}
	}
	return Name(parts), nil
}

func (n Name) String() string { return strings.Join(n, ".") }

// checkIdent refuses a name no engine can hold: empty, not UTF-8, with a
// NUL, or (in PostgreSQL) longer than it keeps.
func checkIdent(d queries.Dialect, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("an empty name")
	case !utf8.ValidString(s):
		return fmt.Errorf("name %q is not valid UTF-8", s)
	case strings.ContainsRune(s, 0):
		return fmt.Errorf("name %q holds a NUL character", s)
	case d == queries.Postgres && len(s) > pgMaxIdent:
		return fmt.Errorf("name %q is %d bytes long; PostgreSQL cuts names to %d bytes, which could make two names one", s, len(s), pgMaxIdent)
	}
	return nil
}

// ident quotes an identifier: always, so reserved words, capitals,
// spaces, quotes and any other character mean just themselves.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// qualified quotes a name part by part.
func qualified(n Name) string {
	parts := make([]string, len(n))
	for i, p := range n {
		parts[i] = ident(p)
	}
	return strings.Join(parts, ".")
}

// checkText refuses a value no engine can hold in a string literal.
func checkText(s string) error {
	switch {
	case !utf8.ValidString(s):
		return fmt.Errorf("%q is not valid UTF-8", s)
	case strings.ContainsRune(s, 0):
		return fmt.Errorf("%q holds a NUL character, which PostgreSQL text cannot", s)
	}
	return nil
}

// lit quotes a string literal the standard way (PostgreSQL's
// standard_conforming_strings, on by default since 9.1, and DuckDB):
// quotes doubled, backslashes literal.
func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// maxExactInt is the largest integer every float64 below it holds exactly.
const maxExactInt = 1 << 53

// num writes a float64 as a double precision value that both engines read
// back to the same bits: a whole number as itself, anything else as the
// shortest decimal that round-trips, parsed as text (DuckDB reads a bare
// decimal as DECIMAL first, which can round twice).
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < maxExactInt {
		return strconv.FormatFloat(v, 'f', -1, 64) + "::float8"
	}
	return "'" + strconv.FormatFloat(v, 'g', -1, 64) + "'::float8"
}

// comment makes text safe inside a -- comment: no line breaks or other
// control characters that could end the comment and start SQL.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return '?'
		}
		return r
	}, s)
}
