package load

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// quotedRows are valid RFC 4180 rows and the values they hold: lead_id,
// title, note (an extra attribute) and created_at.
var quotedRows = []struct {
	line                     string
	id, title, note, created string
}{
	{`q1,"plain_quoted",n,2026-01-02 10:00:00`, "q1", "plain_quoted", "n", "2026-01-02 10:00:00"},
	{`q2,"webinar, attended",n,2026-01-02 10:00:00`, "q2", "webinar, attended", "n", "2026-01-02 10:00:00"},
	{`q3,"say ""hi""","x,y",2026-01-02 10:00:00`, "q3", `say "hi"`, "x,y", "2026-01-02 10:00:00"},
	{"q4,\"two\nlines\",n,\"2026-01-03 11:00:00\"", "q4", "two\nlines", "n", "2026-01-03 11:00:00"},
	{`q5,27" screen,"",2026-01-02 10:00:00`, "q5", `27" screen`, "", "2026-01-02 10:00:00"},
	{`"q6","Geschäftsführer, Vertrieb","""",2026-01-02 10:00:00`, "q6", "Geschäftsführer, Vertrieb", `"`, "2026-01-02 10:00:00"},
	{`q7,"",n,""`, "q7", "", "n", ""},
}

// Any valid row placed anywhere in a file loads to the same values: the
// quoting does not depend on what DuckDB's sniffer saw in its sample of
// the first 20,480 rows. The file is just past that sample, with no
// quote in it but the rows placed.
func TestQuotedRowsLoadAnywhere(t *testing.T) {
	const plain = 20600
	rng := rand.New(rand.NewSource(13))
	positions := []int{0, 1000, 20470, 20490, plain}
	for i := 0; i < 3; i++ {
		positions = append(positions, rng.Intn(plain+1))
	}
	ws := testkit.OpenWS(t)
	for k, pos := range positions {
		var b strings.Builder
		b.WriteString("lead_id,title,note,created_at\n")
		for i := 0; i < plain; i++ {
			if i == pos {
				for _, r := range quotedRows {
					b.WriteString(r.line + "\n")
				}
			}
			fmt.Fprintf(&b, "p%d,Manager,plain,2025-06-01 09:00:00\n", i)
		}
		if pos == plain {
			for _, r := range quotedRows {
				b.WriteString(r.line + "\n")
			}
		}
		plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": b.String()}))
		if err != nil {
			t.Fatal(err)
		}
		plan.MaxRejectShare = 0
		careful := k%2 == 1
		if _, err := load(context.Background(), ws, plan, careful); err != nil {
			t.Fatalf("rows at %d (careful %v): %v", pos, careful, err)
		}
		for _, r := range quotedRows {
			var title, note, created string
			q := `SELECT coalesce(title, ''), coalesce(CAST(note AS VARCHAR), ''), coalesce(strftime(created_at, '%Y-%m-%d %H:%M:%S'), '') FROM leads WHERE lead_id = ?`
			if err := ws.DB.QueryRow(q, r.id).Scan(&title, &note, &created); err != nil {
				t.Fatalf("rows at %d (careful %v): %s: %v", pos, careful, r.id, err)
			}
			if title != r.title || note != r.note || created != r.created {
				t.Errorf("rows at %d (careful %v): %s read as %q, %q, %q; want %q, %q, %q",
					pos, careful, r.id, title, note, created, r.title, r.note, r.created)
			}
		}
		if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != int64(plain+len(quotedRows)) {
			t.Errorf("rows at %d: %d leads, want %d", pos, n, plain+len(quotedRows))
		}
	}
}

// A file that mixes LF and CRLF line endings (files pasted together from
// several exports) loads, whether the mix shows in the sniffer's sample
// or only after it, and its line numbers stay the file's.
func TestMixedLineEndingsLoad(t *testing.T) {
	small := "lead_id,title,created_at\r\nx1,ok,2024-01-01\r\nx2,\"a\r\nb\",2024-01-02\nx3,c,2024-01-03\r\nx4,d,2024-01-04\nx5,e,yesterday\n"
	var big strings.Builder
	big.WriteString("lead_id,title,created_at\r\n")
	for i := 0; i < 21000; i++ {
		end := "\r\n"
		if i >= 20800 {
			end = "\n"
		}
		fmt.Fprintf(&big, "p%d,t%d,2024-01-01%s", i, i, end)
	}
	for name, tc := range map[string]struct {
		file       string
		rows       int64
		rejectLine int64
	}{"in the sample": {small, 4, 7}, "after the sample": {big.String(), 21000, 0}} {
		for _, careful := range []bool{false, true} {
			plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": tc.file}))
			if err != nil {
				t.Fatal(err)
			}
			plan.MaxRejectShare = 0.5
			ws := testkit.OpenWS(t)
			res, err := load(context.Background(), ws, plan, careful)
			if err != nil {
				t.Fatalf("%s (careful %v): %v", name, careful, err)
			}
			if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != tc.rows {
				t.Errorf("%s (careful %v): %d leads, want %d", name, careful, n, tc.rows)
			}
			if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE title LIKE '%\r' OR lead_id LIKE '%\r'"); n != 0 {
				t.Errorf("%s (careful %v): %d values end in CR", name, careful, n)
			}
			if tc.rejectLine != 0 && (len(res.Rejects) != 1 || res.Rejects[0].Line != tc.rejectLine) {
				t.Errorf("%s (careful %v): rejects %v, want one on line %d", name, careful, res.Rejects, tc.rejectLine)
			}
		}
	}
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": strings.Replace(small, "x5,e,yesterday\n", "", 1)}))
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE title = 'a'||chr(13)||chr(10)||'b'"); n != 1 {
		t.Error("a CRLF inside a quoted field is content and stays")
	}
}
