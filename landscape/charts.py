"""Chart builders: each takes a frame and returns an Altair chart. No Streamlit calls here."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import ACCESS_COLORS, access_color

alt.data_transformers.disable_max_rows()  # callers aggregate first; see each builder's docstring


def best_scores_chart(best: pd.DataFrame, benchmark_label: str) -> alt.Chart:
    """Lines: the best open-weights and best closed score per date (one point per date and class)."""
    base = alt.Chart(best).encode(
        x=alt.X("as_of:T", title="Leaderboard date (UTC)"),
        y=alt.Y("score:Q", title=f"Best {benchmark_label} (score)", scale=alt.Scale(zero=False)),
        color=access_color(),
        tooltip=[alt.Tooltip("as_of:T", title="date"), "access:N", "model_name:N",
                 alt.Tooltip("score:Q", format=".1f"), "source:N"],
    )
    return alt.layer(base.mark_line(interpolate="step-after").properties(name="best_line"),
                     base.mark_circle(size=28).properties(name="best_points")).properties(height=320)


def gap_chart(gap: pd.DataFrame, benchmark_label: str) -> alt.Chart:
    """Area: best closed minus best open per date (points above zero: closed ahead)."""
    base = alt.Chart(gap).encode(x=alt.X("as_of:T", title="Leaderboard date (UTC)"))
    area = base.mark_area(opacity=0.35, color="#7f7f7f", interpolate="step-after").encode(
        y=alt.Y("gap:Q", title=f"Gap, closed − open ({benchmark_label} points)"),
        tooltip=[alt.Tooltip("as_of:T", title="date"), alt.Tooltip("gap:Q", format=".1f"),
                 alt.Tooltip("closed:Q", format=".1f"), alt.Tooltip("open_weights:Q", format=".1f")],
    ).properties(name="gap_area")
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="black").encode(y="y:Q") \
        .properties(name="zero_rule")
    return alt.layer(area, zero).properties(height=180)


def release_timeline_chart(releases: pd.DataFrame, max_orgs: int = 25) -> alt.Chart:
    """Dots: one per model release, by organization (the busiest `max_orgs`), coloured by access."""
    top = releases["organization"].value_counts().head(max_orgs).index
    rows = releases[releases["organization"].isin(top)]
    return alt.Chart(rows).mark_circle(size=45, opacity=0.8).encode(
        x=alt.X("release_date:T", title="Release date (UTC)"),
        y=alt.Y("organization:N", title=None, sort=list(top)),
        color=access_color(),
        tooltip=["model_name:N", "organization:N", alt.Tooltip("release_date:T", title="released"),
                 "access:N", "source:N"],
    ).properties(name="releases", height=max(200, 18 * len(top)))


MAX_MARKS = 5000  # the most points a chart sends to the browser; builders aggregate or cut first


def _capped(frame: pd.DataFrame, limit: int = MAX_MARKS) -> pd.DataFrame:
    """Keep at most `limit` rows (the most recent when there is a date) so no chart ships more marks."""
    if len(frame) <= limit:
        return frame
    for column in ("as_of", "release_date", "month", "start"):
        if column in frame.columns:
            return frame.sort_values(column).tail(limit)
    return frame.head(limit)


def frontier_chart(front: pd.DataFrame, benchmark_label: str) -> alt.Chart:
    """Running best of each class (steps) with the holder's published interval as a band."""
    data = _capped(front)
    base = alt.Chart(data).encode(x=alt.X("as_of:T", title="Date (UTC)"), color=access_color())
    band = base.mark_area(opacity=0.18, interpolate="step-after").encode(
        y=alt.Y("low:Q", title=f"{benchmark_label} (frontier)", scale=alt.Scale(zero=False)),
        y2="high:Q").transform_filter("isValid(datum.low) && isValid(datum.high)").properties(name="ci_band")
    line = base.mark_line(interpolate="step-after").encode(
        y=alt.Y("frontier:Q", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("as_of:T", title="date"), "access:N", alt.Tooltip("holder:N", title="model"),
                 alt.Tooltip("frontier:Q", format=".3~f"), alt.Tooltip("n:Q", title="votes/samples"),
                 "source:N"]).properties(name="frontier_line")
    return alt.layer(band, line).properties(height=320)


def lag_chart(lag: pd.DataFrame) -> alt.Chart:
    """Months the open frontier trails the closed one, with the band from the published interval."""
    data = _capped(lag)
    base = alt.Chart(data).encode(x=alt.X("as_of:T", title="Date (UTC)"))
    band = base.mark_area(opacity=0.2, color=ACCESS_COLORS["open_weights"]).encode(
        y=alt.Y("lag_low:Q", title="Lag of open weights (months)"), y2="lag_high:Q") \
        .transform_filter("isValid(datum.lag_low) && isValid(datum.lag_high)").properties(name="lag_band")
    line = base.mark_line(point=alt.OverlayMarkDef(color=ACCESS_COLORS["open_weights"]),
                          color=ACCESS_COLORS["open_weights"]).encode(
        y="lag_months:Q",
        tooltip=[alt.Tooltip("as_of:T", title="date"), alt.Tooltip("lag_months:Q", format=".1f"),
                 alt.Tooltip("open_frontier:Q", format=".3~f"), alt.Tooltip("closed_frontier:Q", format=".3~f")]
    ).properties(name="lag_line")
    return alt.layer(band, line).properties(height=220)


