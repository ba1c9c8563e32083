package draft

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Draft is a guessed manifest for one folder.
type Draft struct {
	Name   string
	Tables []*tableDraft // in the canonical load order
	Unused []string      // files left out, each with the reason
	// MoreEvents are the other activity files drafted as events, each
	// with its own mapping: the events table is then written as a list
	// of files, so that every kind of activity counts.
	MoreEvents []*tableDraft
}

// Guess reads the CSV and TSV files of dir and guesses the manifest.
func Guess(dir string) (*Draft, error) {
	files, skipped, err := readDir(dir)
	if err != nil {
		return nil, err
	}
	d := &Draft{Name: filepath.Base(filepath.Clean(dir)), Unused: skipped}
	byTable := map[string]*file{}
	why := map[string]string{}
	rank := map[string]int{}
	var others []*file
	var activities []*file // by rank, best first
	for _, f := range files {
		t, word, r := tableOfName(f.Name)
		w := fmt.Sprintf("named like %s (%q)", t, word)
		if t == "" {
			t, w = tableOfColumns(f)
			r = len(tableWords[t])
		}
		switch {
		case t == "":
			others = append(others, f)
		case t == "events":
			why[f.Name], rank[f.Name] = w, r
			activities = append(activities, f)
		case byTable[t] != nil && rank[t] <= r:
			d.Unused = append(d.Unused, fmt.Sprintf("%s: also looks like %s, which %s supplies; one file per table is drafted", f.Name, t, byTable[t].Name))
		default:
			if byTable[t] != nil {
				d.Unused = append(d.Unused, fmt.Sprintf("%s: also looks like %s, which %s supplies; one file per table is drafted", byTable[t].Name, t, f.Name))
			}
			byTable[t], why[t], rank[t] = f, w, r
		}
	}
	for _, t := range []string{"spend", "nps"} {
		if f := byTable[t]; f != nil {
			d.Unused = append(d.Unused, fmt.Sprintf("%s: looks like %s, which the draft does not map yet; add it by hand", f.Name, t))
		}
	}

	var accounts, leads, deals *tableDraft
	if f := byTable["accounts"]; f != nil {
		accounts = newTableDraft("accounts", f, why["accounts"])
		if !accounts.guessID("account_id") {
			d.Unused = append(d.Unused, f.Name+": looks like accounts, but no column has a different value in every row to be account_id")
			accounts = nil
		} else {
			accounts.guessPlain("name", nil)
			accounts.guessPlain("domain", nil)
			accounts.guessPlain("industry", nil)
			accounts.guessPlain("employees", func(p profile) bool { return p.Number })
		}
	}
	if f := byTable["leads"]; f != nil {
		leads = newTableDraft("leads", f, why["leads"])
		if !leads.guessID("lead_id") {
			d.Unused = append(d.Unused, f.Name+": looks like leads, but no column has a different value in every row to be lead_id; if the file has no id, add it as leads by hand with generate: {lead_id: row_number}, and a column that links each lead to its deal")
			leads = nil
		} else {
			leads.guessDate("created_at")
			leads.guessLink("account_id", accounts)
			for _, c := range []string{"email", "title", "country", "source"} {
				leads.guessPlain(c, nil)
			}
			leads.guessPlain("converted", func(p profile) bool { return isBoolColumn(p) })
		}
	}
	var status []string
	if f := byTable["deals"]; f != nil {
		deals = newTableDraft("deals", f, why["deals"])
		ok := deals.guessID("deal_id")
		if ok {
			status = deals.guessStatus()
			ok = status != nil
		}
		if !ok {
			d.Unused = append(d.Unused, f.Name+": looks like deals, but has no unique id column or no stage to read won and lost from")
			deals = nil
		} else {
			deals.guessDate("created_at")
			deals.guessDate("closed_at")
			deals.dropExpectedCloseDates(status)
			deals.guessKind()
			deals.guessPlain("amount", func(p profile) bool { return p.Number })
			deals.guessLink("account_id", accounts)
			if leads != nil {
				deals.guessLink("lead_id", leads)
			}
		}
	}
	if leads == nil && deals != nil {
		leads = leadsFromDeals(deals)
	}
	if leads == nil {
		return nil, errors.New("no file looks like a lead list (or a deal list to take leads from): name the lead file leads.csv, or write the manifest by hand")
	}
	var campaigns, spend *tableDraft
	if f := byTable["campaigns"]; f != nil {
		var unused string
		if campaigns, spend, unused = draftCampaigns(f, why["campaigns"]); unused != "" {
			d.Unused = append(d.Unused, unused)
		}
	}
	events := d.draftActivities(activities, why, rank, leads, accounts, campaigns)
	for _, t := range []*tableDraft{accounts, leads, campaigns, deals, events, spend} {
		if t != nil {
			d.Tables = append(d.Tables, t)
		}
	}
	others = d.guessLookups(others)
	for _, f := range others {
		d.Unused = append(d.Unused, fmt.Sprintf("%s (columns %s): not recognised as a table, nor as a lookup whose first column another file uses",
			f.Name, strings.Join(f.Header, ", ")))
	}
	for _, t := range d.Tables {
		switch {
		case !canonicalTable(t.Table).ExtrasAllowed:
			continue // only mapped columns load: nothing else can leak
		case t.Table == "accounts":
		case t.File == deals.fileOrNil():
			t.guessLeaks(status)
		default:
			st := t.convertedStatus()
			if st == nil {
				st = outcomesByLead(t, deals, status)
			}
			t.guessLeaks(st)
		}
		t.notePlaceholders()
	}
	return d, nil
}

