package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/leadlab/leadlab/analysis"
)

// PrintTable writes one size's table for people.
func PrintTable(w io.Writer, r Result) {
	fmt.Fprintf(w, "%s leads, %s events; median, min and max of %d runs; %s\n\n",
		countInt(r.Leads), analysis.Count(r.Events), r.Runs, r.Machine)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\tmedian\tmin\tmax\tpeak MiB\tfloor\t× floor\tfloor MiB\ttarget\tmet\t")
	for _, s := range r.Steps {
		floor, ratio, floorMB := "—", "—", "—"
		if s.Floor != nil {
			floor, ratio, floorMB = secs(*s.Floor), fmt.Sprintf("%.2f×", *s.Ratio), fmt.Sprintf("%.0f", *s.FloorPeakMB)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t\n", s.Step, secs(s.Median), secs(s.Min), secs(s.Max),
			s.PeakMB, floor, ratio, floorMB, s.Target, verdict(s))
	}
	tw.Flush()
	for _, s := range r.Steps {
		if s.Note != "" {
			fmt.Fprintf(w, "\n%s: %s", s.Step, s.Note)
		}
		if s.P95 != nil {
			fmt.Fprintf(w, "\n%s: p50 %s, p95 %s", s.Step, secs(s.Median), secs(*s.P95))
		}
	}
	fmt.Fprintln(w, "\nfloors, measured the same way in the same run:")
	for _, s := range steps {
		if s.floor != "" && hasStep(r, s.id) {
			fmt.Fprintf(w, "  %-14s %s\n", s.id, s.floor)
		}
	}
	fmt.Fprintln(w)
}

// PrintGrowth compares each size with the one before it.
func PrintGrowth(w io.Writer, rs []Result) {
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		fmt.Fprintf(w, "growth from %s to %s leads (n log n allows %.1f×):\n\n",
			countInt(prev.Leads), countInt(cur.Leads), nlognGrowth(prev.Leads, cur.Leads))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "step\tat %s\tat %s\tgrowth\twithin n log n\t\n", countInt(prev.Leads), countInt(cur.Leads))
		for _, s := range cur.Steps {
			if s.Growth == nil {
				continue
			}
			ok := "yes"
			if *s.Growth > *s.GrowthLimit {
				ok = "NO"
			}
			for _, p := range prev.Steps {
				if p.Step == s.Step {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f×\t%s\t\n", s.Step, secs(p.Median), secs(s.Median), *s.Growth, ok)
				}
			}
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
}

func hasStep(r Result, id string) bool {
	for _, s := range r.Steps {
		if s.Step == id {
			return true
		}
	}
	return false
}

// verdict is "yes", or "NO" and the targets missed.
func verdict(r StepResult) string {
	s, _ := StepByID(r.Step)
	if m := s.misses(r); len(m) > 0 {
		return "NO: " + strings.Join(m, ", ")
	}
	return "yes"
}

// secs shows a duration in seconds, short ones in milliseconds.
func secs(s float64) string {
	if s < 1 {
		return fmt.Sprintf("%.0f ms", s*1000)
	}
	return fmt.Sprintf("%.2f s", s)
}

// machine describes the computer in words: CPUs and memory, from /proc on
// Linux.
func machine() string {
	desc := fmt.Sprintf("%d CPUs", runtime.NumCPU())
	if model := procField("/proc/cpuinfo", "model name"); model != "" {
		desc += " (" + model + ")"
	}
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n float64
		if _, err := fmt.Sscanf(kb, "%f", &n); err == nil {
			desc += fmt.Sprintf(", %.1f GiB RAM", n/(1<<20))
		}
	}
	return desc + ", " + runtime.GOOS + "/" + runtime.GOARCH
}

// procField is the first value of a "name: value" line in a /proc file.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