def cumulative_chart(releases: pd.DataFrame) -> alt.Chart:
    """Cumulative model releases per access class, by month (aggregated: one point per month)."""
    monthly = (releases.assign(month=releases["release_date"].dt.to_period("M").dt.to_timestamp())
               .groupby(["month", "access"], observed=True).size().rename("count").reset_index())
    monthly["cumulative"] = monthly.sort_values("month").groupby("access", observed=True)["count"].cumsum()
    return alt.Chart(monthly).mark_line(interpolate="step-after").encode(
        x=alt.X("month:T", title="Release month (UTC)"),
        y=alt.Y("cumulative:Q", title="Models released (cumulative)"), color=access_color(),
        tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "access:N", "count:Q", "cumulative:Q"],
    ).properties(name="cumulative", height=240)


def cadence_chart(releases: pd.DataFrame, max_orgs: int = 15) -> alt.Chart:
    """Heatmap: releases per quarter for the busiest organizations (one cell per org and quarter)."""
    top = releases["organization"].value_counts().head(max_orgs).index
    rows = releases[releases["organization"].isin(top)]
    quarterly = (rows.assign(quarter=rows["release_date"].dt.to_period("Q").dt.to_timestamp())
                 .groupby(["organization", "quarter"], observed=True).size().rename("releases").reset_index())
    quarterly["organization"] = quarterly["organization"].astype(str)
    return alt.Chart(quarterly).mark_rect().encode(
        x=alt.X("yearquarter(quarter):O", title="Quarter (UTC)"),
        y=alt.Y("organization:N", title=None, sort=[str(t) for t in top]),
        color=alt.Color("releases:Q", title="Releases", scale=alt.Scale(scheme="greys")),
        tooltip=["organization:N", alt.Tooltip("quarter:T", format="%Y-Q%q"), "releases:Q"],
    ).properties(name="cadence", height=max(150, 20 * len(top)))


def price_steps_chart(intervals: pd.DataFrame) -> alt.Chart:
    """Price history as steps: one line per model and provider (blended $ per million tokens)."""
    data = _capped(intervals.assign(series=intervals["model_name"].astype(str) + " · " +
                                    intervals["provider"].astype(str)))
    return alt.Chart(data).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("start:T", title="Price in effect from (UTC)"),
        y=alt.Y("price:Q", title="Blended price (USD per million tokens)", scale=alt.Scale(type="log")),
        color=alt.Color("series:N", title="Model · provider"),
        tooltip=["model_name:N", "provider:N", alt.Tooltip("start:T", title="from"),
                 alt.Tooltip("end:T", title="until"), alt.Tooltip("price:Q", format="$.3f"),
                 alt.Tooltip("input_usd_per_mtok:Q", format="$.3f"),
                 alt.Tooltip("output_usd_per_mtok:Q", format="$.3f"), "source:N"],
    ).properties(name="price_steps", height=320)


def capability_price_chart(cheapest: pd.DataFrame, fits: pd.DataFrame) -> alt.Chart:
    """Cheapest price at or above a score threshold per month, open vs closed, with log-linear fits."""
    points = alt.Chart(_capped(cheapest)).mark_line(point=True, interpolate="step-after").encode(
        x=alt.X("month:T", title="Month (UTC)"),
        y=alt.Y("price:Q", title="Cheapest blended price (USD per million tokens)", scale=alt.Scale(type="log")),
        color=access_color(),
        tooltip=[alt.Tooltip("month:T", format="%Y-%m"), "access:N", "model_id:N",
                 alt.Tooltip("price:Q", format="$.3f")]).properties(name="cheapest")
    fit = alt.Chart(fits).mark_line(strokeDash=[6, 4]).encode(
        x="month:T", y="price:Q", color=access_color()).properties(name="fit")
    return alt.layer(points, fit).properties(height=300)


def pareto_chart(points: pd.DataFrame, frontier: pd.DataFrame, benchmark_label: str) -> alt.Chart:
    """Price against score for current models, with the Pareto frontier (no model both cheaper and better)."""
    scatter = alt.Chart(_capped(points)).mark_circle(size=60, opacity=0.75).encode(
        x=alt.X("price:Q", title="Blended price (USD per million tokens, log)", scale=alt.Scale(type="log")),
        y=alt.Y("score:Q", title=benchmark_label, scale=alt.Scale(zero=False)), color=access_color(),
        tooltip=["model_id:N", "access:N", alt.Tooltip("price:Q", format="$.3f"),
                 alt.Tooltip("score:Q", format=".3~f"), "provider:N"]).properties(name="models")
    line = alt.Chart(frontier).mark_line(color="black", strokeDash=[3, 3], interpolate="step-after").encode(
        x="price:Q", y="score:Q").properties(name="pareto")
    return alt.layer(scatter, line).properties(height=340)


def provider_chart(rows: pd.DataFrame) -> alt.Chart:
    """One open model's current price at each provider (bars, sorted)."""
    return alt.Chart(_capped(rows)).mark_bar(color=ACCESS_COLORS["open_weights"]).encode(
        x=alt.X("price:Q", title="Blended price (USD per million tokens)"),
        y=alt.Y("provider:N", title=None, sort="x"),
        tooltip=["provider:N", "source:N", alt.Tooltip("input_usd_per_mtok:Q", format="$.3f"),
                 alt.Tooltip("output_usd_per_mtok:Q", format="$.3f"), alt.Tooltip("price:Q", format="$.3f")],
    ).properties(name="providers", height=max(120, 22 * len(rows)))
