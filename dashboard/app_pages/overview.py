"""Overview — this week: headline gaps and lags, recent releases, largest price moves, freshness."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from landscape import analysis
from landscape import filters as flt

loaded, filters = widgets.context()
st.title("Open vs closed — this week")
scores = flt.apply(loaded.scores, filters, "as_of")
reference = pd.Timestamp(filters.end) if filters.end else pd.Timestamp.now(tz="UTC").tz_localize(None)
st.caption(f"Reference date {reference:%Y-%m-%d} (UTC), the end of the date filter.")

st.subheader("Where open weights stand")
with st.spinner("Computing frontiers…"):
    collected = set(scores["benchmark"].dropna().unique().astype(str)) if not scores.empty else set()
    present = [b for b in analysis.HEADLINE_BENCHMARKS if b in collected]
    head = analysis.headline(scores, present)
if head.empty:
    widgets.empty_note("headline benchmark scores")
else:
    for chunk in range(0, len(head), 3):
        for column, (_, row) in zip(st.columns(3), head.iloc[chunk:chunk + 3].iterrows(), strict=False):
            with column.container(border=True):
                st.markdown(f"**{row['benchmark']}**")
                st.metric("Lag of open weights", f"{row['lag_months']:.1f} months",
                          help="How long before this date the closed frontier first reached the best open score.")
                st.text(f"Gap: {row['gap']:.3g} points (closed {row['closed_score']:.4g}, "
                        f"open {row['open_score']:.4g})")
                st.caption(f"Best open: {row['best_open']} · best closed: {row['best_closed']} · "
                           f"as of {row['as_of']:%Y-%m-%d}")
    widgets.downloads(head, "headline")

st.subheader("Releases")
releases = loaded.releases
recent = flt.apply(releases, filters) if not releases.empty else releases
if not recent.empty:  # a feed re-lists its items in every daily snapshot: count each announcement once
    recent = recent.sort_values("snapshot_date").drop_duplicates(
        subset=["source", "event", "title", "url", "published_at"], keep="last")
if not recent.empty:
    when = recent["published_at"].dt.tz_convert("UTC").dt.tz_localize(None)
    last7 = recent[(when > reference - pd.Timedelta(days=7)) & (when <= reference + pd.Timedelta(days=1))]
    last30 = recent[(when > reference - pd.Timedelta(days=30)) & (when <= reference + pd.Timedelta(days=1))]
    a, b = st.columns(2)
    a.metric("Announcements, last 7 days", len(last7))
    b.metric("Announcements, last 30 days", len(last30))
    table = last30.sort_values("published_at", ascending=False)[
        ["published_at", "organization", "event", "model_name", "title", "url"]].assign(
        url=lambda f: widgets.http_only(f["url"]))
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "published_at": st.column_config.DatetimeColumn("Published (UTC)", format="YYYY-MM-DD HH:mm"),
        "url": st.column_config.LinkColumn("Link")})
else:
    widgets.empty_note("release announcements")

st.subheader("Largest price moves")
intervals = flt.apply(loaded.price_intervals, filters)
moves = analysis.price_moves(intervals)
if moves.empty:
    st.caption("No price changed within the collected history under these filters.")
else:
    st.dataframe(moves.head(15), hide_index=True, width="stretch", column_config={
        "change_pct": st.column_config.NumberColumn("Change %", format="%+.0f%%"),
        "when": st.column_config.DateColumn("When")})

st.subheader("Data freshness")
fresh = data.health(str(loaded.source.root), loaded.source.fingerprint)
st.dataframe(fresh[["source", "last_snapshot", "age_days", "cadence_days", "rows", "stale"]],
             hide_index=True, width="stretch")
