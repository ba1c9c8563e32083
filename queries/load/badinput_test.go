package load

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// fingerprint summarises every canonical and metadata table, so a test
// can prove a failed load left the workspace exactly as it was.
func fingerprint(t *testing.T, ws *queries.Workspace) string {
	t.Helper()
	var b strings.Builder
	for _, name := range append(tableNames(), "_sources", "_rejects", "_load") {
		var n int64
		var h string
		q := "SELECT count(*), coalesce(CAST(sum(hash(CAST(x AS VARCHAR))) AS VARCHAR), '') FROM " + sqltext.QuoteIdent(name) + " x"
		if err := ws.DB.QueryRow(q).Scan(&n, &h); err != nil {
			t.Fatalf("fingerprint %s: %v", name, err)
		}
		b.WriteString(name + ":" + h + ";")
	}
	return b.String()
}

// badCase is one broken input and the words its message must contain.
type badCase struct {
	name  string
	files map[string]string
	// manifest, when set, is loaded instead of the folder.
	manifest string
	want     []string
}

const stagedTablesQuery = `SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '_next_')`

var goodLeads = "lead_id,account_id,created_at\nn1,A1,2024-01-01\nn2,A1,2024-01-02\n"

var badCases = []badCase{
	{name: "malformed line", files: map[string]string{
		"leads.csv": "lead_id,created_at\nx1,2024-01-01\nx2,2024-01-02,extra,fields\n"},
		want: []string{"leads.csv line 3", "more fields than the header"}},
	{name: "wrong type", files: map[string]string{
		"leads.csv": "lead_id,created_at\nx1,2024-01-01\nx2,yesterday\n"},
		want: []string{"leads.csv line 3", "created_at", "not a valid date", `"yesterday"`}},
	{name: "wrong number", files: map[string]string{
		"leads.csv":    "lead_id,account_id\nx1,A\n",
		"accounts.csv": "account_id,employees\nA,12\nB,lots\n"},
		want: []string{"accounts.csv line 3", "employees", "not a valid whole number"}},
	{name: "missing required column", files: map[string]string{
		"leads.csv": "id,created_at\nx1,2024-01-01\n"},
		want: []string{"leads.csv", "required column lead_id is missing", "id, created_at"}},
	{name: "empty required value", files: map[string]string{
		"leads.csv": "lead_id,created_at\nx1,2024-01-01\n,2024-01-02\n"},
		want: []string{"leads.csv line 3", "lead_id", "required value is empty"}},
	{name: "duplicate id", files: map[string]string{
		"leads.csv": "lead_id\nx1\nx2\nx1\n"},
		want: []string{"leads.csv line 4", "duplicate lead_id", `"x1"`}},
	{name: "unknown account", files: map[string]string{
		"accounts.csv": "account_id\nA\n",
		"leads.csv":    "lead_id,account_id\nx1,A\nx2,Z\n"},
		want: []string{"leads.csv line 3", "unknown account_id", `"Z"`}},
	{name: "unknown lead", files: map[string]string{
		"leads.csv":  "lead_id\nx1\n",
		"events.csv": "event,lead_id,occurred_at\nlogin,x1,2024-01-01\nlogin,ghost,2024-01-02\n"},
		want: []string{"events.csv line 3", "unknown lead_id", `"ghost"`}},
	{name: "bad enum", files: map[string]string{
		"leads.csv": "lead_id\nx1\n",
		"deals.csv": "deal_id,lead_id,status\nd1,x1,won\nd2,x1,pending\n"},
		want: []string{"deals.csv line 3", "status", "not one of open, won, lost"}},
	{name: "out of range", files: map[string]string{
		"leads.csv": "lead_id\nx1\n",
		"nps.csv":   "score\n9\n11\n"},
		want: []string{"nps.csv line 3", "score", "out of range"}},
	{name: "empty file", files: map[string]string{"leads.csv": ""},
		want: []string{"leads.csv", "empty"}},
	{name: "header only", files: map[string]string{"leads.csv": "lead_id,created_at\n"},
		want: []string{"leads.csv", "no usable leads"}},
	{name: "non-UTF-8 bytes", files: map[string]string{
		"leads.csv": "lead_id,title\nx1,ok\nx2,Gesch\xe4ftsf\xfchrer\n"},
		want: []string{"leads.csv line 3", "not UTF-8"}},
	{name: "wrong delimiter", files: map[string]string{
		"leads.csv": "lead_id;created_at;title\nx1;2024-01-01;CEO\nx2;2024-01-02;CFO\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    delimiter: ','\n",
		want:     []string{"leads.csv", "lead_id", "read as one column", "delimiter"}},
	{name: "malformed JSON", files: map[string]string{
		"leads.json": "{\"lead_id\": \"a\"}\n{\"lead_id\": \"b\"\n{\"lead_id\": \"c\"}\n"},
		want: []string{"leads.json line 2", "malformed JSON", `"{\"lead_id\": \"b\""`, "1 of 3 rows"}},
	{name: "huge number", files: map[string]string{
		"leads.csv":    "lead_id,account_id\nx1,A\n",
		"accounts.csv": "account_id,employees\nA,12\nB,1e400\n"},
		want: []string{"accounts.csv line 3", "employees"}},
	{name: "no leads file", files: map[string]string{"accounts.csv": "account_id\nA\n"},
		want: []string{"no leads file"}},
	{name: "unknown manifest key", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    colums:\n      lead_id: id\n",
		want:     []string{"line 4", "colums"}},
	{name: "unknown manifest column", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    columns:\n      create_at: created\n",
		want:     []string{"line 5", "create_at", "did you mean created_at"}},
	{name: "manifest maps a missing column", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    columns:\n      created_at: first_contact\n",
		want:     []string{"first_contact", "not in the file", "line 2"}},
	{name: "manifest file missing", files: map[string]string{},
		manifest: "tables:\n  leads:\n    file: nowhere.csv\n",
		want:     []string{"nowhere.csv", "not found"}},
	{name: "manifest key misspelt lists the keys", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    colums:\n      lead_id: id\n",
		want:     []string{"line 4", "unknown key colums (did you mean columns?)", "the keys in a table entry are file, format,", "ignore, join"}},
	{name: "manifest top-level key misspelt", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\nfunel:\n  high_value_pages: [x]\n",
		want:     []string{"line 4", "unknown key funel (did you mean funnel?)", "at the top of the manifest are name, base"}},
	{name: "values on an ignored column", files: map[string]string{"leads.csv": "lead_id,title\nx,CEO\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    ignore: [Title]\n    values:\n      title: {CEO: Chief}\n",
		want:     []string{"line 6", "tables.leads: values: maps column title", "ignore: drops"}},
	{name: "missing column among many", files: map[string]string{"leads.csv": wideHeader + "\n" + strings.Repeat("v,", 39) + "v\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    columns: {lead_id: Lead Number, created_at: Frist Contact Date}\n",
		want:     []string{`column "Frist Contact Date"`, "its columns are First Contact Date, Prospect ID,", "Attr 37,", "Lead Number"}},
	{name: "missing: names a column not in the file", files: map[string]string{"leads.csv": "lead_id,Lead Source\nx,Select\n"},
		manifest: "tables:\n  leads:\n    file: leads.csv\n    missing:\n      Lead Sorce: [Select]\n",
		want:     []string{"leads.csv (manifest.yaml line 2)", `missing: names column "Lead Sorce"`, "its columns are Lead Source, lead_id"}},
	{name: "manifest nonsense share", files: map[string]string{"leads.csv": "lead_id\nx\n"},
		manifest: "max_reject_share: 7\ntables:\n  leads:\n    file: leads.csv\n",
		want:     []string{"line 1", "max_reject_share"}},
}

// wideHeader is the header of a 40-column export: the column a manifest
// misspells sits past the twelfth.
var wideHeader = func() string {
	cols := []string{"Prospect ID", "Lead Number"}
	for i := 3; i <= 39; i++ {
		cols = append(cols, fmt.Sprintf("Attr %d", i))
	}
	return strings.Join(append(cols, "First Contact Date"), ",")
}()

// gzipped compresses s.
func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.String()
}

// manyLeads is a leads file of n rows.
func manyLeads(n int) string {
	var b strings.Builder
	b.WriteString("lead_id,account_id,created_at,title\n")
	for i := 0; i < n; i++ {
		b.WriteString("L" + itoa(i) + ",A" + itoa(i%97) + ",2025-01-01 10:00:00,\"Director, Growth\"\n")
	}
	return b.String()
}

// utf16le encodes ASCII text as little-endian UTF-16.
func utf16le(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		b.WriteByte(c)
		b.WriteByte(0)
	}
	return b.String()
}

func utf16be(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		b.WriteByte(0)
		b.WriteByte(c)
	}
	return b.String()
}

