package scoring

import (
	"bytes"
	"math"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// fullConfig uses every field of Config, so that the round trip covers
// each; TestFullConfigUsesEveryField keeps it that way as fields are added.
func fullConfig() Config {
	return Config{
		Version: 1,
		Name:    "Inbound: SaaS & co",
		Fit: []Rule{
			{Factor: "account:industry=Software", Points: 15},
			{Factor: "attr:employees[50,500)", Points: 0.1},
			{Factor: "attr:role=(missing)", Points: -5},
		},
		Pain: []Rule{
			{Factor: "event:demo_request", Points: 30, Cap: someInt(1)},
			{Factor: "event:pricing_page_view", Points: 2.5, Cap: someInt(5), HalfLifeDays: someFloat(14)},
			{Factor: "event:login", Points: 1, HalfLifeDays: someFloat(0.5)},
			{Factor: "event:webinar_attended>=2", Points: 10},
			{Factor: "event:unsubscribe", Points: -20, Cap: someInt(1)},
		},
		Cutoff:   40,
		Target:   Range{Low: 0.1, High: 0.15},
		GoodFit:  15,
		HighPain: 25.5,
		Outcome:  Outcome{WindowDays: someInt(90), Unit: "account"},
		Accounts: Accounts{Rollup: "top3", Cutoff: 60},
		Capacity: Capacity{Reps: 4, LeadsPerRepDay: 12.5},
		Bands:    []Band{{Label: "A", Min: 60}, {Label: "B", Min: 40}, {Label: "10", Min: -1e-7}},
		Metadata: &Metadata{
			ToolVersion:        "v0.4.0",
			CreatedAt:          "2026-07-01T09:30:00Z",
			Fingerprint:        "sha256:5d41402abc4b2a76b9719d911017c592",
			HistoryFingerprint: "sha256:7d793037a0760186",
			AsOf:               ptr("2026-06-30"),
			WindowDays:         69,
			Method:             "lift",
			Tuning:             &Measured{Split: "leads created before 2026-01-12 (70%)", Leads: 12303, Won: 833, Ready: 1410, ReadyWon: 181, CloseRate: 181.0 / 1410, CILow: 0.1122, CIHigh: 0.1465, Recall: 0.2173, Share: 0.1146},
			Holdout:            &Measured{Split: "the latest 30%", Leads: 5273, Won: 357, Ready: 617, ReadyWon: 74, CloseRate: 0.1199, CILow: 0.0966, CIHigh: 0.1479, Recall: 0.2073, Share: 0.117},
			ModelCheck:         &AUCCheck{PointsAUC: 0.641, UnroundedAUC: 0.64},
			ScoreBins:          []ScoreShare{{Min: -20, Share: 0.25}, {Min: 0, Share: 0.5}, {Min: 12.5, Share: 0.25}},
			RulePrevalence: []Prevalence{{Factor: "account:industry=Software", Share: 0.31},
				{Factor: "event:demo_request", Share: 0.0251}},
		},
	}
}

const fullYAML = `# leadlab scoring config (schema version 1); every key is described in leadlab's docs/scoring-config.md
version: 1
name: 'Inbound: SaaS & co'
fit:
  - factor: account:industry=Software
    points: 15
  - factor: attr:employees[50,500)
    points: 0.1
  - factor: attr:role=(missing)
    points: -5
pain:
  - factor: event:demo_request
    points: 30
    cap: 1
  - factor: event:pricing_page_view
    points: 2.5
    cap: 5
    half_life_days: 14
  - factor: event:login
    points: 1
    half_life_days: 0.5
  - factor: event:webinar_attended>=2
    points: 10
  - factor: event:unsubscribe
    points: -20
    cap: 1
cutoff: 40
target:
  low: 0.1
  high: 0.15
good_fit: 15
high_pain: 25.5
outcome:
  window_days: 90
  unit: account
accounts:
  rollup: top3
  cutoff: 60
capacity:
  reps: 4
  leads_per_rep_day: 12.5
bands:
  - label: A
    min: 60
  - label: B
    min: 40
  - label: "10"
    min: -1e-07
metadata:
  tool_version: v0.4.0
  created_at: "2026-07-01T09:30:00Z"
  data_fingerprint: sha256:5d41402abc4b2a76b9719d911017c592
  as_of: "2026-06-30"
  window_days: 69
  history_fingerprint: sha256:7d793037a0760186
  method: lift
  tuning:
    split: leads created before 2026-01-12 (70%)
    leads: 12303
    won: 833
    ready: 1410
    ready_won: 181
    close_rate: 0.12836879432624113
    ci_low: 0.1122
    ci_high: 0.1465
    recall: 0.2173
    share: 0.1146
  holdout:
    split: the latest 30%
    leads: 5273
    won: 357
    ready: 617
    ready_won: 74
    close_rate: 0.1199
    ci_low: 0.0966
    ci_high: 0.1479
    recall: 0.2073
    share: 0.117
  model_check:
    points_auc: 0.641
    unrounded_auc: 0.64
  score_bins:
    - min: -20
      share: 0.25
    - min: 0
      share: 0.5
    - min: 12.5
      share: 0.25
  rule_prevalence:
    - factor: account:industry=Software
      share: 0.31
    - factor: event:demo_request
      share: 0.0251
`

// neverSet are fields no config sets: the line a rule was read from, and
// cap and decay, which fit rules cannot have.
var neverSet = []string{"Line", "Config.Fit[].Cap", "Config.Fit[].HalfLifeDays"}

func TestFullConfigUsesEveryField(t *testing.T) {
	if unused := unusedFields(reflect.ValueOf(fullConfig()), "Config", neverSet...); len(unused) > 0 {
		t.Errorf("fullConfig leaves fields unset, so the round trip does not cover them: %v", unused)
	}
}

func TestEncodeYAML(t *testing.T) {
	got, err := EncodeYAML(fullConfig())
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != fullYAML {
		t.Errorf("EncodeYAML wrote\n%s", got)
	}
	empty, err := EncodeYAML(Default())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(empty, []byte("fit: []\npain: []\n")) || !bytes.Contains(empty, []byte("window_days: null\n")) {
		t.Errorf("the default config encodes as\n%s", empty)
	}
}

func TestEncodeJSON(t *testing.T) {
	got, err := EncodeJSON(fullConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"{\n  \"version\": 1,\n  \"name\": \"Inbound: SaaS & co\",\n  \"fit\": [\n    {\n      \"factor\": \"account:industry=Software\",\n      \"points\": 15\n    },",
		"\"points\": 0.1\n",
		"\"half_life_days\": 0.5\n",
		"\"min\": -1e-7\n",
		"\"window_days\": 90,",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("EncodeJSON lacks %q:\n%s", want, got)
		}
	}
	if !bytes.HasSuffix(got, []byte("}\n")) {
		t.Errorf("EncodeJSON does not end in a newline")
	}
	empty, err := EncodeJSON(Default())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(empty, []byte("\"fit\": [],\n  \"pain\": [],")) || !bytes.Contains(empty, []byte("\"window_days\": null,")) {
		t.Errorf("the default config encodes as\n%s", empty)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, c := range []Config{fullConfig(), Default()} {
		for _, enc := range []struct {
			name string
			fn   func(Config) ([]byte, error)
		}{{"c.yaml", EncodeYAML}, {"c.json", EncodeJSON}} {
			data, err := enc.fn(c)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseConfig(enc.name, data)
			if err != nil {
				t.Fatalf("%s: %v\n%s", enc.name, err, data)
			}
			if !reflect.DeepEqual(withoutLines(back), withoutLines(c)) {
				t.Errorf("%s round trip:\n got  %+v\n want %+v", enc.name, back, c)
			}
		}
	}
}

func TestEncodeSortsBandsAndRefusesInvalid(t *testing.T) {
	c := Default()
	c.Bands = []Band{{"C", 20}, {"A", 80}, {"B", 40}}
	data, err := EncodeYAML(c)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?s)label: A.*label: B.*label: C`).Match(data) {
		t.Errorf("bands are not highest first:\n%s", data)
	}
	if c.Bands[0].Label != "C" {
		t.Errorf("EncodeYAML reordered the caller's bands")
	}
	c.Cutoff = 2e6
	if _, err := EncodeYAML(c); err == nil || !strings.Contains(err.Error(), "cutoff") {
		t.Errorf("EncodeYAML of an invalid config: %v", err)
	}
	if _, err := EncodeJSON(c); err == nil {
		t.Errorf("EncodeJSON of an invalid config succeeded")
	}
}

// TestDocumentedExample parses the example in docs/scoring-config.md,
// the page that documents the format, so that the documentation cannot
// drift from it.
func TestDocumentedExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/scoring-config.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("docs/scoring-config.md has no yaml example")
	}
	c, err := ParseConfig("docs/scoring-config.md example", []byte(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	// window_days is null in the example on purpose, to show the default.
	if unused := unusedFields(reflect.ValueOf(c), "Config", append(neverSet, "Config.Outcome.WindowDays")...); len(unused) > 0 {
		t.Errorf("the documented example leaves out %v", unused)
	}
	if !strings.Contains(m[1], "window_days: null") {
		t.Errorf("the documented example no longer shows window_days: null")
	}
	for _, keys := range [][]string{configKeys, ruleKeys, rangeKeys, outcomeKeys, accountKeys, capacityKeys, bandKeys, metadataKeys, measuredKeys} {
		for _, k := range keys {
			if !strings.Contains(doc, "`"+k) && !strings.Contains(doc, "."+k) {
				t.Errorf("docs/scoring-config.md does not explain %s", k)
			}
		}
	}
}

