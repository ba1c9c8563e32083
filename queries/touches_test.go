package queries

import (
	"context"
	"fmt"
	"testing"
)

// TestTouchTies: touches at the same instant are ordered by category, a
// missing category last, both for the first touch and the last (as the
// window functions this aggregate replaced ordered them); a lead whose
// touches have no category touched "other"; sends are not touches.
func TestTouchTies(t *testing.T) {
	ctx := context.Background()
	ws := openTestWS(t)
	loadDir(t, ws, writeDir(t, map[string]string{
		"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-01-01\nlate,2024-12-31\n",
		"events.csv": "event,lead_id,occurred_at,category\n" +
			"visit,a,2024-01-02 10:00,web\nlogin,a,2024-01-02 10:00,\nopen,a,2024-01-02 10:00,email\n" +
			"visit,b,2024-01-03 09:00,\nvisit,b,2024-01-04 09:00,\n" +
			"email_sent,c,2024-01-01 08:00,email\nlogin,c,2024-01-05 08:00,product\n",
	}))
	if _, err := ComputeOutcomes(ctx, ws, OutcomeOptions{WindowSet: true, WindowDays: 30}); err != nil {
		t.Fatal(err)
	}
	if _, err := ActionFactorCounts(ctx, ws); err != nil {
		t.Fatal(err)
	}
	d, err := Touches(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	// a: first email (e before w, missing last), last web; b: other both
	// times; c: product both times (the send is not a touch).
	want := "[{email 0 1 0 0} {other 0 1 0 1} {product 0 1 0 1} {web 0 0 0 1}]"
	if got := fmt.Sprint(d.Channels); got != want {
		t.Errorf("channels %s, want %s", got, want)
	}
}
