package queries

import "strings"

// Type is the DuckDB type of a canonical column.
type Type string

// The column types leadlab stores.
const (
	Text      Type = "VARCHAR"
	Int       Type = "BIGINT"
	Float     Type = "DOUBLE"
	Bool      Type = "BOOLEAN"
	Timestamp Type = "TIMESTAMP"
)

// Column is one canonical column and the rules a value must follow.
type Column struct {
	Name     string
	Type     Type
	Required bool
	// Enum, when set, lists the only values allowed (after value mapping).
	Enum []string
	// Min and Max bound numeric values when HasRange is set.
	HasRange bool
	Min, Max float64
	// Default fills the column when the source leaves it empty.
	Default string
	// Ref names the table whose key the value must match ("" for none).
	Ref string
}

// Table is one canonical table (the README's Data format).
type Table struct {
	Name    string
	Key     string // unique id column, "" when rows have no identity
	Columns []Column
	// OneOf lists columns of which at least one must be present per row
	// (events need lead_id or account_id).
	OneOf []string
	// ExtrasAllowed says whether unmapped source columns are kept as extra
	// attributes (analysts' own fields) rather than dropped.
	ExtrasAllowed bool
}

// Column returns the named column and whether it exists.
func (t Table) Column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// Event categories and deal vocabularies, shared with the generator docs.
var (
	EventCategories = []string{"product", "marketing", "email", "ad", "web", "sales", "other"}
	DealStatuses    = []string{"open", "won", "lost"}
	DealKinds       = []string{"new", "renewal", "expansion"}
	CampaignTypes   = []string{"welcome", "onboarding", "nurture", "product_engagement",
		"customer_onboarding", "upsell", "renewal", "transactional"}
)

// Tables lists the canonical tables in load order: a table's references
// always point to tables earlier in the list, so rejects cascade correctly
// (an event of a rejected lead is itself rejected as an unknown reference).
var Tables = []Table{
	{Name: "accounts", Key: "account_id", ExtrasAllowed: true, Columns: []Column{
		{Name: "account_id", Type: Text, Required: true},
		{Name: "name", Type: Text},
		{Name: "domain", Type: Text},
		{Name: "industry", Type: Text},
		{Name: "region", Type: Text},
		{Name: "employees", Type: Int, HasRange: true, Min: 0, Max: 1e8},
		{Name: "target", Type: Bool},
		{Name: "tier", Type: Int, HasRange: true, Min: 1, Max: 3},
	}},
	{Name: "leads", Key: "lead_id", ExtrasAllowed: true, Columns: []Column{
		{Name: "lead_id", Type: Text, Required: true},
		{Name: "account_id", Type: Text, Ref: "accounts"},
		{Name: "created_at", Type: Timestamp},
		{Name: "email", Type: Text},
		{Name: "title", Type: Text},
		{Name: "role", Type: Text},
		{Name: "country", Type: Text},
		{Name: "source", Type: Text},
		{Name: "converted", Type: Bool},
	}},
	{Name: "campaigns", Key: "campaign", Columns: []Column{
		{Name: "campaign", Type: Text, Required: true},
		{Name: "type", Type: Text, Enum: CampaignTypes},
		{Name: "segmented", Type: Bool},
		{Name: "segment", Type: Text},
	}},
	{Name: "deals", Key: "deal_id", ExtrasAllowed: true, Columns: []Column{
		{Name: "deal_id", Type: Text, Required: true},
		{Name: "status", Type: Text, Required: true, Enum: DealStatuses},
		{Name: "account_id", Type: Text, Ref: "accounts"},
		{Name: "lead_id", Type: Text, Ref: "leads"},
		{Name: "kind", Type: Text, Enum: DealKinds, Default: "new"},
		{Name: "created_at", Type: Timestamp},
		{Name: "closed_at", Type: Timestamp},
		{Name: "amount", Type: Float, HasRange: true, Min: -1e15, Max: 1e15},
		{Name: "contract_months", Type: Int, HasRange: true, Min: 0, Max: 1200},
	}},
	{Name: "events", OneOf: []string{"lead_id", "account_id"}, Columns: []Column{
		{Name: "event", Type: Text, Required: true},
		{Name: "lead_id", Type: Text, Ref: "leads"},
		{Name: "account_id", Type: Text, Ref: "accounts"},
		{Name: "occurred_at", Type: Timestamp},
		{Name: "category", Type: Text, Enum: EventCategories},
		{Name: "campaign", Type: Text, Ref: "campaigns"},
	}},
	{Name: "spend", Columns: []Column{
		{Name: "amount", Type: Float, Required: true, HasRange: true, Min: -1e15, Max: 1e15},
		{Name: "date", Type: Timestamp},
		{Name: "channel", Type: Text},
		{Name: "campaign", Type: Text, Ref: "campaigns"},
		{Name: "account_id", Type: Text, Ref: "accounts"},
	}},
	{Name: "nps", Columns: []Column{
		{Name: "score", Type: Int, Required: true, HasRange: true, Min: 0, Max: 10},
		{Name: "account_id", Type: Text, Ref: "accounts"},
		{Name: "responded_at", Type: Timestamp},
	}},
}

// TableByName returns the canonical table with that name.
func TableByName(name string) (Table, bool) {
	for _, t := range Tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// derivedNames are columns the profiles add; an extra attribute of
// the same name is kept under name_source so that neither is lost.
var derivedNames = map[string]bool{"email_domain": true, "email_type": true, "seniority": true, "size_band": true}

// ExtraColumn is the name an extra attribute e of a source file is stored
// under: e itself, or e_source when the profiles derive a column of that
// name.
func ExtraColumn(e string) string {
	if derivedNames[strings.ToLower(e)] {
		return e + "_source"
	}
	return e
}
