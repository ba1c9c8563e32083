package gen

// column is one column of a written table with the DuckDB type it has when
// the CSV is converted to Parquet.
type column struct {
	name, sqlType string
}

// tableSpec describes one canonical table. The CSV header and the Parquet
// schema both come from here, so they cannot disagree.
type tableSpec struct {
	name    string
	columns []column
}

// The table numbers double as indexes into generator.tables.
const (
	tAccounts = iota
	tLeads
	tEvents
	tDeals
	tCampaigns
	tSpend
	tNPS
	numTables
)

var tableSpecs = [numTables]tableSpec{
	tAccounts: {"accounts", []column{
		{"account_id", "VARCHAR"}, {"name", "VARCHAR"}, {"domain", "VARCHAR"},
		{"industry", "VARCHAR"}, {"region", "VARCHAR"}, {"employees", "INTEGER"},
		{"target", "BOOLEAN"}, {"tier", "TINYINT"},
		{"country", "VARCHAR"}, {"relationship_score", "INTEGER"}, {"intent_surge", "BOOLEAN"},
		{"free_plan_users", "INTEGER"},
	}},
	tLeads: {"leads", []column{
		{"lead_id", "VARCHAR"}, {"account_id", "VARCHAR"}, {"created_at", "TIMESTAMP"},
		{"email", "VARCHAR"}, {"title", "VARCHAR"}, {"role", "VARCHAR"},
		{"country", "VARCHAR"}, {"source", "VARCHAR"},
	}},
	tEvents: {"events", []column{
		{"event", "VARCHAR"}, {"lead_id", "VARCHAR"}, {"account_id", "VARCHAR"},
		{"occurred_at", "TIMESTAMP"}, {"category", "VARCHAR"}, {"campaign", "VARCHAR"},
	}},
	tDeals: {"deals", []column{
		{"deal_id", "VARCHAR"}, {"account_id", "VARCHAR"}, {"lead_id", "VARCHAR"},
		{"kind", "VARCHAR"}, {"status", "VARCHAR"}, {"created_at", "TIMESTAMP"},
		{"closed_at", "TIMESTAMP"}, {"amount", "DOUBLE"}, {"contract_months", "INTEGER"},
	}},
	tCampaigns: {"campaigns", []column{
		{"campaign", "VARCHAR"}, {"type", "VARCHAR"}, {"segmented", "BOOLEAN"}, {"segment", "VARCHAR"},
	}},
	tSpend: {"spend", []column{
		{"date", "DATE"}, {"channel", "VARCHAR"}, {"campaign", "VARCHAR"},
		{"account_id", "VARCHAR"}, {"amount", "DOUBLE"},
	}},
	tNPS: {"nps", []column{
		{"account_id", "VARCHAR"}, {"responded_at", "TIMESTAMP"}, {"score", "TINYINT"},
	}},
}
