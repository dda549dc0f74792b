"""Plain analysis functions over snapshot frames; no Streamlit here, so tests call them directly."""
from __future__ import annotations

import pandas as pd

CLASSES = ("open_weights", "closed")


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
    wide = best.pivot_table(index="as_of", columns="access", values="score", aggfunc="max")
    wide = wide.reindex(columns=list(CLASSES)).dropna()
    wide["gap"] = wide["closed"] - wide["open_weights"]
    return wide.reset_index().rename_axis(columns=None)


def current_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """Prices in force in the latest snapshot of each source: no effective_to, latest capture."""
    if prices.empty:
        return prices
    latest = prices.groupby("source")["snapshot_date"].transform("max")
    rows = prices[(prices["snapshot_date"] == latest) & prices["effective_to"].isna()]
    return rows.sort_values(["provider", "model_name"]).reset_index(drop=True)


def releases_from_models(models: pd.DataFrame) -> pd.DataFrame:
    """One row per model with a release date (latest snapshot of each source wins)."""
    if models.empty:
        return models
    rows = models.dropna(subset=["release_date"])
    rows = rows.sort_values("snapshot_date").drop_duplicates(subset=["source", "model_key"], keep="last")
    return rows.sort_values("release_date").reset_index(drop=True)
