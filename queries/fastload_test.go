package queries

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// trickyClean is clean data in every shape the careful path accepts:
// padded values, enums in any case, whole numbers written 12.0 or 1e3,
// yes/no booleans, dates with and without times and offsets, quoted
// commas, empty and quoted-empty fields, numeric extras with and without
// leading zeros.
var trickyClean = map[string]string{
	"accounts.csv": "account_id,name,employees,target,tier,zip,score\n" +
		" A1 , Acme ,12.0,yes,1,00123,1.5\n" +
		"A2,,  7 ,FALSE,,01000,2\n" +
		"A3,\"Quoted, Inc\",1e3,t,3,,\n",
	"leads.csv": "lead_id,account_id,created_at,email,converted\n" +
		"L1,A1,2024-01-01,a@x.com,1\n" +
		"L2,A2,2024-01-02T10:00:00Z,,no\n" +
		"L3,,2024-01-03 05:06:07+02:00,\"\",\n" +
		"L4,A3,2024-01-04T08:00:00.123,b@y.org,Y\n",
	"campaigns.csv": "campaign,type,segmented\nc1,Welcome,true\nc2,,\n",
	"deals.csv": "deal_id,status,lead_id,kind,amount,contract_months,closed_at\n" +
		"D1,Won,L1,,1000.50,12.0,2024-02-01\n" +
		"D2,LOST,L2,Renewal,,,\n",
	"events.csv": "event,lead_id,account_id,occurred_at,category,campaign\n" +
		"login,L1,,2024-01-05,Product,\n" +
		"visit,,A2,2024-01-06,,c1\n" +
		" webinar ,L3,A1,2024-01-07 10:00,marketing,c2\n",
	"nps.csv":   "score,account_id\n9,A1\n10.0,A2\n",
	"spend.csv": "amount,date,channel\n100,2024-01-01,search\n-5.5,,social\n",
}

// TestFastPathMatchesCareful loads the same files the fast way and the
// careful way and requires the same tables: columns, types, values and
// order, and the same rejects. Clean files must take the fast path; a
// file with any problem must fall back to the careful one.
func TestFastPathMatchesCareful(t *testing.T) {
	dirty := map[string]string{}
	for name, body := range trickyClean {
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
		{"sample", sampleDir(t), tableNames()},
		{"tricky clean", writeDir(t, trickyClean), tableNames()},
		{"dirty", writeDir(t, dirty), []string{"campaigns"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan, _, err := PlanDir(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			plan.MaxRejectShare = 1
			fast, careful := openTestWS(t), openTestWS(t)
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
func dump(t testing.TB, ws *Workspace, table string) string {
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
		plan, _, err := PlanDir(writeDir(t, map[string]string{"leads.csv": string(data)}))
		if err != nil {
			t.Fatal(err)
		}
		fast, careful := openTestWS(t), openTestWS(t)
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
