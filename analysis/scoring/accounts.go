package scoring

import (
	"cmp"
	"math"
	"slices"

	"github.com/leadlab/leadlab/queries"
)

// AccountReport rolls lead scores up to accounts (docs/scoring.md): several
// people of one company evaluate a product, so the account is what sales
// works.
type AccountReport struct {
	Rollup string  `json:"rollup"` // max, sum or top3
	Cutoff float64 `json:"cutoff"` // account SDR-ready at or above it
	// Settled accounts: those with at least one settled lead, scored from
	// their settled leads as of each lead's exposure cutoff; won when any
	// of those leads won.
	Accounts     int64              `json:"accounts"`
	Won          int64              `json:"won"`
	Quantiles    map[string]float64 `json:"quantiles"` // min, p25, median, p75, p90, max of the account scores
	Distribution []ScoreBin         `json:"distribution"`
	Ready        Cell               `json:"ready"`     // settled accounts at or above the cutoff
	NotReady     Cell               `json:"not_ready"` // the rest
	// Top are the accounts with the most leads ready now (every lead
	// scored as of the as-of date), most first.
	Top []AccountRow `json:"top"`
}

// ScoreBin is one bar of the account score distribution: accounts with a
// score in [Lo, Hi), and how many of them won.
type ScoreBin struct {
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	Accounts int64   `json:"accounts"`
	Won      int64   `json:"won"`
}

// AccountRow is one account as of now.
type AccountRow struct {
	AccountID  string  `json:"account_id"`
	Leads      int64   `json:"leads"`
	ReadyLeads int64   `json:"ready_leads"`
	Score      float64 `json:"score"`
	Ready      bool    `json:"ready"`
}

// rollup combines one account's lead scores.
func rollup(kind string, scores []float64) float64 {
	if len(scores) == 0 {
		return 0
	}
	switch kind {
	case "sum":
		t := 0.0
		for _, v := range scores {
			t += v
		}
		return t
	case "top3":
		slices.SortFunc(scores, func(a, b float64) int { return cmp.Compare(b, a) })
		t := 0.0
		for _, v := range scores[:min(3, len(scores))] {
			t += v
		}
		return t
	}
	return slices.Max(scores)
}

// Accounts builds the account report from History scores (for close
// rates) and Now scores (for the accounts to call today). topN bounds the
// list.
func (d *Data) Accounts(cfg Config, hist, now *Scores, topN int) AccountReport {
	kind := cfg.Accounts.Rollup
	if kind == "" {
		kind = "max"
	}
	r := AccountReport{Rollup: kind, Cutoff: cfg.Accounts.Cutoff, Quantiles: map[string]float64{}, Distribution: []ScoreBin{}, Top: []AccountRow{}}
	type acct struct {
		settled []float64
		won     bool
		all     []float64
		ready   int64
	}
	byID := map[string]*acct{}
	var ids []string
	for i := range d.N() {
		id := d.Leads.AccountIDs[i]
		if id == "" {
			continue
		}
		a := byID[id]
		if a == nil {
			a = &acct{}
			byID[id] = a
			ids = append(ids, id)
		}
		a.all = append(a.all, now.Score(i))
		if now.Score(i) >= cfg.Cutoff {
			a.ready++
		}
		if d.Leads.Outcome[i] != queries.OutcomeMaturing {
			a.settled = append(a.settled, hist.Score(i))
			a.won = a.won || d.Leads.Won[i]
		}
	}
	type scored struct {
		v   float64
		won bool
	}
	var settled []scored
	var readyN, readyWon, restN, restWon int64
	for _, id := range ids {
		a := byID[id]
		if len(a.settled) == 0 {
			continue
		}
		v := rollup(kind, a.settled)
		settled = append(settled, scored{v, a.won})
		if v >= cfg.Accounts.Cutoff {
			readyN++
			if a.won {
				readyWon++
			}
		} else {
			restN++
			if a.won {
				restWon++
			}
		}
	}
	r.Accounts = int64(len(settled))
	r.Ready, r.NotReady = cell(readyWon, readyN), cell(restWon, restN)
	for _, s := range settled {
		if s.won {
			r.Won++
		}
	}
	if len(settled) > 0 {
		slices.SortFunc(settled, func(a, b scored) int { return cmp.Compare(a.v, b.v) })
		q := func(p float64) float64 { return settled[int(math.Round(p*float64(len(settled)-1)))].v }
		r.Quantiles = map[string]float64{"min": settled[0].v, "p25": q(0.25), "median": q(0.5), "p75": q(0.75), "p90": q(0.9), "max": settled[len(settled)-1].v}
		r.Distribution = bins(settled[0].v, settled[len(settled)-1].v, func(yield func(float64, bool)) {
			for _, s := range settled {
				yield(s.v, s.won)
			}
		})
	}
	for _, id := range ids {
		a := byID[id]
		v := rollup(kind, a.all)
		r.Top = append(r.Top, AccountRow{AccountID: id, Leads: int64(len(a.all)), ReadyLeads: a.ready, Score: v, Ready: v >= cfg.Accounts.Cutoff})
	}
	slices.SortFunc(r.Top, func(a, b AccountRow) int {
		if c := cmp.Compare(b.ReadyLeads, a.ReadyLeads); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.AccountID, b.AccountID)
	})
	r.Top = r.Top[:min(topN, len(r.Top))]
	return r
}

