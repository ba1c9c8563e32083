package scoring

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
)

// TestBandRulesScoreTheLeadsReportActionsCounted: every profile factor
// report actions makes — bands that follow closing, with a dominant 0
// band and edges at fractional values, =(missing), and no account
// (attr:account_id=(missing)) — taken as a rule by its printed name,
// scores exactly the leads the table counted.
func TestBandRulesScoreTheLeadsReportActionsCounted(t *testing.T) {
	var leads strings.Builder
	leads.WriteString("lead_id,created_at,converted,account_id,previous,spend\n")
	for i := range 2000 {
		prev := "0"
		switch {
		case i%10 == 7:
			prev = fmt.Sprint(1 + i%3)
		case i%10 == 8:
			prev = fmt.Sprint(4 + i%5)
		case i%20 == 9:
			prev = ""
		}
		acct := ""
		if i%3 > 0 {
			acct = fmt.Sprintf("A%d", i%7)
		}
		spend := fmt.Sprintf("%.3f", float64(i%400)/7)
		won := i%10 >= 7 && i%2 == 0 || i%13 == 0 || (i%400 > 300 && i%3 == 0)
		fmt.Fprintf(&leads, "l%d,2024-01-01,%v,%s,%s,%s\n", i, won, acct, prev, spend)
	}
	var accounts strings.Builder
	accounts.WriteString("account_id,industry\n")
	for k := range 7 {
		fmt.Fprintf(&accounts, "A%d,ind%d\n", k, k%2)
	}
	ws := loadFiles(t, map[string]string{"leads.csv": leads.String(), "accounts.csv": accounts.String()})
	ctx := context.Background()
	d, err := LoadData(ctx, ws, queries.OutcomeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := queries.ActionFactorCounts(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range counts.Factors {
		if f.Kind != "fit" || strings.HasSuffix(f.Factor, "=(other)") {
			continue
		}
		for _, kind := range []string{"[", "=(missing)", "[0,"} {
			if strings.Contains(f.Factor, kind) {
				seen[kind] = true
			}
		}
		seen[f.Factor] = true
		cfg := baseConfig()
		cfg.Fit = []Rule{{Factor: f.Factor, Points: 1}}
		if _, err := d.Prepare(ctx, cfg); err != nil {
			t.Fatalf("%s: %v", f.Factor, err)
		}
		s := d.Score(cfg, History)
		var with int64
		for i, oc := range d.Leads.Outcome {
			if oc != queries.OutcomeMaturing && s.Fit[i] == 1 {
				with++
			}
		}
		if with != f.With {
			t.Errorf("%s: the scorer gives its points to %d settled leads, report actions counted %d", f.Factor, with, f.With)
		}
	}
	for _, want := range []string{"[", "=(missing)", "[0,", queries.NoAccountFactor, "attr:previous[0,1)"} {
		if !seen[want] {
			t.Errorf("no factor like %q among %v", want, seen)
		}
	}
}
