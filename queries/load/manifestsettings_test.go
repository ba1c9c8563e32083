package load

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestManifestSettingsRefused: amount_basis and funnel.high_value_pages
// are checked when the manifest is read, each error naming the manifest,
// the line and the field.
func TestManifestSettingsRefused(t *testing.T) {
	const head = "tables:\n  leads:\n    file: leads.csv\n  deals:\n    file: deals.csv\n  events:\n    file: events.csv\n"
	checkManifestErrors(t, []manifestErrorCase{
		{"amount basis not a basis", head + "    amount_basis: monthly\n", "line 8", []string{"tables.events.amount_basis", "deals table only"}},
		{"amount basis misspelt", strings.Replace(head, "    file: deals.csv\n", "    file: deals.csv\n    amount_basis: totl\n", 1), "line 6", []string{"tables.deals.amount_basis", `"totl"`, "annual", "contract"}},
		{"amount basis on leads", "tables:\n  leads:\n    file: leads.csv\n    amount_basis: annual\n", "line 4", []string{"tables.leads.amount_basis", "deals table only"}},
		{"high-value pages empty", head + "funnel:\n  high_value_pages: []\n", "line 9", []string{"funnel.high_value_pages", "empty"}},
		{"high-value pages null", head + "funnel:\n  high_value_pages:\n", "line 9", []string{"funnel.high_value_pages", "empty"}},
		{"high-value page twice", head + "funnel:\n  high_value_pages:\n    - pricing_page_view\n    - demo_request\n    - pricing_page_view\n", "line 12", []string{"funnel.high_value_pages", `"pricing_page_view" is listed twice`}},
		{"high-value page blank", head + "funnel:\n  high_value_pages: [pricing_page_view, \" \"]\n", "line 9", []string{"funnel.high_value_pages", "empty"}},
		{"high-value page not a name", head + "funnel:\n  high_value_pages:\n    - {page: pricing}\n", "line 10", []string{"funnel.high_value_pages", "one event name"}},
		{"high-value pages without events", "tables:\n  leads:\n    file: leads.csv\nfunnel:\n  high_value_pages: [pricing_page_view]\n", "line 5", []string{"funnel.high_value_pages", "no events table"}},
		{"funnel key misspelt", head + "funnel:\n  high_value_page: [pricing_page_view]\n", "line 9", []string{"unknown key high_value_page (did you mean high_value_pages?)"}},
	})
}

// TestLoadKeepsSettings: the load records what the manifest says about
// the data, and a folder load records the defaults.
func TestLoadKeepsSettings(t *testing.T) {
	files := map[string]string{
		"leads.csv":  "lead_id\nx1\n",
		"deals.csv":  "deal_id,lead_id,status,amount,contract_months\nd1,x1,won,2400,24\n",
		"events.csv": "event,lead_id\npricing_page_view,x1\nDemo Request,x1\n",
	}
	dir := testkit.WriteDir(t, files)
	ctx := context.Background()
	ws := testkit.OpenWS(t)
	loadDir(t, ws, dir)
	info, err := ws.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Settings.AmountBasis != queries.AmountAnnual || info.Settings.HighValuePages != nil {
		t.Errorf("folder load settings %+v, want annual and the default pages", info.Settings)
	}

	manifest := "tables:\n  leads: {file: leads.csv}\n  deals: {file: deals.csv, amount_basis: Contract}\n  events: {file: events.csv}\n" +
		"funnel:\n  high_value_pages: [\"Demo Request\", pricing_page_view]\n"
	plan, err := ParseManifest(filepath.Join(dir, "m.yaml"), []byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, ws, plan); err != nil {
		t.Fatal(err)
	}
	if info, err = ws.Info(ctx); err != nil {
		t.Fatal(err)
	}
	if info.Settings.AmountBasis != queries.AmountContract || !reflect.DeepEqual(info.Settings.HighValuePages, []string{"Demo Request", "pricing_page_view"}) {
		t.Errorf("manifest load settings %+v", info.Settings)
	}

	// A workspace from before the settings were recorded reads as the
	// defaults.
	if _, err := ws.DB.Exec("ALTER TABLE _load DROP COLUMN amount_basis; ALTER TABLE _load DROP COLUMN high_value_pages"); err != nil {
		t.Fatal(err)
	}
	if info, err = ws.Info(ctx); err != nil {
		t.Fatal(err)
	}
	if info.Settings.AmountBasis != queries.AmountAnnual || info.Settings.HighValuePages != nil {
		t.Errorf("old workspace settings %+v, want the defaults", info.Settings)
	}
}

// settingsCases join the bad-input corpus: a high-value page no loaded
// event has fails the load on the manifest's line, naming it, suggesting
// the name meant, and leaves the workspace as it was.
var settingsCases = []badCase{
	{name: "manifest names an unknown high-value page", files: map[string]string{
		"leads.csv": "lead_id\nx1\n", "events.csv": "event,lead_id\nPricing_Page_View,x1\nwebinar_attended,x1\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n  events:\n    file: events.csv\nfunnel:\n  high_value_pages:\n    - webinar_attended\n    - pricing_page_view\n    - demo\n",
		want: []string{"manifest.yaml line 9", `funnel.high_value_pages: no loaded event is named "pricing_page_view"`,
			"did you mean Pricing_Page_View?", `nor "demo"`}},
	{name: "manifest high-value page differs in case", files: map[string]string{
		"leads.csv": "lead_id\nx1\n", "events.csv": "event,lead_id\nPricing_Page_View,x1\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n  events:\n    file: events.csv\nfunnel:\n  high_value_pages: pricing_page_view\n",
		want:     []string{"manifest.yaml line 7", `"pricing_page_view"`, "did you mean Pricing_Page_View?"}},
}

func init() { badCases = append(badCases, settingsCases...) }

// manifestErrorCase is a manifest ParseManifest must refuse, the line its
// error names, and words the error must hold.
type manifestErrorCase struct {
	name, yaml, line string
	words            []string
}

func checkManifestErrors(t *testing.T, cases []manifestErrorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseManifest("crm.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatal("the manifest was accepted")
			}
			for _, w := range append([]string{"manifest crm.yaml " + tc.line}, tc.words...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
		})
	}
}
