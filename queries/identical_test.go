package queries_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// TestIdenticalFactorsAppearOnce, on 200 leads built for it: leads 0–99
// did a (three times each) and b, leads 100–199 did c; the column x is p
// for the first hundred and q for the rest, y likewise u and v; a lead
// wins when its number is a multiple of 4, so every one of those
// factors has 100 leads and 25 wins. Same leads: a, a>=3 and b; x=p and
// y=u; x=q and y=v. Not the same: a and c, x=p and x=q (each other's
// complement), and c and x=q (an event and a profile factor, which are
// not compared).
func TestIdenticalFactorsAppearOnce(t *testing.T) {
	var leads, events strings.Builder
	leads.WriteString("lead_id,created_at,converted,x,y\n")
	events.WriteString("lead_id,event,occurred_at\n")
	for i := range 200 {
		x, y := "p", "u"
		if i >= 100 {
			x, y = "q", "v"
		}
		fmt.Fprintf(&leads, "l%d,2024-01-01,%v,%s,%s\n", i, i%4 == 0, x, y)
		if i < 100 {
			for range 3 {
				fmt.Fprintf(&events, "l%d,a,2024-01-02\n", i)
			}
			fmt.Fprintf(&events, "l%d,b,2024-01-02\n", i)
		} else {
			fmt.Fprintf(&events, "l%d,c,2024-01-02\n", i)
		}
	}
	_, a := countFactors(t, map[string]string{"leads.csv": leads.String(), "events.csv": events.String()})
	// The canonical columns the file lacks (role, country, …) are all
	// missing, so they too have the same leads, and are merged.
	merged := slices.DeleteFunc(slices.Clone(a.Merged), func(m queries.Merged) bool {
		return strings.HasSuffix(m.Factor, "=(missing)") || strings.HasSuffix(m.Factor, "=unknown")
	})
	want := []queries.Merged{{"attr:y=u", "attr:x=p"}, {"attr:y=v", "attr:x=q"}, {"event:a>=3", "event:a"}, {"event:b", "event:a"}}
	if !slices.Equal(merged, want) {
		t.Errorf("merged %v, want %v", a.Merged, want)
	}
	var names []string
	for _, f := range a.Factors {
		if f.With == 100 {
			names = append(names, f.Factor)
		}
	}
	slices.Sort(names)
	if w := []string{"attr:x=p", "attr:x=q", "event:a", "event:c"}; !slices.Equal(names, w) {
		t.Errorf("factors %v, want %v", names, w)
	}
}

// TestAccountAttributesComparedAmongRecorded: account attributes are
// compared among leads whose account records them, "no account" is a
// factor of its own, and an account attribute's =(missing) stays
// compared with every lead. 300 leads: 100 with no account, 100 at
// account A (industry x), 100 at account B (no industry).
func TestAccountAttributesComparedAmongRecorded(t *testing.T) {
	var leads strings.Builder
	leads.WriteString("lead_id,created_at,converted,account_id\n")
	for i := range 300 {
		acct := []string{"", "A", "B"}[i/100]
		fmt.Fprintf(&leads, "l%d,2024-01-01,%v,%s\n", i, i%5 == 0, acct)
	}
	ws, a := countFactors(t, map[string]string{"leads.csv": leads.String(),
		"accounts.csv": "account_id,industry\nA,x\nB,\n"})
	got := map[string]queries.FactorCount{}
	for _, f := range a.Factors {
		got[f.Factor] = f
		n := testkit.Count(t, ws, "SELECT count(*) FROM derived.action_leads a LEFT JOIN lead_profile lp ON lp.lead_id = a.lead_id LEFT JOIN account_profile ap ON ap.account_id = a.account_id WHERE "+f.Predicate)
		if n != f.With {
			t.Errorf("%s: predicate %d leads, count %d", f.Factor, n, f.With)
		}
	}
	if f := got["account:industry=x"]; f.With != 100 || f.Among != 100 || f.WonAmong != 20 || f.AmongName != "account:industry recorded" {
		t.Errorf("industry=x: %+v", f)
	}
	// Leads with no account and leads whose account has no industry.
	if f := got["account:industry=(missing)"]; f.With != 200 || f.Among != 0 {
		t.Errorf("industry missing: %+v", f)
	}
	if f := got[queries.NoAccountFactor]; f.With != 100 || f.WonWith != 20 || f.Among != 0 {
		t.Errorf("no account: %+v", f)
	}
}
