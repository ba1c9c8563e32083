package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

func newScoreCmd() *cobra.Command {
	var (
		df         dataFlags
		of         outcomeFlags
		configPath string
		out        string
		format     string
		now        bool
	)
	cmd := &cobra.Command{
		Use:   "score --config FILE [--out FILE] [--format csv|json|parquet] [--now]",
		Short: "Score every lead with a config: fit, pain, score, SDR-ready, when it got there, velocity",
		Long: `score writes one row per lead: lead_id, account_id, fit, pain, score,
sdr_ready (score at or above the config's cutoff), reached_at (when the
score first reached the cutoff), days_to_ready (from first touch),
velocity (score per day since first touch, at least one day), scored_at
and outcome (won, not_won or maturing); and band, the letter band, when
the config defines bands (in JSON always, null without them).

By default each lead is scored as of its exposure cutoff — its first
opportunity, or the end of its window — as the history the cutoff was
tuned on. --now scores every lead as of the data's as-of date with every
event up to it: what production would show today.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(cmd, format); err != nil {
				return err
			}
			if format == "parquet" && (out == "" || out == "-") {
				return usageErrorf("--format parquet needs --out FILE")
			}
			s, err := openScoring(cmd, df, &of, configPath)
			if err != nil {
				return err
			}
			defer s.Close()
			s.warn(stderrOf(cmd))
			mode := scoring.History
			if now {
				mode = scoring.Now
			}
			sc := s.data.Score(s.cfg, mode)
			switch format {
			case "json":
				return writeAtomic(out, cmd.OutOrStdout(), func(w io.Writer) error { return writeScoresJSON(w, s, sc) })
			case "parquet":
				return replaceAtomic(out, func(tmp string) error {
					csvTmp := tmp + ".csv"
					defer os.Remove(csvTmp)
					if err := writeAtomic(csvTmp, nil, func(w io.Writer) error { return writeScoresCSV(w, s, sc) }); err != nil {
						return err
					}
					return queries.CSVToParquet(cmd.Context(), s.ws, csvTmp, tmp, scoreColumns(s.cfg))
				})
			}
			return writeAtomic(out, cmd.OutOrStdout(), func(w io.Writer) error { return writeScoresCSV(w, s, sc) })
		},
	}
	df.register(cmd)
	of.register(cmd)
	configFlag(cmd, &configPath)
	cmd.Flags().StringVar(&out, "out", "-", "file to write (- for stdout); written atomically")
	formatFlag(cmd, &format, "csv", "output", "csv", "json", "parquet")
	cmd.Flags().BoolVar(&now, "now", false, "score as of the data's as-of date instead of each lead's exposure cutoff")
	return cmd
}

// scoreColumns are the score file's columns and their types: band, the
// letter band, only when the config defines bands (never by default:
// docs/scoring-config.md).
func scoreColumns(cfg scoring.Config) [][2]string {
	cols := [][2]string{
		{"lead_id", "VARCHAR"}, {"account_id", "VARCHAR"}, {"fit", "DOUBLE"}, {"pain", "DOUBLE"}, {"score", "DOUBLE"},
		{"sdr_ready", "BOOLEAN"}, {"reached_at", "TIMESTAMP"}, {"days_to_ready", "DOUBLE"}, {"velocity", "DOUBLE"},
		{"scored_at", "TIMESTAMP"}, {"outcome", "VARCHAR"},
	}
	if len(cfg.Bands) > 0 {
		cols = append(cols, [2]string{"band", "VARCHAR"})
	}
	return cols
}

var outcomeNames = [...]string{"not_won", "won", "maturing"}

// scoreRow is one lead's scores in the file's terms.
type scoreRow struct {
	LeadID    string   `json:"lead_id"`
	AccountID *string  `json:"account_id"`
	Fit       float64  `json:"fit"`
	Pain      float64  `json:"pain"`
	Score     float64  `json:"score"`
	Ready     bool     `json:"sdr_ready"`
	ReachedAt *string  `json:"reached_at"`
	Days      *float64 `json:"days_to_ready"`
	Velocity  *float64 `json:"velocity"`
	ScoredAt  *string  `json:"scored_at"` // null when the data has no dates
	Outcome   string   `json:"outcome"`
	// Band is the letter band: null when the config defines none, or the
	// score is below every band.
	Band *string `json:"band"`
}

func rowOf(s *scoringSession, sc *scoring.Scores, i int) scoreRow {
	d := s.data
	r := scoreRow{LeadID: d.Leads.IDs[i], Fit: sc.Fit[i], Pain: sc.Pain[i], Score: sc.Score(i),
		Ready: sc.Score(i) >= s.cfg.Cutoff, Outcome: outcomeNames[d.Leads.Outcome[i]]}
	if a := d.Leads.AccountIDs[i]; a != "" {
		r.AccountID = &a
	}
	if t := sc.At[i]; t != scoring.NoTime {
		at := stamp(t)
		r.ScoredAt = &at
	}
	if t := sc.Reached[i]; t != scoring.NoTime {
		at := stamp(t)
		r.ReachedAt = &at
		days := float64(t-d.Leads.Created[i]) / 86_400_000_000
		r.Days = &days
	}
	if v := sc.Velocity[i]; !math.IsNaN(v) {
		r.Velocity = &v
	}
	if b, ok := s.cfg.BandOf(r.Score); ok {
		r.Band = &b
	}
	return r
}

func stamp(us int64) string { return time.UnixMicro(us).UTC().Format(time.RFC3339) }

func writeScoresCSV(w io.Writer, s *scoringSession, sc *scoring.Scores) error {
	cw := csv.NewWriter(w)
	cols := scoreColumns(s.cfg)
	head := make([]string, len(cols))
	for k, c := range cols {
		head[k] = c[0]
	}
	cw.Write(head)
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	opt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return num(*p)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for i := range s.data.N() {
		r := rowOf(s, sc, i)
		rec := []string{r.LeadID, str(r.AccountID), num(r.Fit), num(r.Pain), num(r.Score), strconv.FormatBool(r.Ready),
			str(r.ReachedAt), opt(r.Days), opt(r.Velocity), str(r.ScoredAt), r.Outcome}
		if len(cols) > len(rec) {
			rec = append(rec, str(r.Band))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// writeScoresJSON streams {"mode", "cutoff", "leads": [...]} one lead at a
// time, so a million leads never sit in memory twice.
func writeScoresJSON(w io.Writer, s *scoringSession, sc *scoring.Scores) error {
	mode := "history"
	if sc.Mode == scoring.Now {
		mode = "now"
	}
	cut, _ := json.Marshal(s.cfg.Cutoff)
	fmt.Fprintf(w, "{\"schema_version\": %d, \"mode\": %q, \"cutoff\": %s, \"leads\": [", schemaVersion, mode, cut)
	for i := range s.data.N() {
		b, err := json.Marshal(rowOf(s, sc, i))
		if err != nil {
			return err
		}
		if i > 0 {
			io.WriteString(w, ",")
		}
		io.WriteString(w, "\n  ")
		w.Write(b)
	}
	_, err := io.WriteString(w, "\n]}\n")
	return err
}
