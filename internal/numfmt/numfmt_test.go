package numfmt

import (
	"math"
	"testing"
)

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 8000: "8,000",
		1234567: "1,234,567", -1234: "-1,234", -100: "-100"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMoney(t *testing.T) {
	for v, want := range map[float64]string{10005534.4: "$10,005,534", 0.5: "$1", 999.49: "$999", -1500: "$-1,500"} {
		if got := Money(v); got != want {
			t.Errorf("Money(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestPoints(t *testing.T) {
	for v, want := range map[float64]string{25: "25", -4: "-4", 12.5: "12.5", 7.254: "7.25", 0.1 + 0.2: "0.3", math.Inf(1): "+Inf"} {
		if got := Points(v); got != want {
			t.Errorf("Points(%v) = %q, want %q", v, got, want)
		}
	}
}
