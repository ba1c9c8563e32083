package queries_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/testkit"
)

// touchesOf computes outcomes, the factor counts and the touches, as
// report actions does.
func touchesOf(t *testing.T, ws *queries.Workspace, opt queries.OutcomeOptions) queries.TouchData {
	t.Helper()
	ctx := context.Background()
	if _, err := queries.ComputeOutcomes(ctx, ws, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := queries.ActionFactorCounts(ctx, ws); err != nil {
		t.Fatal(err)
	}
	d, err := queries.Touches(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTouchTies: touches at the same instant are ordered by category, a
// missing category last, both for the first touch and the last (as the
// window functions this aggregate replaced ordered them); a lead whose
// touches have no category touched "other"; sends are not touches.
func TestTouchTies(t *testing.T) {
	ws := testkit.OpenWS(t)
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"leads.csv": "lead_id,created_at\na,2024-01-01\nb,2024-01-01\nc,2024-01-01\nlate,2024-12-31\n",
		"events.csv": "event,lead_id,occurred_at,category\n" +
			"visit,a,2024-01-02 10:00,web\nlogin,a,2024-01-02 10:00,\nopen,a,2024-01-02 10:00,email\n" +
			"visit,b,2024-01-03 09:00,\nvisit,b,2024-01-04 09:00,\n" +
			"email_sent,c,2024-01-01 08:00,email\nlogin,c,2024-01-05 08:00,product\n",
	}))
	d := touchesOf(t, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 30})
	// a: first email (e before w, missing last), last web; b: other both
	// times; c: product both times (the send is not a touch).
	want := "[{email 0 1 0 0} {other 0 1 0 1} {product 0 1 0 1} {web 0 0 0 1}]"
	if got := fmt.Sprint(d.Channels); got != want {
		t.Errorf("channels %s, want %s", got, want)
	}
}

// TestRegularOverLongSpans: regular engagement (touches in 3 or more
// distinct weeks) when the touches span more weeks than there are week
// bits (W), where weeks W apart share a bit and the events are counted
// again; before 1970 too, and a week starting on Monday.
func TestRegularOverLongSpans(t *testing.T) {
	ctx := context.Background()
	ws := testkit.OpenWS(t)
	_, _, w := queries.ChannelList()
	monday := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC) // a Monday
	week := func(from time.Time, k int) string { return from.AddDate(0, 0, 7*k).Format("2006-01-02 15:04") }
	old := time.Date(1969, 1, 6, 9, 0, 0, 0, time.UTC) // a Monday
	events := "event,lead_id,occurred_at,category\n" +
		// three weeks, one bit: regular, settled from the events.
		fmt.Sprintf("visit,three,%s,web\nvisit,three,%s,web\nlogin,three,%s,product\n", week(monday, 0), week(monday, w), week(monday, 2*w)) +
		// two weeks W apart, two events in each: not regular.
		fmt.Sprintf("visit,two,%s,web\nvisit,two,2024-01-07 23:00,web\nlogin,two,%s,product\nlogin,two,%s,product\n", week(monday, 0), week(monday, w), week(monday.AddDate(0, 0, 6), w)) +
		// three bits over a long span: regular from the bits.
		fmt.Sprintf("visit,mixed,%s,web\nvisit,mixed,%s,web\nvisit,mixed,%s,web\n", week(monday, 0), week(monday, 4), week(monday, 2*w+1)) +
		// before 1970, across week 0: weeks −52, W−52 and W−51: regular.
		fmt.Sprintf("visit,old,%s,web\nvisit,old,%s,web\nvisit,old,%s,web\n", week(old, 0), week(old, w), week(old, w+1)) +
		// Sunday then Monday: two weeks; plus a send, not a touch.
		"visit,sunday,2024-01-07 09:00,web\nvisit,sunday,2024-01-08 09:00,web\nemail_sent,sunday,2024-01-20 09:00,email\n" +
		// three events in one week: not regular.
		"visit,same,2024-01-01 09:00,web\nvisit,same,2024-01-03 09:00,web\nvisit,same,2024-01-07 09:00,web\n"
	loadDir(t, ws, testkit.WriteDir(t, map[string]string{
		"leads.csv":  "lead_id,created_at\nthree,2024-01-01\ntwo,2024-01-01\nmixed,2024-01-01\nold,1969-01-01\nsunday,2024-01-01\nsame,2024-01-01\n",
		"events.csv": events,
	}))
	d := touchesOf(t, ws, queries.OutcomeOptions{WindowSet: true, WindowDays: 0, AsOf: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	rows, err := ws.DB.QueryContext(ctx, "SELECT lead_id, regular FROM derived.lead_touches JOIN derived.action_leads USING (lead_no) ORDER BY lead_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id string
		var regular sql.NullBool
		if err := rows.Scan(&id, &regular); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s=%v", id, regular.Bool))
		if !regular.Valid {
			t.Errorf("%s: regular left open", id)
		}
	}
	want := "[mixed=true old=true same=false sunday=false three=true two=false]"
	if fmt.Sprint(got) != want {
		t.Errorf("regular %v, want %s", got, want)
	}
	if d.Regular != 3 || d.Irregular != 3 {
		t.Errorf("%d regular, %d not, want 3 and 3", d.Regular, d.Irregular)
	}
}
