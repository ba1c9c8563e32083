package draft

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/load"
)

// sharedDir is a folder of ../shared/datasets, or a loud skip.
func sharedDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "datasets", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("SKIPPED: %s is not here; the draft for it is not checked against published figures", dir)
	}
	return dir
}

// loadDraft drafts dir, writes the manifest to a temp folder, and loads it.
func loadDraft(t *testing.T, dir string) (*queries.Workspace, load.LoadResult, string) {
	t.Helper()
	d, err := Guess(dir)
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := d.YAML(abs)
	path := filepath.Join(t.TempDir(), "draft.yaml")
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := load.LoadManifest(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	ws, err := queries.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	res, err := load.Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return ws, res, string(text)
}

// The drafts of the two public exports load as written and give the
// figures queries/datasets_test.go checks for the hand-written manifests.
func TestDraftOlist(t *testing.T) {
	ws, _, text := loadDraft(t, sharedDir(t, "olist_marketing_funnel"))
	ctx := context.Background()
	o, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{WindowSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if o.Leads != 8000 || o.Won != 842 {
		t.Errorf("leads %d won %d, want 8000 and 842\n%s", o.Leads, o.Won, text)
	}
	warns, err := queries.Warnings(ctx, ws, o.AsOf, o.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range warns {
		found = found || (w.Code == "won_before_created" && w.Count == 1)
	}
	if !found {
		t.Errorf("the one deal won before first contact is not reported: %v", warns)
	}
	a, err := queries.ActionFactorCounts(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int64{}
	for _, f := range a.Factors {
		got[f.Factor] = [2]int64{f.With, f.WonWith}
	}
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
	// The seller's attributes are known only after the win.
	for _, col := range []string{"seller_id", "business_segment", "declared_monthly_revenue"} {
		if !strings.Contains(text, "- "+col+"   # the file holds only won deals") {
			t.Errorf("%s is not proposed for ignore with its reason:\n%s", col, text)
		}
	}
	if !strings.Contains(text, `origin: "unknown" in 1,099 rows looks like a placeholder`) {
		t.Errorf("the unknown origin is not noted as a likely placeholder:\n%s", text)
	}
}

func TestDraftMaven(t *testing.T) {
	ws, res, text := loadDraft(t, sharedDir(t, "maven_crm"))
	ctx := context.Background()
	if res.RejectCount != 0 {
		t.Errorf("%d rejects: %v", res.RejectCount, res.Rejects)
	}
	counts, err := queries.DealCounts(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]int64{}
	for _, c := range counts {
		stages[c.Status] += c.Deals
	}
	if stages["won"] != 4238 || stages["lost"] != 2473 || stages["open"] != 2089 {
		t.Errorf("stages %v, want won 4238, lost 2473, open 2089\n%s", stages, text)
	}
	var won float64
	if err := ws.DB.QueryRow("SELECT sum(amount) FROM deals WHERE status = 'won'").Scan(&won); err != nil || won != 10005534 {
		t.Errorf("won revenue %v (%v), want 10005534", won, err)
	}
	for _, q := range []string{
		"SELECT count(*) FROM deals WHERE product = 'GTXPro'",
		"SELECT count(*) FROM leads WHERE regional_office IS NULL",
	} {
		var n int64
		if err := ws.DB.QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d (%v), want 0", q, n, err)
		}
	}
	if _, err := queries.ComputeOutcomes(ctx, ws, queries.OutcomeOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := queries.Funnel(ctx, ws, queries.FunnelFilter{})
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
