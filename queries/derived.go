package queries

import (
	"fmt"
	"strings"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// Dialect is an SQL engine leadlab writes SQL for: its own DuckDB, or
// PostgreSQL for the exported scoring view.
type Dialect int

// The dialects.
const (
	DuckDB Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "PostgreSQL"
	}
	return "DuckDB"
}

// Derived is one of the derived attributes of the README's Data
// format. The workspace's
// profiles and the exported scoring view both compute it from this
// one definition, so the two cannot drift apart.
type Derived struct {
	Table string   // leads or accounts
	Name  string   // the attribute's name in the profile
	From  []string // the canonical columns it is computed from
	// expr is its SQL; col gives the SQL for a canonical column.
	expr func(d Dialect, col func(string) string) string
}

// Expr is the attribute's SQL expression in a dialect; col gives the SQL
// for a canonical column of the attribute's table.
func (x Derived) Expr(d Dialect, col func(string) string) string { return x.expr(d, col) }

// DerivedColumns are the derived attributes, leads' then accounts'.
var DerivedColumns = []Derived{
	{Table: "leads", Name: "email_domain", From: []string{"email"}, expr: func(_ Dialect, col func(string) string) string {
		return emailDomain(col("email"))
	}},
	{Table: "leads", Name: "email_type", From: []string{"email"}, expr: emailType},
	{Table: "leads", Name: "seniority", From: []string{"title"}, expr: seniority},
	{Table: "accounts", Name: "size_band", From: []string{"employees"}, expr: sizeBand},
}

// DerivedColumn returns the derived attribute of a table by name.
func DerivedColumn(table, name string) (Derived, bool) {
	for _, x := range DerivedColumns {
		if x.Table == table && x.Name == name {
			return x, true
		}
	}
	return Derived{}, false
}

// FreeMailDomains are the personal mail providers: an address at one of
// them (or at yahoo., hotmail., outlook., live. or gmx. under any country
// domain) is a personal address.
var FreeMailDomains = []string{
	"gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "live.com", "msn.com",
	"yahoo.com", "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com",
	"proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de",
	"mail.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "126.com",
	"zoho.com", "fastmail.com", "hey.com", "tutanota.com", "comcast.net", "verizon.net",
	"att.net", "orange.fr", "free.fr", "laposte.net", "libero.it", "t-online.de",
	"rediffmail.com", "uol.com.br", "bol.com.br", "terra.com.br",
}

const freeMailPattern = `^(yahoo|hotmail|outlook|live|gmx)\.`

// SeniorityLevels map a lower-cased title to a level: the first pattern
// that matches (as a whole word) wins; a title matching none is
// individual, and no title is unknown.
var SeniorityLevels = []struct{ Level, Pattern string }{
	{"vp", `(^|[^a-z])(s?vp|evp|avp|vice[ -]president)([^a-z]|$)`},
	{"c_level", `(^|[^a-z])(chief|ceo|cfo|cto|cmo|coo|cro|cio|ciso|cpo|founder|co-founder|cofounder|owner|president|managing director)([^a-z]|$)`},
	{"director", `(^|[^a-z])(director|head of)([^a-z]|$)`},
	{"manager", `(^|[^a-z])(manager|lead|supervisor)([^a-z]|$)`},
}

// SizeBands are the size_band values by employees: each band holds the
// counts below its bound and at or above the one before.
var SizeBands = []struct {
	Below int64
	Band  string
}{{50, "1-49"}, {200, "50-199"}, {1000, "200-999"}, {5000, "1000-4999"}}

// regexMatch is a regular-expression test; the patterns above mean the
// same in DuckDB's RE2 and PostgreSQL's advanced expressions.
func regexMatch(d Dialect, s, pattern string) string {
	if d == Postgres {
		return fmt.Sprintf("(%s ~ %s)", s, sqltext.QuoteLit(pattern))
	}
	return fmt.Sprintf("regexp_matches(%s, %s)", s, sqltext.QuoteLit(pattern))
}

func emailDomain(email string) string {
	return fmt.Sprintf("lower(nullif(split_part(trim(%s), '@', 2), ''))", email)
}

func emailType(d Dialect, col func(string) string) string {
	email := col("email")
	domain := fmt.Sprintf("lower(split_part(trim(%s), '@', 2))", email)
	lits := make([]string, len(FreeMailDomains))
	for i, m := range FreeMailDomains {
		lits[i] = sqltext.QuoteLit(m)
	}
	return fmt.Sprintf(`CASE
        WHEN %[1]s IS NULL OR strpos(%[1]s, '@') = 0 THEN 'unknown'
        WHEN %[2]s IN (%[3]s)
          OR %[4]s
        THEN 'personal'
        ELSE 'corporate'
    END`, email, domain, strings.Join(lits, ", "), regexMatch(d, domain, freeMailPattern))
}

func seniority(d Dialect, col func(string) string) string {
	title := col("title")
	var b strings.Builder
	fmt.Fprintf(&b, "CASE\n        WHEN %[1]s IS NULL OR trim(%[1]s) = '' THEN 'unknown'", title)
	for _, s := range SeniorityLevels {
		fmt.Fprintf(&b, "\n        WHEN %s THEN %s", regexMatch(d, "lower("+title+")", s.Pattern), sqltext.QuoteLit(s.Level))
	}
	b.WriteString("\n        ELSE 'individual'\n    END")
	return b.String()
}

func sizeBand(_ Dialect, col func(string) string) string {
	emp := col("employees")
	var b strings.Builder
	fmt.Fprintf(&b, "CASE\n        WHEN %s IS NULL THEN 'unknown'", emp)
	for _, s := range SizeBands {
		fmt.Fprintf(&b, "\n        WHEN %s < %d THEN %s", emp, s.Below, sqltext.QuoteLit(s.Band))
	}
	b.WriteString("\n        ELSE '5000+'\n    END")
	return b.String()
}
