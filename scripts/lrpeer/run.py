# Compares leadlab tune's holdout ranking with an L2 logistic regression
# on the same columns and the same split. Usage: run.py LEADLAB DIR SEED [tune flags...]
import sys, os, json, subprocess, tempfile, io
import numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.metrics import roc_auc_score

ll, d, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
extra = sys.argv[4:]
tmp = tempfile.mkdtemp()
ws = os.path.join(tmp, "ws.duckdb")
def run(*a):
    p = subprocess.run([ll, *a], capture_output=True, text=True)
    if p.returncode not in (0, 3):
        sys.exit("%s: %s" % (" ".join(a), p.stderr))
    return p.stdout
run("load", "--db", ws, d)
cfg = os.path.join(tmp, "cfg.yaml")
tj = json.loads(run("tune", "--db", ws, "--random-split", "--seed", str(seed), "--out", cfg, "--format", "json", *extra))
ho = run("sql", "--db", ws, "--format", "csv", "--limit", "0",
         "SELECT lead_id FROM leads WHERE hash(lead_id, CAST(%d AS UBIGINT)) %% 1000000 < 300000" % seed)
hold = set(pd.read_csv(io.StringIO(ho)).lead_id.astype(str))
sc = pd.read_csv(io.StringIO(run("score", "--db", ws, "--config", cfg, "--format", "csv")))
sc["lead_id"] = sc.lead_id.astype(str)
df = pd.read_csv(os.path.join(d, "leads.csv"), dtype={"lead_id": str})
df["y"] = (df.converted.astype(str).str.lower() == "true").astype(int)
df = df.merge(sc[["lead_id", "score", "sdr_ready"]], on="lead_id")
df["hold"] = df.lead_id.isin(hold)
tr, te = df[~df.hold], df[df.hold]
feat = [c for c in df.columns if c not in ("lead_id", "converted", "y", "score", "sdr_ready", "hold")]
num = [c for c in feat if pd.api.types.is_numeric_dtype(df[c])]
cat = [c for c in feat if c not in num]
pre = ColumnTransformer([
    ("n", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), num),
    ("c", make_pipeline(SimpleImputer(strategy="constant", fill_value="(missing)"), OneHotEncoder(handle_unknown="ignore")), cat)])
lr = make_pipeline(pre, LogisticRegression(C=1.0, max_iter=5000)).fit(tr[feat], tr.y)
p = lr.predict_proba(te[feat])[:, 1]
auc_pts = roc_auc_score(te.y, te.score)
auc_lr = roc_auc_score(te.y, p)
share = te.sdr_ready.astype(str).str.lower().eq("true").mean()
k = max(1, int(round(share * len(te))))
# points: the ready leads; LR: the top k by probability
cr_pts = te.y[te.sdr_ready.astype(str).str.lower().eq("true")].mean()
cr_lr = te.y.values[np.argsort(-p, kind="stable")[:k]].mean()
mc = tj.get("model_check") or {}
mcs = {"pts": round(mc.get("points",{}).get("auc",0),4), "unr": round(mc.get("logistic",{}).get("auc",0),4), "cvall": round(mc.get("cv_all_candidates_auc",0),4), "cvpts": round(mc.get("cv_points_auc",0),4), "lam": tj.get("lambda")}
rules = tj.get("rules") or tj.get("config", {}).get("rules") or []
print("%-10s seed %d  holdout %d  AUC points %.4f  LR %.4f  gap %+.2f pts | share %.3f close pts %.3f LR %.3f gap %+.2f | mc %s | rules %d" % (
    os.path.basename(d.rstrip("/")), seed, len(te), auc_pts, auc_lr, 100*(auc_pts-auc_lr), share, cr_pts, cr_lr, 100*(cr_pts-cr_lr),
    json.dumps(mcs), len(tj.get("factors") or [])))
