package draft

import (
	"fmt"
	"slices"
	"strings"
)

// Activity and campaign exports: Salesforce Task, Event, Campaign and
// CampaignMember, HubSpot's activity (engagement) export. They become the
// events, campaigns and spend tables.

// eventNameColumns are the columns an event's name is read from, best
// first: the kind of activity the CRM records (Salesforce's TaskSubtype
// and Type, HubSpot's Activity type) before free-text subjects.
var eventNameColumns = []string{"event", "eventname", "tasksubtype", "eventsubtype", "activitytype", "engagementtype",
	"type", "activity", "subject", "name"}

// isCampaignMember says whether f lists campaign members: a campaign id
// and a member status on each row.
func isCampaignMember(f *file) bool {
	var campaign, status bool
	for _, h := range f.Header {
		campaign = campaign || norm(h) == "campaignid"
		status = status || norm(h) == "status"
	}
	return campaign && status
}

// draftEvents maps an activity file onto events. It returns nil and the
// reason when the rows cannot be tied to a lead or an account.
func draftEvents(f *file, why string, leads, accounts, campaigns *tableDraft) (*tableDraft, string) {
	t := newTableDraft("events", f, why)
	member := isCampaignMember(f)
	if member {
		t.Why += "; a campaign member list: each row is a lead's status in a campaign"
	}
	if !t.guessEventName(member) {
		return nil, f.Name + ": looks like events, but no column names the activity (a type, subtype or subject filled on the rows)"
	}
	if leads != nil {
		t.guessLeadLink(leads)
	}
	t.guessLink("account_id", accounts)
	if t.source("lead_id") == "" && t.source("account_id") == "" {
		why := f.Name + ": looks like events, but no column ties its rows to the leads or accounts drafted (every value of the link must be one of their ids)"
		for _, n := range t.Notes {
			why += "; " + n
		}
		return nil, why
	}
	if campaigns != nil {
		t.guessLink("campaign", campaigns)
	}
	t.guessEventTime(member)
	if _, own := t.profiles["category"]; !own {
		if member {
			t.Set = append(t.Set, pair{"category", "marketing", "campaign responses are marketing touches"})
		} else {
			t.Set = append(t.Set, pair{"category", "sales", "calls, emails, meetings and tasks logged by the sales team"})
		}
	}
	t.noteUnlinked()
	return t, ""
}

// guessEventName maps events.event: for a campaign member list its
// Status (Sent, Responded…); otherwise the first column named like an
// activity's kind that is filled on every row and tells rows apart
// (2 to 50 values), else one filled on every row, else none.
func (t *tableDraft) guessEventName(member bool) bool {
	if _, own := t.profiles["event"]; own {
		return true
	}
	if member {
		p, ok := t.find([]string{"status", "memberstatus"}, func(p profile) bool { return p.Filled > 0 })
		if ok {
			t.mapColumn("event", p.Name, fmt.Sprintf("the member's status in the campaign (%s), the campaign itself in campaign: below; "+
				"it is the status now, not when the member was added", strings.Join(first(keysByCount(p.Counts), 5), ", ")))
			t.noteEmptyEvent(p)
			return true
		}
	}
	all := func(p profile) bool { return p.Filled == len(t.File.Rows) }
	varied := func(p profile) bool { return all(p) && len(p.Counts) >= 2 && len(p.Counts) <= 50 }
	for _, pass := range []struct {
		ok  func(profile) bool
		why string
	}{
		{varied, "filled on every row, with %d different values (%s)"},
		{all, "filled on every row; %d different values (%s)"},
		{func(p profile) bool { return p.Filled > 0 }, "the best filled of the columns naming the activity; %d different values (%s)"},
	} {
		p, ok := t.find(eventNameColumns, pass.ok)
		if !ok {
			continue
		}
		why := fmt.Sprintf("the kind of activity: "+pass.why, len(p.Counts), strings.Join(first(keysByCount(p.Counts), 5), ", "))
		if passed := t.passedOver(p.Name); len(passed) > 0 {
			why += "; " + strings.Join(passed, ", ") + " would do too"
		}
		t.mapColumn("event", p.Name, why)
		t.noteEmptyEvent(p)
		return true
	}
	return false
}

// passedOver lists the other columns that could name the event.
func (t *tableDraft) passedOver(chosen string) []string {
	var out []string
	for _, n := range eventNameColumns {
		for _, h := range t.File.Header {
			if norm(h) == n && h != chosen && t.profiles[h].Filled > 0 {
				out = append(out, h)
			}
		}
	}
	return out
}

