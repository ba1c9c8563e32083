package queries

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestLoadRefusesNonsenseShare: the loader itself refuses a share that is
// not a number from 0 to 1, so no caller (the TUI, a test, a script built
// on the package) can turn the reject guard off with NaN.
func TestLoadRefusesNonsenseShare(t *testing.T) {
	dir := writeDir(t, map[string]string{"leads.csv": "lead_id,created_at\na,2024-01-01\nb,never\n"})
	for _, share := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5, 2} {
		ws := openTestWS(t)
		plan, _, err := PlanDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		plan.MaxRejectShare = share
		if _, err := Load(context.Background(), ws, plan); err == nil || !strings.Contains(err.Error(), "between 0 and 1") {
			t.Errorf("share %v: error %v, want a refusal", share, err)
		}
	}
}

// TestRejectShareMessageDigits: the share in the message has enough
// digits to read as more than the limit.
func TestRejectShareMessageDigits(t *testing.T) {
	for _, tc := range []struct {
		rejected, read int64
		limit          float64
		want           string
	}{
		{201, 20000, 0.01, "1.005%"},
		{2, 199, 0.01, "1.01%"},
		{3, 200, 0.01, "1.5%"},
		{1, 3, 0.05, "33.3%"},
		{10001, 1000000, 0.01, "1.0001%"},
		{1, 100, 0, "1.0%"},
	} {
		if got := overPercent(tc.rejected, tc.read, tc.limit); got != tc.want {
			t.Errorf("overPercent(%d, %d, %v) = %s, want %s", tc.rejected, tc.read, tc.limit, got, tc.want)
		}
	}
	if got := limitPercent(0.07); got != "7%" {
		t.Errorf("limitPercent(0.07) = %s", got)
	}

	var b strings.Builder
	b.WriteString("lead_id,created_at\n")
	for i := 0; i < 197; i++ {
		b.WriteString("l" + itoa(i) + ",2024-01-01\n")
	}
	b.WriteString("x1,never\nx2,never\n")
	ws := openTestWS(t)
	_, err := tryLoadDir(ws, writeDir(t, map[string]string{"leads.csv": b.String()}))
	if err == nil || !strings.Contains(err.Error(), "2 of 199 rows (1.01%)") || !strings.Contains(err.Error(), "more than the 1% allowed") {
		t.Errorf("error %v, want 2 of 199 rows (1.01%%) … more than the 1%% allowed", err)
	}
}
