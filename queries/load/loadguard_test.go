package load

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestLoadRefusesNonsenseShare: the loader itself refuses a share that is
// not a number from 0 to 1, so no caller (the TUI, a test, a script built
// on the package) can turn the reject guard off with NaN.
func TestLoadRefusesNonsenseShare(t *testing.T) {
	dir := testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\nb,never\n"})
	for _, share := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5, 2} {
		ws := testkit.OpenWS(t)
		plan, _, err := PlanDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		plan.MaxRejectShare = share
		if _, err := Load(context.Background(), ws, plan); err == nil || !strings.Contains(err.Error(), "between 0 and 1") {
			t.Errorf("share %v: error %v, want a refusal", share, err)
		}
	}
}

// TestRejectShareMessageDigits: the share in the message has enough
// digits to read as more than the limit.
func TestRejectShareMessageDigits(t *testing.T) {
	for _, tc := range []struct {
		rejected, read int64
		limit          float64
		want           string
	}{
		{201, 20000, 0.01, "1.005%"},
		{2, 199, 0.01, "1.01%"},
		{3, 200, 0.01, "1.5%"},
		{1, 3, 0.05, "33.3%"},
		{10001, 1000000, 0.01, "1.0001%"},
		{1, 100, 0, "1.0%"},
	} {
		if got := overPercent(tc.rejected, tc.read, tc.limit); got != tc.want {
			t.Errorf("overPercent(%d, %d, %v) = %s, want %s", tc.rejected, tc.read, tc.limit, got, tc.want)
		}
	}
	if got := limitPercent(0.07); got != "7%" {
		t.Errorf("limitPercent(0.07) = %s", got)
	}

	var b strings.Builder
	b.WriteString("lead_id,created_at\n")
	for i := 0; i < 197; i++ {
		b.WriteString("l" + itoa(i) + ",2024-01-01\n")
	}
	b.WriteString("x1,never\nx2,never\n")
	ws := testkit.OpenWS(t)
	_, err := tryLoadDir(ws, testkit.WriteDir(t, map[string]string{"leads.csv": b.String()}))
	if err == nil || !strings.Contains(err.Error(), "2 of 199 rows (1.01%)") || !strings.Contains(err.Error(), "more than the 1% allowed") {
		t.Errorf("error %v, want 2 of 199 rows (1.01%%) … more than the 1%% allowed", err)
	}
}

// TestManifestValueTargets: values: and set: targets are checked against
// the canonical columns when the manifest is read, with an error naming
// the manifest and the line of the bad value, not every data line that
// carries it.
func TestManifestValueTargets(t *testing.T) {
	const head = "tables:\n  leads:\n    file: leads.csv\n  deals:\n    file: deals.csv\n"
	for _, tc := range []struct {
		name, yaml string
		line       string
		words      []string
	}{
		{"status mapped to a non-status", head + "    values:\n      status: {Won: won, Lost: winner}\n", "line 7", []string{"Lost", "winner", "not one of open, won, lost"}},
		{"status mapped, block style", head + "    values:\n      status:\n        Won: won\n        Open: pending\n", "line 9", []string{"pending", "open, won, lost"}},
		{"kind set to nonsense", head + "    set: {kind: bogus}\n", "line 6", []string{"kind", "bogus", "new, renewal, expansion"}},
		{"status set to empty", head + "    set:\n      status: \"\"\n", "line 7", []string{"status", "required"}},
		{"set mapped to nonsense", head + "    set: {status: W}\n    values:\n      status: {W: winning}\n", "line 8", []string{"winning"}},
		{"amount set to text", head + "    set: {amount: lots}\n", "line 6", []string{"amount", "not a number"}},
		{"contract months out of range", head + "    set: {contract_months: 5000}\n", "line 6", []string{"out of range"}},
		{"category mapped wrong", "tables:\n  leads:\n    file: leads.csv\n  events:\n    file: events.csv\n    values:\n      category:\n        mail: e-mail\n", "line 8", []string{"e-mail", "product, marketing, email"}},
		{"campaign type set wrong", "tables:\n  leads:\n    file: leads.csv\n  campaigns:\n    file: campaigns.csv\n    set: {type: drip}\n", "line 6", []string{"drip", "welcome, onboarding"}},
		{"target mapped to non-bool", "tables:\n  leads:\n    file: leads.csv\n  accounts:\n    file: accounts.csv\n    values:\n      target: {Y: maybe}\n", "line 7", []string{"maybe", "true/false"}},
		{"tier set out of range", "tables:\n  leads:\n    file: leads.csv\n  accounts:\n    file: accounts.csv\n    set: {tier: 4}\n", "line 6", []string{"tier", "out of range"}},
	} {
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
	// What the loader accepts stays accepted: case, an empty target (maps
	// to missing), the booleans and numbers it reads, extra attributes.
	ok := head + "    set: {kind: New, amount: \"12.5\", contract_months: \"12.0\"}\n    values:\n      status: {Won: WON, Engaging: open, Unknown: \"\"}\n      stage: {A: anything}\n" +
		"  accounts:\n    file: accounts.csv\n    values:\n      target: {Y: yes, N: \"0\"}\n    set: {tier: \"2\"}\n" +
		"  events:\n    file: events.csv\n    values:\n      category: {Mail: Email}\n"
	if _, err := ParseManifest("crm.yaml", []byte(ok)); err != nil {
		t.Errorf("a good manifest was refused: %v", err)
	}
}

// guardCases join the bad-input corpus (TestBadInputKeepsWorkspace):
// each must fail with its words and leave the workspace as it was.
var guardCases = []badCase{
	{name: "manifest maps status to a non-status", files: map[string]string{
		"leads.csv": "lead_id\nx1\n", "deals.csv": "deal_id,lead_id,status\nd1,x1,won\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n  deals:\n    file: deals.csv\n    values: {status: {won: winner}}\n",
		want:     []string{"manifest.yaml line 6", `"winner"`, "not one of open, won, lost"}},
	{name: "manifest sets a bogus kind", files: map[string]string{
		"leads.csv": "lead_id\nx1\n", "deals.csv": "deal_id,lead_id,status\nd1,x1,won\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n  deals:\n    file: deals.csv\n    set:\n      kind: bogus\n",
		want:     []string{"manifest.yaml line 7", `"bogus"`, "new, renewal, expansion"}},
	{name: "manifest NaN share", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "max_reject_share: .nan\ntables:\n  leads:\n    file: leads.csv\n",
		want:     []string{"line 1", "max_reject_share", "between 0 and 1"}},
}

func init() { badCases = append(badCases, guardCases...) }
