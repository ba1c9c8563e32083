package export

import (
	"database/sql"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The sample's profile columns and their types, as queries.ProfileColumns
// reads them.
var (
	leadCols = map[string]string{"lead_id": "VARCHAR", "account_id": "VARCHAR", "email": "VARCHAR", "title": "VARCHAR",
		"role": "VARCHAR", "source": "VARCHAR", "created_at": "TIMESTAMP", "converted": "BOOLEAN",
		"email_domain": "VARCHAR", "email_type": "VARCHAR", "seniority": "VARCHAR"}
	accountCols = map[string]string{"account_id": "VARCHAR", "industry": "VARCHAR", "employees": "BIGINT", "target": "BOOLEAN",
		"tier": "BIGINT", "relationship_score": "DOUBLE", "size_band": "VARCHAR"}
)

func ptr[T any](v T) *T { return &v }

// richConfig has a rule of every kind.
func richConfig() scoring.Config {
	cfg := scoring.Default()
	cfg.Name = "every rule kind"
	cfg.Fit = []scoring.Rule{
		{Factor: "attr:seniority=vp", Points: 8},
		{Factor: "attr:email_type=corporate", Points: 3},
		{Factor: "attr:role=(missing)", Points: -2},
		{Factor: "attr:source=paid_search", Points: 2.5},
		{Factor: "account:target=true", Points: 20},
		{Factor: "account:tier=1", Points: 6},
		{Factor: "account:relationship_score[48,inf)", Points: 4},
		{Factor: "account:employees[-inf,50)", Points: -1},
		{Factor: "account:size_band=5000+", Points: 0.1},
	}
	cfg.Pain = []scoring.Rule{
		{Factor: "event:document_created", Points: 7, Cap: ptr(3), HalfLifeDays: ptr(30.0)},
		{Factor: "event:demo_request", Points: 12, Cap: ptr(1)},
		{Factor: "event:login>=3", Points: 5},
		{Factor: "event:email_sent", Points: -0.1},
	}
	cfg.Cutoff = 25
	return cfg
}

func options(d queries.Dialect) Options {
	at := time.Date(2025, 6, 30, 23, 59, 29, 250000000, time.UTC)
	return Options{Dialect: d, Lead: leadCols, Account: accountCols, AsOf: &at, Header: []string{"a header line", "with a\nline break"},
		Mapping: Mapping{
			View:    Name{"scoring", "lead_scores"},
			Tables:  map[string]Name{"leads": {"crm", "Leads"}, "events": {"web events"}},
			Columns: map[string]map[string]string{"leads": {"title": "job_title"}, "events": {"occurred_at": "ts"}},
		}}
}

// TestGolden keeps the scripts' text under review: a change to the SQL
// shows up as a diff of these files (go test ./export -update rewrites
// them).
func TestGolden(t *testing.T) {
	for _, d := range []queries.Dialect{queries.DuckDB, queries.Postgres} {
		got, err := SQL(richConfig(), options(d))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", strings.ToLower(d.String())+".sql")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s script differs from %s (go test ./export -update to accept):\n%s", d, path, got)
		}
	}
}

