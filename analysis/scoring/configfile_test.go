package scoring

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// problem is one message a bad config must give: on this line, containing
// each of these fragments.
type problem struct {
	line int
	want []string
}

type problemCase struct {
	name string
	file string // "" is bad.yaml
	data string
	want []problem // exactly these, in this order
}

// problemCases are the bad configs: each must fail with exactly the listed
// messages. The fuzz test starts from them too.
var problemCases = []problemCase{
	{name: "empty", data: "  \n\n", want: []problem{{1, []string{"the file is empty"}}}},
	{name: "only comments", data: "# nothing yet\n", want: []problem{{1, []string{"only comments"}}}},
	{name: "only a document marker", data: "# nothing yet\n---\n", want: []problem{{2, []string{"no settings"}}}},
	{name: "not YAML", data: "version: 1\ncutoff: 3\nfit: [\n  {factor: event:x, points: 1}\n", want: []problem{{3, []string{"not valid YAML"}}}},
	{name: "bad byte", data: "version: 1\ncutoff: 3\nname: a\x01b\n", want: []problem{{3, []string{"not valid YAML", "control characters"}}}},
	{name: "unknown anchor", data: "version: 1\n\ncutoff: *c\n", want: []problem{{3, []string{"unknown anchor 'c'"}}}},
	{name: "not JSON", file: "bad.json", data: "{\n  \"version\": 1,\n  \"cutoff\": 3\n  \"good_fit\": 2\n}\n", want: []problem{{4, []string{"not valid JSON", "invalid character"}}}},
	{name: "unclosed JSON", data: "{\n  \"version\": 1,\n  \"fit\": [\n", want: []problem{{3, []string{"not valid JSON", "unexpected end"}}}},
	{name: "two documents", data: "version: 1\n---\nversion: 1\n", want: []problem{{2, []string{"a second YAML document"}}}},
	{name: "top level a list", data: "- factor: event:x\n  points: 1\n", want: []problem{{1, []string{"top level must be a mapping", "got a list"}}}},
	{name: "top level text", data: "hello\n", want: []problem{{1, []string{"top level must be a mapping", `got the text "hello"`}}}},
	{name: "unknown keys", data: "version: 1\ncuttoff: 3\ngoodFit: 2\nzzz: 1\ntarget:\n  lo: 0.1\n", want: []problem{
		{2, []string{`unknown key "cuttoff"`, "did you mean cutoff?"}},
		{3, []string{`unknown key "goodFit"`, "did you mean good_fit?"}},
		{4, []string{`unknown key "zzz"`, "the keys here are version, name, fit"}},
		{6, []string{"target: ", `unknown key "lo"`, "did you mean low?"}},
	}},
	{name: "unknown rule key", data: "pain:\n  - factor: event:x\n    points: 1\n    cpa: 1\n    halflife_days: 3\n", want: []problem{
		{4, []string{"pain[0] (event:x): ", `unknown key "cpa"`, "did you mean cap?"}},
		{5, []string{`unknown key "halflife_days"`, "did you mean half_life_days?"}},
	}},
	{name: "duplicate key", data: "version: 1\ncutoff: 1\ncutoff: 2\npain:\n  - {factor: event:x, points: 1, points: 2}\n", want: []problem{
		{3, []string{"cutoff is given twice", "on line 2"}},
		{5, []string{"pain[0] (event:x): ", "points is given twice"}},
	}},
	{name: "wrong types", data: `fit:
  - factor: attr:a=b
    points: ten
  - factor: attr:c=d
    points: "10"
pain:
  - factor: event:x
    points: 1
    cap: 1.5
  - event:y
capacity:
  reps: -1
outcome:
  window_days: x
`, want: []problem{
		{3, []string{"fit[0] (attr:a=b): ", `points must be a number, got the text "ten"`}},
		{5, []string{"fit[1] (attr:c=d): ", "points must be a number", "without quotes"}},
		{9, []string{"pain[0] (event:x): ", "cap must be a whole number of occurrences, got 1.5"}},
		{10, []string{"pain[1]: ", "must be a mapping with a factor and points", `{factor: "event:y", points: 10}`}},
		{12, []string{"capacity.reps: ", "must be from 0", "got -1"}},
		{14, []string{"outcome.window_days: ", "whole number of days, or null", `got the text "x"`}},
	}},
	{name: "lists of the wrong shape", data: "fit:\n  factor: attr:a=b\npain: 3\nbands: {A: 80}\ntarget: [0.1, 0.2]\nmetadata: yes\n", want: []problem{
		{2, []string{"fit: ", "must be a list of rules", "got a mapping"}},
		{3, []string{"pain: ", "must be a list of rules", "got 3"}},
		{4, []string{"bands: ", "must be a list of bands"}},
		{5, []string{"target: ", "must be a mapping with the keys low, high", "got a list"}},
		{6, []string{"metadata: ", "must be a mapping"}},
	}},
	{name: "newer version", data: "version: 2\nfit: 3\nsurprise: true\n", want: []problem{
		{1, []string{"version: ", "written by a newer leadlab (schema version 2); this build reads versions up to 1"}},
	}},
	{name: "version zero", data: "version: 0\n", want: []problem{{1, []string{"version: must be 1 or more, got 0"}}}},
	{name: "version text", data: "version: one\n", want: []problem{{1, []string{"version: must be a whole number"}}}},
	{name: "factors", data: `fit:
  - points: 1
  - factor: event:login
    points: 1
  - factor: attr:nope
    points: 1
  - factor: attr:x=(other)
    points: 1
pain:
  - factor: account:industry=Software
    points: 1
  - factor: event:x>=0
    points: 1
  - factor: mood:happy
    points: 1
  - factor: "event: "
    points: 1
  - factor: event:>=2
    points: 1
  - factor: "attr: [0,10)"
    points: 1
`, want: []problem{
		{2, []string{"fit[0]: ", "factor is missing", "attr:industry=SaaS"}},
		{3, []string{"fit[1] (event:login): ", "pain factor", "move the rule to the pain list"}},
		{5, []string{"fit[2] (attr:nope): ", `factor "attr:nope"`, "attr:COLUMN=VALUE"}},
		{7, []string{"fit[3] (attr:x=(other)): ", "(other) stands for"}},
		{10, []string{"pain[0] (account:industry=Software): ", "fit factor", "move the rule to the fit list"}},
		{12, []string{"pain[1] (event:x>=0): ", "whole number from 1"}},
		{14, []string{"pain[2] (mood:happy): ", `unknown prefix "mood"`}},
		{16, []string{"pain[3] (event: ): ", "the event name is missing"}},
		{18, []string{"pain[4] (event:>=2): ", "the event name is missing"}},
		{20, []string{"pain[5] (attr: [0,10)): ", "the column name is missing"}},
	}},
	{name: "duplicate rules", data: `fit:
  - factor: attr:a=b
    points: 1
  - factor: attr:c=d
    points: 1
  - factor: attr:a=b
    points: 2
pain:
  - factor: event:x>=3
    points: 1
  - factor: event:x>=03
    points: 1
`, want: []problem{
		{6, []string{"fit[2] (attr:a=b): ", "the same factor as fit[0] (attr:a=b) on line 2"}},
		{11, []string{"pain[1] (event:x>=03): ", "the same factor as pain[0] (event:x>=3) on line 9"}},
	}},
	{name: "duplicate across lists", data: "fit:\n  - {factor: event:x, points: 1}\npain:\n  - {factor: event:x, points: 2}\n", want: []problem{
		{2, []string{"fit[0] (event:x): ", "pain factor"}},
		{4, []string{"pain[0] (event:x): ", "the same factor as fit[0] (event:x) on line 2"}},
	}},
	{name: "points", data: `pain:
  - factor: event:a
  - factor: event:b
    points: .nan
  - factor: event:c
    points: .inf
  - factor: event:d
    points: -.inf
  - factor: event:e
    points: 10001
  - factor: event:f
    points: -10000
`, want: []problem{
		{2, []string{"pain[0] (event:a): ", "points is missing"}},
		{4, []string{"pain[1] (event:b): ", "points is NaN"}},
		{6, []string{"pain[2] (event:c): ", "points must be from -10000 to 10000, got +Inf"}},
		{8, []string{"pain[3] (event:d): ", "points must be from -10000 to 10000, got -Inf"}},
		{10, []string{"pain[4] (event:e): ", "points must be from -10000 to 10000, got 10001"}},
	}},
	{name: "cap", data: `fit:
  - {factor: attr:a=b, points: 1, cap: 1}
pain:
  - {factor: event:a>=3, points: 1, cap: 1}
  - {factor: event:b, points: 1, cap: 0}
  - {factor: event:c, points: 1, cap: -2}
  - {factor: event:d, points: 1, cap: 1000001}
  - {factor: event:e, points: 1, cap: 1000000}
  - {factor: event:f, points: 1, cap: null}
`, want: []problem{
		{2, []string{"fit[0] (attr:a=b): ", "cap does not apply to attr:a=b", "profile factor"}},
		{4, []string{"pain[0] (event:a>=3): ", "cap does not apply", "is a threshold", "at least 3 times"}},
		{5, []string{"pain[1] (event:b): ", "cap must be at least 1", "got 0"}},
		{6, []string{"pain[2] (event:c): ", "cap must be at least 1", "got -2"}},
		{7, []string{"pain[3] (event:d): ", "cap must be at most 1000000"}},
	}},
	{name: "half-life", data: `fit:
  - {factor: attr:a=b, points: 1, half_life_days: 7}
pain:
  - {factor: event:a>=2, points: 1, half_life_days: 7}
  - {factor: event:b, points: 1, half_life_days: .nan}
  - {factor: event:c, points: 1, half_life_days: 0}
  - {factor: event:d, points: 1, half_life_days: 36501}
  - {factor: event:e, points: 1, half_life_days: 0.5}
`, want: []problem{
		{2, []string{"fit[0] (attr:a=b): ", "half_life_days does not apply", "does not decay"}},
		{4, []string{"pain[0] (event:a>=2): ", "half_life_days does not apply", "threshold"}},
		{5, []string{"pain[1] (event:b): ", "half_life_days must be more than 0 and at most 36500", "NaN"}},
		{6, []string{"pain[2] (event:c): ", "half_life_days must be more than 0", "got 0"}},
		{7, []string{"pain[3] (event:d): ", "got 36501"}},
	}},
	{name: "thresholds", data: "cutoff: .nan\ngood_fit: 1e7\nhigh_pain: -.inf\naccounts:\n  cutoff: 2000000\n", want: []problem{
		{1, []string{"cutoff: is NaN"}},
		{2, []string{"good_fit: must be from -1000000 to 1000000, got 10000000"}},
		{3, []string{"high_pain: ", "got -Inf"}},
		{5, []string{"accounts.cutoff: ", "got 2000000"}},
	}},
	{name: "target out of range", data: "target:\n  low: 15\n  high: -0.1\n", want: []problem{
		{2, []string{"target.low: must be a share from 0 to 1", "got 15", "for 15% write 0.15"}},
		{3, []string{"target.high: ", "got -0.1"}},
	}},
	{name: "target reversed", data: "target: {low: 0.3, high: 0.2}\n", want: []problem{
		{1, []string{"target: the range is reversed: low 0.3 is above high 0.2"}},
	}},
	{name: "target reversed by default", data: "target:\n  low: 0.5\n", want: []problem{
		{1, []string{"target: the range is reversed: low 0.5 is above high 0.15"}},
	}},
	{name: "outcome", data: "outcome:\n  window_days: -1\n  unit: leads\n", want: []problem{
		{2, []string{"outcome.window_days: must be from 0 (no window) to 36500 days, or null", "got -1"}},
		{3, []string{"outcome.unit: must be lead or account", `got "leads"`, "did you mean lead?"}},
	}},
	{name: "outcome window too long", data: "outcome: {window_days: 36501}\n", want: []problem{{1, []string{"got 36501"}}}},
	{name: "accounts", data: "accounts:\n  rollup: top-3\n", want: []problem{
		{2, []string{"accounts.rollup: must be max, sum or top3", "did you mean top3?"}},
	}},
	{name: "capacity", data: "capacity:\n  reps: 100001\n  leads_per_rep_day: .nan\n", want: []problem{
		{2, []string{"capacity.reps: ", "to 100000, got 100001"}},
		{3, []string{"capacity.leads_per_rep_day: must be from 0 to 10000 leads a day, got NaN"}},
	}},
	{name: "capacity per rep", data: "capacity: {reps: 2, leads_per_rep_day: -1}\n", want: []problem{{1, []string{"leads_per_rep_day", "got -1"}}}},
	{name: "capacity per rep too many", data: "capacity: {leads_per_rep_day: 10001}\n", want: []problem{{1, []string{"got 10001"}}}},
	{name: "bands", data: `bands:
  - {label: A, min: 80}
  - {label: "", min: 60}
  - {label: A, min: 40}
  - {label: B, min: .nan}
  - {label: C, min: 80}
  - {label: D}
  - {label: E, min: 20, max: 40}
`, want: []problem{
		{3, []string{"bands[1]: ", "label is empty"}},
		{4, []string{"bands[2] (A): ", `label "A" is also the label of bands[0] (A) on line 2`}},
		{5, []string{"bands[3] (B): ", "min is NaN"}},
		{6, []string{"bands[4] (C): ", "min 80 is also the min of bands[0] (A) on line 2"}},
		{7, []string{"bands[5] (D): ", "min is missing"}},
		{8, []string{"bands[6] (E): ", `unknown key "max"`}},
	}},
	{name: "metadata", data: `metadata:
  tool_version: v1
  created_at: yesterday
  as_of: 2026-06-30
  window_days: -3
  author: me
  tuning:
    leads: -1
    close_rate: 12
    ci_low: 0.2
    ci_high: 0.1
    recal: 0.5
`, want: []problem{
		{3, []string{"metadata.created_at: must be an RFC 3339 time", `got "yesterday"`}},
		{5, []string{"metadata.window_days: ", "got -3"}},
		{6, []string{"metadata: ", `unknown key "author"`}},
		{8, []string{"metadata.tuning.leads: must be 0 or more, got -1"}},
		{9, []string{"metadata.tuning.close_rate: must be a share", "got 12"}},
		{12, []string{"metadata.tuning: ", `unknown key "recal"`, "did you mean recall?"}},
	}},
	{name: "metadata interval reversed", data: "metadata:\n  holdout: {ci_low: 0.2, ci_high: 0.1}\n", want: []problem{
		{2, []string{"metadata.holdout: the interval is reversed"}},
	}},
	{name: "JSON problems", file: "bad.json", data: `{
  "version": 1,
  "fit": [
    {"factor": "attr:a=b", "points": "ten"},
    {"factor": "attr:a=b", "points": 2}
  ],
  "cutof": 3,
  "target": {"low": 0.2, "high": 0.1}
}
`, want: []problem{
		{4, []string{"fit[0] (attr:a=b): ", "points must be a number"}},
		{5, []string{"fit[1] (attr:a=b): ", "the same factor as fit[0] (attr:a=b) on line 4"}},
		{7, []string{`unknown key "cutof"`, "did you mean cutoff?"}},
		{8, []string{"target: the range is reversed"}},
	}},
	{name: "drift population", data: `version: 1
metadata:
  score_bins:
    - {min: 0, share: 0.5}
    - {min: 0, share: 0.6}
    - 3
  rule_prevalence:
    - {factor: event:x, share: 1.5}
    - {share: 0.1}
`, want: []problem{
		{5, []string{"metadata.score_bins[1].min: must be above the bin before's min 0"}},
		{6, []string{"metadata.score_bins[2]: must be a mapping"}},
		{8, []string{"metadata.rule_prevalence[0].share: must be a share from 0 to 1", "for 1.5% write 0.015"}},
		{9, []string{"metadata.rule_prevalence[1].factor: is missing"}},
	}},
	{name: "drift prevalence twice", data: "version: 1\nmetadata:\n  rule_prevalence:\n    - {factor: event:x, share: 0.5}\n    - {factor: event:x, share: 0.1}\n",
		want: []problem{{5, []string{"metadata.rule_prevalence[1].factor: event:x is listed twice"}}}},
	{name: "drift bins add up", data: "version: 1\nmetadata:\n  score_bins: [{min: 0, share: 0.5}, {min: 1, share: 0.4}]\n",
		want: []problem{{3, []string{"metadata.score_bins: shares add up to 0.9, not 1"}}}},
}