// damaged flips bytes in the middle of a gzip stream.
func damaged(gz string) string {
	b := []byte(gz)
	for i := len(b) / 3; i < len(b)/3+40; i += 4 {
		b[i] ^= 0x5a
	}
	return string(b)
}

// ndjsonLeads is n NDJSON leads, the one at index odd with the created_at
// given (raw JSON).
func ndjsonLeads(n, odd int, created string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		c := `"2025-03-01 10:00:00"`
		if i == odd {
			c = created
		}
		b.WriteString(`{"lead_id": "L` + itoa(i) + `", "created_at": ` + c + "}\n")
	}
	return b.String()
}

func init() {
	gz := gzipped(manyLeads(20000))
	badCases = append(badCases,
		badCase{name: "truncated gzip", files: map[string]string{"leads.csv.gz": gz[:len(gz)/2]},
			want: []string{"leads.csv.gz is truncated or corrupt after " + itoa(len(gz)/2) + " of " + itoa(len(gz)/2) + " bytes"}},
		// Only the trailer cut: every row is there, the end is not.
		badCase{name: "gzip cut in its last bytes", files: map[string]string{"leads.csv.gz": gz[:len(gz)-4]},
			want: []string{"leads.csv.gz is truncated or corrupt", "ends early"}},
		badCase{name: "damaged gzip", files: map[string]string{"leads.csv.gz": damaged(gz)},
			want: []string{"leads.csv.gz is truncated or corrupt after"}},
		badCase{name: "gzip of nothing gzip", files: map[string]string{"leads.csv.gz": "lead_id\nx1\n"},
			want: []string{"leads.csv.gz is truncated or corrupt after 10 of 11 bytes (not gzip data)"}},
		badCase{name: "UTF-16 big-endian", files: map[string]string{"leads.csv": "\xfe\xff" + utf16be(goodLeads)},
			want: []string{"leads.csv", "big-endian UTF-16"}},
		badCase{name: "UTF-16 without a byte-order mark", files: map[string]string{"leads.csv": utf16le(goodLeads)},
			want: []string{"leads.csv", "looks like UTF-16", "set encoding: utf-16 in a manifest"}},
		badCase{name: "UTF-16 but the manifest says latin-1", files: map[string]string{"leads.csv": "\xff\xfe" + utf16le(goodLeads)},
			manifest: "tables:\n  leads:\n    file: leads.csv\n    encoding: latin-1\n",
			want:     []string{"leads.csv", "UTF-16 byte-order mark", "encoding: latin-1", "set encoding: utf-16"}},
		badCase{name: "oddly typed JSON value", files: map[string]string{"leads.ndjson": ndjsonLeads(300, 150, "20250301")},
			want: []string{"1 of 300 rows", "leads.ndjson line 151, created_at: not a valid date", `("20250301")`}},
		badCase{name: "JSON object as a date", files: map[string]string{"leads.json": "[" + strings.ReplaceAll(strings.TrimSpace(ndjsonLeads(50, 7, `{"y": 2025}`)), "\n", ",\n") + "]"},
			want: []string{"1 of 50 rows", "leads.json line 8, created_at: not a valid date", `{\"y\":2025}`}},
		badCase{name: "NDJSON line that is not an object", files: map[string]string{"leads.ndjson": ndjsonLeads(3, -1, "") + "[1, 2]\n"},
			want: []string{"1 of 4 rows", "leads.ndjson line 4: not a JSON object"}},
		badCase{name: "UTF-16 JSON", files: map[string]string{"leads.json": "\xff\xfe" + utf16le(`{"lead_id": "a"}`+"\n")},
			want: []string{"leads.json", "UTF-16", "must be UTF-8"}},
	)
}

