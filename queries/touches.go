package queries

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// ChannelTouches counts won and not-won leads whose first, and whose last,
// touch was in one channel.
type ChannelTouches struct {
	Channel               string
	FirstWon, FirstNotWon int64
	LastWon, LastNotWon   int64
}

// TouchData is the first/last-touch and regular-engagement comparison.
type TouchData struct {
	Channels                []ChannelTouches
	RegularWon, Regular     int64 // events in 3 or more distinct weeks
	IrregularWon, Irregular int64
	// Median days from first touch to exposure cutoff, of won and of
	// not-won leads; NULL without dates.
	WatchWon, WatchNotWon sql.NullFloat64
}

// Touches computes first and last touch channels and regular engagement
// for the settled leads. ActionFactorCounts must have run: it defines the
// settled population and gathers, in its pass over the events, what the
// touches are made of.
func Touches(ctx context.Context, ws *Workspace) (TouchData, error) {
	var d TouchData
	channels, other, weeks := channelList()
	if _, err := ws.exec(ctx, fmt.Sprintf(SQL("touches-per-lead"), channels, other, weeks)); err != nil {
		return d, fmt.Errorf("touches: %s", sqltext.CleanErr(err))
	}
	var open int64
	if err := ws.queryRow(ctx, "SELECT count(*) FROM derived.lead_touches WHERE regular IS NULL").Scan(&open); err != nil {
		return d, fmt.Errorf("touches: %s", sqltext.CleanErr(err))
	}
	if open > 0 {
		if _, err := ws.exec(ctx, SQL("touches-regular-exact")); err != nil {
			return d, fmt.Errorf("touches: %s", sqltext.CleanErr(err))
		}
	}
	rows, err := ws.query(ctx, fmt.Sprintf(SQL("touches"), channels))
	if err != nil {
		return d, fmt.Errorf("touches: %s", sqltext.CleanErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var c ChannelTouches
		if err := rows.Scan(&c.Channel, &c.FirstWon, &c.FirstNotWon, &c.LastWon, &c.LastNotWon); err != nil {
			return d, err
		}
		d.Channels = append(d.Channels, c)
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	row := ws.queryRow(ctx, SQL("touches-regular"))
	if err := row.Scan(&d.RegularWon, &d.Regular, &d.IrregularWon, &d.Irregular, &d.WatchWon, &d.WatchNotWon); err != nil {
		return d, fmt.Errorf("touches: %s", sqltext.CleanErr(err))
	}
	return d, nil
}

// channelList is the channels (event categories), sorted, as a DuckDB
// list literal, and the place of other in it (from 1): a touch's channel
// is its place in the list. weeks is how many bits of a 64-bit word are
// left for the weeks once each channel has one (actions-event-counts).
func channelList() (list string, other, weeks int) {
	sorted := slices.Sorted(slices.Values(EventCategories))
	return "[" + sqltext.Literals(sorted) + "]", slices.Index(sorted, "other") + 1, 64 - len(sorted)
}
