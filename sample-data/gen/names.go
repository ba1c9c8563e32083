package gen

// Word lists for names, titles and places. They only need to look plausible;
// none of them carries a planted effect except through the rules in
// leads.go (free-mail domains, senior titles, the student role and the
// customer_referral source).

var companyFirst = []string{
	"Blue", "North", "Silver", "Bright", "Red", "Clear", "Swift", "Green", "Iron", "Summit",
	"Harbor", "Cedar", "Atlas", "Nova", "Pioneer", "Granite", "Orbit", "Maple", "Vector", "Beacon",
	"Crescent", "Falcon", "Lumen", "Quantum", "River", "Stone", "Tidal", "Urban", "Vertex", "Willow",
	"Apex", "Bold", "Copper", "Delta", "Echo", "Frontier", "Golden", "Highland", "Indigo", "Juniper",
	"Keystone", "Lakeside", "Meridian", "Northern", "Oak", "Prime", "Polar", "Redwood", "Sterling", "Trinity",
}

var companySecond = []string{
	"Peak", "Bridge", "Labs", "Works", "Point", "Path", "Stack", "Field", "Wave", "Forge",
	"Line", "Gate", "Core", "Shift", "Scale", "Cloud", "Signal", "Grid", "Loop", "Layer",
	"Craft", "Flow", "Spark", "Port", "Rock", "View", "Base", "Leaf", "Mind", "Trail",
}

var companySuffix = []string{
	"Inc.", "Systems", "Group", "Technologies", "Partners", "Holdings", "Solutions", "Co.", "Analytics", "Health",
}

var tlds = []string{"com", "com", "com", "io", "co", "net"}

var firstNames = []string{
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
	"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
	"Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sofia", "Mark", "Emma", "Priya", "Wei",
	"Lukas", "Hannah", "Mateo", "Chloe", "Arjun", "Yuki", "Olivia", "Noah", "Amelia", "Liam",
	"Fatima", "Omar", "Ingrid", "Pierre", "Ana", "Kenji", "Zoe", "Ethan", "Mia", "Lucas",
}

var lastNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young",
	"Muller", "Schmidt", "Dubois", "Rossi", "Silva", "Santos", "Kim", "Park", "Chen", "Wang",
	"Nakamura", "Sato", "Patel", "Singh", "Kowalski", "Novak", "Jansen", "Berg", "Reilly", "Murphy",
}

// freeMail are personal email domains; an analysis that derives email_type
// from a list of free-mail domains should know all of them.
var freeMail = []string{"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "proton.me"}

var industries = []string{
	"Software", "Financial Services", "Healthcare", "Manufacturing", "Retail",
	"Education", "Media", "Logistics", "Professional Services",
}

// region is a sales region with its countries (ISO codes) and weights.
type region struct {
	name      string
	weight    float64
	countries []string
}

var regions = []region{
	{"North America", 0.45, []string{"US", "US", "US", "US", "US", "US", "CA"}},
	{"EMEA", 0.30, []string{"GB", "GB", "DE", "DE", "FR", "NL", "ES", "SE", "IE"}},
	{"APAC", 0.15, []string{"AU", "AU", "JP", "SG", "IN", "NZ"}},
	{"LATAM", 0.10, []string{"BR", "BR", "MX", "AR", "CL", "CO"}},
}

// roles are the departments a lead picks on a sign-up form. Each has titles
// per seniority; c_level and vp are the senior ones (fSenior).
type role struct {
	name    string
	persona string // onboarding persona, see campaigns.go
	titles  [numSeniority][]string
}

type seniority uint8

const (
	cLevel seniority = iota
	vp
	director
	manager
	individual
	numSeniority
)

var roles = []role{
	{"marketing", "marketing", [numSeniority][]string{
		{"Chief Marketing Officer", "CMO"},
		{"VP Marketing", "Vice President of Marketing", "VP, Demand Generation"},
		{"Director of Marketing", "Director, Growth Marketing"},
		{"Marketing Manager", "Product Marketing Manager", "Demand Generation Manager"},
		{"Marketing Specialist", "Content Marketer", "Marketing Coordinator", "SEO Analyst"},
	}},
	{"sales", "sales", [numSeniority][]string{
		{"Chief Revenue Officer", "CRO", "Chief Sales Officer"},
		{"VP Sales", "Vice President, Sales", "VP of Business Development"},
		{"Director of Sales", "Sales Director"},
		{"Sales Manager", "Account Manager"},
		{"Sales Representative", "Business Development Representative", "Sales Development Representative"},
	}},
	{"engineering", "technical", [numSeniority][]string{
		{"CTO", "Chief Technology Officer"},
		{"VP Engineering", "Vice President of Engineering"},
		{"Director of Engineering", "Engineering Director"},
		{"Engineering Manager", "IT Manager"},
		{"Software Engineer", "Data Engineer", "Developer", "Systems Administrator"},
	}},
	{"product", "technical", [numSeniority][]string{
		{"Chief Product Officer", "CPO"},
		{"VP Product", "Vice President of Product"},
		{"Director of Product", "Product Director"},
		{"Product Manager", "Senior Product Manager"},
		{"Product Analyst", "UX Designer", "Product Designer"},
	}},
	{"operations", "operations", [numSeniority][]string{
		{"CEO", "COO", "Chief Executive Officer", "Chief Operating Officer"},
		{"VP Operations", "Vice President, Operations"},
		{"Director of Operations", "Operations Director"},
		{"Operations Manager", "Project Manager"},
		{"Operations Analyst", "Business Analyst", "Coordinator"},
	}},
	{"finance", "operations", [numSeniority][]string{
		{"CFO", "Chief Financial Officer"},
		{"VP Finance", "Vice President of Finance"},
		{"Director of Finance", "Finance Director"},
		{"Finance Manager", "Controller"},
		{"Financial Analyst", "Accountant"},
	}},
}

// studentRole is the form's role for students and interns, who carry the
// planted fStudent; they take one of studentTitles, whose seniority reads
// as individual.
const studentRole = "student"

var studentTitles = []string{"Student", "Graduate Student", "MBA Student", "Intern", "Marketing Intern", "Working Student"}

// referralSource is the source of the leads a customer referred: the rare
// planted fReferral. Every other lead's source is drawn from sources.
const referralSource = "customer_referral"

// sources are lead sources with weights; none carries an effect.
var sources = []struct {
	name   string
	weight float64
}{
	{"organic_search", 0.25}, {"paid_search", 0.15}, {"paid_social", 0.10}, {"referral", 0.10},
	{"content", 0.12}, {"webinar", 0.08}, {"event", 0.05}, {"direct", 0.10}, {"partner", 0.05},
}
