package load

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/leadlab/leadlab/queries"
)

// manifestFile mirrors the YAML of a manifest. Every field is optional but
// tables; unknown keys are errors, so that a typo never silently loads
// nothing.
type manifestFile struct {
	Name           string                   `yaml:"name"`
	Base           string                   `yaml:"base"`
	MaxRejectShare *float64                 `yaml:"max_reject_share"`
	Tables         map[string]manifestTable `yaml:"tables"`
	Funnel         manifestFunnel           `yaml:"funnel"`
}

// manifestFunnel holds the settings of the ABM funnel's KPIs that depend
// on how the data names things.
type manifestFunnel struct {
	// HighValuePages is one event name or a list; kept as a node so that
	// each name's own line is known.
	HighValuePages yaml.Node `yaml:"high_value_pages"`
}

// manifestTable is one table's entry: a mapping for one file, or a list
// of them, each with its own mapping, for a table whose rows come from
// several files (Salesforce's Task, Event and CampaignMember all give
// events, each with its own columns).
type manifestTable struct {
	Entries []manifestSource
	List    bool // written as a list, even of one entry
}

// UnmarshalYAML takes the old form of the decoder's hook on purpose: it
// decodes with the manifest's own decoder, so that an unknown key inside
// an entry is refused as it is in the one-file form, with its line.
func (m *manifestTable) UnmarshalYAML(unmarshal func(any) error) error {
	var probe any // a yaml.Node cannot be had through this hook
	if err := unmarshal(&probe); err != nil {
		return err
	}
	if _, list := probe.([]any); list {
		m.List = true
		return unmarshal(&m.Entries)
	}
	var one manifestSource
	if err := unmarshal(&one); err != nil {
		return err
	}
	m.Entries = []manifestSource{one}
	return nil
}

type manifestSource struct {
	File       string                       `yaml:"file"`
	Format     string                       `yaml:"format"`
	Delimiter  string                       `yaml:"delimiter"`
	Encoding   string                       `yaml:"encoding"`
	Columns    map[string]string            `yaml:"columns"`
	Values     map[string]map[string]string `yaml:"values"`
	Set        map[string]string            `yaml:"set"`
	DateFormat stringList                   `yaml:"date_format"`
	Ignore     []string                     `yaml:"ignore"`
	Join       []manifestJoin               `yaml:"join"`
	// AmountBasis (deals only) says what amount is: annual or contract.
	AmountBasis string `yaml:"amount_basis"`
	// Missing is a list of placeholders for every column, or a mapping
	// of column to placeholders; kept as a node for each entry's line.
	Missing yaml.Node `yaml:"missing"`
	// Generate fills the id column of a file that has none: {lead_id: row_number}.
	Generate map[string]string `yaml:"generate"`
}

type manifestJoin struct {
	File    string   `yaml:"file"`
	On      string   `yaml:"on"`
	Key     string   `yaml:"key"`
	Columns []string `yaml:"columns"`
}

// stringList accepts one string or a list of strings.
type stringList []string

