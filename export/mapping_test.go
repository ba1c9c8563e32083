package export

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping([]byte(`# production names
view: scoring.lead_scores
tables:
  leads: crm.leads
  events: [tracking, "web.events"]
columns:
  leads:
    created_at: created_date
    title: null
  events:
    occurred_at: ts
`))
	if err != nil {
		t.Fatal(err)
	}
	want := Mapping{
		View:    Name{"scoring", "lead_scores"},
		Tables:  map[string]Name{"leads": {"crm", "leads"}, "events": {"tracking", "web.events"}},
		Columns: map[string]map[string]string{"leads": {"created_at": "created_date", "title": ""}, "events": {"occurred_at": "ts"}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %+v\nwant %+v", m, want)
	}
	if c, ok := m.Column("leads", "title"); ok || c != "" {
		t.Errorf("title: %q %v, want absent", c, ok)
	}
	if c, ok := m.Column("leads", "email"); !ok || c != "email" {
		t.Errorf("email: %q %v, want email", c, ok)
	}
	if got := m.Table("accounts"); !reflect.DeepEqual(got, Name{"accounts"}) {
		t.Errorf("accounts: %v", got)
	}
}

func TestParseMappingErrors(t *testing.T) {
	cases := map[string][]string{
		"":                                    {"the file is empty"},
		"- a\n- b\n":                          {"line 1", "top level must be a mapping"},
		"tables:\n  deals: crm.deals\n":       {"line 2", `not "deals"`, "leads, accounts, events"},
		"tables:\n  leads: crm..leads\n":      {"line 2", "empty part"},
		"tables:\n  leads: {a: b}\n":          {"line 2", "want a name"},
		"colums:\n  leads: {}\n":              {"line 1", `unknown key "colums"`},
		"view: x\nview: y\n":                  {"line 2", "view: given twice"},
		"columns:\n  leads:\n    title: []\n": {"line 3", "columns.leads.title"},
		"columns:\n  leads: 3\n":              {"line 2", "want a mapping"},
		"tables: [\n":                         {"not valid YAML"},
		"tables:\n  leads: x\n  leads: y\n":   {"line 3", "tables.leads: given twice"},
	}
	for body, wants := range cases {
		_, err := ParseMapping([]byte(body))
		if err == nil {
			t.Errorf("%q: parsed; want an error", body)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: message %q lacks %q", body, err, w)
			}
		}
	}
}

func TestMappingFlags(t *testing.T) {
	var m Mapping
	for _, arg := range []string{"leads=crm.leads", "events=web"} {
		if err := m.SetTable(arg); err != nil {
			t.Fatal(err)
		}
	}
	for _, arg := range []string{"leads.created_at=created_date", "leads.title="} {
		if err := m.SetColumn(arg); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(m.Table("leads"), Name{"crm", "leads"}) || !reflect.DeepEqual(m.Table("events"), Name{"web"}) {
		t.Errorf("tables: %+v", m.Tables)
	}
	if _, ok := m.Column("leads", "title"); ok {
		t.Error("leads.title= should say production lacks it")
	}
	for arg, want := range map[string]string{"deals=x": `not "deals"`, "leads": "want TABLE=NAME", "leads=": "empty part"} {
		if err := m.SetTable(arg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--table %q: %v, want %q", arg, err, want)
		}
	}
	for arg, want := range map[string]string{"leads=x": "want TABLE.COLUMN=NAME", "deals.x=y": `not "deals"`, "leads.=y": "want TABLE.COLUMN"} {
		if err := m.SetColumn(arg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--column %q: %v, want %q", arg, err, want)
		}
	}
}

// FuzzParseMapping: any bytes give a mapping or an error, never a panic,
// and an accepted mapping names only the canonical tables.
func FuzzParseMapping(f *testing.F) {
	for _, s := range []string{"view: a.b\n", "tables:\n  leads: [a, b]\ncolumns:\n  leads:\n    title: null\n", "columns: {events: {event: e}}", "&a [*a]", "tables: {leads: !!binary aGk=}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := ParseMapping(body)
		if err != nil {
			return
		}
		for table := range m.Tables {
			if knownTable(table) != nil {
				t.Errorf("accepted table %q", table)
			}
		}
		for table := range m.Columns {
			if knownTable(table) != nil {
				t.Errorf("accepted columns of %q", table)
			}
		}
	})
}

// TestREADMEMapping parses the mapping file the README shows.
func TestREADMEMapping(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\n# --mapping mapping.yaml\n")
	if !ok {
		t.Fatal("README.md shows no mapping file")
	}
	body, _, _ := strings.Cut(rest, "```")
	m, err := ParseMapping([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Table("events"), Name{"tracking", "web_events"}) {
		t.Errorf("events: %v", m.Table("events"))
	}
	if _, ok := m.Column("leads", "title"); ok {
		t.Error("the README's title: null should say production lacks it")
	}
}