// TestRefused lists what the export must refuse, and checks each message
// names the rule and says why.
func TestRefused(t *testing.T) {
	cases := []struct {
		name  string
		rule  scoring.Rule
		pain  bool
		d     queries.Dialect
		m     Mapping
		lead  map[string]string
		wants []string
	}{
		{name: "value rule on a double", rule: scoring.Rule{Factor: "account:relationship_score=48.5", Points: 1, Line: 7},
			wants: []string{"line 7: account:relationship_score=48.5", "double", "use a band", "account:relationship_score[LO,HI)"}},
		{name: "value rule on a timestamp", rule: scoring.Rule{Factor: "attr:created_at=2024-01-01", Points: 1},
			wants: []string{"fit[0] attr:created_at=2024-01-01", "timestamp"}},
		{name: "band on text", rule: scoring.Rule{Factor: "attr:source[1,2)", Points: 1},
			wants: []string{"source is varchar, not a number"}},
		{name: "unknown column", rule: scoring.Rule{Factor: "attr:budget=high", Points: 1},
			wants: []string{`leads have no column "budget"`}},
		{name: "derived attribute without its source", rule: scoring.Rule{Factor: "attr:seniority=vp", Points: 1},
			m:     Mapping{Columns: map[string]map[string]string{"leads": {"title": ""}}},
			wants: []string{"attr:seniority=vp: needs leads.title, which the mapping says production does not have"}},
		{name: "account rule without account ids", rule: scoring.Rule{Factor: "account:target=true", Points: 1},
			m:     Mapping{Columns: map[string]map[string]string{"leads": {"account_id": ""}}},
			wants: []string{"needs leads.account_id"}},
		{name: "event rule without event times", rule: scoring.Rule{Factor: "event:demo_request", Points: 1}, pain: true,
			m:     Mapping{Columns: map[string]map[string]string{"events": {"occurred_at": ""}}},
			wants: []string{"needs events.occurred_at"}},
		{name: "NUL in an event name", rule: scoring.Rule{Factor: "event:demo\x00request", Points: 1}, pain: true,
			wants: []string{"NUL"}},
		{name: "invalid UTF-8 in a value", rule: scoring.Rule{Factor: "attr:source=\xff\xfe", Points: 1},
			wants: []string{"not valid UTF-8"}},
		{name: "PostgreSQL name too long", rule: scoring.Rule{Factor: "attr:source=web", Points: 1}, d: queries.Postgres,
			m:     Mapping{Tables: map[string]Name{"leads": {strings.Repeat("x", 64)}}},
			wants: []string{"64 bytes long", "cuts names to 63"}},
		{name: "PostgreSQL column too long", rule: scoring.Rule{Factor: "attr:source=web", Points: 1}, d: queries.Postgres,
			m:     Mapping{Columns: map[string]map[string]string{"leads": {"source": strings.Repeat("é", 32)}}},
			wants: []string{"64 bytes long"}},
		{name: "infinite points", rule: scoring.Rule{Factor: "attr:source=web", Points: math.Inf(1)},
			wants: []string{"not a number SQL can hold"}},
		{name: "event rule in the fit list", rule: scoring.Rule{Factor: "event:demo_request", Points: 1},
			wants: []string{"an event rule in the fit list"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := scoring.Default()
			if c.pain {
				cfg.Pain = []scoring.Rule{c.rule}
			} else {
				cfg.Fit = []scoring.Rule{c.rule}
			}
			_, err := SQL(cfg, Options{Dialect: c.d, Mapping: c.m, Lead: leadCols, Account: accountCols})
			if err == nil {
				t.Fatal("exported; want it refused")
			}
			for _, w := range c.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
		})
	}
	// The same long name is fine for DuckDB, which keeps names whole.
	cfg := scoring.Default()
	cfg.Fit = []scoring.Rule{{Factor: "attr:source=web", Points: 1}}
	if _, err := SQL(cfg, Options{Mapping: Mapping{Tables: map[string]Name{"leads": {strings.Repeat("x", 64)}}}, Lead: leadCols}); err != nil {
		t.Errorf("DuckDB with a 64-byte name: %v", err)
	}
}

// TestNeverValues: a value that cannot occur in a boolean or integer
// column scores nothing, as in leadlab, and says so.
func TestNeverValues(t *testing.T) {
	cfg := scoring.Default()
	cfg.Fit = []scoring.Rule{{Factor: "account:target=yes", Points: 1}, {Factor: "account:tier=01", Points: 2}, {Factor: "account:tier=2", Points: 3}}
	got, err := SQL(cfg, Options{Lead: leadCols, Account: accountCols})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"-- account:target=yes: +1 point (never: a boolean is only true or false)\n        + CASE WHEN FALSE THEN",
		"-- account:tier=01: +2 points (never: not a whole number as written)\n        + CASE WHEN FALSE THEN",
		`CASE WHEN ap."tier" = 2 THEN 3::float8`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("script lacks %q", want)
		}
	}
}

// TestNumbersRoundTrip: every number the script writes reads back in
// DuckDB as the same float64, bit for bit — whole, fractional, tiny, huge,
// negative. (The PostgreSQL parity test covers that engine.)
func TestNumbersRoundTrip(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	vals := []float64{0, 1, -1, 0.1, 2.5, -0.3, 1e-300, 5e-324, 1.7976931348623157e308, 9007199254740993, 123456789.123456789, 1e21, -7e-7}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		vals = append(vals, math.Float64frombits(r.Uint64()&^(0x7ff<<52)|uint64(r.IntN(2046)+1)<<52))
		vals = append(vals, float64(r.IntN(2000)-1000)/float64(1+r.IntN(64)))
	}
	for _, v := range vals {
		var got float64
		if err := db.QueryRow("SELECT " + num(v)).Scan(&got); err != nil {
			t.Fatalf("%s: %v", num(v), err)
		}
		if math.Float64bits(got) != math.Float64bits(v) && !(v == 0 && got == 0) {
			t.Errorf("%s read back as %v, want %v", num(v), got, v)
		}
	}
}

// TestQuoting: names and values mean only themselves.
func TestQuoting(t *testing.T) {
	for in, want := range map[string]string{`a"b`: `"a""b"`, "select": `"select"`, "Größe; --": `"Größe; --"`} {
		if got := ident(in); got != want {
			t.Errorf("ident(%q) = %s, want %s", in, got, want)
		}
	}
	if got := lit(`it's \n`); got != `'it''s \n'` {
		t.Errorf("lit = %s", got)
	}
	if got := comment("a\nDROP TABLE x; --\r\u2028b"); strings.ContainsAny(got, "\n\r\u2028") {
		t.Errorf("comment kept a line break: %q", got)
	}
	if got := qualified(Name{"crm", `x"y`}); got != `"crm"."x""y"` {
		t.Errorf("qualified = %s", got)
	}
}
