"""Open vs closed: best Arena score of each side over time, the gap, releases and current prices."""
from __future__ import annotations

import streamlit as st

from dashboard import analysis, charts, data, widgets

source = data.active_source()
widgets.data_banner(source)
scores = data.kind(source, "scores")
models = data.kind(source, "models")
prices = data.kind(source, "prices")

st.title("Open vs closed")
filters = widgets.global_filters(scores, models)

st.subheader("Best Arena score: open weights vs closed")
arena = analysis.filter_frame(scores, date_column="as_of", start=filters.start, end=filters.end,
                              organizations=filters.organizations, access=filters.access)
best = analysis.best_by_class(arena, "arena_text")
if best.empty:
    st.info("No Arena scores match these filters.")
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

st.subheader("Model releases")
releases = analysis.filter_frame(analysis.releases_from_models(models), date_column="release_date",
                                 start=filters.start, end=filters.end,
                                 organizations=filters.organizations, access=filters.access)
if releases.empty:
    st.info("No model releases match these filters.")
else:
    st.altair_chart(charts.release_timeline_chart(releases), width="stretch")
    widgets.source_note(releases)

st.subheader("Current prices (llm-prices.com)")
current = analysis.current_prices(prices[prices["source"] == "llm_prices"]) if not prices.empty else prices
if current.empty:
    st.info("No price snapshot has been collected yet.")
else:
    st.dataframe(
        current[["model_name", "provider", "input_usd_per_mtok", "output_usd_per_mtok",
                 "cached_input_usd_per_mtok", "effective_from", "snapshot_date", "source_url"]],
        hide_index=True, width="stretch",
        column_config={
            "model_name": "Model", "provider": "Vendor",
            "input_usd_per_mtok": st.column_config.NumberColumn("Input $/Mtok", format="$%.3f"),
            "output_usd_per_mtok": st.column_config.NumberColumn("Output $/Mtok", format="$%.3f"),
            "cached_input_usd_per_mtok": st.column_config.NumberColumn("Cached input $/Mtok",
                                                                        format="$%.3f"),
            "effective_from": st.column_config.DateColumn("Since"),
            "snapshot_date": st.column_config.DateColumn("Snapshot"),
            "source_url": st.column_config.LinkColumn("Source"),
        })