func TestBadInputKeepsWorkspace(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			ws := testkit.OpenWS(t)
			loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
			before := fingerprint(t, ws)

			dir := testkit.WriteDir(t, tc.files)
			var plan Plan
			var err error
			if tc.manifest != "" {
				path := filepath.Join(dir, "manifest.yaml")
				if werr := os.WriteFile(path, []byte(tc.manifest), 0o644); werr != nil {
					t.Fatal(werr)
				}
				plan, err = LoadManifest(path)
			} else {
				plan, _, err = PlanDir(dir)
			}
			if err == nil {
				plan.MaxRejectShare = 0 // any reject fails the load
				_, err = Load(context.Background(), ws, plan)
			}
			if err == nil {
				t.Fatal("the load succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%v", w, err)
				}
			}
			if len(err.Error()) > 4000 {
				t.Errorf("message is %d bytes long", len(err.Error()))
			}
			if after := fingerprint(t, ws); after != before {
				t.Errorf("workspace changed by a failed load")
			}
			if n := testkit.Count(t, ws, stagedTablesQuery); n != 0 {
				t.Errorf("a failed load left %d staged tables behind", n)
			}
		})
	}
}

func TestRejectsBelowShareAreKept(t *testing.T) {
	ws := testkit.OpenWS(t)
	var b strings.Builder
	b.WriteString("lead_id,created_at\n")
	for i := 0; i < 300; i++ {
		b.WriteString("l" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + itoa(i) + ",2024-01-01\n")
	}
	b.WriteString("bad,not-a-date\n")
	dir := testkit.WriteDir(t, map[string]string{"leads.csv": b.String()})
	res := loadDir(t, ws, dir)
	if res.RejectCount != 1 || len(res.Rejects) != 1 {
		t.Fatalf("rejects %d %v, want exactly one", res.RejectCount, res.Rejects)
	}
	r := res.Rejects[0]
	if r.Line != 302 || r.Column != "created_at" || r.Value != "not-a-date" {
		t.Errorf("reject %+v, want line 302, created_at, not-a-date", r)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != 300 {
		t.Errorf("%d leads stored, want 300", n)
	}
	stored, total, err := ws.Rejects(context.Background(), 10)
	if err != nil || total != 1 || stored[0].Line != 302 {
		t.Errorf("stored rejects %v %d %v", stored, total, err)
	}
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string([]byte(func() []byte {
		if i == 0 {
			return []byte("0")
		}
		var d []byte
		for ; i > 0; i /= 10 {
			d = append([]byte{byte('0' + i%10)}, d...)
		}
		return d
	}())))
}

