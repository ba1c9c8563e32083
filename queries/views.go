package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// The view summaries (views.sql) are what the funnel and campaigns views
// aggregate in place of the 25 million events of a million-lead dataset:
// per account its engagement and touches, per account its engaged leads,
// per campaign its counts and its engaged leads in day bins. A load
// builds them with the tables they summarise; in a workspace loaded by an
// older leadlab a session builds them in the derived schema, once, the
// first time a view asks (a report on such a workspace takes as long as
// before, every later view in the session is fast, and a reload makes
// them part of the workspace).
//
// Each block but the temporary ones takes the schema prefix.
var viewBlocks = []struct {
	name     string
	prefixed bool
}{
	{"view-account-placed", false},
	{"view-account-activity", true},
	{"view-account-leads", true},
	{"view-campaign-sends", false},
	{"view-campaign-product", false},
	{"view-campaign-counts", true},
	{"view-campaign-days", true},
}

// viewTableCount is how many tables viewBlocks leave behind (the others
// are temporary).
const viewTableCount = 4

// textLeadKeys makes the summaries key the campaigns' joins on the leads'
// ids even when their hashes are distinct: the tests' way to run the
// path taken when two ids share a hash.
var textLeadKeys = false

// execer runs statements: a load's connection, or a session's.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// BuildViews builds the view summaries of the workspace's own tables
// on conn, inside the load's transaction, so that they follow the
// dataset it swaps in (queries/load).
func BuildViews(ctx context.Context, conn *sql.Conn, highValue []string) error {
	return buildViews(ctx, conn, "", highValue)
}

// buildViews builds the view summaries under prefix ("" for the
// workspace's own tables, "derived." for a session's) from the tables
// events, leads, deals and campaigns as conn sees them. highValue are the
// funnel's high-value pages; nil means the default (funnel-high-value-
// default). It needs one connection throughout: the campaign recipients
// are a temporary table.
func buildViews(ctx context.Context, conn execer, prefix string, highValue []string) error {
	if highValue == nil {
		rows, err := conn.QueryContext(ctx, SQL("funnel-high-value-default"))
		if err != nil {
			return fmt.Errorf("view summaries (high-value pages): %s", sqltext.CleanErr(err))
		}
		if highValue, err = sqltext.ScanColumn[string](rows); err != nil {
			return fmt.Errorf("view summaries (high-value pages): %s", sqltext.CleanErr(err))
		}
	}
	defer func() { _, _ = conn.ExecContext(context.Background(), SQL("view-drop-temp")) }()
	key, err := leadKey(ctx, conn)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, SQL(key)); err != nil {
		return fmt.Errorf("view summaries (lead keys): %s", sqltext.CleanErr(err))
	}
	for _, b := range viewBlocks {
		q := SQL(b.name)
		if b.prefixed {
			q = fmt.Sprintf(q, prefix)
		}
		var args []any
		if b.name == "view-account-placed" {
			args = []any{append([]string{}, highValue...)}
		}
		start := time.Now()
		_, err := conn.ExecContext(ctx, q, args...)
		sqltext.Trace(q, start)
		if err != nil {
			return fmt.Errorf("view summaries (%s): %s", b.name, sqltext.CleanErr(err))
		}
	}
	return nil
}

// leadKey says how the campaign summaries key a lead: by the hash of its
// id when the leads' hashes are distinct (view-lead-keys), else by the id.
// It names the block that defines view_lead_key accordingly.
func leadKey(ctx context.Context, conn execer) (string, error) {
	rows, err := conn.QueryContext(ctx, SQL("view-lead-keys"))
	if err != nil {
		return "", fmt.Errorf("view summaries (lead keys): %s", sqltext.CleanErr(err))
	}
	distinct, err := sqltext.ScanColumn[bool](rows)
	if err != nil {
		return "", fmt.Errorf("view summaries (lead keys): %s", sqltext.CleanErr(err))
	}
	if len(distinct) == 1 && distinct[0] && !textLeadKeys {
		return "view-lead-key-hash", nil
	}
	return "view-lead-key-text", nil
}

// HasViewSummaries says whether the workspace holds the view summaries:
// false when an older leadlab loaded it (a session then builds them).
func HasViewSummaries(ctx context.Context, ws *Workspace) (bool, error) {
	var n int
	if err := ws.queryRow(ctx, SQL("view-tables-present")).Scan(&n); err != nil {
		return false, fmt.Errorf("view summaries: %s", sqltext.CleanErr(err))
	}
	return n == viewTableCount, nil
}

// viewPrefix says where the view summaries are: "" when the workspace
// holds them, "derived." when this session built them (building them
// there first when neither has them).
func viewPrefix(ctx context.Context, ws *Workspace) (string, error) {
	if ok, err := HasViewSummaries(ctx, ws); err != nil || ok {
		return "", err
	}
	var n int
	if err := ws.queryRow(ctx, SQL("view-tables-derived")).Scan(&n); err != nil {
		return "", fmt.Errorf("view summaries: %s", sqltext.CleanErr(err))
	}
	if n == viewTableCount {
		return "derived.", nil
	}
	info, err := ws.Info(ctx)
	if err != nil {
		return "", err
	}
	conn, err := ws.DB.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("view summaries: %s", sqltext.CleanErr(err))
	}
	defer conn.Close()
	// What a cancelled build left, first.
	if _, err := conn.ExecContext(ctx, SQL("view-tables-derived-drop")); err != nil {
		return "", fmt.Errorf("view summaries: %s", sqltext.CleanErr(err))
	}
	if err := buildViews(ctx, conn, "derived.", info.Settings.HighValuePages); err != nil {
		return "", err
	}
	return "derived.", nil
}
