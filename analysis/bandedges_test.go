package analysis

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// TestReportActionsCutsAtTunesBandEdges: report actions and tune cut a
// numeric attribute at the same edges — chosen on the leads tune tunes
// on, never on its holdout — although here the latest 30% of leads (the
// holdout) spend far more than the rest, so that edges chosen on every
// lead would differ. Report actions still counts every settled lead in
// each band, by the test score makes (lo <= x < hi).
func TestReportActionsCutsAtTunesBandEdges(t *testing.T) {
	const n = 3000
	spend := make([]float64, n)
	won := make([]bool, n)
	var leads strings.Builder
	leads.WriteString("lead_id,created_at,converted,spend\n")
	for i := range n {
		spend[i] = float64((i * 37) % 100)
		if i >= n*7/10 {
			spend[i] += 100 + float64(i%7)/2
		}
		won[i] = (i*7919)%100 < 3+int(spend[i])/6
		created := fmt.Sprintf("2024-%02d-%02d", 1+i/250, 1+(i%250)/10)
		fmt.Fprintf(&leads, "l%04d,%s,%v,%s\n", i, created, won[i], strconv.FormatFloat(spend[i], 'g', -1, 64))
	}
	ctx := context.Background()
	ws := loadFixture(t, map[string]string{"leads.csv": leads.String()}, 0)
	opt := queries.OutcomeOptions{WindowSet: true}

	rep, err := BuildActions(ctx, ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	bands := func(fs []string) (out []string) {
		for _, f := range fs {
			if strings.HasPrefix(f, "attr:spend[") {
				out = append(out, f)
			}
		}
		return out
	}
	var reported []string
	for _, f := range rep.Factors {
		reported = append(reported, f.Factor)
	}
	reported = bands(reported)

	// Tune's table: the same outcomes, its default split held out.
	o, err := queries.ComputeOutcomes(ctx, ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := queries.SplitHoldout(ctx, ws, scoring.HoldoutShare, scoring.HoldoutSeed, false); err != nil {
		t.Fatal(err)
	}
	tuned, _, err := actionsFrom(ctx, ws, o, false)
	if err != nil {
		t.Fatal(err)
	}
	var tunedNames []string
	for _, f := range tuned.Factors {
		tunedNames = append(tunedNames, f.Factor)
	}
	tunedNames = bands(tunedNames)
	if len(reported) < 2 || strings.Join(reported, " ") != strings.Join(sortedCopy(tunedNames, reported), " ") {
		t.Fatalf("report actions bands %v, tune's %v", reported, tunedNames)
	}
	// Every settled lead is counted, in the band its value falls in.
	if rep.Leads != n || tuned.Leads != n-n*3/10 {
		t.Errorf("leads: report %d, tune %d", rep.Leads, tuned.Leads)
	}
	for _, f := range rep.Factors {
		if !strings.HasPrefix(f.Factor, "attr:spend[") {
			continue
		}
		lo, hi := bandEdges(t, f.Factor)
		var with, wonWith int64
		for i := range n {
			if spend[i] >= lo && spend[i] < hi {
				with++
				if won[i] {
					wonWith++
				}
			}
		}
		if f.LeadsWith != with || f.WonWith != wonWith {
			t.Errorf("%s: %d leads, %d won; by its edges %d, %d", f.Factor, f.LeadsWith, f.WonWith, with, wonWith)
		}
	}
}

// sortedCopy orders names as ref orders those it has, so that two lists
// of the same bands compare equal whatever order the reports sort them in.
func sortedCopy(names, ref []string) []string {
	at := map[string]int{}
	for k, r := range ref {
		at[r] = k
	}
	out := make([]string, len(names))
	copy(out, names)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			ai, ok1 := at[out[i]]
			aj, ok2 := at[out[j]]
			if !ok1 {
				ai = len(ref) + i
			}
			if !ok2 {
				aj = len(ref) + j
			}
			if aj < ai {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func bandEdges(t *testing.T, factor string) (lo, hi float64) {
	t.Helper()
	s := factor[strings.Index(factor, "[")+1 : len(factor)-1]
	parts := strings.Split(s, ",")
	parse := func(v string) float64 {
		switch v {
		case "-inf":
			return math.Inf(-1)
		case "inf":
			return math.Inf(1)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s: %v", factor, err)
		}
		return f
	}
	return parse(parts[0]), parse(parts[1])
}
