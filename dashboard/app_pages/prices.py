"""Prices: price history as steps, blended price, price at fixed capability, Pareto, providers."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import widgets
from landscape import analysis, charts
from landscape import filters as flt

loaded, filters = widgets.context()
st.title("Prices")
ratio = st.slider("Input : output token ratio for the blended price", 0.0, 10.0, 3.0, 0.5, key="price_ratio",
                  help="Blended = (ratio × input + output) / (ratio + 1), in USD per million tokens.")
intervals = flt.apply(loaded.price_intervals, filters)
if intervals.empty:
    widgets.empty_note("prices")
    st.stop()

with st.spinner("Building price histories…"):
    intervals = intervals.assign(price=analysis.blended_price(intervals, ratio))
    end = pd.Timestamp(filters.end) + pd.Timedelta(days=1) if filters.end else None
    if filters.start:
        intervals = intervals[intervals["end"].isna() | (intervals["end"] >= pd.Timestamp(filters.start))]
    if end is not None:
        intervals = intervals[intervals["start"] < end]

st.subheader("Price history")
changing = intervals.groupby(["source", "provider", "model_key"], observed=True)["price"].transform("nunique")
default = intervals[changing > 1]["model_name"].dropna().astype(str).value_counts().index[:4].tolist()
options = sorted(intervals["model_name"].dropna().astype(str).unique())
picked = st.multiselect("Models", options, default=default, key="price_models",
                        help="Defaults to models whose price has changed within the history. Standard tier only.")
history = intervals[intervals["model_name"].isin(picked) & intervals["tier"].isin(["standard"])]
if history.empty:
    st.caption("Pick one or more models to see their price history.")
else:
    st.altair_chart(charts.price_steps_chart(history), width="stretch")
    widgets.source_note(history)
    widgets.downloads(history, "price_history")

st.subheader("Price at fixed capability")
benchmark = filters.benchmark
scores = loaded.scores
bench_scores = scores[scores["benchmark"] == benchmark]["score"].dropna() if benchmark else pd.Series(dtype=float)
if bench_scores.empty:
    st.caption("Choose a benchmark with scores in the sidebar.")
else:
    low, high = float(bench_scores.min()), float(bench_scores.max())
    threshold = st.slider(f"Minimum {benchmark} score", low, high, float(bench_scores.quantile(0.75)),
                          key=f"threshold_{benchmark}")
    with st.spinner("Finding the cheapest capable model per month…"):
        cheapest = analysis.cheapest_at_capability(scores, intervals, benchmark, threshold, ratio)
    if cheapest.empty:
        st.info("No priced model reaches this score under these filters. Lower the threshold.")
    else:
        fits, notes = [], []
        for access, part in cheapest.groupby("access", observed=True):
            fit = analysis.loglinear_fit(part)
            if fit:
                fits.append(analysis.fit_line(part, fit).assign(access=access))
                fold = fit["fold_per_year"]
                notes.append(f"**{access}**: " + (f"{fold:.1f}× cheaper per year" if fold >= 1
                                                   else f"{1 / fold:.1f}× dearer per year"))
        fit_frame = pd.concat(fits, ignore_index=True) if fits else pd.DataFrame(columns=["month", "access", "price"])
        st.altair_chart(charts.capability_price_chart(cheapest, fit_frame), width="stretch")
        st.caption("Log-linear fit: " + ("; ".join(notes) if notes else "needs two months or more per class."))
        widgets.downloads(cheapest, f"price_at_{benchmark}")

    st.subheader("Price and performance today")
    points = analysis.current_points(intervals, scores, benchmark)
    if points.empty:
        st.caption("No model has both a current price and a score on this benchmark.")
    else:
        st.altair_chart(charts.pareto_chart(points, analysis.pareto_frontier(points), benchmark), width="stretch")

st.subheader("One open model across providers")
current_open = intervals[intervals["end"].isna() & (intervals["access"] == "open_weights")]
providers = current_open.dropna(subset=["model_id"]).groupby("model_id", observed=True)["provider"].nunique()
candidates = providers[providers > 1].sort_values(ascending=False).index.astype(str).tolist()
if not candidates:
    st.caption("No open-weights model is priced by more than one provider under these filters.")
else:
    model = st.selectbox("Open-weights model", candidates, key="provider_model")
    rows = intervals[intervals["end"].isna() & (intervals["model_id"] == model)]
    rows = rows.sort_values("price").drop_duplicates(["provider"])
    st.altair_chart(charts.provider_chart(rows), width="stretch")
    widgets.downloads(rows, f"providers_{model}")
