package load

import (
	"context"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/queries/internal/testkit"
)

func TestLoadReportsProgress(t *testing.T) {
	ws := testkit.OpenWS(t)
	dir := testkit.WriteDir(t, map[string]string{
		"leads.csv":  "lead_id,created_at\na,2024-01-01\n",
		"events.csv": "event,lead_id,occurred_at\nlogin,a,2024-01-02\n",
	})
	plan, _, err := PlanDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	last := -1
	plan.Progress = func(done, total int, what string) {
		if done < last || done >= total {
			t.Errorf("step %d of %d after %d", done, total, last)
		}
		last = done
		steps = append(steps, what)
	}
	if _, err := Load(context.Background(), ws, plan); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(steps, "; ")
	for _, want := range []string{"reading leads from leads.csv", "reading events from events.csv", "putting the new tables in place"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress %q lacks %q", got, want)
		}
	}
}
