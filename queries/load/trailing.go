package load

import (
	"fmt"
	"strconv"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// unnamedLast says whether the last of a CSV file's columns has no
// header: DuckDB then names it column<index>, as it does a stray
// delimiter at the end of every line.
func unnamedLast(cols []string) bool {
	n := len(cols)
	return n > 1 && cols[n-1] == "column"+strconv.Itoa(n-1)
}

// dropEmptyTrailing takes a staged CSV file's last column away when it has
// no header and no value in any row — every line ends with a stray
// delimiter — so that it never becomes an extra attribute such as
// column37; the note says so in the load's summary. A headerless column
// that holds values is kept, as before.
func (l *loader) dropEmptyTrailing(src Source, st *staged) (cols []string, note string, err error) {
	cols = st.columns
	if (src.Format != "csv" && src.Format != "tsv") || !unnamedLast(cols) {
		return cols, "", nil
	}
	last := cols[len(cols)-1]
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE NULLIF(trim(CAST(%s AS VARCHAR)), '') IS NOT NULL", sqltext.QuoteIdent(st.table), sqltext.QuoteIdent(last))
	n := l.count(q)
	if n < 0 {
		return nil, "", fmt.Errorf("%s: cannot read its last column", src.label())
	}
	if n > 0 {
		return cols, "", nil
	}
	return cols[:len(cols)-1], fmt.Sprintf("column %d has no header and no values (every line ends with a delimiter): ignored", len(cols)), nil
}
