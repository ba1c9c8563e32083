package load

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestFastPathMatchesCareful loads the same files the fast way and the
// careful way and requires the same tables: columns, types, values and
// order, and the same rejects. Clean files must take the fast path; a
// file with any problem must fall back to the careful one.
func TestFastPathMatchesCareful(t *testing.T) {
	dirty := map[string]string{}
	for name, body := range testkit.TrickyClean {
		dirty[name] = body
	}
	dirty["deals.csv"] += "D3,maybe,L1,,,,\n"                          // not a status
	dirty["events.csv"] += "login,nobody,,2024-01-08,product,\n"       // unknown lead
	dirty["nps.csv"] += "7.5,A1\n"                                     // not a whole number
	dirty["leads.csv"] += "L1,A1,2024-01-09,,\n"                       // duplicate id
	dirty["accounts.csv"] += "A4,Broken,\"unterminated,no,1,,\n"       // broken quoting
	dirty["spend.csv"] += "inf,2024-01-02,search\n12,someday,search\n" // not finite; not a date
	for _, c := range []struct {
		name string
		dir  string
		fast []string
	}{
		{"sample", testkit.SampleDir(t), tableNames()},
		{"tricky clean", testkit.WriteDir(t, testkit.TrickyClean), tableNames()},
		{"dirty", testkit.WriteDir(t, dirty), []string{"campaigns"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan, _, err := PlanDir(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			plan.MaxRejectShare = 1
			fast, careful := testkit.OpenWS(t), testkit.OpenWS(t)
			fres, err := load(context.Background(), fast, plan, false)
			if err != nil {
				t.Fatal(err)
			}
			cres, err := load(context.Background(), careful, plan, true)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(fres.fast, c.fast) || len(cres.fast) != 0 {
				t.Errorf("fast path took %v, want %v (careful took %v)", fres.fast, c.fast, cres.fast)
			}
			if f, k := fmt.Sprint(fres.Tables, fres.Rejects), fmt.Sprint(cres.Tables, cres.Rejects); f != k {
				t.Errorf("results differ:\nfast    %s\ncareful %s", f, k)
			}
			for _, table := range append(tableNames(), "_rejects", "_sources") {
				if d := firstDiff(dump(t, fast, table), dump(t, careful, table)); d != "" {
					t.Errorf("%s differs: %s", table, d)
				}
			}
		})
	}
}

// dump renders a table's column types and its rows, sorted: the careful
// path does not keep file order exactly (see table-store).
func dump(t testing.TB, ws *queries.Workspace, table string) string {
	t.Helper()
	var b strings.Builder
	types, err := ws.DB.Query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", table)
	if err != nil {
		t.Fatal(err)
	}
	for types.Next() {
		var name, typ string
		if err := types.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s, ", name, typ)
	}
	types.Close()
	rows, err := ws.DB.Query("SELECT * FROM " + sqltext.QuoteIdent(table))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals))
	}
	slices.Sort(lines)
	return b.String() + "\n" + strings.Join(lines, "\n")
}

// firstDiff describes the first line where a and b differ; "" if none.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d of %d/%d:\nfast    %s\ncareful %s", i, len(al), len(bl), x, y)
		}
	}
	return ""
}

// FuzzFastMatchesCareful: any bytes as leads.csv load the same by both
// paths — the same error, or the same tables, rejects and sources.
func FuzzFastMatchesCareful(f *testing.F) {
	for _, seed := range []string{
		goodLeads, "lead_id\n", "lead_id,created_at\nx,2024-13-45\n", "lead_id,converted\nx, yes \ny,1.0\n",
		"lead_id,title\n x ,\" VP \"\ny,\n", "lead_id,created_at\nx,2024-01-01T10:00:00+02:00\n",
		"lead_id,score\nx,00123\ny,1e3\n", "lead_id\nx\nx\n", "lead_id,title\nx,\xff\xfe\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": string(data)}))
		if err != nil {
			t.Fatal(err)
		}
		fast, careful := testkit.OpenWS(t), testkit.OpenWS(t)
		_, ferr := load(context.Background(), fast, plan, false)
		_, cerr := load(context.Background(), careful, plan, true)
		if fmt.Sprint(ferr) != fmt.Sprint(cerr) {
			t.Fatalf("fast: %v\ncareful: %v", ferr, cerr)
		}
		if ferr != nil {
			return
		}
		for _, table := range []string{"leads", "_rejects", "_sources"} {
			if d := firstDiff(dump(t, fast, table), dump(t, careful, table)); d != "" {
				t.Fatalf("%s differs: %s", table, d)
			}
		}
	})
}
