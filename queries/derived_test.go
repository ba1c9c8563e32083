package queries_test

import (
	"context"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/testkit"
	"github.com/leadlab/leadlab/queries/load"
)

// The derived attributes, worked by hand: loaded leads and accounts, read
// back through the profiles.
func TestDerivedAttributes(t *testing.T) {
	ws := testkit.OpenWS(t)
	dir := testkit.WriteDir(t, map[string]string{
		"accounts.csv": "account_id,employees\n" +
			"a0,\na1,49\na2,50\na3,199\na4,999\na5,1000\na6,4999\na7,5000\n",
		"leads.csv": "lead_id,account_id,email,title\n" +
			"l01,a1,Ann@Acme.COM,VP of Sales\n" +
			"l02,a1, bob@gmail.com ,SVP Marketing\n" +
			"l03,a1,carl@yahoo.co.uk,Vice-President\n" +
			"l04,a1,dee@outlook.fr,Chief Revenue Officer\n" +
			"l05,a1,no-at-sign,Co-Founder\n" +
			"l06,a1,,Director of Ops\n" +
			"l07,a1,eve@,Head of Growth\n" +
			"l08,a1,fay@livestock.com,Team Lead\n" +
			"l09,a1,gus@live.com,Engineer\n" +
			"l10,a1,hal@gmxnet.com,\n" +
			"l11,a1,ivy@corp.io,   \n" +
			"l12,a1,jo@corp.io,Leader of the pack\n" +
			"l13,a1,kim@corp.io,President\n" +
			"l14,a1,lee@corp.io,Vice President\n",
	})
	loadDir(t, ws, dir)
	want := map[string][3]string{ // lead -> email_domain, email_type, seniority
		"l01": {"acme.com", "corporate", "vp"},
		"l02": {"gmail.com", "personal", "vp"},
		"l03": {"yahoo.co.uk", "personal", "vp"},
		"l04": {"outlook.fr", "personal", "c_level"},
		"l05": {"", "unknown", "c_level"},
		"l06": {"", "unknown", "director"},
		"l07": {"", "corporate", "director"},
		"l08": {"livestock.com", "corporate", "manager"},
		"l09": {"live.com", "personal", "individual"},
		"l10": {"gmxnet.com", "corporate", "unknown"},
		"l11": {"corp.io", "corporate", "unknown"},
		"l12": {"corp.io", "corporate", "individual"},
		"l13": {"corp.io", "corporate", "c_level"},
		"l14": {"corp.io", "corporate", "vp"},
	}
	rows, err := ws.DB.Query(`SELECT lead_id, coalesce(email_domain, ''), email_type, seniority FROM lead_profile ORDER BY lead_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var got [3]string
		if err := rows.Scan(&id, &got[0], &got[1], &got[2]); err != nil {
			t.Fatal(err)
		}
		n++
		if got != want[id] {
			t.Errorf("%s: got %q, want %q", id, got, want[id])
		}
	}
	if n != len(want) {
		t.Errorf("read %d leads, want %d", n, len(want))
	}
	bands := map[string]string{"a0": "unknown", "a1": "1-49", "a2": "50-199", "a3": "50-199", "a4": "200-999",
		"a5": "1000-4999", "a6": "1000-4999", "a7": "5000+"}
	for id, band := range bands {
		var got string
		if err := ws.DB.QueryRow(`SELECT size_band FROM account_profile WHERE account_id = ?`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != band {
			t.Errorf("account %s: size_band %q, want %q", id, got, band)
		}
	}
}

// TestProfilesReplaceOldViews: a workspace from before the profiles were
// tables has them as views; the next load replaces them with tables, and
// a failed load leaves them as they were.
func TestProfilesReplaceOldViews(t *testing.T) {
	ctx := context.Background()
	ws := testkit.OpenWS(t)
	dir := testkit.WriteDir(t, map[string]string{
		"leads.csv":    "lead_id,account_id,created_at,email,title\na,x,2024-01-01,a@gmail.com,VP Sales\n",
		"accounts.csv": "account_id,employees\nx,120\n",
	})
	loadDir(t, ws, dir)
	for _, q := range []string{
		"DROP TABLE lead_profile", "DROP TABLE account_profile",
		"CREATE VIEW lead_profile AS SELECT *, 'old' AS seniority FROM leads",
		"CREATE VIEW account_profile AS SELECT *, 'old' AS size_band FROM accounts",
	} {
		if _, err := ws.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	kinds := func() string {
		var out []string
		rows, err := ws.DB.QueryContext(ctx, "SELECT * FROM ("+strings.TrimSuffix(strings.TrimSpace(load.SQLBlocks().SQL("profiles-existing")), ";")+") ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name, kind string
			if err := rows.Scan(&name, &kind); err != nil {
				t.Fatal(err)
			}
			out = append(out, name+" "+kind)
		}
		return strings.Join(out, ", ")
	}
	plan, _, err := load.PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\na,2024-01-02\n"}))
	if err != nil {
		t.Fatal(err)
	}
	plan.MaxRejectShare = 0
	if _, err := load.Load(ctx, ws, plan); err == nil {
		t.Fatal("a load with a duplicate lead succeeded")
	}
	if got := kinds(); got != "account_profile VIEW, lead_profile VIEW" {
		t.Errorf("after a failed load: %s", got)
	}
	loadDir(t, ws, dir)
	if got := kinds(); got != "account_profile TABLE, lead_profile TABLE" {
		t.Errorf("after a load: %s", got)
	}
	var seniority, band string
	if err := ws.DB.QueryRowContext(ctx, "SELECT seniority, size_band FROM lead_profile, account_profile").Scan(&seniority, &band); err != nil {
		t.Fatal(err)
	}
	if seniority != "vp" || band != "50-199" {
		t.Errorf("seniority %s, size band %s; want vp and 50-199", seniority, band)
	}
}