// unusedFields lists the fields of v left at their zero value, anywhere
// inside it; a field of a slice's elements counts as used when any element
// sets it. skip names field names or paths that may stay zero.
func unusedFields(v reflect.Value, path string, skip ...string) []string {
	used := map[string]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		for _, s := range skip {
			if path == s || strings.HasSuffix(path, "."+s) {
				used[path] = true
				return
			}
		}
		if _, seen := used[path]; !seen {
			used[path] = false
		}
		if !v.IsValid() || v.IsZero() {
			return
		}
		used[path] = true
		switch v.Kind() {
		case reflect.Pointer:
			walk(v.Elem(), path)
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), path+"[]")
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	}
	walk(v, path)
	var out []string
	for p, ok := range used {
		if !ok {
			out = append(out, p)
		}
	}
	return out
}

// withoutLines is c with every Rule.Line zeroed, for comparing configs read
// from different files.
func withoutLines(c Config) Config {
	for _, list := range []*[]Rule{&c.Fit, &c.Pain} {
		rules := append([]Rule(nil), *list...)
		for i := range rules {
			rules[i].Line = 0
		}
		*list = rules
	}
	return c
}

// TestRoundTripAwkwardValues covers what YAML makes hard to write back:
// text that reads as another type, space and line breaks at the edges,
// and numbers at the ends of their ranges.
func TestRoundTripAwkwardValues(t *testing.T) {
	texts := []string{"1", "0x10", "1e3", "true", "no", "null", "~", ".inf", "2024-01-01", "<<", "- a", "a: b", "#x", "x #y",
		" lead", "lead ", "é ✓ 日本", "\t", "a\nb", "a \n b\n", "\n", "\"'", "\x00\x7f\u0085\u009f\u2028\ufeff\ufffe\uffff", "*a", "&a", "!tag", "%x", "@x", "`x", "{a}", "[a]", "? a"}
	numbers := []float64{0, 1e-7, -1e-7, 5e-324, 1e6, -1e6, 0.1, 1.0 / 3, 123456.789, 1e-6, 999999.9999999999}
	for i, s := range texts {
		c := Default()
		c.Name = s
		c.Bands = []Band{{Label: "b" + s, Min: numbers[i%len(numbers)]}}
		c.Fit = []Rule{{Factor: "attr:" + s + "x=" + s, Points: numbers[(i+1)%len(numbers)] / 100}}
		c.Pain = []Rule{{Factor: "event:e" + s, Points: 1, Cap: someInt(1000000), HalfLifeDays: someFloat(math.Abs(numbers[(i+2)%len(numbers)])/1000 + 1e-9)}}
		c.Cutoff = numbers[(i+3)%len(numbers)]
		c.Capacity = Capacity{Reps: 100000, LeadsPerRepDay: 1e-300}
		c.Metadata = &Metadata{ToolVersion: s, Method: s, Fingerprint: s, Tuning: &Measured{Split: s, Leads: 1<<63 - 1, Won: 1, Ready: 1, CloseRate: 5e-324}}
		if err := c.Validate(); err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		for _, enc := range []struct {
			name string
			fn   func(Config) ([]byte, error)
		}{{"c.yaml", EncodeYAML}, {"c.json", EncodeJSON}} {
			data, err := enc.fn(c)
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			back, err := ParseConfig(enc.name, data)
			if err != nil {
				t.Errorf("%q: %s does not read back: %v\n%s", s, enc.name, err, data)
				continue
			}
			if !reflect.DeepEqual(withoutLines(back), c) {
				t.Errorf("%q: %s round trip:\n got  %#v\n want %#v\n%s", s, enc.name, withoutLines(back), c, data)
			}
		}
	}
}

