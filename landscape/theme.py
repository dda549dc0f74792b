"""One colour per access class, used by every chart, table and export."""
from __future__ import annotations

import altair as alt

ACCESS_ORDER = ("open_weights", "closed", "unknown")
ACCESS_LABELS = {"open_weights": "Open weights", "closed": "Closed", "unknown": "Unknown"}
ACCESS_COLORS = {"open_weights": "#1b9e77", "closed": "#d95f02", "unknown": "#9e9e9e"}


def access_color(title: str = "Access") -> alt.Color:
    """The access colour encoding; expects a column `access` holding the raw class values."""
    scale = alt.Scale(domain=list(ACCESS_ORDER), range=[ACCESS_COLORS[a] for a in ACCESS_ORDER])
    return alt.Color("access:N", title=title, scale=scale,
                     legend=alt.Legend(labelExpr="datum.label == 'open_weights' ? 'Open weights' : "
                                                 "datum.label == 'closed' ? 'Closed' : 'Unknown'"))