func (t *tableDraft) noteEmptyEvent(p profile) {
	if missing := len(t.File.Rows) - p.Filled; missing > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%s rows have no %s: an event needs a name, so the load rejects them", count(missing), p.Name))
	}
}

// guessLeadLink maps events.lead_id: a column named like a lead or
// contact id whose every value is a lead's id, or the id of the contact
// a lead converted to (Salesforce moves a lead's activities to its
// contact when it converts); those contact ids are mapped to their
// leads under values:.
func (t *tableDraft) guessLeadLink(leads *tableDraft) {
	key := leads.source("lead_id")
	ids := leads.profiles[key].Counts
	contacts, convCol := convertedContacts(leads)
	names := append([]string{norm(key)}, synonyms["link.events.lead_id"]...)
	for _, n := range names {
		for _, h := range t.File.Header {
			p := t.profiles[h]
			// An activity's own Id or Record ID is never the link.
			if norm(h) != n || t.used[h] || p.Filled == 0 || n == "id" || n == "recordid" {
				continue
			}
			missing := 0
			var via []string
			for v, c := range p.Counts {
				if _, ok := ids[v]; ok {
					continue
				}
				if _, ok := contacts[v]; ok {
					via = append(via, v)
					continue
				}
				missing += c
			}
			if missing > 0 {
				if several := severalIDs(p, ids, contacts); several > 0 {
					t.Notes = append(t.Notes, fmt.Sprintf("%s rows of %s name several contacts separated by ; (as HubSpot writes an activity with more than one): "+
						"a manifest reads a link as one id and cannot split a row into one event per contact, so those rows would be rejected; "+
						"split them in the file (one row per contact) to load them", count(several), h))
				}
				if missing < p.Filled {
					t.Notes = append(t.Notes, fmt.Sprintf("%s looks like the link to leads, but %s rows name a %s that is neither a lead of %s nor a contact one converted to: not mapped, as the load would reject them",
						h, count(missing), h, leads.File.Name))
				}
				continue
			}
			why := fmt.Sprintf("every value is found in %s of %s (%s filled)", key, leads.File.Name, rows(p.Filled))
			if len(via) > 0 {
				why = fmt.Sprintf("every value is a lead of %s, or the contact a lead converted to (%s)", leads.File.Name, rows(p.Filled))
				slices.Sort(via)
				vm := valueMap{Column: "lead_id", Why: "contacts made by converting a lead (" + convCol + " of " + leads.File.Name + "): their activities count for the lead"}
				for _, v := range via {
					vm.Pairs = append(vm.Pairs, pair{v, contacts[v], rows(p.Counts[v])})
				}
				t.Values = append(t.Values, vm)
			}
			t.mapColumn("lead_id", h, why)
			return
		}
	}
}

// convertedContacts maps the contact each converted lead became to the
// lead's id, from a lead column named like ConvertedContactId.
func convertedContacts(leads *tableDraft) (map[string]string, string) {
	out, col := map[string]string{}, ""
	ids := leads.File.values(leads.profiles[leads.source("lead_id")].Index)
	for _, h := range leads.File.Header {
		if norm(h) != "convertedcontactid" {
			continue
		}
		col = h
		for r, v := range leads.File.values(leads.profiles[h].Index) {
			if v != "" {
				out[v] = ids[r]
			}
		}
	}
	return out, col
}

// guessEventTime maps events.occurred_at. A campaign member responded on
// its FirstRespondedDate; a member who has not responded has none, and
// its row then never counts, which is right: being sent a campaign is not
// something the lead did. Other activities take the date they were
// logged: the activity's own date is a due date for an open task and a
// planned date for a booked meeting, which may lie ahead of the export
// and would move the as-of date.
func (t *tableDraft) guessEventTime(member bool) {
	date := func(p profile) bool { return p.Date.OK }
	if member {
		if p, ok := t.find([]string{"firstrespondeddate", "respondeddate"}, date); ok {
			t.mapColumn("occurred_at", p.Name, fmt.Sprintf("when the member first responded; the %s rows with none (not responded) load with no time and never count; %s",
				count(len(t.File.Rows)-p.Filled), p.Date.Why))
			return
		}
	}
	created := []string{"occurredat", "createddate", "createdate", "createdat", "created", "datecreated", "createdon"}
	if p, ok := t.find(created, date); ok {
		why := "when the activity was logged; " + p.Date.Why
		if alt, ok := t.find([]string{"activitydatetime", "activitydate", "timestamp", "startdatetime"}, date); ok {
			why += "; " + alt.Name + " is when it was due or held, which for open tasks and booked meetings lies ahead"
		}
		t.mapColumn("occurred_at", p.Name, why)
		return
	}
	if p, ok := t.find([]string{"activitydatetime", "activitydate", "timestamp", "date", "eventdate", "startdatetime"}, date); ok {
		t.mapColumn("occurred_at", p.Name, "the activity's date (no creation date in the file); a due or planned date may lie ahead; "+p.Date.Why)
	}
}

