package analysis

import (
	"fmt"

	"github.com/leadlab/leadlab/analysis/stats"
	"github.com/leadlab/leadlab/queries"
)

// Touches sets regular engagement beside first and last touch (a pattern over
// time predicts closing better than either touch). Shares of won leads are
// over won leads with at least one touch, likewise for not-won leads.
type Touches struct {
	Channels []ChannelShare `json:"channels"`
	Regular  Regularity     `json:"regular_engagement"`
}

// ChannelShare is one channel's share of first and last touches; a share
// of won (or not-won) leads is null when no such lead had a touch.
type ChannelShare struct {
	Channel     string   `json:"channel"`
	FirstWon    *float64 `json:"first_touch_won"`
	FirstNotWon *float64 `json:"first_touch_not_won"`
	LastWon     *float64 `json:"last_touch_won"`
	LastNotWon  *float64 `json:"last_touch_not_won"`
}

// Regularity compares leads with events in at least 3 distinct weeks
// before their cutoff against the rest. A share or close rate of an empty
// group is null, and so are the lift and its interval unless both groups
// have leads.
type Regularity struct {
	WonShare    *float64 `json:"won_share"`     // of won leads, the share that engaged regularly
	NotWonShare *float64 `json:"not_won_share"` // of not-won leads
	RateRegular *float64 `json:"close_rate_regular"`
	RateOthers  *float64 `json:"close_rate_others"`
	LiftPP      *float64 `json:"lift_pp"`
	LiftCILow   *float64 `json:"lift_ci_low"`
	LiftCIHigh  *float64 `json:"lift_ci_high"`
	// Median days won and not-won leads are watched, first touch to
	// exposure cutoff (null without dates), and a caveat when they differ.
	WatchDaysWon    *float64 `json:"watch_days_won"`
	WatchDaysNotWon *float64 `json:"watch_days_not_won"`
	Caveat          string   `json:"caveat"`
}

// share is s/n, or nil when n is 0: a share of nobody is not defined.
func share(s, n int64) *float64 {
	if n == 0 {
		return nil
	}
	return val(float64(s) / float64(n))
}

func buildTouches(d queries.TouchData) Touches {
	t := Touches{Channels: []ChannelShare{}}
	var won, notWon int64
	for _, c := range d.Channels {
		won += c.FirstWon
		notWon += c.FirstNotWon
	}
	for _, c := range d.Channels {
		t.Channels = append(t.Channels, ChannelShare{
			Channel:  c.Channel,
			FirstWon: share(c.FirstWon, won), FirstNotWon: share(c.FirstNotWon, notWon),
			LastWon: share(c.LastWon, won), LastNotWon: share(c.LastNotWon, notWon),
		})
	}
	r := &t.Regular
	r.WonShare = share(d.RegularWon, d.RegularWon+d.IrregularWon)
	r.NotWonShare = share(d.Regular-d.RegularWon, d.Regular-d.RegularWon+d.Irregular-d.IrregularWon)
	r.RateRegular = share(d.RegularWon, d.Regular)
	r.RateOthers = share(d.IrregularWon, d.Irregular)
	if d.Regular > 0 && d.Irregular > 0 {
		r.LiftPP = val(100 * (*r.RateRegular - *r.RateOthers))
		lo, hi := stats.Newcombe(d.RegularWon, d.Regular, d.IrregularWon, d.Irregular, stats.Z95)
		r.LiftCILow, r.LiftCIHigh = val(100*lo), val(100*hi)
	}
	if d.WatchWon.Valid && d.WatchNotWon.Valid {
		r.WatchDaysWon, r.WatchDaysNotWon = val(d.WatchWon.Float64), val(d.WatchNotWon.Float64)
		// Won leads stop being watched at their opportunity, the rest at
		// the end of the window: with half the watch or less, fewer won
		// leads can reach 3 distinct weeks, whatever their habits.
		if w, n := d.WatchWon.Float64, d.WatchNotWon.Float64; w < n/2 || n < w/2 {
			r.Caveat = fmt.Sprintf("won leads are watched for %.0f days (median, first touch to their opportunity), the rest for %.0f: the longer watch has more weeks to be regular in, so this comparison is not like for like",
				w, n)
		}
	}
	return t
}
