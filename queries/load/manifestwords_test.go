package load

import (
	"strings"
	"testing"
)

// TestManifestErrorsNameNoGoType: the YAML decoder names the Go type it
// could not fill ("load.manifestSource"); every such message is put in
// the manifest's own words, whatever package the parser lives in.
func TestManifestErrorsNameNoGoType(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"tables: [1, 2]\n", "tables (a mapping of table names to their files)"},
		{"tables:\n  leads: 5\n", "a table entry (file:, columns: …)"},
		{"tables:\n  leads: [5]\n", "a table entry (file:, columns: …)"},
		{"tables:\n  leads:\n    file: l.csv\n    colums: {}\n", "in a table entry"},
		{"funnel:\n  stages: {}\n  bogus: 1\n", "in funnel"},
		{"bogus: 1\n", "at the top of the manifest"},
	} {
		_, err := ParseManifest("m.yaml", []byte(c.yaml))
		if err == nil {
			t.Errorf("%q: no error", c.yaml)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "load.") || strings.Contains(msg, "manifest"+"Source") || !strings.Contains(msg, c.want) {
			t.Errorf("%q: %s; want it to say %q and name no Go type", c.yaml, msg, c.want)
		}
	}
}
