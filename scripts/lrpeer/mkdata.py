# Builds lead-scoring test folders (leads.csv with lead_id, converted, attributes).
import sys, os, numpy as np, pandas as pd
import statsmodels.api as sm

def write(name, df):
    os.makedirs(name, exist_ok=True)
    df = df.replace("(missing)", np.nan)
    df.to_csv(os.path.join(name, "leads.csv"), index=False)
    print(name, df.shape, round((df.converted == "true").mean(), 4))

# statsmodels "fair": 6,366 women, any affair
d = sm.datasets.fair.load_pandas().data
df = pd.DataFrame({"lead_id": ["f%05d" % i for i in range(len(d))],
                   "converted": (d.affairs > 0).map({True: "true", False: "false"})})
for c in ["rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation", "occupation_husb"]:
    df[c] = d[c].values
write("fair", df)

# RAND HIE: any doctor visit (mdvis>0)? 20,190 person-years
d = sm.datasets.randhie.load_pandas().data
df = pd.DataFrame({"lead_id": ["r%05d" % i for i in range(len(d))],
                   "converted": (d.mdvis > 2).map({True: "true", False: "false"})})
for c in [c for c in d.columns if c != "mdvis"]:
    df[c] = d[c].values
write("randhie", df)

def synth(name, n, base, seed):
    """A lead export like the public ones: many categoricals of mixed size,
    numeric columns with a dominant zero, overlapping behaviours, noise."""
    r = np.random.default_rng(seed)
    cols, eta = {}, np.zeros(n)
    def cat(cname, levels, probs, effects):
        probs = np.array(probs, float); probs = probs / probs.sum()
        v = r.choice(len(levels), size=n, p=probs)
        cols[cname] = np.array(levels, dtype=object)[v]
        return np.array(effects)[v]
    eta += cat("origin", ["landing", "api", "add_form", "import", "quick"], [.53,.39,.077,.006,.0001/1+.0039], [0,-.3,2.2,-.6,1.0])
    eta += cat("source", ["google","direct","olark","organic","reference","welingak","referral","facebook","other"],
               [.31,.28,.19,.13,.058,.015,.013,.006,.001+.000], [0,-.2,-.5,.1,2.0,2.5,.8,-.4,0])
    eta += cat("occupation", ["(missing)","unemployed","working","student","other","housewife"], [.29,.61,.076,.023,.0008,.0002], [-.9,0,2.4,-.2,.5,1.5])
    eta += cat("specialization", ["(missing)","finance","hr","marketing","operations","it","business","media","travel","banking","supply","intl","health","ecommerce","retail","rural","services"],
               np.array([36,10.5,9.2,9.1,5.4,4,4.3,2.2,2.2,3.7,3.8,1.9,1.7,1.2,1.1,.8,.4])/sum([36,10.5,9.2,9.1,5.4,4,4.3,2.2,2.2,3.7,3.8,1.9,1.7,1.2,1.1,.8,.4]),
               [-.4,.2,.25,.2,.1,0,0,.1,0,.2,.15,0,.3,.1,0,.2,.3])
    eta += cat("last_activity", ["email_opened","sms","olark_chat","page_visit","converted_lead","email_bounced","link_clicked","form_submitted","unreachable","other"],
               [.37,.30,.105,.07,.046,.035,.029,.013,.01,.022], [0,1.3,-.8,-.2,-.6,-1.4,0,-.1,.5,.3])
    eta += cat("country", ["india","(missing)","usa","uae","singapore","uk","other"], [.70,.27,.008,.006,.003,.002,.011], [0,0,-.2,0,0,0,-.1])
    eta += cat("do_not_email", ["no","yes"], [.92,.08], [0,-.9])
    eta += cat("city", ["mumbai","(missing)","thane","other_mh","other","tier2"], [.35,.4,.08,.05,.1,.02], [0,-.1,.05,0,.02,0])
    for noise in range(6):
        k = r.integers(2, 6)
        p = r.dirichlet(np.ones(k) * 2)
        cat("flag_%d" % noise, ["v%d" % j for j in range(k)], p, np.zeros(k))
    visits = np.where(r.random(n) < .24, 0, r.poisson(3.4, n) + 1).astype(float)
    visits[r.random(n) < .015] = np.nan
    tspent = np.where(r.random(n) < .24, 0, r.gamma(1.2, 500, n))
    tspent = np.round(np.minimum(tspent, 2300))
    pviews = np.where(visits == 0, 0, np.round(r.gamma(2, 1.2, n), 2))
    eta += 0.0012 * tspent + np.nan_to_num(0.04 * np.minimum(visits, 15)) + 0.0 * pviews
    cols["total_visits"], cols["time_spent"], cols["page_views"] = visits, tspent, pviews
    # intercept to hit the base rate
    lo, hi = -10.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if (1 / (1 + np.exp(-(eta + mid)))).mean() < base: lo = mid
        else: hi = mid
    p = 1 / (1 + np.exp(-(eta + mid)))
    y = r.random(n) < p
    df = pd.DataFrame({"lead_id": ["%s%06d" % (name[0], i) for i in range(n)], "converted": np.where(y, "true", "false")})
    for c, v in cols.items(): df[c] = v
    write(name, df)

# Olist's marketing-qualified leads (shared/datasets, when present): a
# real lead export, 10.5% converted, origin and landing page.
olist = os.environ.get("OLIST", os.path.join(os.path.dirname(__file__), "../../../shared/datasets/olist_marketing_funnel"))
if os.path.isdir(olist):
    m = pd.read_csv(os.path.join(olist, "olist_marketing_qualified_leads_dataset.csv"))
    c = pd.read_csv(os.path.join(olist, "olist_closed_deals_dataset.csv"))
    write("olist", pd.DataFrame({"lead_id": m.mql_id, "converted": np.where(m.mql_id.isin(set(c.mql_id)), "true", "false"),
                                 "origin": m.origin, "landing_page_id": m.landing_page_id}))
else:
    print("olist: %s not found, skipped" % olist)

synth("synth38", 9240, .385, 7)
synth("synth11", 41188, .113, 8)
synth("synth9", 20000, .09, 9)
