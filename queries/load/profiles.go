package load

import (
	"fmt"
	"strings"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// profileTables is the SQL creating the staged lead_profile and
// account_profile: each table's columns and its derived attributes.
func profileTables() string {
	parts := map[string][]string{}
	for _, x := range queries.DerivedColumns {
		alias := "l"
		if x.Table == "accounts" {
			alias = "a"
		}
		col := func(c string) string { return alias + "." + sqltext.QuoteIdent(c) }
		parts[x.Table] = append(parts[x.Table], x.Expr(queries.DuckDB, col)+" AS "+sqltext.QuoteIdent(x.Name))
	}
	return fmt.Sprintf(blocks.SQL("profiles-create"), strings.Join(parts["leads"], ",\n    "), strings.Join(parts["accounts"], ",\n    "))
}
