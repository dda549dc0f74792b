"""The report's charts, built with landscape.charts and rendered to inline SVG by vl-convert
(no browser, no network: the SVG carries its own shapes and text)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert

from landscape import analysis, charts

from .weekdata import WeekData

WIDTH = 760
TIMELINE_YEARS = 2  # the release timeline shows this many years up to the week's end (unless a view says)
DEFAULT_BENCHMARK = "arena_text"  # as the dashboard's default benchmark
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*>\s*")


@dataclass
class Figure:
    title: str
    caption: str
    svg: str | None  # None: not enough data, the caption says why


def to_svg(chart: alt.TopLevelMixin) -> str:
    spec = chart.properties(width=WIDTH).to_dict()
    return _XML_DECLARATION.sub("", vl_convert.vegalite_to_svg(spec))


def report_benchmark(data: WeekData) -> str | None:
    """The view's benchmark, else the dashboard's default, else the first with a gap."""
    present = set(data.history["scores"]["benchmark"].dropna().astype(str)) \
        if "benchmark" in data.history["scores"] else set()
    for candidate in (data.filters.benchmark if data.filters else None, DEFAULT_BENCHMARK):
        if candidate and candidate in present:
            return candidate
    return data.gaps["benchmark"].iloc[0] if not data.gaps.empty else None


def timeline(data: WeekData) -> Figure:
    models = data.tables["models"]
    releases = analysis.releases_from_models(models) if not models.empty else models
    start = pd.Timestamp(data.filters.start if data.filters and data.filters.start else
                         pd.Timestamp(data.end.date()) - pd.DateOffset(years=TIMELINE_YEARS))
    if not releases.empty:
        releases = releases[(releases["release_date"] >= pd.Timestamp(start))
                            & (releases["release_date"] <= pd.Timestamp(data.end.date()))]
        if "model_id" in releases.columns:  # one dot per model: its earliest release date
            releases = releases.sort_values("release_date").drop_duplicates("model_id", keep="first")
    title = "Release timeline"
    if releases.empty:
        return Figure(title, "No model with a release date in this window.", None)
    caption = (f"{len(releases)} models released {start:%Y-%m-%d} to {data.end:%Y-%m-%d}, by organization "
               "(the 20 busiest); colour = open weights / closed / unknown.")
    return Figure(title, caption, to_svg(charts.release_timeline_chart(releases, max_orgs=20)))


def gaps(data: WeekData, benchmark: str | None) -> list[Figure]:
    if not benchmark:
        return [Figure("Benchmark gaps", "No benchmark has scores of both classes.", None)]
    front = analysis.frontier(data.history["scores"], benchmark)
    lag = analysis.lag_series(front)
    if front.empty:
        return [Figure(f"Frontier — {benchmark}", "No open-weights or closed scores on this benchmark.", None)]
    out = [Figure(f"Frontier — {benchmark}", "Best score reached so far by each class; the band is the "
                  "published interval of the model holding it.", to_svg(charts.frontier_chart(front, benchmark)))]
    if lag.empty:
        out.append(Figure("Lag of open weights", "The lag needs both an open and a closed frontier.", None))
    else:
        out.append(Figure("Lag of open weights", "Months before each date that the closed frontier first "
                          "reached the open frontier's score (0: open is level or ahead).",
                          to_svg(charts.lag_chart(lag))))
    return out


def capability_price(data: WeekData, benchmark: str | None, ratio: float = 3.0) -> Figure:
    """Cheapest blended price per month among models scoring at least the benchmark's 75th percentile
    (the Prices page's default threshold), with log-linear fits per class."""
    title = "Price at fixed capability"
    scores, prices = data.history["scores"], data.history["prices"]
    if not benchmark or prices.empty:
        return Figure(title, "No benchmark or no prices captured by this week.", None)
    prices = prices.dropna(subset=["input_usd_per_mtok", "output_usd_per_mtok"])
    bench = scores.loc[scores["benchmark"] == benchmark, "score"].dropna()
    threshold = float(bench.quantile(0.75))
    cheapest = analysis.cheapest_at_capability(scores, prices, benchmark, threshold, ratio)
    title = f"Price at fixed capability — {benchmark} ≥ {threshold:.4g}"
    if cheapest.empty:
        return Figure(title, "No priced model reaches this score (prices and scores are joined on the "
                      "catalog's model_id).", None)
    fits, notes = [], []
    for access, part in cheapest.groupby("access", observed=True):
        fit = analysis.loglinear_fit(part)
        if fit:
            fits.append(analysis.fit_line(part, fit).assign(access=access))
            fold = fit["fold_per_year"]
            notes.append(f"{access}: {fold:.1f}× cheaper per year" if fold >= 1 else
                         f"{access}: {1 / fold:.1f}× dearer per year")
    fit_frame = pd.concat(fits, ignore_index=True) if fits else pd.DataFrame(columns=["month", "access", "price"])
    caption = (f"Blended price ({ratio:g} input : 1 output tokens, USD per million). Log-linear fit: "
               + ("; ".join(notes) if notes else "needs two months or more per class."))
    return Figure(title, caption, to_svg(charts.capability_price_chart(cheapest, fit_frame)))


def all_figures(data: WeekData) -> list[Figure]:
    benchmark = report_benchmark(data)
    return [timeline(data), *gaps(data, benchmark), capability_price(data, benchmark)]
