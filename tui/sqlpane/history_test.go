package sqlpane

import (
	"fmt"
	"testing"
)

func TestHistoryRecall(t *testing.T) {
	var h history
	if _, ok := h.prev("draft"); ok {
		t.Error("an empty history recalled something")
	}
	h.add("a")
	h.add("b")
	h.add("a") // moves a to the newest, without a second copy
	if fmt.Sprint(h.entries) != "[b a]" {
		t.Errorf("entries %v", h.entries)
	}
	steps := []struct {
		back bool
		want string
		ok   bool
	}{
		{true, "a", true}, {true, "b", true}, {true, "", false},
		{false, "a", true}, {false, "draft", true}, {false, "", false},
	}
	for i, s := range steps {
		var q string
		var ok bool
		if s.back {
			q, ok = h.prev("draft")
		} else {
			q, ok = h.next()
		}
		if q != s.want || ok != s.ok {
			t.Errorf("step %d: %q %v, want %q %v", i, q, ok, s.want, s.ok)
		}
	}
}

func TestHistoryKeepsTheLast50(t *testing.T) {
	var h history
	for i := range 60 {
		h.add(fmt.Sprint("SELECT ", i))
	}
	if len(h.entries) != historySize || h.entries[0] != "SELECT 10" || h.entries[49] != "SELECT 59" {
		t.Errorf("%d entries, %q … %q", len(h.entries), h.entries[0], h.entries[len(h.entries)-1])
	}
	if h.recalling() {
		t.Error("adding left the history recalling")
	}
}
