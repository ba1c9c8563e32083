package export

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Tables are the canonical tables the scoring view reads.
var Tables = []string{"leads", "accounts", "events"}

// Mapping maps the canonical tables and columns the view reads onto the
// production schema. Anything it leaves out keeps its canonical name.
type Mapping struct {
	View   Name            // the view to create; default lead_scores
	Tables map[string]Name // canonical table -> production name
	// Columns maps table -> canonical column -> production column; an
	// empty production name says production has no such column, so no
	// rule may need it.
	Columns map[string]map[string]string
}

// Table is the production name of a canonical table.
func (m Mapping) Table(t string) Name {
	if n, ok := m.Tables[t]; ok {
		return n
	}
	return Name{t}
}

// Column is the production name of a canonical column, and false when the
// mapping says production lacks it.
func (m Mapping) Column(table, col string) (string, bool) {
	if c, ok := m.Columns[table][col]; ok {
		return c, c != ""
	}
	return col, true
}

// SetTable maps a table from a flag's "leads=crm.leads".
func (m *Mapping) SetTable(arg string) error {
	table, name, ok := strings.Cut(arg, "=")
	if !ok {
		return fmt.Errorf("--table %q: want TABLE=NAME, e.g. leads=crm.leads", arg)
	}
	if err := knownTable(table); err != nil {
		return fmt.Errorf("--table %q: %w", arg, err)
	}
	n, err := ParseName(name)
	if err != nil {
		return fmt.Errorf("--table %q: %w", arg, err)
	}
	if m.Tables == nil {
		m.Tables = map[string]Name{}
	}
	m.Tables[table] = n
	return nil
}

// SetColumn maps a column from a flag's "leads.created_at=created_date";
// "leads.title=" says production has no title.
func (m *Mapping) SetColumn(arg string) error {
	key, name, ok := strings.Cut(arg, "=")
	table, col, ok2 := strings.Cut(key, ".")
	if !ok || !ok2 || col == "" {
		return fmt.Errorf("--column %q: want TABLE.COLUMN=NAME, e.g. leads.created_at=created_date (NAME empty: production has no such column)", arg)
	}
	if err := knownTable(table); err != nil {
		return fmt.Errorf("--column %q: %w", arg, err)
	}
	m.setColumn(table, col, name)
	return nil
}

func (m *Mapping) setColumn(table, col, name string) {
	if m.Columns == nil {
		m.Columns = map[string]map[string]string{}
	}
	if m.Columns[table] == nil {
		m.Columns[table] = map[string]string{}
	}
	m.Columns[table][col] = name
}

func knownTable(t string) error {
	if slices.Contains(Tables, t) {
		return nil
	}
	return fmt.Errorf("the scoring view reads only the tables %s, not %q", strings.Join(Tables, ", "), t)
}

// LoadMapping reads a mapping file:
//
//	view: scoring.lead_scores      # optional
//	tables:
//	  leads: crm.leads             # or a list of parts: [crm, leads]
//	columns:
//	  leads:
//	    created_at: created_date
//	    title: null                # production has no title column
//
// Every problem is reported with its line.
func LoadMapping(path string) (Mapping, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, err
	}
	m, err := ParseMapping(body)
	if err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseMapping reads a mapping from YAML (see LoadMapping).
func ParseMapping(body []byte) (Mapping, error) {
	var m Mapping
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return m, fmt.Errorf("not valid YAML: %w", err)
	}
	if len(doc.Content) == 0 {
		return m, errors.New("the file is empty; a mapping has tables: and columns: (see leadlab export --help)")
	}
	top := doc.Content[0]
	var problems []error
	fail := func(n *yaml.Node, format string, args ...any) {
		problems = append(problems, fmt.Errorf("line %d: "+format, append([]any{n.Line}, args...)...))
	}
	if top.Kind != yaml.MappingNode {
		fail(top, "the top level must be a mapping of view:, tables: and columns:")
		return m, errors.Join(problems...)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if seen[k.Value] {
			fail(k, "%s: given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "view":
			if n, err := nameNode(v); err != nil {
				fail(v, "view: %v", err)
			} else {
				m.View = n
			}
		case "tables":
			eachPair(v, "tables", fail, func(tk, tv *yaml.Node) {
				if err := knownTable(tk.Value); err != nil {
					fail(tk, "tables: %v", err)
					return
				}
				if n, err := nameNode(tv); err != nil {
					fail(tv, "tables.%s: %v", tk.Value, err)
				} else {
					if m.Tables == nil {
						m.Tables = map[string]Name{}
					}
					m.Tables[tk.Value] = n
				}
			})
		case "columns":
			eachPair(v, "columns", fail, func(tk, tv *yaml.Node) {
				if err := knownTable(tk.Value); err != nil {
					fail(tk, "columns: %v", err)
					return
				}
				eachPair(tv, "columns."+tk.Value, fail, func(ck, cv *yaml.Node) {
					switch {
					case cv.Kind == yaml.ScalarNode && cv.Tag == "!!null":
						m.setColumn(tk.Value, ck.Value, "")
					case cv.Kind == yaml.ScalarNode && cv.Value != "":
						m.setColumn(tk.Value, ck.Value, cv.Value)
					default:
						fail(cv, "columns.%s.%s: want the production column's name, or null when production has none", tk.Value, ck.Value)
					}
				})
			})
		default:
			fail(k, "unknown key %q; a mapping has view:, tables: and columns:", k.Value)
		}
	}
	return m, errors.Join(problems...)
}

// eachPair calls f for each key and value of a mapping node, refusing
// anything else and keys given twice.
func eachPair(n *yaml.Node, where string, fail func(*yaml.Node, string, ...any), f func(k, v *yaml.Node)) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		fail(n, "%s: want a mapping of names", where)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Value == "" {
			fail(k, "%s: want a name as the key", where)
			continue
		}
		if seen[k.Value] {
			fail(k, "%s.%s: given twice", where, k.Value)
			continue
		}
		seen[k.Value] = true
		f(k, n.Content[i+1])
	}
}

// nameNode reads a name given as "schema.table" or as a list of parts.
func nameNode(n *yaml.Node) (Name, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || n.Value == "" {
			return nil, errors.New("want a name")
		}
		return ParseName(n.Value)
	case yaml.SequenceNode:
		var out Name
		for _, p := range n.Content {
			if p.Kind != yaml.ScalarNode || p.Value == "" {
				return nil, errors.New("want a list of name parts, e.g. [crm, leads]")
			}
			out = append(out, p.Value)
		}
		if len(out) == 0 {
			return nil, errors.New("want a name")
		}
		return out, nil
	}
	return nil, errors.New("want a name, e.g. crm.leads, or a list of its parts")
}
