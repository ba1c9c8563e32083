package draft

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/leadlab/leadlab/queries"
)

// pair is one guess: a key, its value and why.
type pair struct{ Key, Value, Why string }

// valueMap is a values: entry for one column.
type valueMap struct {
	Column string // canonical column, or the source name of an extra attribute
	Why    string
	Pairs  []pair // source value, canonical value, rows
}

// tableDraft is the guessed entry of one canonical table.
type tableDraft struct {
	Table       string
	File        *file
	Why         string
	Columns     []pair // canonical column, source column
	Set         []pair // canonical column, constant
	Values      []valueMap
	DateFormats []pair     // format, why
	Ignore      []pair     // source column, why
	Missing     []valueMap // column: values read as missing
	Joins       []pair     // lookup file, column
	Notes       []string

	profiles map[string]profile
	used     map[string]bool // source columns mapped or ignored
}

func (t *tableDraft) source(canonical string) string {
	for _, c := range t.Columns {
		if c.Key == canonical {
			return c.Value
		}
	}
	return ""
}

// tableWords are file-name words that say which table a file is.
var tableWords = map[string][]string{
	"accounts": {"account", "accounts", "company", "companies", "organization", "organizations", "organisation", "organisations"},
	"leads":    {"lead", "leads", "contact", "contacts", "mql", "mqls", "prospect", "prospects", "people", "persons"},
	"deals":    {"deal", "deals", "opportunity", "opportunities", "opportunitys", "opp", "opps", "pipeline"},
	"events": {"campaignmember", "campaignmembers", "activity", "activities", "engagement", "engagements", "touch", "touches", "touchpoints",
		"event", "events", "task", "tasks"},
	"campaigns": {"campaign", "campaigns"},
	"spend":     {"spend", "costs", "adspend"},
	"nps":       {"nps"},
}

// tableOfName says which table a file's name points to, the word, and
// its rank among the table's words (0 best: Lead.csv before Contact.csv).
func tableOfName(name string) (string, string, int) {
	// Campaign members are activity, not campaigns: CampaignMember.csv,
	// campaign_members.csv.
	if strings.Contains(strings.Join(tokens(name), ""), "campaignmember") {
		return "events", "campaignmember", 0
	}
	for _, w := range tokens(name) {
		for _, t := range []string{"accounts", "leads", "deals", "events", "campaigns", "spend", "nps"} {
			if i := slices.Index(tableWords[t], w); i >= 0 {
				return t, w, i
			}
		}
	}
	return "", "", 0
}

// synonyms are source names (normalised) each canonical column is often
// exported under, best first.
var synonyms = map[string][]string{
	"accounts.account_id": {"accountid", "companyid", "recordid", "id", "account", "company", "accountname", "companyname"},
	"accounts.name":       {"name", "accountname", "companyname"},
	"accounts.domain":     {"domain", "website", "companydomainname", "companydomain"},
	"accounts.industry":   {"industry", "sector", "vertical"},
	"accounts.employees":  {"employees", "numberofemployees", "employeecount"},
	"leads.lead_id":       {"leadid", "contactid", "mqlid", "recordid", "id", "personid", "prospectid"},
	"leads.created_at":    {"createdat", "createddate", "createdate", "created", "datecreated", "createdon", "firstcontactdate", "firstcontact", "engagedate"},
	"leads.email":         {"email", "emailaddress"},
	"leads.title":         {"title", "jobtitle"},
	"leads.country":       {"country"},
	"leads.source":        {"source", "leadsource", "originalsource"},
	"deals.deal_id":       {"dealid", "opportunityid", "oppid", "recordid", "id"},
	"deals.created_at":    {"createdat", "createddate", "createdate", "created", "datecreated", "createdon", "engagedate", "opendate"},
	"deals.closed_at":     {"closedat", "closedate", "closeddate", "dateclosed", "closedon", "wondate", "lostdate"},
	"deals.status":        {"status", "stage", "dealstage", "stagename", "opportunitystage", "dealstatus", "outcome"},
	// Links, beside the name of the other table's id column.
	"link.leads.account_id":  {"accountid", "companyid", "associatedcompanyid", "convertedaccountid", "account", "company", "accountname", "companyname"},
	"link.deals.account_id":  {"accountid", "companyid", "associatedcompanyid", "account", "company", "accountname", "companyname"},
	"link.deals.lead_id":     {"leadid", "convertedleadid", "contactid", "associatedcontactid", "mqlid", "leademail", "contactemail", "email"},
	"leads.converted":        {"isconverted", "converted"},
	"campaigns.campaign":     {"campaignid", "id", "recordid", "campaign", "campaignname", "name"},
	"link.events.lead_id":    {"leadid", "whoid", "contactid", "leadorcontactid", "associatedcontactids", "associatedcontactid", "email", "leademail", "contactemail"},
	"link.events.account_id": {"accountid", "associatedcompanyids", "associatedcompanyid", "companyid"},
	"link.events.campaign":   {"campaignid", "campaign"},
	"deals.amount":           {"amount", "dealamount", "closevalue", "dealvalue", "value", "opportunityamount", "amountusd", "acv"},
}

