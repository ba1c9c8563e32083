package gen

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readAll returns every file of dir by name.
func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestSameSeedSameBytes(t *testing.T) {
	for _, gz := range []bool{false, true} {
		a, _ := generate(t, Options{Leads: 3000, Seed: 7, Gzip: gz})
		b, _ := generate(t, Options{Leads: 3000, Seed: 7, Gzip: gz})
		c, _ := generate(t, Options{Leads: 3000, Seed: 8, Gzip: gz})
		fa, fb, fc := readAll(t, a), readAll(t, b), readAll(t, c)
		if len(fa) != numTables {
			t.Fatalf("gzip=%v: wrote %d files, want %d: %v", gz, len(fa), numTables, fa)
		}
		for name, data := range fa {
			if !bytes.Equal(data, fb[name]) {
				t.Errorf("gzip=%v: %s differs between two runs with the same seed", gz, name)
			}
		}
		for _, name := range []string{"leads", "events", "deals"} {
			name += ".csv"
			if gz {
				name += ".gz"
			}
			if bytes.Equal(fa[name], fc[name]) {
				t.Errorf("gzip=%v: %s is the same for seeds 7 and 8", gz, name)
			}
		}
	}
}

func TestAsOfMovesTheData(t *testing.T) {
	asOf := time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)
	dir, _ := generate(t, Options{Leads: 500, Seed: 1, AsOf: asOf})
	var latest int64
	scan(t, dir, "leads", func(r row) { latest = max(latest, parseTS(t, r.get("created_at"))) })
	if latest >= asOf.Unix() || latest < asOf.AddDate(0, -1, 0).Unix() {
		t.Errorf("latest lead at %s, want in the month before %s", time.Unix(latest, 0).UTC(), asOf)
	}
}

func TestOptionsRejected(t *testing.T) {
	for _, tc := range []struct {
		opt  Options
		want string
	}{
		{Options{}, "output folder"},
		{Options{Out: t.TempDir(), Leads: -1}, "negative"},
		{Options{Out: t.TempDir(), Format: "xlsx"}, "unknown format"},
		{Options{Out: t.TempDir(), Format: "parquet", Gzip: true}, "gzip"},
		{Options{Out: t.TempDir(), AsOf: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)}, "out of range"},
	} {
		_, err := Generate(context.Background(), tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Generate(%+v) = %v, want an error about %q", tc.opt, err, tc.want)
		}
	}
}

// TestCancelLeavesNothing checks that a cancelled run reports the
// cancellation and leaves no partial table in the output folder.
func TestCancelLeavesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := t.TempDir()
	_, err := Generate(ctx, Options{Out: out, Leads: 1000})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if files := readAll(t, out); len(files) != 0 {
		t.Errorf("cancelled run left %d files behind", len(files))
	}
}

func BenchmarkGenerate(b *testing.B) {
	out := b.TempDir()
	var st Stats
	for b.Loop() {
		var err error
		st, err = Generate(context.Background(), Options{Out: out, Leads: DefaultLeads, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Files["events"]), "events/op")
	b.SetBytes(st.Bytes)
}
