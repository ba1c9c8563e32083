package load

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// readMissing reads a table entry's missing: key, the placeholders an
// export writes where it has no value ("Select", "unknown", "N/A"). A
// list applies to every column of the table; a mapping from column to a
// list (or one value) to those columns only. fail is told the line of the
// first problem.
func readMissing(n *yaml.Node, fail func(line int, format string, args ...any) error) (all []string, by map[string][]string, err error) {
	markers := func(v *yaml.Node, what string) ([]string, error) {
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		if len(items) == 0 || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			return nil, fail(v.Line, "missing: %sthe list is empty; give the placeholders to read as missing, such as [Select, unknown, \"N/A\"]", what)
		}
		var out []string
		for _, it := range items {
			s := strings.TrimSpace(it.Value)
			switch {
			case it.Kind != yaml.ScalarNode:
				return nil, fail(it.Line, "missing: %seach entry is one placeholder value, such as Select or \"N/A\"", what)
			case s == "" || it.Tag == "!!null":
				return nil, fail(it.Line, "missing: %san entry is empty; an empty value is missing already", what)
			}
			out = append(out, s)
		}
		return out, nil
	}
	switch n.Kind {
	case 0:
		return nil, nil, nil
	case yaml.SequenceNode, yaml.ScalarNode:
		all, err = markers(n, "")
		return all, nil, err
	case yaml.MappingNode:
		by = map[string][]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			col := n.Content[i].Value
			m, err := markers(n.Content[i+1], col+": ")
			if err != nil {
				return nil, nil, err
			}
			by[col] = m
		}
		if len(by) == 0 {
			return nil, nil, fail(n.Line, "missing: the mapping is empty; give a list for every column, or columns with their lists")
		}
		return nil, by, nil
	}
	return nil, nil, fail(n.Line, "missing: give a list of placeholders for every column, such as [Select, unknown, \"N/A\"], or columns with their lists, such as {lead_source: [Select]}")
}

// missingFor lists the placeholders read as missing in a column: the
// table's, and those given for it by its canonical or its source name.
func missingFor(src Source, names ...string) []string {
	out := append([]string(nil), src.Missing...)
	for k, m := range src.MissingBy {
		for _, n := range names {
			if n != "" && strings.EqualFold(k, n) {
				out = append(out, m...)
				break
			}
		}
	}
	return out
}

// missingExpr turns the placeholders of a text expression into NULL,
// before values: mapping and typing see it.
func missingExpr(e string, markers []string) string {
	if len(markers) == 0 {
		return e
	}
	lits := make([]string, len(markers))
	for i, m := range markers {
		lits[i] = sqltext.QuoteLit(m)
	}
	return fmt.Sprintf("(CASE WHEN %s IN (%s) THEN NULL ELSE %s END)", e, strings.Join(lits, ", "), e)
}

// rowNumber is the one way generate: fills an id: the record's number in
// the file, 1 for the first.
const rowNumber = "row_number"

// checkGenerate checks a table entry's generate: it fills the table's id
// column, and only with row_number, for files that have no id.
func (ms manifestSource) checkGenerate(t queries.Table, fail func(key, format string, args ...any) error, at string) error {
	for _, col := range keysOf(ms.Generate) {
		key := at + ".generate." + col
		switch {
		case t.Key == "":
			return fail(key, "generate: %s has no id column to generate", t.Name)
		case col != t.Key:
			return fail(key, "generate: %s is not the id of %s; generate fills the id (%s) of a file that has none", col, t.Name, t.Key)
		case strings.TrimSpace(ms.Generate[col]) != rowNumber:
			return fail(key, "generate: %s is %q; the one way to generate an id is row_number (the record's number in the file, 1 for the first)", col, ms.Generate[col])
		}
		if _, both := ms.Columns[col]; both {
			return fail(key, "%s is both mapped from a column and generated; keep one", col)
		}
		if _, both := ms.Set[col]; both {
			return fail(key, "%s is both set to a constant and generated; keep one", col)
		}
	}
	return nil
}