func TestHugeFieldLoads(t *testing.T) {
	ws := testkit.OpenWS(t)
	big := strings.Repeat("a", 10<<20)
	dir := testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,title\nx1," + big + "\nx2,CEO\n"})
	loadDir(t, ws, dir)
	if n := testkit.Count(t, ws, "SELECT max(length(title)) FROM leads"); n != 10<<20 {
		t.Errorf("longest title %d, want %d", n, 10<<20)
	}
}

func TestCancelledLoadKeepsWorkspace(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	before := fingerprint(t, ws)
	plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": goodLeads}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Load(ctx, ws, plan)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("cancelled load returned %v", err)
	}
	if fingerprint(t, ws) != before {
		t.Error("a cancelled load changed the workspace")
	}
}

// A quote that opens a field and never closes is broken quoting (RFC
// 4180): its record is rejected, and the lines the quote ran over count
// as rejected too, so that they cannot vanish inside one reject.
func TestStrayQuoteDoesNotSwallowRows(t *testing.T) {
	ws := testkit.OpenWS(t)
	plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,title\nx1,ok\nx2,\"unterminated\nx3,fine\nx4,also fine\n"}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(context.Background(), ws, plan)
	if err == nil || !strings.Contains(err.Error(), "3 of 4 rows") ||
		!strings.Contains(err.Error(), "leads.csv line 3") || !strings.Contains(err.Error(), "runs over the next 2 lines") {
		t.Fatalf("want 3 of 4 rows rejected, line 3 naming the 2 lines run over; got %v", err)
	}
	plan.MaxRejectShare = 0.9
	res, err := Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatal(err)
	}
	if tl := res.Tables[0]; tl.Read != 4 || tl.Loaded != 1 || tl.Rejected != 3 {
		t.Errorf("read %d, loaded %d, rejected %d; want 4, 1, 3", tl.Read, tl.Loaded, tl.Rejected)
	}
}

