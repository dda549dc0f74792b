"""Small UI pieces shared by pages: the data banner, the global filters, source notes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from .data import DataSource
from .theme import ACCESS_LABELS, ACCESS_ORDER

DEFAULT_START = dt.date(2023, 1, 1)


@dataclass
class Filters:
    start: dt.date | None
    end: dt.date | None
    organizations: list[str]
    access: list[str]


def data_banner(source: DataSource) -> None:
    if source.is_demo:
        st.info("Showing the embedded **demo data** (built from recorded copies of the sources): no "
                "collected snapshots were found in the data directory. Run `python -m collectors run` "
                "or set `LANDSCAPE_DATA_DIR` to see live data.", icon="ℹ️")


def global_filters(*frames: pd.DataFrame) -> Filters:
    """Sidebar filters: date range, organization, access. Return what the user chose."""
    dates = pd.concat([f[c] for f in frames for c in ("as_of", "release_date") if c in f.columns])
    dates = dates.dropna()
    orgs = sorted({o for f in frames if "organization" in f.columns for o in f["organization"].dropna()})
    with st.sidebar:
        st.header("Filters")
        start = end = None
        if not dates.empty:
            low, high = dates.min().date(), dates.max().date()
            # The catalogues reach back to the 1950s; the LLM era is the useful default view.
            default_start = min(max(low, DEFAULT_START), high)
            chosen = st.date_input("Date range (UTC)", value=(default_start, high), min_value=low,
                                   max_value=high, key="date_range")
            if isinstance(chosen, tuple | list) and len(chosen) == 2:
                start, end = chosen
        organizations = st.multiselect("Organization", orgs, key="organizations",
                                       placeholder="All organizations")
        access = st.multiselect("Access", list(ACCESS_ORDER), default=list(ACCESS_ORDER), key="access",
                                format_func=ACCESS_LABELS.get)
    return Filters(start, end, organizations, access)


def source_note(frame: pd.DataFrame) -> None:
    """Which sources and snapshots the numbers above come from."""
    if frame.empty or "source" not in frame.columns:
        return
    parts = []
    for source, rows in frame.groupby("source"):
        urls = sorted({u for u in rows.get("source_url", pd.Series(dtype=str)).dropna()
                       if str(u).startswith(("http://", "https://"))})
        parts.append(f"**{source}** ({len(rows)} rows" + (f"; {urls[0]}" if urls else "") + ")")
    st.caption("Source: " + ", ".join(parts))