// draftActivities drafts each activity file as events, best ranked
// first (campaign responses before logged sales activity), and keeps
// every one that links to the leads or accounts: the first is the
// events table, the others its further files.
func (d *Draft) draftActivities(files []*file, why map[string]string, rank map[string]int, leads, accounts, campaigns *tableDraft) *tableDraft {
	slices.SortStableFunc(files, func(a, b *file) int { return rank[a.Name] - rank[b.Name] })
	var chosen *tableDraft
	for _, f := range files {
		t, unused := draftEvents(f, why[f.Name], leads, accounts, campaigns)
		switch {
		case t == nil:
			d.Unused = append(d.Unused, unused)
		case chosen == nil:
			chosen = t
		default:
			d.MoreEvents = append(d.MoreEvents, t)
		}
	}
	return chosen
}

// outcomesByLead gives each row of a lead file the best outcome of the
// deals linked to it (won, else lost, else open; open with no deal), so
// that a lead column filled only for leads whose deal closed is seen.
func outcomesByLead(leads, deals *tableDraft, status []string) []string {
	if deals == nil || deals.source("lead_id") == "" {
		return nil
	}
	best := map[string]string{}
	rank := map[string]int{"": 0, "open": 1, "lost": 2, "won": 3}
	for r, v := range deals.File.values(deals.profiles[deals.source("lead_id")].Index) {
		if rank[status[r]] > rank[best[v]] {
			best[v] = status[r]
		}
	}
	out := make([]string, len(leads.File.Rows))
	for r, id := range leads.File.values(leads.profiles[leads.source("lead_id")].Index) {
		out[r] = best[id]
		if out[r] == "" {
			out[r] = "open"
		}
	}
	return out
}

// Summary says which file each table comes from ("leads from leads.csv").
func (d *Draft) Summary() []string {
	var out []string
	for _, t := range d.Tables {
		from := t.File.Name
		if t.Table == "events" {
			for _, m := range d.MoreEvents {
				from += ", " + m.File.Name
			}
		}
		out = append(out, t.Table+" from "+from)
	}
	return out
}

func (t *tableDraft) fileOrNil() *file {
	if t == nil {
		return nil
	}
	return t.File
}

// tableOfColumns recognises a file by its columns when its name says
// nothing: a stage with won and lost values makes deals.
func tableOfColumns(f *file) (string, string) {
	for i, h := range f.Header {
		if !slices.Contains(synonyms["deals.status"], norm(h)) {
			continue
		}
		won, lost := false, false
		for _, v := range f.values(i) {
			won = won || outcomeOf(v) == "won"
			lost = lost || outcomeOf(v) == "lost"
		}
		if won || lost {
			return "deals", fmt.Sprintf("its column %s has won and lost values", h)
		}
	}
	return "", ""
}

// leadsFromDeals makes each deal its own lead, as when an export has no
// lead list: the deal's id, creation date and account, and none of its
// outcome.
func leadsFromDeals(deals *tableDraft) *tableDraft {
	t := newTableDraft("leads", deals.File, "no lead file: each deal is its own lead, first touched when the deal was created")
	t.mapColumn("lead_id", deals.source("deal_id"), "the deal's id")
	if c := deals.source("created_at"); c != "" {
		t.mapColumn("created_at", c, "the deal's creation date")
	}
	if c := deals.source("account_id"); c != "" {
		t.mapColumn("account_id", c, "the deal's account")
	}
	for _, c := range []string{"status", "closed_at", "amount"} {
		if src := deals.source(c); src != "" && !t.used[src] {
			t.Ignore = append(t.Ignore, pair{src, "", "the outcome itself (deals." + c + ")"})
			t.used[src] = true
		}
	}
	deals.mapColumn("lead_id", deals.source("deal_id"), "each deal is its own lead")
	return t
}

