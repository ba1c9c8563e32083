package gen

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// generate writes a dataset into a fresh temporary folder and returns it.
func generate(t testing.TB, opt Options) (string, Stats) {
	t.Helper()
	if opt.Out == "" {
		opt.Out = t.TempDir()
	}
	st, err := Generate(context.Background(), opt)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return opt.Out, st
}

// row gives a CSV record's fields by column name.
type row struct {
	rec []string
	idx map[string]int
}

func (r row) get(col string) string { return r.rec[r.idx[col]] }

// scan calls fn for every row of the named table in dir, reading .csv or
// .csv.gz, and fails the test on a malformed file or unknown column.
func scan(t testing.TB, dir, table string, fn func(r row)) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, table+".csv"))
	var in io.Reader = f
	if errors.Is(err, os.ErrNotExist) {
		f, err = os.Open(filepath.Join(dir, table+".csv.gz"))
		if err == nil {
			zr, zerr := gzip.NewReader(f)
			if zerr != nil {
				t.Fatalf("%s: %v", table, zerr)
			}
			in = zr
		}
	}
	if err != nil {
		t.Fatalf("open %s: %v", table, err)
	}
	defer f.Close()
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		t.Fatalf("%s header: %v", table, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[h] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		fn(row{rec, idx})
	}
}

// parseTS parses a canonical timestamp; an empty field is zero.
func parseTS(t testing.TB, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	v, err := time.Parse(time.DateTime, s)
	if err != nil {
		t.Fatalf("bad timestamp %q: %v", s, err)
	}
	return v.Unix()
}

// deal is the part of deals.csv the tests reason about.
type dealRec struct {
	id, account, lead, kind, status string
	created, closed                 int64
}

func loadDeals(t testing.TB, dir string) []dealRec {
	var out []dealRec
	scan(t, dir, "deals", func(r row) {
		out = append(out, dealRec{
			id: r.get("deal_id"), account: r.get("account_id"), lead: r.get("lead_id"),
			kind: r.get("kind"), status: r.get("status"),
			created: parseTS(t, r.get("created_at")), closed: parseTS(t, r.get("closed_at")),
		})
	})
	return out
}

// leadRec is the part of leads.csv the tests reason about.
type leadRec struct {
	id, account, email, title, role, source string
	created                                 int64
}

func loadLeads(t testing.TB, dir string) []leadRec {
	var out []leadRec
	scan(t, dir, "leads", func(r row) {
		out = append(out, leadRec{
			id: r.get("lead_id"), account: r.get("account_id"), email: r.get("email"),
			title: r.get("title"), role: r.get("role"), source: r.get("source"),
			created: parseTS(t, r.get("created_at")),
		})
	})
	return out
}

// outcomes applies the won-lead rule of docs/outcomes.md to the generated
// deals: a lead is won by a won new deal linked to it, or, for a won new deal
// without lead_id, when it belongs to the deal's account and was created
// before the deal. It returns when each won lead's deal closed, and each
// lead's first linked opportunity.
func outcomes(leads []leadRec, deals []dealRec) (wonAt, firstOpp map[string]int64) {
	wonAt, firstOpp = map[string]int64{}, map[string]int64{}
	byAccount := map[string][]int{}
	for i, l := range leads {
		byAccount[l.account] = append(byAccount[l.account], i)
	}
	for _, d := range deals {
		if d.kind != "new" {
			continue
		}
		if d.lead != "" {
			if o, ok := firstOpp[d.lead]; !ok || d.created < o {
				firstOpp[d.lead] = d.created
			}
			if d.status == "won" {
				wonAt[d.lead] = d.closed
			}
			continue
		}
		if d.status == "won" {
			for _, i := range byAccount[d.account] {
				if leads[i].created < d.created {
					wonAt[leads[i].id] = d.closed
				}
			}
		}
	}
	return wonAt, firstOpp
}

func newTestRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 99)) }
