"""Chart builders: each takes a frame and returns an Altair chart. No Streamlit calls here."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import access_color

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