// find returns the first column of f named like one of names that passes ok.
func (t *tableDraft) find(names []string, ok func(profile) bool) (profile, bool) {
	for _, n := range names {
		for _, h := range t.File.Header {
			if norm(h) != n || t.used[h] {
				continue
			}
			if p := t.profiles[h]; ok == nil || ok(p) {
				return p, true
			}
		}
	}
	return profile{}, false
}

func (t *tableDraft) mapColumn(canonical, sourceCol, why string) {
	t.Columns = append(t.Columns, pair{canonical, sourceCol, why})
	t.used[sourceCol] = true
}

func newTableDraft(table string, f *file, why string) *tableDraft {
	t := &tableDraft{Table: table, File: f, Why: why, profiles: map[string]profile{}, used: map[string]bool{}}
	for i, h := range f.Header {
		t.profiles[h] = profileOf(f, i)
	}
	return t
}

// guessID maps the table's key: a column named like an id whose values
// are all present and all different.
func (t *tableDraft) guessID(key string) bool {
	p, ok := t.find(synonyms[t.Table+"."+key], func(p profile) bool { return p.Unique })
	why := "named like an id"
	if !ok {
		for _, h := range t.File.Header {
			if n := norm(h); (strings.HasSuffix(n, "id") || strings.HasSuffix(h, "Id")) && t.profiles[h].Unique {
				p, ok, why = t.profiles[h], true, "ends in id"
				break
			}
		}
	}
	if !ok && key == "lead_id" {
		// Many contact exports are keyed by the address itself.
		p, ok = t.find(synonyms["leads.email"], func(p profile) bool { return p.Unique })
		why = "no id column; an email address"
	}
	if !ok {
		return false
	}
	t.mapColumn(key, p.Name, fmt.Sprintf("%s, and each of the %s rows has its own value", why, count(p.Filled)))
	return true
}

// guessDate maps a date column named like one of the column's synonyms.
func (t *tableDraft) guessDate(canonical string) {
	p, ok := t.find(synonyms[t.Table+"."+canonical], func(p profile) bool { return p.Date.OK })
	if !ok {
		return
	}
	t.mapColumn(canonical, p.Name, "a date column named like "+canonical+"; "+p.Date.Why)
}

// guessPlain maps same-meaning columns (email, title, industry...).
func (t *tableDraft) guessPlain(canonical string, ok func(profile) bool) {
	if _, same := t.profiles[canonical]; same {
		return // read under its own name
	}
	p, found := t.find(synonyms[t.Table+"."+canonical], ok)
	if found {
		t.mapColumn(canonical, p.Name, "named like "+canonical)
	}
}

var (
	wonWord  = regexp.MustCompile(`(?i)\bwon\b|closedwon|\bwin\b`)
	lostWord = regexp.MustCompile(`(?i)\blost\b|closedlost|\bloss\b`)
)

// outcomeOf reads a stage or status value as won, lost or open.
func outcomeOf(v string) string {
	switch {
	case wonWord.MatchString(v):
		return "won"
	case lostWord.MatchString(v):
		return "lost"
	}
	return "open"
}

// guessStatus maps deals.status from a stage column (values mapped to
// won, lost, open), or sets it when the file holds only won deals.
// It returns the status of each row ("" when unknown) for the leak checks.
func (t *tableDraft) guessStatus() []string {
	p, ok := t.find(synonyms["deals.status"], func(p profile) bool { return len(p.Counts) > 0 && len(p.Counts) <= 40 })
	if ok {
		vm := valueMap{Column: "status", Why: p.Name + " values: a stage with Won in it is won, with Lost lost, anything else open"}
		values := keysByCount(p.Counts)
		for _, v := range values {
			vm.Pairs = append(vm.Pairs, pair{v, outcomeOf(v), rows(p.Counts[v])})
		}
		t.mapColumn("status", p.Name, "named like a deal stage; its values are mapped below")
		t.Values = append(t.Values, vm)
		if missing := len(t.File.Rows) - p.Filled; missing > 0 {
			t.Notes = append(t.Notes, fmt.Sprintf("%s rows have no %s: status is required, so the load rejects them", count(missing), p.Name))
		}
		out := make([]string, len(t.File.Rows))
		for r, v := range t.File.values(p.Index) {
			if v != "" {
				out[r] = outcomeOf(v)
			}
		}
		return out
	}
	// No status column: a file of won deals says so by its name or a
	// won date.
	wonCol := ""
	for _, h := range t.File.Header {
		if n := norm(h); strings.Contains(n, "won") && t.profiles[h].Date.OK {
			wonCol = h
		}
	}
	named := slices.Contains(tokens(t.File.Name), "won") || slices.Contains(tokens(t.File.Name), "closed")
	if wonCol == "" && !named {
		return nil
	}
	why := "no status column, and "
	switch {
	case wonCol != "" && named:
		why += "the file is named like won deals and has " + wonCol
	case wonCol != "":
		why += "the file has " + wonCol
	default:
		why += "the file is named like closed deals"
	}
	t.Set = append(t.Set, pair{"status", "won", why + ": every row is a win"})
	out := make([]string, len(t.File.Rows))
	for r := range out {
		out[r] = "won"
	}
	return out
}

