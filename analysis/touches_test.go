package analysis

import (
	"context"
	"testing"

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
	if ch["web"].FirstWon != 1 || ch["product"].LastWon != 1 || ch["email"].FirstNotWon != 1 || ch["email"].LastNotWon != 1 {
		t.Errorf("channels %+v", ch)
	}
	if _, leaked := ch["sales"]; leaked {
		t.Error("a post-opportunity touch counted")
	}
	g := r.Touches.Regular
	if g.WonShare != 1 || g.NotWonShare != 0 || g.RateRegular != 1 || g.RateOthers != 0 || g.LiftPP != 100 {
		t.Errorf("regularity %+v", g)
	}
}