func TestParseConfigProblems(t *testing.T) {
	for _, tc := range problemCases {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "bad.yaml"
			}
			c, err := ParseConfig(file, []byte(tc.data))
			if err == nil {
				t.Fatalf("ParseConfig succeeded: %+v", c)
			}
			var errs ConfigErrors
			if !errors.As(err, &errs) {
				t.Fatalf("error is %T, not ConfigErrors: %v", err, err)
			}
			if len(errs) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(errs), len(tc.want), err)
			}
			for i, w := range tc.want {
				e := errs[i]
				if e.Line != w.line || e.File != file {
					t.Errorf("problem %d is at %s line %d, want %s line %d: %v", i, e.File, e.Line, file, w.line, e)
				}
				for _, frag := range w.want {
					if !strings.Contains(e.Error(), frag) {
						t.Errorf("problem %d lacks %q:\n%v", i, frag, e)
					}
				}
			}
			if !reflect.DeepEqual(c, Config{}) {
				t.Errorf("a failed parse returned a config: %+v", c)
			}
		})
	}
}

func TestConfigErrorFormat(t *testing.T) {
	_, err := ParseConfig("m.yaml", []byte("version: 1\ncutoff: x\npain:\n  - {factor: event:a, points: 1, cap: 0}\n"))
	want := "config m.yaml line 2: cutoff: must be a number, got the text \"x\"\n" +
		"config m.yaml line 4: pain[0] (event:a): cap must be at least 1 (1 counts whether the lead did it at all), got 0; leave cap out to count every occurrence"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	var one *ConfigError
	if !errors.As(err, &one) || one.Line != 2 || one.Field != "cutoff" {
		t.Errorf("errors.As found %+v", one)
	}
}