// guessLink maps a reference to another table: a column named like its
// id (or like the id column of its file) whose every value is one of its
// ids. A column that is named right but names unknown rows is noted.
func (t *tableDraft) guessLink(canonical string, to *tableDraft) {
	if to == nil || t.File == to.File {
		return
	}
	key := to.source(canonical)
	ids := to.profiles[key].Counts
	own := canonicalTable(t.Table).Key
	names := append([]string{norm(key)}, synonyms["link."+t.Table+"."+canonical]...)
	for _, n := range names {
		for _, h := range t.File.Header {
			p := t.profiles[h]
			// A generic own id (Id, Record ID) is never a link, however
			// its numbers happen to overlap; a named one (mql_id) can be.
			generic := n == "id" || n == "recordid"
			// A table with no key of its own (events) has only other
			// tables' ids to link by.
			if norm(h) != n || p.Filled == 0 || (generic && (own == "" || h == t.source(own))) {
				continue
			}
			missing := 0
			for v, c := range p.Counts {
				if _, ok := ids[v]; !ok {
					missing += c
				}
			}
			if missing == 0 {
				t.mapColumn(canonical, h, fmt.Sprintf("every value is found in %s of %s (%s filled)", key, to.File.Name, rows(p.Filled)))
				if strings.Contains(n, "convert") {
					t.Notes = append(t.Notes, fmt.Sprintf("%s is filled only once a lead converts: it is what ties a win to the lead, "+
						"but account attributes then exist only for converted leads, so account factors of leads will look predictive", h))
				}
				return
			}
			if missing < p.Filled {
				t.Notes = append(t.Notes, fmt.Sprintf("%s looks like the link to %s, but %s rows name a %s it does not have: not mapped, as the load would reject them",
					h, to.Table, count(missing), key))
			}
		}
	}
}

// guessLookups joins files that describe the values of one column of a
// table file (a sales team per agent): their first column is unique and
// the table file has a column of that name. It returns the files left.
func (d *Draft) guessLookups(files []*file) []*file {
	var left []*file
	for _, f := range files {
		key := profileOf(f, 0)
		if !key.Unique {
			left = append(left, f)
			continue
		}
		used := false
		for _, t := range d.Tables {
			p, ok := t.profiles[key.Name]
			if !ok || t.used[key.Name] || p.Filled == 0 {
				continue
			}
			var absent []string
			for v := range p.Counts {
				if _, ok := key.Counts[v]; !ok {
					absent = append(absent, v)
				}
			}
			slices.Sort(absent)
			switch {
			case len(absent) == 0:
				t.Joins = append(t.Joins, pair{f.Name, key.Name, fmt.Sprintf("lists every %s of this file once; adds %s",
					key.Name, strings.Join(f.Header[1:], ", "))})
				used = true
			case len(absent) < len(p.Counts):
				used = true
				t.fixLookupValues(f, key, absent)
			}
		}
		if !used {
			left = append(left, f)
		}
	}
	return left
}

// fixLookupValues proposes values: for the values of a lookup key that
// the lookup spells differently (GTXPro for GTX Pro), and leaves the join
// for the analyst to add once they are right.
func (t *tableDraft) fixLookupValues(f *file, key profile, absent []string) {
	byNorm := map[string]string{}
	for v := range key.Counts {
		byNorm[norm(v)] = v
	}
	vm := valueMap{Column: key.Name, Why: fmt.Sprintf("spelt differently in %s, which lists each %s", f.Name, key.Name)}
	var unmatched []string
	for _, v := range absent {
		if to, ok := byNorm[norm(v)]; ok && norm(v) != "" {
			vm.Pairs = append(vm.Pairs, pair{v, to, rows(t.profiles[key.Name].Counts[v]) + "; differs from it only in case, spaces or punctuation"})
		} else {
			unmatched = append(unmatched, v)
		}
	}
	if len(vm.Pairs) > 0 {
		t.Values = append(t.Values, vm)
	}
	note := fmt.Sprintf("%s could add its columns (join: [{file: %s, on: %s}]), but ", f.Name, f.Name, key.Name)
	if len(unmatched) > 0 {
		note += fmt.Sprintf("%d values of %s are not in it (%s)", len(unmatched), key.Name, strings.Join(first(unmatched, 5), ", "))
	} else {
		note += "some values of " + key.Name + " are spelt differently there: check the values: above, then add the join"
	}
	t.Notes = append(t.Notes, note)
}

// isBoolColumn says whether every value is a true/false word.
func isBoolColumn(p profile) bool {
	for v := range p.Counts {
		switch strings.ToLower(v) {
		case "true", "false", "1", "0", "yes", "no", "y", "n", "t", "f":
		default:
			return false
		}
	}
	return len(p.Counts) > 0
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}
