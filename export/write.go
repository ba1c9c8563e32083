package export

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/leadlab/leadlab/analysis/scoring"
	"github.com/leadlab/leadlab/queries"
)

// write lays out the script: the header, then one statement creating the
// view, in a transaction so that a failure leaves the old view in place.
func (g *gen) write(cfg scoring.Config, view Name) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, h := range g.opt.Header {
		line("-- %s", comment(h))
	}
	if len(g.opt.Header) > 0 {
		line("--")
	}
	when := "the database clock (UTC) whenever it is read"
	if g.opt.AsOf != nil {
		when = "the fixed time " + stampText(g.opt.AsOf.UTC())
	}
	line("-- %s view %s: every lead's fit, pain, score and sdr_ready (score at or above", g.d, comment(qualified(view)))
	line("-- the cutoff, %s) as of %s,", comment(pointsWords(cfg.Cutoff)), when)
	line("-- computed exactly as `leadlab score --now` computes them. It reads:")
	for _, t := range Tables {
		if cols := g.readCols(t); cols != "" {
			line("--   %s (%s)", comment(qualified(g.m.Table(t))), comment(cols))
		}
	}
	if len(g.pain) > 0 {
		e := func(c string) string { prod, _ := g.m.Column("events", c); return ident(prod) }
		line("-- Reading it scans the events the pain rules name; on a large events table an index")
		line("-- helps: CREATE INDEX ON %s (%s, %s, %s);", comment(qualified(g.m.Table("events"))), comment(e("event")), comment(e("lead_id")), comment(e("occurred_at")))
	}
	line("")
	line("BEGIN;")
	line("")
	line("CREATE OR REPLACE VIEW %s AS", qualified(view))
	line("WITH")
	ctes := []string{g.clock(), g.profile("leads"), g.profile("accounts"), g.fitCTE(), g.eventsCTE(), g.painCTE(), g.scoresCTE()}
	var kept []string
	for _, c := range ctes {
		if c != "" {
			kept = append(kept, c)
		}
	}
	b.WriteString(strings.Join(kept, ",\n"))
	line("")
	line("SELECT s.lead_id, s.fit, s.pain, s.fit + s.pain AS score,")
	line("    s.fit + s.pain >= %s AS sdr_ready,", num(cfg.Cutoff))
	line("    c.as_of AS scored_at")
	line("FROM scores s")
	line("CROSS JOIN clock c;")
	line("")
	about := fmt.Sprintf("leadlab scoring model%s: fit + pain; SDR-ready at %s", nameWords(cfg.Name), pointsWords(cfg.Cutoff))
	line("COMMENT ON VIEW %s IS %s;", qualified(view), lit(comment(about)))
	line("")
	line("COMMIT;")
	return b.String()
}

func nameWords(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" %q", name)
}

// readCols lists the production columns the view reads from a table, with
// the canonical name where it differs.
func (g *gen) readCols(table string) string {
	var parts []string
	for _, c := range g.tableCols(table) {
		prod, _ := g.m.Column(table, c)
		if prod == c {
			parts = append(parts, c)
		} else {
			parts = append(parts, fmt.Sprintf("%s as %s", prod, c))
		}
	}
	return strings.Join(parts, ", ")
}

// tableCols are the canonical columns read from a table: leads always
// gives lead_id.
func (g *gen) tableCols(table string) []string {
	cols := g.cols[table]
	if table == "leads" && !slices.Contains(cols, "lead_id") {
		cols = append([]string{"lead_id"}, cols...)
	}
	return cols
}

func stampText(t time.Time) string {
	return t.Format("2006-01-02 15:04:05.999999")
}

func (g *gen) clock() string {
	at := "CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP)"
	if g.opt.AsOf != nil {
		at = "TIMESTAMP " + lit(stampText(g.opt.AsOf.UTC()))
	}
	return "-- The time every lead is scored as of.\nclock AS (\n    SELECT " + at + " AS as_of\n)"
}

