package gen

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// account is kept in memory for the whole run (there are about a quarter as
// many accounts as leads), because leads, deals, spend and NPS all need it.
type account struct {
	n            int // the number in account_id "A<n>"
	name, domain string
	industry     int
	region       int
	country      string
	employees    int
	target       bool
	tier         int // 1–3 for target accounts, 0 otherwise
	relationship int // 0–100 for target accounts, -1 otherwise
	intent       bool
	freeUsers    int // people on the free plan; 0 for most accounts
	leads        int // how many leads the account gets
}

const (
	targetShare      = 0.25 // of accounts
	unengagedTargets = 0.30 // target accounts that never get a lead
	meanLeads        = 4.0  // per engaged account, geometric
)

// nameQualifiers make company names unique once the word combinations run out.
var nameQualifiers = []string{
	"", "Global", "Digital", "International", "Labs", "Networks", "Direct", "Europe", "Capital", "Media",
	"Software", "Logistics", "Energy", "Retail", "Consulting", "Bio", "Cloud", "Data", "Mobile", "Security",
}

// makeAccounts draws accounts until they hold exactly totalLeads leads.
func makeAccounts(r *rand.Rand, totalLeads int) []account {
	var out []account
	for assigned := 0; assigned < totalLeads; {
		a := drawAccount(r, len(out)+1)
		if a.target && r.Float64() < unengagedTargets {
			a.leads = 0
		} else {
			a.leads = min(geometric(r, meanLeads), totalLeads-assigned)
		}
		assigned += a.leads
		out = append(out, a)
	}
	return out
}

// geometric draws k >= 1 with P(k) = (1-q)^(k-1) q and mean 1/q.
func geometric(r *rand.Rand, mean float64) int {
	q := 1 / mean
	return 1 + int(math.Log(1-r.Float64())/math.Log(1-q))
}

func drawAccount(r *rand.Rand, n int) account {
	a := account{n: n, relationship: -1}
	a.name, a.domain = companyName(r, n)
	a.industry = r.IntN(len(industries))
	a.region = pickWeighted(r, len(regions), func(i int) float64 { return regions[i].weight })
	cs := regions[a.region].countries
	a.country = cs[r.IntN(len(cs))]
	// Size, free-plan users and target are drawn independently of each
	// other and of everything about the leads; see model.go for why that
	// matters. Tier, relationship score and intent surge exist only for
	// target accounts and are drawn with no effect on closing: among
	// target accounts they say nothing, which is what an analysis must
	// find rather than their leads' lift over leads of other accounts.
	if r.Float64() < plants[fLarge].prevalence {
		a.employees = int(1000 * math.Exp(r.Float64()*math.Log(100)))
	} else {
		a.employees = min(999, int(math.Exp(math.Log(10)+r.Float64()*math.Log(100))))
	}
	// Most accounts have nobody on the free plan; the others have one to
	// about sixty, log-uniformly. Only having any is planted (fFreeUsers):
	// a column that is 0 for most rows and whose effect sits above it.
	if r.Float64() < plants[fFreeUsers].prevalence {
		a.freeUsers = int(math.Exp(r.Float64() * math.Log(60)))
	}
	a.target = r.Float64() < targetShare
	if a.target {
		switch u := r.Float64(); {
		case u < 0.2:
			a.tier = 1
		case u < 0.55:
			a.tier = 2
		default:
			a.tier = 3
		}
		a.relationship = r.IntN(61) + r.IntN(41) // 0–100, centred near 50
		a.intent = r.Float64() < 0.2
	}
	return a
}

// companyName builds a unique name and domain from the account number: a
// fixed permutation of word combinations, then qualifiers, then numbers.
func companyName(r *rand.Rand, n int) (name, domain string) {
	combos := len(companyFirst) * len(companySecond) * len(companySuffix)
	i := (n - 1) % combos
	i = (i * 7919) % combos // 7919 is prime and does not divide combos: a bijection
	cycle := (n - 1) / combos
	first := companyFirst[i%len(companyFirst)]
	i /= len(companyFirst)
	second := companySecond[i%len(companySecond)]
	suffix := companySuffix[i/len(companySecond)]
	qual := nameQualifiers[cycle%len(nameQualifiers)]
	num := ""
	if cycle >= len(nameQualifiers) {
		num = strconv.Itoa(cycle / len(nameQualifiers))
	}
	parts := []string{first + second}
	if qual != "" {
		parts = append(parts, qual)
	}
	parts = append(parts, suffix)
	name = strings.Join(parts, " ")
	if num != "" {
		name += " " + num
	}
	// The suffix is part of the domain too, so that domains are as unique as names.
	slug := slugChars.Replace(first + second + qual + suffix)
	domain = strings.ToLower(slug) + num + "." + tlds[r.IntN(len(tlds))]
	return name, domain
}

// pickWeighted draws an index with probability proportional to its weight;
// the weights sum to one, and rounding falls to the last item.
func pickWeighted(r *rand.Rand, n int, weight func(i int) float64) int {
	u := r.Float64()
	for i := 0; i < n; i++ {
		if u < weight(i) {
			return i
		}
		u -= weight(i)
	}
	return n - 1
}

func writeAccount(t *table, a *account) {
	t.id('A', a.n)
	t.str(a.name)
	t.str(a.domain)
	t.str(industries[a.industry])
	t.str(regions[a.region].name)
	t.num(int64(a.employees))
	t.boolean(a.target)
	if a.target {
		t.num(int64(a.tier))
	} else {
		t.null()
	}
	t.str(a.country)
	if a.target {
		t.num(int64(a.relationship))
		t.boolean(a.intent)
	} else {
		t.null()
		t.null()
	}
	t.num(int64(a.freeUsers))
	t.end()
}

// slugChars drops what a domain cannot hold. Built once: building it for
// each of 270,000 accounts was 5% of generating a million leads.
var slugChars = strings.NewReplacer(".", "", " ", "")
