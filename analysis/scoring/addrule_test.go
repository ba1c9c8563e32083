package scoring

import "testing"

func TestAddRule(t *testing.T) {
	var c Config
	for _, f := range []string{"attr:seniority=vp", "event:demo_request", "event:login>=3", "account:tier[1,2)"} {
		c.AddRule(f, 5)
	}
	if len(c.Fit) != 2 || len(c.Pain) != 2 || c.Fit[1].Factor != "account:tier[1,2)" {
		t.Fatalf("fit %+v pain %+v", c.Fit, c.Pain)
	}
	if c.Pain[0].Cap == nil || *c.Pain[0].Cap != 1 || c.Pain[1].Cap != nil {
		t.Errorf("\"did it\" counts once and a step has no cap: %+v", c.Pain)
	}
}
