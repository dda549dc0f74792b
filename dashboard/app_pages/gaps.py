"""Benchmark gaps: the running best of open and closed models, the gap, and the lag in months."""
from __future__ import annotations

import streamlit as st

from dashboard import widgets
from landscape import analysis, charts
from landscape import filters as flt

loaded, filters = widgets.context()
benchmark = filters.benchmark
st.title(f"Benchmark gaps — {benchmark or 'no benchmark'}")
st.caption("Frontier = the best score reached so far by each class. Lag = for each date, how many months "
           "earlier the closed frontier first reached the open frontier's score (0: open is level or ahead). "
           "Bands come from the published confidence interval of the model holding the frontier.")

scores = flt.apply(loaded.scores, filters, "as_of")
with st.spinner("Computing frontiers…"):
    front = analysis.frontier(scores, benchmark) if benchmark else analysis.frontier(scores.iloc[0:0], "")
    lag = analysis.lag_series(front)

if front.empty:
    widgets.empty_note(f"scores on {benchmark}")
else:
    if not lag.empty:
        last = lag.iloc[-1]
        a, b, c = st.columns(3)
        a.metric("Open frontier", f"{last['open_frontier']:.4g}")
        b.metric("Gap (closed − open)", f"{last['gap']:.3g}")
        band = "" if last[["lag_low", "lag_high"]].isna().any() else \
            f" Lag band from the published interval: {last['lag_low']:.1f}–{last['lag_high']:.1f} months."
        c.metric("Lag of open weights", f"{last['lag_months']:.1f} months")
        caveat = f" Votes/samples behind the open frontier: {last_n:,.0f}." if (last_n := front[
            front["access"] == "open_weights"]["n"].dropna().tail(1).sum()) else ""
        st.caption(f"As of {last['as_of']:%Y-%m-%d} (UTC).{band}{caveat}")
    st.altair_chart(charts.frontier_chart(front, benchmark), width="stretch")
    if lag.empty:
        st.caption("The lag needs both an open-weights and a closed frontier under these filters.")
    else:
        st.altair_chart(charts.lag_chart(lag), width="stretch")
    widgets.source_note(scores[scores["benchmark"] == benchmark])
    widgets.downloads(lag if not lag.empty else front, f"gaps_{benchmark}")

st.subheader("Current best per class, every benchmark")
best = analysis.current_best(scores)
if best.empty:
    widgets.empty_note("scores")
else:
    st.dataframe(widgets.access_styled(best), hide_index=True, width="stretch", column_config={
        "score_low": "CI low", "score_high": "CI high", "n": st.column_config.NumberColumn(
            "Votes / samples", help="How many votes or samples stand behind the score"),
        "as_of": st.column_config.DateColumn("As of"), "source_url": st.column_config.LinkColumn("Source")})