func (s *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = []string{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*s = list
	return nil
}

// ManifestError is a problem in a manifest, with the line it is on.
type ManifestError struct {
	File string
	Line int
	Msg  string
}

func (e *ManifestError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("manifest %s line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("manifest %s: %s", e.File, e.Msg)
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// LoadManifest reads and validates a manifest file into a load plan. File
// paths in it are relative to base, or to the manifest's own folder.
func LoadManifest(path string) (Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Plan{}, fmt.Errorf("read manifest: %w", err)
	}
	return ParseManifest(path, data)
}

// ParseManifest validates manifest text. path is used for messages and to
// resolve relative file names; nothing is read from disk.
func ParseManifest(path string, data []byte) (Plan, error) {
	fail := func(line int, format string, args ...any) (Plan, error) {
		return Plan{}, &ManifestError{File: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(0, "the file is empty; a manifest needs at least a tables: section with leads")
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fail(0, "not valid YAML: %s", cleanYAMLError(err))
	}
	var mf manifestFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&mf); err != nil {
		line := 0
		msg := cleanYAMLError(err)
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			fmt.Sscan(m[1], &line)
			msg = yamlLine.ReplaceAllString(msg, "")
		}
		return fail(line, "%s", msg)
	}
	lines := keyLines(&root)
	if len(mf.Tables) == 0 {
		return fail(lines["tables"], "no tables: a manifest maps at least the leads table to a file")
	}
	share := DefaultMaxRejectShare
	if mf.MaxRejectShare != nil {
		share = *mf.MaxRejectShare
		if err := CheckShare(share); err != nil {
			return fail(lines["max_reject_share"], "max_reject_share %s", err)
		}
	}
	base := filepath.Dir(path)
	if mf.Base != "" {
		if filepath.IsAbs(mf.Base) {
			base = mf.Base
		} else {
			base = filepath.Join(base, mf.Base)
		}
	}
	if _, ok := mf.Tables["leads"]; !ok {
		return fail(lines["tables"], "tables has no leads entry; leads is the one table every load needs")
	}
	plan := Plan{Origin: path, MaxRejectShare: share, Settings: queries.Settings{AmountBasis: queries.AmountAnnual}}
	basisAt := 0 // the line of the amount_basis in force
	for _, t := range queries.Tables {
		mt, ok := mf.Tables[t.Name]
		if !ok {
			continue
		}
		at := "tables." + t.Name
		entries := mt.Entries
		switch {
		case mt.List && len(entries) == 0:
			return fail(lines[at], "%s: the list of files is empty; give at least one entry (file: …), or leave the table out", at)
		case len(entries) == 0:
			entries = []manifestSource{{}} // "leads:" with nothing under it: the file is missing
		}
		read := map[string]int{} // file -> line of the entry that reads it
		for i, ms := range entries {
			key, name := at, at
			if mt.List {
				key, name = fmt.Sprintf("%s.%d", at, i), fmt.Sprintf("%s[%d]", at, i+1)
			}
			src, err := ms.source(t, base, path, lines, key, name)
			if err != nil {
				return Plan{}, err
			}
			if prev, dup := read[src.Path]; dup {
				return fail(lines[key+".file"], "%s: %s is already read by the entry on line %d; list each file once", name, ms.File, prev)
			}
			read[src.Path] = lines[key]
			if len(ms.Generate) > 0 && len(entries) > 1 {
				return fail(lines[key+".generate"], "%s: generate: numbers each file's records from 1, so the ids of several files would collide; "+
					"load files without ids in a table of one file, or give them ids of their own", name)
			}
			plan.Sources = append(plan.Sources, src)
			if ms.AmountBasis == "" {
				continue
			}
			basis := strings.ToLower(strings.TrimSpace(ms.AmountBasis))
			switch {
			case t.Name != "deals":
				return fail(lines[key+".amount_basis"], "%s.amount_basis: amount_basis is a setting of the deals table only", name)
			case basis != queries.AmountAnnual && basis != queries.AmountContract:
				return fail(lines[key+".amount_basis"], "%s.amount_basis: %q is not one of annual (amount is the annual contract value) or contract (amount is the whole contract's value, annualised with contract_months)", name, ms.AmountBasis)
			case basisAt > 0 && basis != plan.Settings.AmountBasis:
				return fail(lines[key+".amount_basis"], "%s.amount_basis: %s, but line %d says %s; one amount_basis holds for all the deals", name, basis, basisAt, plan.Settings.AmountBasis)
			}
			plan.Settings.AmountBasis, basisAt = basis, lines[key+".amount_basis"]
		}
	}
	if n := &mf.Funnel.HighValuePages; n.Kind != 0 {
		pages, where, err := highValuePages(n, path, lines["funnel.high_value_pages"])
		if err != nil {
			return Plan{}, err
		}
		if _, ok := mf.Tables["events"]; !ok {
			return fail(lines["funnel.high_value_pages"], "funnel.high_value_pages names events, but the manifest loads no events table")
		}
		plan.Settings.HighValuePages, plan.highValueAt = pages, where
	}
	var unknown []string
	for name := range mf.Tables {
		if _, ok := queries.TableByName(name); !ok {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fail(lines["tables."+unknown[0]], "unknown table %q%s; the tables are %s",
			unknown[0], suggest(unknown[0], tableNames()), strings.Join(tableNames(), ", "))
	}
	return plan, nil
}

// highValuePages reads funnel.high_value_pages, one event name or a list
// of them, with the line of each.
func highValuePages(n *yaml.Node, path string, keyLine int) ([]string, map[string]manifestPos, error) {
	fail := func(line int, format string, args ...any) ([]string, map[string]manifestPos, error) {
		return nil, nil, &ManifestError{File: path, Line: line, Msg: "funnel.high_value_pages: " + fmt.Sprintf(format, args...)}
	}
	items := []*yaml.Node{n}
	switch n.Kind {
	case yaml.SequenceNode:
		items = n.Content
	case yaml.ScalarNode:
	default:
		return fail(n.Line, "give an event name or a list of them, such as [pricing_page_view, demo_request]")
	}
	if len(items) == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return fail(keyLine, "the list is empty; name at least one event, or leave the key out for the default (every event named like pricing or demo)")
	}
	var pages []string
	where := map[string]manifestPos{}
	for _, it := range items {
		name := strings.TrimSpace(it.Value)
		switch {
		case it.Kind != yaml.ScalarNode:
			return fail(it.Line, "each entry is one event name")
		case name == "" || it.Tag == "!!null":
			return fail(it.Line, "an entry is empty; each entry is an event name")
		}
		if _, dup := where[name]; dup {
			return fail(it.Line, "%q is listed twice", name)
		}
		where[name] = manifestPos{file: path, line: it.Line}
		pages = append(pages, name)
	}
	return pages, where, nil
}

// source checks one file entry of table t. at is its place as a key
// path, for lines ("tables.events.1"); name is how messages call it
// ("tables.events[2]").
func (ms manifestSource) source(t queries.Table, base, path string, lines map[string]int, at, name string) (Source, error) {
	fail := func(key, format string, args ...any) (Source, error) {
		line := lines[key]
		if line == 0 {
			line = lines[at]
		}
		return Source{}, &ManifestError{File: path, Line: line, Msg: name + ": " + fmt.Sprintf(format, args...)}
	}
	if ms.File == "" {
		return fail(at, "file is missing: name the file this table comes from")
	}
	src := Source{
		Table: t.Name, Path: resolve(base, ms.File), Delimiter: ms.Delimiter,
		Columns: ms.Columns, Values: ms.Values, Set: ms.Set,
		DateFormats: ms.DateFormat, Ignore: ms.Ignore,
		where: fmt.Sprintf("%s line %d", filepath.Base(path), lines[at]),
	}
	src.Format = ms.Format
	if src.Format == "" {
		f, ok := formatOf(ms.File)
		if !ok {
			return fail(at+".file", "cannot tell the format of %q from its name; add format: csv, tsv, json or parquet", ms.File)
		}
		src.Format = f
	}
	switch src.Format {
	case "csv", "tsv", "json", "parquet":
	default:
		return fail(at+".format", "format %q is not one of csv, tsv, json, parquet", src.Format)
	}
	switch strings.ToLower(ms.Encoding) {
	case "", "utf-8", "utf8", "latin-1", "latin1", "utf-16", "utf16":
		src.Encoding = normEncoding(ms.Encoding)
	default:
		return fail(at+".encoding", "encoding %q is not one of utf-8, latin-1, utf-16", ms.Encoding)
	}
	if len([]rune(ms.Delimiter)) > 1 || ms.Delimiter == "\n" || ms.Delimiter == `"` {
		return fail(at+".delimiter", "delimiter must be a single character such as ',', ';', '|' or '\\t', got %q", ms.Delimiter)
	}
	for _, sec := range []struct {
		name string
		keys []string
	}{{"columns", keysOf(ms.Columns)}, {"values", keysOf(ms.Values)}, {"set", keysOf(ms.Set)}} {
		for _, k := range sec.keys {
			if sec.name == "values" && t.ExtrasAllowed {
				// Values of extra attributes may be mapped too; whether
				// the column exists is checked against the file at load.
				continue
			}
			if _, ok := t.Column(k); !ok {
				return fail(at+"."+sec.name+"."+k, "%q is not a column of %s%s; its columns are %s",
					k, t.Name, suggest(k, columnNames(t)), strings.Join(columnNames(t), ", "))
			}
		}
	}
	failErr := func(key, format string, args ...any) error {
		_, err := fail(key, format, args...)
		return err
	}
	if err := ms.checkValueTargets(t, failErr, at); err != nil {
		return Source{}, err
	}
	if err := ms.checkGenerate(t, failErr, at); err != nil {
		return Source{}, err
	}
	src.Generate = ms.Generate
	failLine := func(line int, format string, args ...any) error {
		return &ManifestError{File: path, Line: line, Msg: name + ": " + fmt.Sprintf(format, args...)}
	}
	var err error
	if src.Missing, src.MissingBy, err = readMissing(&ms.Missing, failLine); err != nil {
		return Source{}, err
	}
	for _, k := range keysOf(src.MissingBy) {
		for _, ig := range ms.Ignore {
			if strings.EqualFold(k, ig) {
				return fail(at+".missing."+k, "missing: names column %s, which ignore: drops; remove one of the two", k)
			}
		}
		if _, ok := t.Column(k); !ok && !t.ExtrasAllowed {
			return fail(at+".missing."+k, "missing: %q is not a column of %s%s; its columns are %s",
				k, t.Name, suggest(k, columnNames(t)), strings.Join(columnNames(t), ", "))
		}
	}
	for k, v := range ms.Columns {
		if strings.TrimSpace(v) == "" {
			return fail(at+".columns."+k, "column %s maps to an empty source column name", k)
		}
	}
	for _, k := range keysOf(ms.Values) {
		for _, ig := range ms.Ignore {
			if strings.EqualFold(k, ig) {
				return fail(at+".values."+k, "values: maps column %s, which ignore: drops; remove one of the two", k)
			}
		}
	}
	for k := range ms.Set {
		if _, both := ms.Columns[k]; both {
			return fail(at+".set."+k, "%s is both mapped from a column and set to a constant; keep one", k)
		}
	}
	for _, f := range ms.DateFormat {
		if !strings.Contains(f, "%") {
			return fail(at+".date_format", "date_format %q has no %% directives; use strptime codes such as %%Y-%%m-%%d or %%d/%%m/%%Y %%H:%%M", f)
		}
	}
	for i, j := range ms.Join {
		key := fmt.Sprintf("%s.join", at)
		if j.File == "" || j.On == "" {
			return fail(key, "join %d needs file and on (the column to match)", i+1)
		}
		f, ok := formatOf(j.File)
		if !ok {
			return fail(key, "cannot tell the format of join file %q from its name", j.File)
		}
		k := j.Key
		if k == "" {
			k = j.On
		}
		src.Joins = append(src.Joins, Join{Path: resolve(base, j.File), Format: f, On: j.On, Key: k, Columns: j.Columns})
	}
	return src, nil
}

func resolve(base, file string) string {
	if filepath.IsAbs(file) {
		return file
	}
	return filepath.Join(base, file)
}

// keyLines maps dotted key paths ("tables.leads.columns.lead_id") to the
// line they are on, so semantic errors can name the line like syntax
// errors do.
func keyLines(root *yaml.Node) map[string]int {
	out := map[string]int{}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, prefix)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				p := k.Value
				if prefix != "" {
					p = prefix + "." + k.Value
				}
				out[p] = k.Line
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			// Entries of a list by index: tables.events.1.columns.
			for i, c := range n.Content {
				p := fmt.Sprintf("%s.%d", prefix, i)
				out[p] = c.Line
				walk(c, p)
			}
		}
	}
	walk(root, "")
	return out
}

