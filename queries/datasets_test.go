package queries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
	"github.com/leadlab/leadlab/queries/load"
)

// The public datasets in ../shared/datasets are not part of the product;
// these checks run when they are present and say loudly when they skip.
func sharedManifest(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join("..", "sample-data", "manifests", name)
	if _, err := os.Stat(filepath.Join("..", "..", "shared", "datasets")); err != nil {
		t.Skipf("SKIPPED: ../shared/datasets is not here; %s not checked against published figures", name)
	}
	return path
}

func loadManifestWS(t *testing.T, path string) (*queries.Workspace, load.LoadResult) {
	t.Helper()
	plan, err := load.LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	ws := testkit.OpenWS(t)
	res, err := load.Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatal(err)
	}
	return ws, res
}

func TestOlistManifest(t *testing.T) {
	ws, _ := loadManifestWS(t, sharedManifest(t, "olist.yaml"))
	o, err := queries.ComputeOutcomes(context.Background(), ws, queries.OutcomeOptions{WindowSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if o.Leads != 8000 || o.Won != 842 {
		t.Errorf("leads %d won %d, want 8000 and 842", o.Leads, o.Won)
	}
	warns, err := queries.Warnings(context.Background(), ws, o.AsOf, o.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range warns {
		if w.Code == "won_before_created" {
			found = w.Count == 1
		}
	}
	if !found {
		t.Errorf("the one deal won before first contact is not reported: %v", warns)
	}
	// The published conversion by origin, with no window.
	for origin, want := range map[string][2]int64{"": {60, 14}, "unknown": {1099, 179}, "paid_search": {1586, 195}, "email": {493, 15}} {
		var leads, won int64
		err := ws.DB.QueryRow(`SELECT count(*), count(*) FILTER (WHERE o.won) FROM leads l
			JOIN derived.lead_outcomes o USING (lead_id) WHERE coalesce(l.origin, '') = ?`, origin).Scan(&leads, &won)
		if err != nil {
			t.Fatal(err)
		}
		if leads != want[0] || won != want[1] {
			t.Errorf("origin %q: %d leads %d won, want %v", origin, leads, won, want)
		}
	}
}

func TestMavenManifest(t *testing.T) {
	ws, res := loadManifestWS(t, sharedManifest(t, "maven.yaml"))
	if res.RejectCount != 0 {
		t.Errorf("%d rejects: %v", res.RejectCount, res.Rejects)
	}
	counts, err := queries.DealCounts(context.Background(), ws)
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]int64{}
	for _, c := range counts {
		stages[c.Status] += c.Deals
	}
	if stages["won"] != 4238 || stages["lost"] != 2473 || stages["open"] != 2089 {
		t.Errorf("stages %v, want won 4238, lost 2473, open 2089", stages)
	}
	var won float64
	ws.DB.QueryRow("SELECT sum(amount) FROM deals WHERE status = 'won'").Scan(&won)
	if won != 10005534 {
		t.Errorf("won revenue %v, want 10005534", won)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM deals WHERE product = 'GTXPro'"); n != 0 {
		t.Errorf("%d deals still say GTXPro", n)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE regional_office IS NOT NULL"); n != 8800 {
		t.Errorf("%d leads have a regional office from the join, want 8800", n)
	}
}

func TestMavenFunnelDeals(t *testing.T) {
	ws, _ := loadManifestWS(t, sharedManifest(t, "maven.yaml"))
	if _, err := queries.ComputeOutcomes(context.Background(), ws, queries.OutcomeOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := queries.Funnel(context.Background(), ws, queries.FunnelFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.AllTargets || d.NewDeals != 8800 || d.NewWon != 4238 || d.NewLost != 2473 || d.NewWonRevenue != 10005534 {
		t.Errorf("deals %d won %d lost %d revenue %v (all targets %v)", d.NewDeals, d.NewWon, d.NewLost, d.NewWonRevenue, d.AllTargets)
	}
	if !d.CycleDays.Valid || fmt.Sprintf("%.1f", d.CycleDays.Float64) != "51.8" {
		t.Errorf("cycle %v, want 51.8 days", d.CycleDays)
	}
	if d.Stages[0] != 85 {
		t.Errorf("%d target accounts, want all 85", d.Stages[0])
	}
}

func TestOlistOriginFactors(t *testing.T) {
	ws, _ := loadManifestWS(t, sharedManifest(t, "olist.yaml"))
	if _, err := queries.ComputeOutcomes(context.Background(), ws, queries.OutcomeOptions{WindowSet: true}); err != nil {
		t.Fatal(err)
	}
	a, err := queries.ActionFactorCounts(context.Background(), ws)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int64{}
	for _, f := range a.Factors {
		got[f.Factor] = [2]int64{f.With, f.WonWith}
	}
	// The published conversion by origin (../shared/datasets/README.md).
	for factor, want := range map[string][2]int64{
		"attr:origin=(missing)": {60, 14}, "attr:origin=unknown": {1099, 179}, "attr:origin=paid_search": {1586, 195},
		"attr:origin=organic_search": {2296, 271}, "attr:origin=direct_traffic": {499, 56}, "attr:origin=referral": {284, 24},
		"attr:origin=social": {1350, 75}, "attr:origin=display": {118, 6}, "attr:origin=other_publicities": {65, 3},
		"attr:origin=email": {493, 15}, "attr:origin=other": {150, 4},
	} {
		if got[factor] != want {
			t.Errorf("%s: %v, want %v", factor, got[factor], want)
		}
	}
	if a.Leads != 8000 || a.Won != 842 {
		t.Errorf("population %d/%d", a.Leads, a.Won)
	}
}