// A quote inside an unquoted field is text, as RFC 4180 readers take it.
func TestQuoteInsideAFieldIsText(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": "lead_id,title\nx1,ok\nx2,27\" screen\nx3,fine\n"}))
	if n := testkit.Count(t, ws, `SELECT count(*) FROM leads WHERE title IN ('ok', '27" screen', 'fine')`); n != 3 {
		t.Errorf("%d of 3 rows read right", n)
	}
}

// The fix the non-UTF-8 message suggests works: the same file loads with
// encoding: latin-1 and the text comes out right.
func TestLatin1Encoding(t *testing.T) {
	dir := testkit.WriteDir(t, map[string]string{
		"leads.csv":     "lead_id,title\nx1,ok\nx2,Gesch\xe4ftsf\xfchrer\n",
		"manifest.yaml": "tables:\n  leads:\n    file: leads.csv\n    encoding: latin-1\n",
	})
	plan, err := LoadManifest(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ws := testkit.OpenWS(t)
	if _, err := Load(context.Background(), ws, plan); err != nil {
		t.Fatal(err)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE title = 'Geschäftsführer'"); n != 1 {
		t.Error("latin-1 text not decoded")
	}
}

// A manifest's date formats parse day-first dates; a value in neither the
// stated format nor ISO is rejected with the format named.
func TestManifestDateFormat(t *testing.T) {
	dir := testkit.WriteDir(t, map[string]string{
		"crm.csv":       "Id;First Touch\nx1;01/02/2024\nx2;2024-02-03\nx3;13/13/2024\n",
		"manifest.yaml": "tables:\n  leads:\n    file: crm.csv\n    delimiter: ';'\n    date_format: '%d/%m/%Y'\n    columns:\n      lead_id: Id\n      created_at: First Touch\n",
	})
	plan, err := LoadManifest(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	plan.MaxRejectShare = 0.5
	ws := testkit.OpenWS(t)
	res, err := Load(context.Background(), ws, plan)
	if err != nil {
		t.Fatal(err)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE lead_id = 'x1' AND created_at = TIMESTAMP '2024-02-01'"); n != 1 {
		t.Error("01/02/2024 did not parse as 1 February")
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE lead_id = 'x2' AND created_at = TIMESTAMP '2024-02-03'"); n != 1 {
		t.Error("ISO dates should still parse")
	}
	if len(res.Rejects) != 1 || res.Rejects[0].Line != 4 || !strings.Contains(res.Rejects[0].Reason, "%d/%m/%Y") {
		t.Errorf("rejects %v, want line 4 naming %%d/%%m/%%Y", res.Rejects)
	}
}

// A load killed mid-way leaves staged tables in the file; the dataset is
// untouched and the next load clears them.
func TestLeftoversOfACrashedLoad(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, testkit.OutcomeFixture))
	before := fingerprint(t, ws)
	if _, err := ws.DB.Exec("CREATE TABLE _next_leads AS SELECT 'half' AS lead_id; CREATE TABLE _next__load (x INT)"); err != nil {
		t.Fatal(err)
	}
	if fingerprint(t, ws) != before {
		t.Fatal("leftovers changed what the workspace shows")
	}
	if n := testkit.Count(t, ws, stagedTablesQuery); n != 2 {
		t.Fatalf("%d staged tables seen, want the 2 just made", n)
	}
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv": goodLeads}))
	if n := testkit.Count(t, ws, stagedTablesQuery); n != 0 {
		t.Errorf("%d staged tables left after a successful load", n)
	}
	if n := testkit.Count(t, ws, "SELECT count(*) FROM leads"); n != 2 {
		t.Errorf("%d leads after the next load, want 2", n)
	}
}

