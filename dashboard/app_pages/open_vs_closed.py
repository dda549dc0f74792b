"""Open vs closed (Arena): best Arena score of each side on each leaderboard date, and the gap."""
from __future__ import annotations

import streamlit as st

from dashboard import widgets
from landscape import analysis, charts
from landscape import filters as flt

loaded, filters = widgets.context()
st.title("Open vs closed on the Arena leaderboard")
st.caption("The best open-weights and the best closed model on each LMArena leaderboard date "
           "(not a running best — see Benchmark gaps for the frontier and the lag in months).")

arena = flt.apply(loaded.scores, filters, "as_of")
best = analysis.best_by_class(arena, "arena_text")
if best.empty:
    widgets.empty_note("Arena scores")
else:
    gap = analysis.gap_series(best)
    st.altair_chart(charts.best_scores_chart(best, "Arena score"), width="stretch")
    if gap.empty:
        st.caption("No date has both an open-weights and a closed score under these filters.")
    else:
        last = gap.iloc[-1]
        st.metric(f"Gap on {last['as_of']:%Y-%m-%d} (closed − open)", f"{last['gap']:.0f} points")
        st.altair_chart(charts.gap_chart(gap, "Arena"), width="stretch")
    widgets.source_note(best)
    widgets.downloads(best, "arena_best_by_class")

st.subheader("Model releases")
releases = flt.apply(analysis.releases_from_models(loaded.models), filters, "release_date")
if releases.empty:
    widgets.empty_note("model releases")
else:
    st.altair_chart(charts.release_timeline_chart(releases), width="stretch")
    widgets.source_note(releases)

st.subheader("Current prices (llm-prices.com)")
prices = loaded.kind("prices", source="llm_prices")
current = analysis.current_prices(prices) if not prices.empty else prices
if current.empty:
    st.info("No llm-prices snapshot has been collected yet.")
else:
    st.dataframe(
        current[["model_name", "provider", "input_usd_per_mtok", "output_usd_per_mtok",
                 "cached_input_usd_per_mtok", "effective_from", "snapshot_date", "source_url"]],
        hide_index=True, width="stretch",
        column_config={
            "model_name": "Model", "provider": "Vendor",
            "input_usd_per_mtok": st.column_config.NumberColumn("Input $/Mtok", format="$%.3f"),
            "output_usd_per_mtok": st.column_config.NumberColumn("Output $/Mtok", format="$%.3f"),
            "cached_input_usd_per_mtok": st.column_config.NumberColumn("Cached input $/Mtok", format="$%.3f"),
            "effective_from": st.column_config.DateColumn("Since"),
            "snapshot_date": st.column_config.DateColumn("Snapshot"),
            "source_url": st.column_config.LinkColumn("Source"),
        })
