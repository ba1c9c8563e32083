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
	line := func(indent int, text, why string) {
		b.WriteString(strings.Repeat("  ", indent))
		b.WriteString(text)
		if why != "" {
			b.WriteString("   # " + why)
		}
		b.WriteString("\n")
	}
	comment := func(indent int, text string) {
		for _, l := range wrap(text, 76-2*indent) {
			b.WriteString(strings.Repeat("  ", indent) + "# " + l + "\n")
		}
	}
	comment(0, "Drafted by leadlab manifest draft. Every mapping below is a guess with its reason beside it: "+
		"check each one (the files are the truth), correct what is wrong, then load with leadlab load --db FILE --manifest THIS.")
	line(0, "name: "+scalar(d.Name), "")
	line(0, "base: "+scalar(base), "the folder of the files, from this manifest's folder")
	b.WriteString("\n")
	line(0, "tables:", "")
	for i, t := range d.Tables {
		if i > 0 {
			b.WriteString("\n")
		}
		rows := count(len(t.File.Rows)) + " rows"
		if t.File.Truncated {
			rows = "the first " + rows + " read"
		}
		line(1, t.Table+":", "")
		line(2, "file: "+scalar(t.File.Name), t.Why+"; "+rows)
		if t.File.Delimiter != ',' {
			line(2, "delimiter: "+scalar(string(t.File.Delimiter)), "the separator of the header line")
		}
		if len(t.Columns) > 0 {
			line(2, "columns:", "canonical column: the file's column")
			for _, c := range t.Columns {
				line(3, c.Key+": "+scalar(c.Value), c.Why)
			}
		}
		if len(t.Set) > 0 {
			line(2, "set:", "the same value on every row")
			for _, c := range t.Set {
				line(3, c.Key+": "+scalar(c.Value), c.Why)
			}
		}
		if len(t.Values) > 0 {
			line(2, "values:", "the file's value: the value loaded")
			for _, vm := range t.Values {
				line(3, scalar(vm.Column)+":", vm.Why)
				for _, p := range vm.Pairs {
					line(4, scalar(p.Key)+": "+scalar(p.Value), p.Why)
				}
			}
		}
		if f := t.dateFormats(); len(f) > 0 {
			line(2, "date_format:", "the date columns mapped above are not ISO 8601")
			for _, p := range f {
				line(3, "- "+scalar(p.Key), p.Why)
			}
		}
		if len(t.Ignore) > 0 {
			line(2, "ignore:", "not loaded: each would leak the outcome into the analyses")
			for _, p := range t.Ignore {
				line(3, "- "+scalar(p.Key), p.Why)
			}
		}
		if len(t.Joins) > 0 {
			line(2, "join:", "")
			for _, j := range t.Joins {
				line(3, "- file: "+scalar(j.Key), j.Why)
				line(4, "on: "+scalar(j.Value), "")
			}
		}
		for _, n := range t.Notes {
			comment(2, n)
		}
		if kept := t.extras(); len(kept) > 0 && canonicalTable(t.Table).ExtrasAllowed {
			comment(2, "Kept as extra attributes under their own names: "+strings.Join(kept, ", ")+".")
		}
	}
	if len(d.Unused) > 0 {
		b.WriteString("\n")
		comment(0, "Files not used:")
		for _, u := range d.Unused {
			comment(0, "  "+u)
		}
	}
	return []byte(b.String())
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