// bins splits [lo, hi] into ten equal bins (one when all scores are
// equal) and counts the scores and wins in each.
func bins(lo, hi float64, each func(yield func(float64, bool))) []ScoreBin {
	n := 10
	if hi <= lo {
		n = 1
	}
	width := (hi - lo) / float64(n)
	out := make([]ScoreBin, n)
	for b := range out {
		out[b].Lo = lo + float64(b)*width
		out[b].Hi = lo + float64(b+1)*width
	}
	if n == 1 {
		out[0].Hi = hi
	}
	each(func(v float64, won bool) {
		b := n - 1
		if width > 0 {
			b = min(int((v-lo)/width), n-1)
		}
		out[b].Accounts++
		if won {
			out[b].Won++
		}
	})
	return out
}

// rollupParts rolls up an account's leads by score and gives the fit and
// pain of the leads that make the score, so that fit + pain = score: the
// best lead for max, its three best for top3, all of them for sum.
func rollupParts(kind string, leads []int32, s *Scores) (score, fit, pain float64) {
	if len(leads) == 0 {
		return 0, 0, 0
	}
	take := leads
	switch kind {
	case "sum":
	default:
		sorted := slices.Clone(leads)
		slices.SortFunc(sorted, func(a, b int32) int { return cmp.Compare(s.Score(int(b)), s.Score(int(a))) })
		k := 1
		if kind == "top3" {
			k = 3
		}
		take = sorted[:min(k, len(sorted))]
	}
	for _, i := range take {
		fit += s.Fit[i]
		pain += s.Pain[i]
	}
	return fit + pain, fit, pain
}

// AccountSweep is the cutoff sweep over accounts (outcome unit account):
// each account with a settled lead is scored by rolling up its settled
// leads' history scores, and won when one of them won. Ready accounts a
// day count every account, its leads all rolled up. Median days are not
// given for accounts.
func (d *Data) AccountSweep(cfg Config, s *Scores) Sweep {
	kind := cfg.Accounts.Rollup
	byID := map[string]int{}
	var settled, all [][]int32
	var won []bool
	minC, maxC := int64(math.MaxInt64), int64(math.MinInt64)
	for i := range d.N() {
		if c := d.Leads.Created[i]; c != NoTime {
			minC, maxC = min(minC, c), max(maxC, c)
		}
		id := d.Leads.AccountIDs[i]
		if id == "" {
			continue
		}
		a, ok := byID[id]
		if !ok {
			a = len(all)
			byID[id] = a
			all, settled, won = append(all, nil), append(settled, nil), append(won, false)
		}
		all[a] = append(all[a], int32(i))
		if d.Leads.Outcome[i] != queries.OutcomeMaturing {
			settled[a] = append(settled[a], int32(i))
			won[a] = won[a] || d.Leads.Won[i]
		}
	}
	n := len(all)
	v := unitView{score: make([]float64, n), fit: make([]float64, n), pain: make([]float64, n), won: won, counted: make([]bool, n), noPain: !d.HasEvents()}
	for a := range n {
		leads := all[a]
		if len(settled[a]) > 0 {
			leads, v.counted[a] = settled[a], true
		}
		v.score[a], v.fit[a], v.pain[a] = rollupParts(kind, leads, s)
	}
	if minC <= maxC {
		v.days = max(float64(maxC-minC)/usPerDay, 1)
	}
	sw, _ := sweepUnits(v, cfg)
	return sw
}
