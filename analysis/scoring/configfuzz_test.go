package scoring

import (
	"errors"
	"os"
	"reflect"
	"testing"
)

// FuzzParseConfig checks that no input makes ParseConfig panic, that every
// problem it reports has a line, and that whatever it accepts is valid and
// comes back unchanged through EncodeYAML and EncodeJSON.
func FuzzParseConfig(f *testing.F) {
	for _, tc := range problemCases {
		f.Add(tc.data)
	}
	f.Add(fullYAML)
	if data, err := EncodeJSON(fullConfig()); err == nil {
		f.Add(string(data))
	}
	if data, err := os.ReadFile("README-config.md"); err == nil {
		f.Add(string(data))
	}
	f.Add("version: 1\nmetadata:\n  score_bins: [{min: 0, share: 0.5}, {min: 1e3, share: 0.5}]\n  rule_prevalence: [{factor: event:x, share: 0}, {factor: attr:a=b, share: 1}]\n")
	f.Add("version: 1\npain:\n  - {factor: event:x, points: 1, cap: 2, half_life_days: 3}\nbands: [{label: A, min: 1}, {label: B, min: 1.5}]\n")
	f.Add("name: \"\\x7f\\x85\\ufeff \\t\\0\"\ncutoff: 1e-7\nbands: [{label: 1, min: -0}, {label: '~', min: 5e-324}]\nmetadata: {as_of: 2026-06-30, tuning: {leads: 0x10}}\n")
	f.Fuzz(func(t *testing.T, data string) {
		c, err := ParseConfig("fuzz.yaml", []byte(data))
		if err != nil {
			var errs ConfigErrors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error is not ConfigErrors: %#v", err)
			}
			for _, e := range errs {
				if e.Line < 1 {
					t.Errorf("problem without a line: %v", e)
				}
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("ParseConfig accepted a config that Validate rejects: %v", err)
		}
		for _, enc := range []struct {
			name string
			fn   func(Config) ([]byte, error)
		}{{"fuzz.yaml", EncodeYAML}, {"fuzz.json", EncodeJSON}} {
			out, err := enc.fn(c)
			if err != nil {
				t.Fatalf("encode %s: %v", enc.name, err)
			}
			back, err := ParseConfig(enc.name, out)
			if err != nil {
				t.Fatalf("%s does not read back: %v\n%s", enc.name, err, out)
			}
			if !reflect.DeepEqual(withoutLines(back), withoutLines(c)) {
				t.Fatalf("%s round trip changed the config:\n got  %#v\n want %#v\n%s", enc.name, back, c, out)
			}
		}
	})
}