// noteUnlinked counts rows that name neither a lead nor an account: the
// load rejects them, and fails past max_reject_share.
func (t *tableDraft) noteUnlinked() {
	var cols []int
	for _, c := range []string{"lead_id", "account_id"} {
		if s := t.source(c); s != "" {
			cols = append(cols, t.profiles[s].Index)
		}
	}
	n := 0
	for _, row := range t.File.Rows {
		linked := false
		for _, i := range cols {
			linked = linked || (i < len(row) && strings.TrimSpace(row[i]) != "")
		}
		if !linked {
			n++
		}
	}
	if n > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%s rows name neither a lead nor an account: the load rejects them (and fails if they are more than 1%% of the rows)", count(n)))
	}
}

// draftCampaigns maps a campaign list onto campaigns, keyed by the id
// that activity files name, and its costs onto spend when every
// campaign has one.
func draftCampaigns(f *file, why string) (campaigns, spend *tableDraft, unused string) {
	c := newTableDraft("campaigns", f, why)
	if !c.guessID("campaign") {
		return nil, nil, f.Name + ": looks like campaigns, but no column has a different value in every row to be campaign"
	}
	if p, ok := c.find([]string{"type", "campaigntype"}, func(p profile) bool { return p.Filled > 0 }); ok {
		// A column named type would load as the drip type and reject
		// every campaign whose type is a channel.
		c.Ignore = append(c.Ignore, pair{p.Name, "", fmt.Sprintf("its values (%s) are channels, not the drip kinds type holds (%s); "+
			"map them under values: instead if these campaigns are drips", strings.Join(first(keysByCount(p.Counts), 4), ", "), strings.Join(campaignTypes(), ", "))})
		c.used[p.Name] = true
	}
	if p, ok := c.find([]string{"name", "campaignname"}, nil); ok && p.Name != c.source("campaign") {
		c.Notes = append(c.Notes, "campaigns are named by "+c.source("campaign")+", the id activity files use; "+p.Name+" is not loaded")
	}
	cost, ok := c.find([]string{"actualcost", "cost", "spend", "amountspent", "actualspend"}, func(p profile) bool { return p.Number })
	if !ok {
		if b, ok := c.find([]string{"budgetedcost", "budget"}, nil); ok {
			c.Notes = append(c.Notes, b.Name+" is a budget, not money spent: no spend table is drafted")
		}
		return c, nil, ""
	}
	if cost.Filled < len(f.Rows) {
		c.Notes = append(c.Notes, fmt.Sprintf("%s is empty on %s campaigns, and a spend row needs an amount: no spend table is drafted; "+
			"add one by hand (tables.spend with amount: %s) once the costs are filled", cost.Name, count(len(f.Rows)-cost.Filled), cost.Name))
		return c, nil, ""
	}
	s := newTableDraft("spend", f, "the costs of the campaigns in "+f.Name)
	s.mapColumn("amount", cost.Name, "the campaign's actual cost, on every row")
	if p, ok := s.find([]string{"startdate", "date", "launchdate"}, func(p profile) bool { return p.Date.OK }); ok {
		s.mapColumn("date", p.Name, "the campaign's start: the cost is dated when it began; "+p.Date.Why)
	}
	if p, ok := s.find([]string{"channel", "type", "campaigntype"}, func(p profile) bool { return p.Filled > 0 }); ok && p.Name != "channel" {
		s.mapColumn("channel", p.Name, "the kind of campaign")
	}
	s.mapColumn("campaign", c.source("campaign"), "the campaign, as the campaigns table names it")
	return c, s, ""
}

func campaignTypes() []string {
	col, _ := canonicalTable("campaigns").Column("type")
	return col.Enum
}

// severalIDs counts the rows of a link column that hold several ids
// separated by ";", each a lead's or a converted lead's contact.
func severalIDs(p profile, ids map[string]int, contacts map[string]string) int {
	n := 0
	for v, c := range p.Counts {
		parts := strings.Split(v, ";")
		if len(parts) < 2 {
			continue
		}
		all := true
		for _, part := range parts {
			_, lead := ids[strings.TrimSpace(part)]
			_, contact := contacts[strings.TrimSpace(part)]
			all = all && (lead || contact)
		}
		if all {
			n += c
		}
	}
	return n
}
