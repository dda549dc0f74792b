"""What changed between two dates: the snapshots in force on each date, compared.

"In force on a date" = for each source, its latest snapshot with snapshot_date <= that date. The
same functions serve the dashboard's Changes page and the weekly export's Changes sheet, so the
two always agree.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

PRICE_KEY = ["source", "provider", "model_key", "tier"]
SCORE_KEY = ["source", "benchmark", "model_key"]


def in_force(entries: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Manifest entries (one per source) in force at the end of `day`."""
    if entries.empty:
        return entries
    dated = entries.assign(_d=pd.to_datetime(entries["snapshot_date"]))
    dated = dated[dated["_d"] <= pd.Timestamp(day)]
    if dated.empty:
        return dated.drop(columns="_d")
    return dated.sort_values(["_d", "captured_at"]).groupby("source", observed=True).tail(1).drop(columns="_d")


def rows_in_force(frame: pd.DataFrame, entries: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Rows of a kind frame that belong to the snapshots in force on `day`."""
    chosen = in_force(entries, day)
    if frame.empty or chosen.empty:
        return frame.iloc[0:0]
    # one vectorised comparison per source (a handful), not a Python test per row (millions)
    mask = np.zeros(len(frame), dtype=bool)
    for source, day in zip(chosen["source"], pd.to_datetime(chosen["snapshot_date"]), strict=True):
        mask |= ((frame["source"] == source) & (frame["snapshot_date"] == day)).to_numpy()
    return frame[mask]


def _identity(frame: pd.DataFrame) -> pd.Series:
    ids = frame["model_id"] if "model_id" in frame.columns else pd.Series(pd.NA, index=frame.index)
    return ids.fillna(frame["model_name"].str.lower() if "model_name" in frame else frame["model_key"])


def model_changes(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Models present (in any kind) after but not before ('new'), and before but not after ('removed')."""
    def present(frames):
        rows = [f.assign(_id=_identity(f))[["_id", "model_name", "source"]] for f in frames.values()
                if not f.empty and "model_name" in f.columns]
        if not rows:
            return pd.DataFrame(columns=["_id", "model_name", "source"])
        return pd.concat(rows).dropna(subset=["_id"])
    a, b = present(before), present(after)
    new_ids = sorted(set(b["_id"]) - set(a["_id"]))
    gone_ids = sorted(set(a["_id"]) - set(b["_id"]))

    def describe(frame, ids, change):
        part = frame[frame["_id"].isin(ids)]
        grouped = part.groupby("_id", observed=True).agg(model_name=("model_name", "first"),
                                          sources=("source", lambda s: ", ".join(sorted(set(s)))))
        return grouped.reset_index().rename(columns={"_id": "model_id"}).assign(change=change)
    out = pd.concat([describe(b, new_ids, "new"), describe(a, gone_ids, "removed")], ignore_index=True)
    return out.sort_values(["change", "model_id"]).reset_index(drop=True)


def _current_prices(prices: pd.DataFrame) -> pd.DataFrame:
    if prices.empty:
        return pd.DataFrame(columns=[*PRICE_KEY, "model_name", "input_usd_per_mtok", "output_usd_per_mtok"])
    rows = prices[prices["effective_to"].isna()] if "effective_to" in prices else prices
    rows = rows.assign(tier=rows["tier"].fillna("standard") if "tier" in rows else "standard")
    return rows.drop_duplicates(subset=PRICE_KEY, keep="last").set_index(PRICE_KEY)


def price_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Prices that differ between the two states: old -> new and the % change, per price column."""
    a, b = _current_prices(before), _current_prices(after)
    joined = a.join(b, how="inner", lsuffix="_old", rsuffix="_new")
    out = []
    for column, label in (("input_usd_per_mtok", "input"), ("output_usd_per_mtok", "output")):
        old, new = joined[f"{column}_old"], joined[f"{column}_new"]
        moved = joined[(old != new) & old.notna() & new.notna()]
        for key, row in moved.iterrows():
            before_v, after_v = row[f"{column}_old"], row[f"{column}_new"]
            out.append({**dict(zip(PRICE_KEY, key, strict=True)), "model_name": row["model_name_new"],
                        "price": label, "old_usd_per_mtok": before_v, "new_usd_per_mtok": after_v,
                        "change_pct": (after_v - before_v) / before_v * 100 if before_v else float("nan")})
    columns = [*PRICE_KEY, "model_name", "price", "old_usd_per_mtok", "new_usd_per_mtok", "change_pct"]
    frame = pd.DataFrame(out, columns=columns)
    return frame.sort_values("change_pct", key=lambda s: -s.abs()).reset_index(drop=True)


def _latest_scores(scores: pd.DataFrame) -> pd.DataFrame:
    if scores.empty:
        return pd.DataFrame(columns=[*SCORE_KEY, "model_name", "score", "rank"])
    rows = scores.sort_values("as_of").drop_duplicates(subset=SCORE_KEY, keep="last").copy()
    rows["rank"] = rows.groupby(["source", "benchmark"], observed=True)["score"].rank(ascending=False, method="min")
    return rows.set_index(SCORE_KEY)


def score_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Score and rank moves of models present in both states (same source and benchmark)."""
    a, b = _latest_scores(before), _latest_scores(after)
    joined = a[["score", "rank"]].join(b[["model_name", "score", "rank"]], how="inner",
                                       lsuffix="_old", rsuffix="_new")
    joined = joined[(joined["score_old"] != joined["score_new"]) | (joined["rank_old"] != joined["rank_new"])]
    joined = joined.assign(score_change=joined["score_new"] - joined["score_old"],
                           rank_change=joined["rank_old"] - joined["rank_new"])  # + = moved up
    return joined.reset_index().sort_values("score_change", key=lambda s: -s.abs()).reset_index(drop=True)


def compare(frames: dict[str, pd.DataFrame], entries: pd.DataFrame, day_a: dt.date, day_b: dt.date) -> dict:
    """Everything that changed between the snapshots in force on day_a and on day_b."""
    before = {k: rows_in_force(f, entries, day_a) for k, f in frames.items()}
    after = {k: rows_in_force(f, entries, day_b) for k, f in frames.items()}
    empty = pd.DataFrame()
    return {"models": model_changes(before, after),
            "prices": price_changes(before.get("prices", empty), after.get("prices", empty)),
            "scores": score_changes(before.get("scores", empty), after.get("scores", empty))}
