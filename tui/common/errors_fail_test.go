package common

import (
	"errors"
	"testing"
)

// TestFailRecordsAndReports: a failure is kept for the screen's body and
// reported as the one Error message; Recover and a nil error clear it;
// screens do not see each other's.
func TestFailRecordsAndReports(t *testing.T) {
	c := &Common{}
	boom := errors.New("no events table")
	cmd := c.Fail("Funnel", boom)
	if cmd == nil {
		t.Fatal("Fail reported nothing")
	}
	if msg, ok := cmd().(Error); !ok || msg.Screen != "Funnel" || !errors.Is(msg.Err, boom) {
		t.Errorf("Fail's message %#v", cmd())
	}
	if !errors.Is(c.Failure("Funnel"), boom) || c.Failure("Data") != nil {
		t.Errorf("standing failures: Funnel %v, Data %v", c.Failure("Funnel"), c.Failure("Data"))
	}
	c.Recover("Funnel")
	if c.Failure("Funnel") != nil {
		t.Error("Recover left the failure")
	}
	c.Fail("Data", boom)
	if cmd := c.Fail("Data", nil); cmd != nil || c.Failure("Data") != nil {
		t.Error("Fail with no error neither cleared nor stayed silent")
	}
}
