package scoring

import "testing"

// TestBandOf: a score's letter band is the band with the highest min at
// or below it, whatever order the bands were given in; none below every
// band, and none at all when the config defines no bands.
func TestBandOf(t *testing.T) {
	c := baseConfig()
	if b, ok := c.BandOf(1e6); ok {
		t.Errorf("no bands, yet band %q", b)
	}
	c.Bands = []Band{{"C", 20}, {"A", 60}, {"B", 40}}
	for _, tc := range []struct {
		score float64
		want  string
	}{{100, "A"}, {60, "A"}, {59.99, "B"}, {40, "B"}, {20, "C"}, {19.5, ""}, {-3, ""}} {
		got, ok := c.BandOf(tc.score)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("score %v: band %q (%v), want %q", tc.score, got, ok, tc.want)
		}
	}
}