// A file whose every line is malformed fails fast: its rejects go into
// the reject list in one statement, not one INSERT each (98 s for 2 MB
// before). The bound is loose for a shared CI machine; the load itself
// takes well under a second of CPU.
func TestAllLinesMalformedFailsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("lead_id,account_id,created_at,email\n")
	for i := 0; b.Len() < 2<<20; i++ {
		b.WriteString("L" + itoa(i) + ",A1,2025-01-01 10:00:00,someone" + itoa(i) + "@example.com,extra\n")
	}
	dir := testkit.WriteDir(t, map[string]string{"leads.csv": b.String()})
	ws := testkit.OpenWS(t)
	start := time.Now()
	_, err := tryLoadDir(ws, dir)
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "leads.csv line 2: the line has more fields than the header") {
		t.Fatalf("want a failed load naming line 2, got %v", err)
	}
	if took > 5*time.Second {
		t.Errorf("a 2 MB file of malformed lines took %v to fail", took)
	}
}

// A gzip file is read whole or not at all, and a damaged one fails at
// once rather than after DuckDB has read (and rejected) its rows.
func TestDamagedGzipFailsFast(t *testing.T) {
	gz := gzipped(manyLeads(200000))
	ws := testkit.OpenWS(t)
	for name, data := range map[string]string{"truncated": gz[:len(gz)*9/10], "damaged": damaged(gz)} {
		start := time.Now()
		_, err := tryLoadDir(ws, testkit.WriteDir(t, map[string]string{"leads.csv.gz": data}))
		if err == nil || !strings.Contains(err.Error(), "truncated or corrupt") {
			t.Errorf("%s: want a truncated-or-corrupt failure, got %v", name, err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: took %v to fail", name, took)
		}
	}
	res := loadDir(t, ws, testkit.WriteDir(t, map[string]string{"leads.csv.gz": gz}))
	if res.Tables[0].Loaded != 200000 {
		t.Errorf("the sound file loaded %d leads, want 200000", res.Tables[0].Loaded)
	}
}

// A UTF-16 file with a byte-order mark is read as UTF-16 without a
// manifest, by the fast path and the careful one.
func TestUTF16WithBOMLoads(t *testing.T) {
	for _, careful := range []bool{false, true} {
		plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{"leads.csv": "\xff\xfe" + utf16le(goodLeads)}))
		if err != nil {
			t.Fatal(err)
		}
		ws := testkit.OpenWS(t)
		if _, err := load(context.Background(), ws, plan, careful); err != nil {
			t.Fatalf("careful=%v: %v", careful, err)
		}
		if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE lead_id IN ('n1', 'n2') AND account_id = 'A1'"); n != 2 {
			t.Errorf("careful=%v: %d leads read right, want 2", careful, n)
		}
	}
}

// One bad NDJSON line is a reject with its own line number, not a failed
// load, and record numbers are the lines the records are on, blank lines
// and bad ones counted.
func TestNDJSONBadLineIsAReject(t *testing.T) {
	body := ndjsonLeads(5, 2, `"soon"`) + "\n" + `{"lead_id": "L9", "created_at": "2025-03-01` + "\n" + ndjsonLeads(200, -1, "")[len(ndjsonLeads(5, -1, "")):]
	for name, data := range map[string]string{"leads.ndjson": body, "leads.ndjson.gz": gzipped(body)} {
		plan, _, err := PlanDir(testkit.WriteDir(t, map[string]string{name: data}))
		if err != nil {
			t.Fatal(err)
		}
		plan.MaxRejectShare = 0.05
		ws := testkit.OpenWS(t)
		res, err := Load(context.Background(), ws, plan)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(res.Rejects) != 2 || res.Rejects[0].Line != 3 || res.Rejects[0].Value != "soon" ||
			res.Rejects[1].Line != 7 || !strings.Contains(res.Rejects[1].Reason, "malformed JSON") {
			t.Fatalf("%s: rejects %v, want line 3 (soon) and line 7 (malformed)", name, res.Rejects)
		}
		if tl := res.Tables[0]; tl.Read != 201 || tl.Loaded != 199 || tl.Rejected != 2 {
			t.Errorf("%s: read %d, loaded %d, rejected %d; want 201, 199, 2", name, tl.Read, tl.Loaded, tl.Rejected)
		}
		if n := testkit.Count(t, ws, "SELECT count(*) FROM leads WHERE lead_id IN ('L5', 'L199') AND created_at = TIMESTAMP '2025-03-01 10:00:00'"); n != 2 {
			t.Errorf("%s: the records after the bad line: %d of 2 read", name, n)
		}
	}
}
