"""Plain analysis functions over snapshot frames; no Streamlit here, so tests call them directly."""
from __future__ import annotations

import numpy as np
import pandas as pd

CLASSES = ("open_weights", "closed")
# The benchmarks the Overview page and the weekly report lead with, when collected.
HEADLINE_BENCHMARKS = ("arena_text", "eci", "gpqa_diamond", "mmlu", "swe_bench_verified", "aider_polyglot",
                       "olb_average", "simple_bench", "livebench")


def filter_frame(frame: pd.DataFrame, *, date_column: str | None = None, start=None, end=None,
                 organizations: list[str] | None = None, access: list[str] | None = None) -> pd.DataFrame:
    """Apply the global filters; a filter that is None or empty leaves the frame as it is."""
    keep = pd.Series(True, index=frame.index)
    if date_column and start is not None:
        keep &= frame[date_column] >= pd.Timestamp(start)
    if date_column and end is not None:
        keep &= frame[date_column] <= pd.Timestamp(end)
    if organizations and "organization" in frame.columns:
        keep &= frame["organization"].isin(organizations)
    if access and "access" in frame.columns:
        keep &= frame["access"].isin(access)
    return frame[keep]


def best_by_class(scores: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """Best score of open-weights and of closed models on each date the benchmark was published.

    Returns one row per (as_of, access) with the best score, the model that holds it and the
    source. Rows whose access is unknown are left out: they belong to neither side.
    """
    rows = scores[(scores["benchmark"] == benchmark) & scores["access"].isin(CLASSES)]
    rows = rows.dropna(subset=["score", "as_of"])
    if rows.empty:
        return pd.DataFrame(columns=["as_of", "access", "score", "model_name", "source", "source_url"])
    best = rows.loc[rows.groupby(["as_of", "access"], observed=True)["score"].idxmax()]
    return best[["as_of", "access", "score", "model_name", "source", "source_url"]] \
        .sort_values(["as_of", "access"]).reset_index(drop=True)


def gap_series(best: pd.DataFrame) -> pd.DataFrame:
    """Best closed minus best open on each date where both sides have a score."""
    if best.empty:
        return pd.DataFrame(columns=["as_of", "open_weights", "closed", "gap"])
    wide = best.pivot_table(index="as_of", columns="access", values="score", aggfunc="max", observed=True)
    wide = wide.reindex(columns=list(CLASSES)).dropna()
    wide["gap"] = wide["closed"] - wide["open_weights"]
    return wide.reset_index().rename_axis(columns=None)


def current_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """Prices in force in the latest snapshot of each source: no effective_to, latest capture."""
    if prices.empty:
        return prices
    latest = prices.groupby("source", observed=True)["snapshot_date"].transform("max")
    rows = prices[(prices["snapshot_date"] == latest) & prices["effective_to"].isna()]
    return rows.sort_values(["provider", "model_name"]).reset_index(drop=True)


# Leaderboards of community uploads: every fine-tune is a "model", which would drown the releases
# of model developers. Shown on the timeline only when asked for.
COMMUNITY_SOURCES = ("open_llm_leaderboard", "hf_trending", "huggingface")


def releases_from_models(models: pd.DataFrame, include_community: bool = False) -> pd.DataFrame:
    """One row per model with a release date (latest snapshot of each source wins)."""
    if models.empty:
        return models
    rows = models.dropna(subset=["release_date"])
    if not include_community:
        rows = rows[~rows["source"].isin(COMMUNITY_SOURCES)]
    rows = rows.sort_values("snapshot_date").drop_duplicates(subset=["source", "model_key"], keep="last")
    return rows.sort_values("release_date").reset_index(drop=True)


# ---- frontiers, gaps and lag ---------------------------------------------------------------------
DAYS_PER_MONTH = 365.25 / 12


def frontier(scores: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """Running best (frontier) of each class over time, with the model holding it and its CI.

    One row per (as_of, access): `best` is that date's best score, `frontier` the best seen up to
    and including that date, `holder` the model that set it, `low`/`high` its published interval.
    """
    rows = scores[(scores["benchmark"] == benchmark) & scores["access"].isin(CLASSES)]
    rows = rows.dropna(subset=["score", "as_of"])
    columns = ["as_of", "access", "best", "frontier", "holder", "low", "high", "n", "source"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    idx = rows.groupby(["as_of", "access"], observed=True)["score"].idxmax()
    best = rows.loc[idx].sort_values(["access", "as_of"])
    out = []
    for access, part in best.groupby("access", observed=True):
        part = part.reset_index(drop=True)
        running = part["score"].cummax()
        setter = part["score"].eq(running) & part["score"].gt(running.shift(fill_value=-float("inf")))
        holder_idx = pd.Series(part.index.where(setter)).ffill().astype(int)
        holder = part.loc[holder_idx].reset_index(drop=True)
        out.append(pd.DataFrame({
            "as_of": part["as_of"], "access": access, "best": part["score"], "frontier": running,
            "holder": holder["model_name"], "low": holder.get("score_low"), "high": holder.get("score_high"),
            "n": holder.get("n"), "source": holder["source"]}))
    return pd.concat(out, ignore_index=True).sort_values(["as_of", "access"]).reset_index(drop=True)


def _months_since_reached(closed_dates: np.ndarray, closed_frontier: np.ndarray, targets: np.ndarray,
                          when: np.ndarray) -> np.ndarray:
    """For each (target, when): months from the first date the closed frontier reached `target` to
    `when`; 0 where it had not reached it by `when` (open level or ahead); NaN for no target.

    The frontier is a running best, so it never falls: the first date it reaches a target is a binary
    search (np.searchsorted) instead of a scan per date."""
    idx = np.searchsorted(closed_frontier, np.nan_to_num(targets, nan=np.inf), side="left")
    found = idx < len(closed_frontier)
    first = np.where(found, closed_dates[np.minimum(idx, len(closed_dates) - 1)], np.datetime64("NaT"))
    reached = found & (first <= when)
    days = (when - first).astype("timedelta64[D]").astype(float)
    months = np.where(reached, days / DAYS_PER_MONTH, 0.0)
    return np.where(np.isnan(targets), np.nan, months)


def lag_series(front: pd.DataFrame) -> pd.DataFrame:
    """For each date: how many months before it the closed frontier first reached the best open score.

    `lag_months` uses the open frontier's score; `lag_low`/`lag_high` use the upper/lower end of its
    published interval where there is one (a higher target was reached later: a shorter lag). A
    lag of 0 means open weights are level with or ahead of every closed model so far.
    """
    columns = ["as_of", "open_frontier", "closed_frontier", "gap", "lag_months", "lag_low", "lag_high"]
    if front.empty:
        return pd.DataFrame(columns=columns)
    open_ = front[front["access"] == "open_weights"].sort_values("as_of")
    closed = front[front["access"] == "closed"].sort_values("as_of")
    if open_.empty or closed.empty:
        return pd.DataFrame(columns=columns)
    closed_dates = closed["as_of"].to_numpy(dtype="datetime64[ns]")
    closed_frontier = closed["frontier"].to_numpy(dtype=float)
    when = open_["as_of"].to_numpy(dtype="datetime64[ns]")
    # the closed frontier in force at each open date (the last closed date on or before it)
    position = np.searchsorted(closed_dates, when, side="right") - 1
    has_closed = position >= 0
    out = pd.DataFrame({"as_of": open_["as_of"].to_numpy(), "open_frontier": open_["frontier"].to_numpy(float),
                        "closed_frontier": closed_frontier[np.maximum(position, 0)]})[has_closed]
    when = when[has_closed]

    def months(column: str) -> np.ndarray:
        values = open_[column].to_numpy(dtype=float)[has_closed] if column in open_ else np.full(len(out), np.nan)
        return _months_since_reached(closed_dates, closed_frontier, values, when)
    out["gap"] = out["closed_frontier"] - out["open_frontier"]
    out["lag_months"] = months("frontier")
    out["lag_low"] = months("high")
    out["lag_high"] = months("low")
    return out.reset_index(drop=True)[columns]


def current_best(scores: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark: the best open and best closed score on the benchmark's latest date, with caveats."""
    if scores.empty:
        return pd.DataFrame(columns=["benchmark", "access", "model_name", "score", "score_low",
                                     "score_high", "n", "as_of", "source", "source_url"])
    rows = scores[scores["access"].isin(CLASSES)].dropna(subset=["score"])
    latest = rows.groupby("benchmark", observed=True)["as_of"].transform("max")
    rows = rows[rows["as_of"] == latest]
    idx = rows.groupby(["benchmark", "access"], observed=True)["score"].idxmax()
    keep = [c for c in ["benchmark", "access", "model_name", "score", "score_low", "score_high", "n",
                        "as_of", "source", "source_url"] if c in rows.columns]
    return rows.loc[idx, keep].sort_values(["benchmark", "access"]).reset_index(drop=True)


def headline(scores: pd.DataFrame, benchmarks: list[str]) -> pd.DataFrame:
    """One line per benchmark: best open, best closed (latest date), gap and lag in months."""
    out = []
    for benchmark in benchmarks:
        lag = lag_series(frontier(scores, benchmark))
        best = current_best(scores[scores["benchmark"] == benchmark])
        if best.empty or lag.empty:
            continue
        by = best.set_index("access")
        last = lag.iloc[-1]
        out.append({"benchmark": benchmark,
                    "best_open": by.loc["open_weights", "model_name"] if "open_weights" in by.index else None,
                    "open_score": last["open_frontier"],
                    "best_closed": by.loc["closed", "model_name"] if "closed" in by.index else None,
                    "closed_score": last["closed_frontier"], "gap": last["gap"],
                    "lag_months": last["lag_months"], "as_of": last["as_of"]})
    return pd.DataFrame(out)


# ---- prices --------------------------------------------------------------------------------------
def blended_price(prices: pd.DataFrame, input_ratio: float = 3.0) -> pd.Series:
    """USD per million tokens for a mix of `input_ratio` input tokens to one output token."""
    return (input_ratio * prices["input_usd_per_mtok"] + prices["output_usd_per_mtok"]) / (input_ratio + 1)


def price_intervals(prices: pd.DataFrame) -> pd.DataFrame:
    """Each price with the interval it applied: published dates where given, else from the
    first snapshot that showed it to the first snapshot that no longer did (or still open)."""
    if prices.empty:
        return prices.assign(start=pd.NaT, end=pd.NaT)
    key = [c for c in ("source", "provider", "model_key", "tier") if c in prices.columns]
    rows = prices.dropna(subset=["input_usd_per_mtok", "output_usd_per_mtok"]).copy()
    rows["tier"] = rows["tier"].fillna("standard") if "tier" in rows.columns else "standard"
    key = [*key, "tier"] if "tier" not in key else key
    value = ["input_usd_per_mtok", "output_usd_per_mtok"]
    rows = rows.sort_values("snapshot_date")
    seen = rows.groupby([*key, *value], dropna=False, observed=True).agg(
        first_seen=("snapshot_date", "min"), last_seen=("snapshot_date", "max"),
        effective_from=("effective_from", "min"), effective_to=("effective_to", "max"),
        model_name=("model_name", "last"),
        **{c: (c, "last") for c in ("model_id", "access", "licence_class", "organization", "params_b")
           if c in rows.columns}).reset_index()
    last_snapshot = rows.groupby("source", observed=True)["snapshot_date"].max()
    seen["start"] = seen["effective_from"].fillna(seen["first_seen"])
    still = seen["last_seen"] == seen["source"].map(last_snapshot)
    seen["end"] = seen["effective_to"].where(seen["effective_to"].notna(),
                                             seen["last_seen"].where(~still))
    return seen


def cheapest_at_capability(scores: pd.DataFrame, prices: pd.DataFrame, benchmark: str, threshold: float,
                           input_ratio: float = 3.0, freq: str = "MS") -> pd.DataFrame:
    """Per month and class: the cheapest blended price among models scoring >= threshold.

    `prices` are price rows or, already computed, their price_intervals().
    Joins on `model_id` (the catalog's identity). Returns month, access, price, model_id.
    """
    key = "model_id"
    good = scores[(scores["benchmark"] == benchmark) & (scores["score"] >= threshold)]
    good = good.dropna(subset=[key]).groupby(key, observed=True).agg(
        access=("access", "first"), score=("score", "max"))
    good = good[good["access"].isin(CLASSES)]
    if key not in prices.columns:
        intervals = pd.DataFrame()
    elif "start" in prices.columns:  # already price intervals (the dashboard caches them once per data version)
        intervals = prices[prices[key].isin(good.index)].copy()
    else:
        intervals = price_intervals(prices[prices[key].isin(good.index)])
    if good.empty or intervals.empty:
        return pd.DataFrame(columns=["month", "access", "price", key])
    intervals["price"] = blended_price(intervals, input_ratio)
    intervals = intervals[intervals["price"] > 0]
    start = intervals["start"].min()
    stop = intervals["end"].max() if intervals["end"].notna().all() else intervals["start"].max()
    months = pd.date_range(start.to_period("M").to_timestamp(), max(stop, start), freq=freq)
    out = []
    for month in months:
        open_then = intervals["end"].isna() | (intervals["end"] > month)
        live = intervals[(intervals["start"] <= month) & open_then]
        if live.empty:
            continue
        live = live.assign(access=live[key].map(good["access"]))
        for access, part in live.groupby("access", observed=True):
            best = part.loc[part["price"].idxmin()]
            out.append({"month": month, "access": access, "price": best["price"], key: best[key]})
    return pd.DataFrame(out, columns=["month", "access", "price", key])


def loglinear_fit(series: pd.DataFrame, x: str = "month", y: str = "price") -> dict | None:
    """Fit log(price) = a + b * years; return the slope and the x-fold change per year."""
    data = series.dropna(subset=[x, y])
    data = data[data[y] > 0]
    if data[x].nunique() < 2:
        return None
    years = (data[x] - data[x].min()).dt.days / 365.25
    slope, intercept = np.polyfit(years, np.log(data[y]), 1)
    return {"slope_per_year": slope, "fold_per_year": float(np.exp(-slope)),
            "start": data[x].min(), "intercept": intercept}


def pareto_frontier(points: pd.DataFrame, cost: str = "price", value: str = "score") -> pd.DataFrame:
    """Points no other point beats on both lower cost and higher value, sorted by cost."""
    data = points.dropna(subset=[cost, value]).sort_values([cost, value], ascending=[True, False])
    previous_best = data[value].cummax().shift(fill_value=-np.inf)
    return data[data[value] > previous_best]


def price_moves(intervals: pd.DataFrame) -> pd.DataFrame:
    """Each change of a blended price (3:1) from one interval to the next, largest first."""
    columns = ["model_name", "provider", "source", "old", "new", "change_pct", "when"]
    if intervals.empty:
        return pd.DataFrame(columns=columns)
    key = ["source", "provider", "model_key", "tier"]
    rows = intervals.assign(price=blended_price(intervals)).sort_values([*key, "start"])
    rows["old"] = rows.groupby(key, dropna=False, observed=True)["price"].shift()
    moved = rows.dropna(subset=["old"])
    moved = moved[moved["old"] != moved["price"]].rename(columns={"price": "new", "start": "when"})
    moved["change_pct"] = (moved["new"] - moved["old"]) / moved["old"] * 100
    return moved.sort_values("change_pct", key=lambda s: -s.abs())[columns].reset_index(drop=True)


def fit_line(series: pd.DataFrame, fit: dict, x: str = "month") -> pd.DataFrame:
    """The fitted price at each x of `series` (for drawing the fit next to the points)."""
    xs = series[x].sort_values().unique()
    years = (pd.Series(xs) - fit["start"]).dt.days / 365.25
    return pd.DataFrame({x: xs, "price": np.exp(fit["intercept"] + fit["slope_per_year"] * years)})


def current_points(intervals: pd.DataFrame, scores: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """Current prices of models with a score on `benchmark`: the cheapest offer per model, with its best score."""
    best = scores[scores["benchmark"] == benchmark].groupby("model_id", observed=True)["score"].max()
    current = intervals[intervals["end"].isna()].dropna(subset=["model_id"])
    points = current.assign(score=current["model_id"].map(best)).dropna(subset=["score"])
    return points.sort_values("price").drop_duplicates("model_id").reset_index(drop=True)
