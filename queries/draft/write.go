package draft

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// YAML writes the draft as a manifest whose files are found under base
// (written as base:). Every guess carries its reason as a comment.
func (d *Draft) YAML(base string) []byte {
	var b strings.Builder
	w := writer{&b, ""}
	w.comment(0, "Drafted by leadlab manifest draft. Every mapping below is a guess with its reason beside it: "+
		"check each one (the files are the truth), correct what is wrong, then load with leadlab load --db FILE --manifest THIS.")
	w.line(0, "name: "+scalar(d.Name), "")
	w.line(0, "base: "+scalar(base), "the folder of the files, from this manifest's folder")
	b.WriteString("\n")
	w.line(0, "tables:", "")
	for i, t := range d.Tables {
		if i > 0 {
			b.WriteString("\n")
		}
		if t.Table == "events" && len(d.MoreEvents) > 0 {
			w.files(append([]*tableDraft{t}, d.MoreEvents...))
			continue
		}
		w.line(1, t.Table+":", "")
		w.entry(t)
	}
	if len(d.Unused) > 0 {
		b.WriteString("\n")
		w.comment(0, "Files not used:")
		for _, u := range d.Unused {
			w.comment(0, "  "+u)
		}
	}
	return []byte(b.String())
}

// files writes a table fed by several files: a list of entries, each
// with its own mapping.
func (w *writer) files(ts []*tableDraft) {
	w.line(1, ts[0].Table+":", "")
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.File.Name
	}
	w.comment(2, "Every activity file counts: "+strings.Join(names, ", ")+", each read with its own columns into the one "+
		"events table. Remove an entry to leave its activities out.")
	for _, t := range ts {
		var b strings.Builder
		(&writer{&b, ""}).entry(t)
		for i, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			// The entry's lines, two spaces in, the first opening the
			// list item.
			if i == 0 {
				l = strings.Replace(l, "    ", "    - ", 1)
			} else {
				l = "  " + l
			}
			w.b.WriteString(w.prefix + l + "\n")
		}
	}
}

// writer writes manifest lines, each after prefix.
type writer struct {
	b      *strings.Builder
	prefix string
}

func (w *writer) line(indent int, text, why string) {
	w.b.WriteString(w.prefix + strings.Repeat("  ", indent) + text)
	if why != "" {
		w.b.WriteString("   # " + why)
	}
	w.b.WriteString("\n")
}

func (w *writer) comment(indent int, text string) {
	for _, l := range wrap(text, 76-2*indent) {
		w.b.WriteString(w.prefix + strings.Repeat("  ", indent) + "# " + l + "\n")
	}
}

// entry writes one table entry's keys, from file: on.
func (w *writer) entry(t *tableDraft) {
	rows := count(len(t.File.Rows)) + " rows"
	if t.File.Truncated {
		rows = "the first " + rows + " read"
	}
	w.line(2, "file: "+scalar(t.File.Name), t.Why+"; "+rows)
	if t.File.Delimiter != ',' {
		w.line(2, "delimiter: "+scalar(string(t.File.Delimiter)), "the separator of the header line")
	}
	if len(t.Columns) > 0 {
		w.line(2, "columns:", "canonical column: the file's column")
		for _, c := range t.Columns {
			w.line(3, c.Key+": "+scalar(c.Value), c.Why)
		}
	}
	if len(t.Set) > 0 {
		w.line(2, "set:", "the same value on every row")
		for _, c := range t.Set {
			w.line(3, c.Key+": "+scalar(c.Value), c.Why)
		}
	}
	if len(t.Values) > 0 {
		w.line(2, "values:", "the file's value: the value loaded")
		for _, vm := range t.Values {
			w.line(3, scalar(vm.Column)+":", vm.Why)
			for _, p := range vm.Pairs {
				w.line(4, scalar(p.Key)+": "+scalar(p.Value), p.Why)
			}
		}
	}
	if len(t.Missing) > 0 {
		w.line(2, "missing:", "values read as missing")
		for _, vm := range t.Missing {
			w.line(3, scalar(vm.Column)+":", vm.Why)
			for _, p := range vm.Pairs {
				w.line(4, "- "+scalar(p.Key), p.Why)
			}
		}
	}
	if f := t.dateFormats(); len(f) > 0 {
		w.line(2, "date_format:", "the date columns mapped above are not ISO 8601")
		for _, p := range f {
			w.line(3, "- "+scalar(p.Key), p.Why)
		}
	}
	if len(t.Ignore) > 0 {
		why := "not loaded: each would leak the outcome into the analyses"
		if !canonicalTable(t.Table).ExtrasAllowed {
			why = "not loaded"
		}
		w.line(2, "ignore:", why)
		for _, p := range t.Ignore {
			w.line(3, "- "+scalar(p.Key), p.Why)
		}
	}
	if len(t.Joins) > 0 {
		w.line(2, "join:", "")
		for _, j := range t.Joins {
			w.line(3, "- file: "+scalar(j.Key), j.Why)
			w.line(4, "on: "+scalar(j.Value), "")
		}
	}
	for _, n := range t.Notes {
		w.comment(2, n)
	}
	if kept := t.extras(); len(kept) > 0 && canonicalTable(t.Table).ExtrasAllowed {
		w.comment(2, "Kept as extra attributes under their own names: "+strings.Join(kept, ", ")+".")
	}
}

// dateFormats lists the strptime formats of the mapped date columns that
// need one, once each.
func (t *tableDraft) dateFormats() []pair {
	var out []pair
	seen := map[string]bool{}
	for _, c := range t.Columns {
		if col, ok := canonicalTable(t.Table).Column(c.Key); !ok || col.Type != "TIMESTAMP" {
			continue
		}
		f := t.profiles[c.Value].Date
		if !f.OK || f.Format == "" || seen[f.Format] {
			continue
		}
		seen[f.Format] = true
		out = append(out, pair{f.Format, "", c.Value + ": " + f.Why})
	}
	return out
}

// extras are the columns neither mapped nor ignored.
func (t *tableDraft) extras() []string {
	var out []string
	for _, h := range t.File.Header {
		if !t.used[h] && h != "" {
			if _, canonical := canonicalTable(t.Table).Column(h); !canonical {
				out = append(out, h)
			}
		}
	}
	return out
}

// scalar writes s as a YAML scalar, quoted when YAML would read it as
// something else (yes, 1.0, null, a leading #).
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	text := strings.TrimSuffix(string(out), "\n")
	if err != nil || strings.Contains(text, "\n") {
		return strconv.Quote(s)
	}
	return text
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	if strings.HasPrefix(text, "  ") {
		for i := range lines {
			lines[i] = "  " + lines[i]
		}
	}
	return lines
}
