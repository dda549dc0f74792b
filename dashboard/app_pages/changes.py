"""Changes: what differs between the snapshots in force on two dates (default: latest vs a week before)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import widgets
from landscape import changes
from landscape.export.weekdata import DATE_COLUMNS, apply_view

loaded, filters = widgets.context()
st.title("Changes")
manifest = loaded.manifest
if manifest.empty:
    widgets.empty_note("snapshots")
    st.stop()
dates = pd.to_datetime(manifest["snapshot_date"])
latest = dates.max().date()
left, right = st.columns(2)
day_a = left.date_input("From (snapshots in force on)", latest - dt.timedelta(days=7), min_value=dates.min().date(),
                        max_value=latest, key="changes_from")
day_b = right.date_input("To", latest, min_value=dates.min().date(), max_value=latest, key="changes_to")
if day_a >= day_b:
    st.warning("Pick a 'From' date before the 'To' date.")
    st.stop()

# The global filters apply exactly as in the weekly export (same function, same date columns), so a
# saved view's Changes page and its export list the same changes.
frames = {kind: apply_view(frame, filters, DATE_COLUMNS[kind]) for kind, frame in loaded.kinds.items()}
with st.spinner("Comparing snapshots…"):
    diff = changes.compare(frames, manifest, day_a, day_b)
a, b, c, d = st.columns(4)
a.metric("New models", int((diff["models"]["change"] == "new").sum()))
b.metric("Removed models", int((diff["models"]["change"] == "removed").sum()))
c.metric("Price changes", len(diff["prices"]))
d.metric("Score / rank moves", len(diff["scores"]))

st.subheader("New and removed models")
if diff["models"].empty:
    st.caption("No model appeared or disappeared between these dates.")
else:
    st.dataframe(diff["models"], hide_index=True, width="stretch")
    widgets.downloads(diff["models"], "changes_models")

st.subheader("Price changes (old → new)")
if diff["prices"].empty:
    st.caption("No price changed between these dates.")
else:
    st.dataframe(diff["prices"], hide_index=True, width="stretch", column_config={
        "change_pct": st.column_config.NumberColumn("Change %", format="%+.1f%%")})
    widgets.downloads(diff["prices"], "changes_prices")

st.subheader("Score and rank moves")
if diff["scores"].empty:
    st.caption("No score moved between these dates.")
else:
    st.dataframe(diff["scores"].head(500), hide_index=True, width="stretch")
    widgets.downloads(diff["scores"], "changes_scores")