// Measured on data with no dates, a config has no as-of date: it is
// written as null, not 0001-01-01, and loads back as none.
func TestNoAsOfRoundTrip(t *testing.T) {
	c := fullConfig()
	c.Metadata.AsOf = nil
	for _, enc := range []struct {
		name, want string
		fn         func(Config) ([]byte, error)
	}{{"c.yaml", "as_of: null", EncodeYAML}, {"c.json", `"as_of": null`, EncodeJSON}} {
		data, err := enc.fn(c)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), enc.want) {
			t.Errorf("%s: no %q in\n%s", enc.name, enc.want, data)
		}
		back, err := ParseConfig(enc.name, data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", enc.name, err, data)
		}
		if back.Metadata == nil || back.Metadata.AsOf != nil {
			t.Errorf("%s: as_of loads back as %v", enc.name, back.Metadata)
		}
	}
}

// A close rate with no ready lead, or a recall with no win, does not
// exist: a config writes it null (in YAML and JSON) and reads it back.
func TestMeasuredWritesUndefinedAsNull(t *testing.T) {
	c := Default()
	c.Metadata = &Metadata{ToolVersion: "t", Holdout: &Measured{Split: "h", Leads: 4, Won: 0, Ready: 0, CloseRate: 0, CILow: 0, CIHigh: 1}}
	for _, enc := range []struct {
		name string
		fn   func(Config) ([]byte, error)
		null string
	}{{"c.yaml", EncodeYAML, "close_rate: null"}, {"c.json", EncodeJSON, `"close_rate": null`}} {
		data, err := enc.fn(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"close_rate", "ci_low", "ci_high", "recall"} {
			if want := strings.Replace(enc.null, "close_rate", k, 1); !strings.Contains(string(data), want) {
				t.Errorf("%s: no %q in\n%s", enc.name, want, data)
			}
		}
		if strings.Contains(string(data), "share: null") || strings.Contains(string(data), `"share": null`) {
			t.Errorf("%s: share of 4 leads written null:\n%s", enc.name, data)
		}
		back, err := ParseConfig(enc.name, data)
		if err != nil {
			t.Fatalf("%s does not read back: %v\n%s", enc.name, err, data)
		}
		if h := back.Metadata.Holdout; h == nil || h.Leads != 4 || h.Ready != 0 || h.CIHigh != 0 {
			t.Errorf("%s read back %+v", enc.name, h)
		}
	}
}