// leakWords mark columns filled in when or after a deal closes; on a
// lead, leadWords add what only a lead that became a customer has.
var (
	leakWords    = regexp.MustCompile(`(?i)reason|lost|loss|won|churn|clos|probab|forecast`)
	leadWords    = regexp.MustCompile(`(?i)customer|deal|revenue|opportunit|convert`)
	outcomeValue = regexp.MustCompile(`(?i)convert|customer|closed ?won|closed ?lost`)
)

// guessLeaks proposes for ignore: every column left unmapped of a file
// that holds only wins; columns named like an outcome, or whose values
// name one (Closed - Converted, customer); columns filled only on won or
// lost rows. status holds each row's outcome ("" unknown), or is nil.
func (t *tableDraft) guessLeaks(status []string) {
	var open, closed, wins int
	for _, s := range status {
		switch s {
		case "open":
			open++
		case "won":
			wins++
			closed++
		case "lost":
			closed++
		}
	}
	for _, h := range t.File.Header {
		if t.used[h] || t.isJoinKey(h) {
			continue
		}
		p := t.profiles[h]
		var why string
		switch {
		case len(status) > 0 && wins == len(status):
			why = "the file holds only won deals, so what it says was known after the win"
		case leakWords.MatchString(h) || (t.Table == "leads" && leadWords.MatchString(h)):
			why = "named like an outcome field: set as the deal closes or the lead converts"
		case slices.ContainsFunc(keysByCount(p.Counts), outcomeValue.MatchString):
			v := keysByCount(p.Counts)[slices.IndexFunc(keysByCount(p.Counts), outcomeValue.MatchString)]
			why = fmt.Sprintf("its values name the outcome (%q)", v)
		case open >= 5 && closed > 0:
			filledOpen, filledClosed := 0, 0
			for r, v := range t.File.values(p.Index) {
				if v == "" {
					continue
				}
				if status[r] == "open" {
					filledOpen++
				} else if status[r] != "" {
					filledClosed++
				}
			}
			if filledOpen == 0 && filledClosed > 0 {
				why = fmt.Sprintf("filled on %s won or lost rows and on none of the %s open ones: known only after the outcome",
					count(filledClosed), count(open))
			}
		}
		if why != "" {
			t.Ignore = append(t.Ignore, pair{h, "", why})
			t.used[h] = true
		}
	}
}

// convertedStatus reads a mapped converted column as won (true) or open.
func (t *tableDraft) convertedStatus() []string {
	src := t.source("converted")
	if src == "" {
		return nil
	}
	out := make([]string, len(t.File.Rows))
	for r, v := range t.File.values(t.profiles[src].Index) {
		switch strings.ToLower(v) {
		case "true", "1", "yes", "y", "t":
			out[r] = "won"
		case "false", "0", "no", "n", "f":
			out[r] = "open"
		}
	}
	return out
}

func (t *tableDraft) isJoinKey(col string) bool {
	for _, j := range t.Joins {
		if j.Value == col {
			return true
		}
	}
	return false
}

// notePlaceholders lists values that look like "nothing entered", with
// the manifest's missing: key that would read them as missing.
func (t *tableDraft) notePlaceholders() {
	for _, h := range t.File.Header {
		if slices.ContainsFunc(t.Ignore, func(p pair) bool { return p.Key == h }) {
			continue
		}
		p := t.profiles[h]
		for _, v := range keysByCount(p.Blanks) {
			t.Notes = append(t.Notes, fmt.Sprintf("%s: %q in %s looks like a placeholder for missing; to read it as missing add missing: {%s: [%s]}",
				h, v, rows(p.Blanks[v]), scalar(h), scalar(v)))
		}
	}
}

func keysByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// rows writes "1 row", "2 rows".
func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return count(n) + " rows"
}

// count writes n with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// canonicalTable returns the table definition.
func canonicalTable(name string) queries.Table {
	t, _ := queries.TableByName(name)
	return t
}
