package table

import (
	"slices"
	"testing"
)

func TestCompareNatural(t *testing.T) {
	got := []string{"A1080", "A109", "a2", "A10", "B1", "A1", "lead-10", "lead-9", "lead-09b", "x"}
	slices.SortFunc(got, Compare)
	want := []string{"A1", "a2", "A10", "A109", "A1080", "B1", "lead-9", "lead-09b", "lead-10", "x"}
	if !slices.Equal(got, want) {
		t.Errorf("natural order:\n got %v\nwant %v", got, want)
	}
}

func TestCompareNumbers(t *testing.T) {
	got := []string{"10", "9", "-2.5", "1e3", "0.5", "100"}
	slices.SortFunc(got, Compare)
	want := []string{"-2.5", "0.5", "9", "10", "100", "1e3"}
	if !slices.Equal(got, want) {
		t.Errorf("numbers:\n got %v\nwant %v", got, want)
	}
	// Different spellings of one value, and case, still have an order.
	for _, p := range [][2]string{{"1.0", "1"}, {"A1", "a1"}, {"a01", "a1"}} {
		if Compare(p[0], p[1]) == 0 || Compare(p[0], p[1]) != -Compare(p[1], p[0]) {
			t.Errorf("Compare(%q, %q) = %d, reversed %d", p[0], p[1], Compare(p[0], p[1]), Compare(p[1], p[0]))
		}
	}
}