func cleanYAMLError(err error) string {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if um := unknownKeyMessage(msg); um != "" {
		// Keep the "line N: " the caller reads the line from.
		if m := yamlLine.FindString(msg); m != "" {
			return m + um
		}
		return um
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.ReplaceAll(msg, "in type load.manifestFile", "in the manifest")
	msg = strings.ReplaceAll(msg, "in type load.manifestSource", "in this table entry")
	msg = strings.ReplaceAll(msg, "in type load.manifestJoin", "in this join")
	msg = strings.ReplaceAll(msg, "in type load.manifestFunnel", "in funnel")
	msg = strings.ReplaceAll(msg, "map[string]load.manifestTable", "tables (a mapping of table names to their files)")
	msg = strings.ReplaceAll(msg, "[]load.manifestSource", "a list of file entries")
	msg = strings.ReplaceAll(msg, "load.manifestSource", "a table entry (file:, columns: …)")
	return msg
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func tableNames() []string {
	out := make([]string, len(queries.Tables))
	for i, t := range queries.Tables {
		out[i] = t.Name
	}
	return out
}

func columnNames(t queries.Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// suggest returns " (did you mean x?)" for the closest name within two
// edits, or "".
func suggest(got string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(got, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// normEncoding spells an encoding the way DuckDB's CSV reader expects.
func normEncoding(e string) string {
	switch strings.ToLower(e) {
	case "latin-1", "latin1":
		return "latin-1"
	case "utf-16", "utf16":
		return "utf-16"
	}
	return ""
}
