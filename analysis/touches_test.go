package analysis

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
)

func TestTouchesByHand(t *testing.T) {
	// a won (opportunity on 18 January): web, then product in two later
	// weeks — regular, first touch web, last product. b did not win: an
	// email open (the send is not b's touch). c did nothing.
	ws := loadFixture(t, map[string]string{
		"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-01-01\n",
		"events.csv": `event,lead_id,occurred_at,category
website_visit,a,2024-01-01,web
document_created,a,2024-01-09,product
document_created,a,2024-01-17,product
meeting_held,a,2024-01-19,sales
email_open,b,2024-01-01,email
email_sent,b,2024-01-02,email
`,
		"deals.csv": "deal_id,lead_id,status,created_at,closed_at\nd,a,won,2024-01-18,2024-01-20\n",
	}, 0)
	r, err := BuildActions(context.Background(), ws, queries.OutcomeOptions{WindowSet: true})
	if err != nil {
		t.Fatal(err)
	}
	ch := map[string]ChannelShare{}
	for _, c := range r.Touches.Channels {
		ch[c.Channel] = c
	}
	if !is(ch["web"].FirstWon, 1) || !is(ch["product"].LastWon, 1) || !is(ch["email"].FirstNotWon, 1) || !is(ch["email"].LastNotWon, 1) {
		t.Errorf("channels %+v", ch)
	}
	if _, leaked := ch["sales"]; leaked {
		t.Error("a post-opportunity touch counted")
	}
	g := r.Touches.Regular
	if !is(g.WonShare, 1) || !is(g.NotWonShare, 0) || !is(g.RateRegular, 1) || !is(g.RateOthers, 0) || !is(g.LiftPP, 100) {
		t.Errorf("regularity %+v", g)
	}
	// a is watched to its opportunity, 17 days; b and c, with no window,
	// to the as-of date (a's close, 2024-01-20): 19 days. Close enough
	// for no caveat.
	if g.WatchDaysWon == nil || math.Abs(*g.WatchDaysWon-17) > 1e-6 || g.WatchDaysNotWon == nil ||
		math.Abs(*g.WatchDaysNotWon-19) > 1e-6 || g.Caveat != "" {
		t.Errorf("watch days %v %v, caveat %q; want 17, 19 and none", g.WatchDaysWon, g.WatchDaysNotWon, g.Caveat)
	}
	// With a 60-day window the not-won leads are watched for 60 days,
	// more than twice a's 17: the comparison carries a caveat.
	r, err = BuildActions(context.Background(), ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 60, AsOf: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if g := r.Touches.Regular; !strings.Contains(g.Caveat, "17 days") || !strings.Contains(g.Caveat, "the rest for 60") {
		t.Errorf("caveat %q", g.Caveat)
	}
}

// is reports whether an optional figure is given and equals want.
func is(p *float64, want float64) bool { return p != nil && *p == want }

// An empty group has no close rate and no share: null, not 0, and no
// lift or interval against it.
func TestTouchesEmptyGroupsAreNull(t *testing.T) {
	// Nobody engages in 3 distinct weeks, and the won lead has no touch.
	ws := loadFixture(t, map[string]string{
		"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-01-01\n",
		"events.csv": `event,lead_id,occurred_at,category
pricing_page_view,b,2024-01-02,web
pricing_page_view,c,2024-01-03,web
`,
		"deals.csv": "deal_id,lead_id,status,created_at,closed_at\nd,a,won,2024-01-18,2024-01-20\n",
	}, 0)
	r, err := BuildActions(context.Background(), ws, queries.OutcomeOptions{WindowSet: true})
	if err != nil {
		t.Fatal(err)
	}
	g := r.Touches.Regular
	if g.RateRegular != nil || g.LiftPP != nil || g.LiftCILow != nil || g.LiftCIHigh != nil {
		t.Errorf("the empty regular group has figures: %+v", g)
	}
	if !is(g.WonShare, 0) || !is(g.NotWonShare, 0) || g.RateOthers == nil || math.Abs(*g.RateOthers-1.0/3) > 1e-12 {
		t.Errorf("the other leads: %+v", g)
	}
	for _, c := range r.Touches.Channels {
		if c.FirstWon != nil || c.LastWon != nil || !is(c.FirstNotWon, 1) {
			t.Errorf("channel %s: won shares of no won lead, or wrong not-won share: %+v", c.Channel, c)
		}
	}
}