func TestDefault(t *testing.T) {
	d := Default()
	want := Config{
		Version:  1,
		Target:   Range{Low: 0.10, High: 0.15},
		Outcome:  Outcome{Unit: "lead"},
		Accounts: Accounts{Rollup: "max"},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("Default() = %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("Default() is invalid: %v", err)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	for _, data := range []string{"version: 1\n", "name:\nfit:\npain: []\ntarget:\noutcome: {}\n", "{}", "{\"fit\": [], \"pain\": null}"} {
		c, err := ParseConfig("d.yaml", []byte(data))
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if !reflect.DeepEqual(c, Default()) {
			t.Errorf("%q gave %+v, want the defaults", data, c)
		}
	}
}

func TestParseConfigValues(t *testing.T) {
	data := `# a comment
version: 1
fit:
  - factor: attr:size[0,10)
    points: -2.5

  - factor: "account:tier=(missing)"
    points: 1_000
pain: &p
  - {factor: event:login, points: 0x10, cap: 3.0, half_life_days: 1e1}
outcome: {window_days: 0, unit: account}
bands:
  - {label: C, min: 20}
  - {label: 1, min: 60}
  - {label: B, min: 40}
metadata:
  created_at: 2026-07-01T09:30:00Z
  as_of: 2026-06-30
`
	c, err := ParseConfig("v.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Fit = []Rule{{Factor: "attr:size[0,10)", Points: -2.5, Line: 4}, {Factor: "account:tier=(missing)", Points: 1000, Line: 7}}
	want.Pain = []Rule{{Factor: "event:login", Points: 16, Cap: someInt(3), HalfLifeDays: someFloat(10), Line: 10}}
	want.Outcome = Outcome{WindowDays: someInt(0), Unit: "account"}
	want.Bands = []Band{{"1", 60}, {"B", 40}, {"C", 20}}
	want.Metadata = &Metadata{CreatedAt: "2026-07-01T09:30:00Z", AsOf: ptr("2026-06-30")}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
}

func TestValidateInCode(t *testing.T) {
	c := Default()
	c.Pain = []Rule{
		{Factor: "event:demo", Points: 10},
		{Factor: "event:trial>=2", Points: 5},
		{Factor: "event:login", Points: 1, Cap: someInt(0)},
	}
	c.Target = Range{Low: 0.2, High: 0.1}
	err := c.Validate()
	want := "config: pain[2] (event:login): cap must be at least 1 (1 counts whether the lead did it at all), got 0; leave cap out to count every occurrence\n" +
		"config: target: the range is reversed: low 0.2 is above high 0.1; swap them"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}

	// A rule read from a file keeps its line through later edits.
	c = Default()
	c.Fit = []Rule{{Factor: "attr:a=b", Points: 1, Line: 7}, {Factor: "attr:a=b", Points: 2, Line: 9}}
	err = c.Validate()
	want = "config line 9: fit[1] (attr:a=b): the same factor as fit[0] (attr:a=b) on line 7; keep one rule per factor"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}

	if err := (Config{}).Validate(); err == nil || !strings.Contains(err.Error(), "version: must be 1 or more") {
		t.Errorf("the zero Config validated: %v", err)
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.json")
	if err := os.WriteFile(path, []byte(`{"version": 1, "cutoff": 30, "pain": [{"factor": "event:x", "points": 5}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cutoff != 30 || len(c.Pain) != 1 || c.Pain[0].Line != 1 {
		t.Errorf("LoadConfig = %+v", c)
	}
	_, err = LoadConfig(filepath.Join(dir, "nope.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file gave %v", err)
	}
}

func someInt(v int) *int { return &v }

func someFloat(v float64) *float64 { return &v }

// TestManyProblems checks that a file of nothing but problems (the wrong
// file, say) is reported quickly and in a message of readable length.
func TestManyProblems(t *testing.T) {
	data := "fit: [" + strings.Repeat("x,", 20000) + "]\n"
	_, err := ParseConfig("big.yaml", []byte(data))
	var errs ConfigErrors
	if !errors.As(err, &errs) || len(errs) != 20000 {
		t.Fatalf("got %d problems, want 20000", len(errs))
	}
	msg := err.Error()
	if n := strings.Count(msg, "\n"); n != maxShown {
		t.Errorf("the message has %d lines, want %d", n+1, maxShown+1)
	}
	if !strings.HasSuffix(msg, "config big.yaml: and 19950 more problems") {
		t.Errorf("the message ends %q", msg[len(msg)-60:])
	}
}
