"""The notebook an analyst would otherwise write: leadlab bench's peer.

Reads leads.csv, deals.csv and events.csv from the folder given, counts
each lead's outcome under leadlab's rules (docs/outcomes.md: won by a new
deal within the window of the mean sales cycle, maturing leads left out,
only events before the lead's exposure cutoff), and prints, for every
event, how many settled leads did it, how many of them won, and the lift
in close rate against the settled leads that did not. The counts equal
`leadlab report actions`' event rows (`leads_with`, `won_with`) on data
without stray timestamps, which is what the bench generates.

Usage: python3 actions.py CSV_FOLDER [OUT_CSV]
"""

import math
import os
import sys

import pandas as pd


def main(folder, out=None):
    leads = pd.read_csv(os.path.join(folder, "leads.csv"),
                        usecols=["lead_id", "account_id", "created_at"],
                        parse_dates=["created_at"], dtype={"lead_id": str, "account_id": str})
    deals = pd.read_csv(os.path.join(folder, "deals.csv"),
                        usecols=["deal_id", "account_id", "lead_id", "kind", "status", "created_at", "closed_at"],
                        parse_dates=["created_at", "closed_at"],
                        dtype={"deal_id": str, "account_id": str, "lead_id": str, "kind": str, "status": str})
    events = pd.read_csv(os.path.join(folder, "events.csv"),
                         usecols=["event", "lead_id", "occurred_at"],
                         parse_dates=["occurred_at"], dtype={"event": str, "lead_id": str})

    as_of = max(leads["created_at"].max(), deals["created_at"].max(),
                deals["closed_at"].max(), events["occurred_at"].max())

    # A deal's time is its creation, else its close; a win's is its close,
    # else its creation.
    deals["opened"] = deals["created_at"].fillna(deals["closed_at"])
    deals["won_at"] = deals["closed_at"].fillna(deals["created_at"])

    # Deals that name their lead, and new deals that name only an account
    # (they belong to the account's leads).
    named = deals[deals["lead_id"].notna()]
    unnamed = deals[deals["lead_id"].isna() & (deals["kind"] == "new")]
    via_account = leads[["lead_id", "account_id", "created_at"]].merge(
        unnamed.drop(columns=["lead_id"]), on="account_id", suffixes=("", "_deal"))

    # Wins: a won new deal named for the lead, or an unnamed one of its
    # account opened after the lead was created.
    wins = pd.concat([
        named[(named["status"] == "won") & (named["kind"] == "new")][["lead_id", "won_at"]],
        via_account[(via_account["status"] == "won") &
                    (via_account["created_at"] < via_account["opened"])][["lead_id", "won_at"]],
    ]).groupby("lead_id")["won_at"].min()

    # Opportunities of every kind named for the lead, and new deals of its
    # account naming none: the first one's opening is the exposure cutoff.
    opened = pd.concat([named[["lead_id", "opened"]], via_account[["lead_id", "opened"]]]
                       ).groupby("lead_id")["opened"].min()

    lead = leads.set_index("lead_id")
    lead["won_at"] = wins
    lead["first_opp"] = opened
    cycle = (lead["won_at"] - lead["created_at"]).dt.total_seconds() / 86400
    cycle = cycle[cycle >= 0]
    window = math.ceil(cycle.mean()) if len(cycle) else 0
    if window > 0:
        end = lead["created_at"] + pd.Timedelta(days=window)
        lead["won"] = lead["won_at"].notna() & (lead["won_at"] <= end)
        lead["settled"] = lead["created_at"].notna() & (end <= as_of)
        lead["cutoff"] = lead["first_opp"].where(lead["first_opp"] < end, end)
    else:
        lead["won"] = lead["won_at"].notna()
        lead["settled"] = True
        lead["cutoff"] = lead["first_opp"]
    lead["cutoff"] = lead["cutoff"].fillna(as_of + pd.Timedelta(microseconds=1))
    settled = lead[lead["settled"]]

    ev = events[events["occurred_at"].notna()].merge(
        settled[["cutoff", "won"]], left_on="lead_id", right_index=True)
    ev = ev[ev["occurred_at"] < ev["cutoff"]].drop_duplicates(["lead_id", "event"])
    table = ev.groupby("event").agg(leads_with=("lead_id", "size"), won_with=("won", "sum"))

    n, won = len(settled), int(settled["won"].sum())
    table["rate_with"] = table["won_with"] / table["leads_with"]
    table["rate_without"] = (won - table["won_with"]) / (n - table["leads_with"])
    table["lift_pp"] = 100 * (table["rate_with"] - table["rate_without"])
    table = table.sort_values("lift_pp", ascending=False)
    print(f"window {window} days, as of {as_of}, {n} settled leads, {won} won")
    print(table.to_string())
    if out:
        table.to_csv(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