// profile is a table's CTE: the columns the rules test, under their
// canonical names, and the derived attributes they name.
func (g *gen) profile(table string) string {
	cols := g.tableCols(table)
	if table == "accounts" && len(cols) == 0 {
		return ""
	}
	name, alias, what := "lead_profile", "l", "Each lead: the columns the fit rules test"
	if table == "accounts" {
		name, alias, what = "account_profile", "a", "Each account: the columns the fit rules test"
	}
	ref := func(c string) string {
		prod, _ := g.m.Column(table, c)
		return alias + "." + ident(prod)
	}
	var sel []string
	for _, c := range cols {
		sel = append(sel, ref(c)+" AS "+ident(c))
	}
	for _, x := range g.derived[table] {
		what += ", and " + x.Name + " (derived)"
		sel = append(sel, strings.ReplaceAll(x.Expr(g.d, ref), "\n", "\n    ")+" AS "+ident(x.Name))
	}
	return fmt.Sprintf("-- %s.\n%s AS (\n    SELECT %s\n    FROM %s AS %s\n)", what, name, strings.Join(sel, ",\n        "), qualified(g.m.Table(table)), alias)
}

// sum writes 0 + each term, a comment above each: the order the scorer
// adds them in, starting from zero as it does.
func sum(terms []term, indent string) string {
	var b strings.Builder
	b.WriteString("0::float8")
	for _, t := range terms {
		fmt.Fprintf(&b, "\n%s-- %s\n%s+ %s", indent, t.note, indent, t.expr)
	}
	return b.String()
}

func (g *gen) fitCTE() string {
	join := ""
	if len(g.cols["accounts"]) > 0 {
		join = "\n    LEFT JOIN account_profile ap ON ap.\"account_id\" = lp.\"account_id\""
	}
	return fmt.Sprintf("-- Fit: points for who the lead is and what its account is.\nfit AS (\n    SELECT lp.\"lead_id\" AS lead_id,\n        %s\n        AS fit\n    FROM lead_profile lp%s\n)",
		sum(g.fit, "        "), join)
}

func (g *gen) eventsCTE() string {
	if len(g.pain) == 0 {
		return ""
	}
	e := func(c string) string {
		prod, _ := g.m.Column("events", c)
		return "e." + ident(prod)
	}
	sel := []string{e("lead_id") + " AS lead_id", e("event") + " AS event_name"}
	if g.capped {
		sel = append(sel, fmt.Sprintf("row_number() OVER (PARTITION BY %s, %s ORDER BY %s DESC) AS recency", e("lead_id"), e("event"), e("occurred_at")))
	}
	if g.decays {
		sel = append(sel, g.ageDays(e("occurred_at"))+" AS age_days")
	}
	names := make([]string, len(g.events))
	for i, n := range g.events {
		names[i] = lit(n)
	}
	return fmt.Sprintf("-- The events the pain rules count: each lead's, up to the scoring time%s.\nscored_events AS (\n    SELECT %s\n    FROM %s AS e\n    CROSS JOIN clock c\n    WHERE %s IN (%s)\n      AND %s IS NOT NULL\n      AND %s <= c.as_of\n)",
		map[bool]string{true: ", numbered from the latest", false: ""}[g.capped],
		strings.Join(sel, ",\n        "), qualified(g.m.Table("events")), e("event"), strings.Join(names, ", "), e("lead_id"), e("occurred_at"))
}

// ageDays is an event's age at the scoring time in days, as the scorer
// computes it: whole microseconds, then divided as a double.
func (g *gen) ageDays(occurred string) string {
	if g.d == queries.Postgres {
		return fmt.Sprintf("CAST(CAST(EXTRACT(EPOCH FROM (c.as_of - %s)) * 1000000 AS bigint) AS float8) / 86400000000::float8", occurred)
	}
	return fmt.Sprintf("CAST(epoch_us(c.as_of) - epoch_us(%s) AS float8) / 86400000000::float8", occurred)
}

func (g *gen) painCTE() string {
	if len(g.pain) == 0 {
		return ""
	}
	return fmt.Sprintf("-- Pain: points for what the lead did.\npain AS (\n    SELECT lead_id,\n        %s\n        AS pain\n    FROM scored_events\n    GROUP BY lead_id\n)", sum(g.pain, "        "))
}

func (g *gen) scoresCTE() string {
	if len(g.pain) == 0 {
		return "scores AS (\n    SELECT f.lead_id, f.fit, 0::float8 AS pain\n    FROM fit f\n)"
	}
	return "scores AS (\n    SELECT f.lead_id, f.fit, coalesce(p.pain, 0::float8) AS pain\n    FROM fit f\n    LEFT JOIN pain p ON p.lead_id = f.lead_id\n)"
}
