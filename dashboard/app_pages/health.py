"""Data health: per source the last success, age against cadence, rows, last error, quarantine, unmatched."""
from __future__ import annotations

import streamlit as st

from collectors import quarantine
from collectors.store import Store
from dashboard import data, widgets

loaded, _ = widgets.context()
st.title("Data health")
st.caption(f"Data directory: `{loaded.source.root}`" + (" (embedded demo data)" if loaded.source.is_demo else ""))
health = data.health(str(loaded.source.root), loaded.source.fingerprint)
stale = int(health["stale"].sum())
failing = int(health["failing"].sum())
unmatched = loaded.catalog.get("unmatched")
a, b, c, d = st.columns(4)
a.metric("Sources", len(health))
b.metric("Stale (older than 2× cadence)", stale)
c.metric("Failing", failing)
d.metric("Unmatched model names", 0 if unmatched is None else len(unmatched),
         help="Names no catalog rule or alias resolved; `python -m collectors unmatched` lists them.")
columns = [c for c in ["source", "last_success", "last_snapshot", "age_days", "cadence_days", "rows", "stale",
                       "failing", "last_error", "quarantined"] if c in health.columns]
st.dataframe(health[columns], hide_index=True, width="stretch", column_config={
    "age_days": st.column_config.NumberColumn("Age (days)", format="%.1f"),
    "cadence_days": st.column_config.NumberColumn("Cadence (days)", format="%.2g")})

st.subheader("Quarantined snapshots")
held = quarantine.held(Store(loaded.source.root))
if held:
    st.dataframe([{"source": h["source"], "date": h["snapshot_date"], "rows": h["rows"],
                   "reasons": "; ".join(h["reasons"])} for h in held], hide_index=True, width="stretch")
    st.caption("Release or discard with `python -m collectors quarantine release|discard SOURCE DATE`.")
else:
    st.caption("Nothing is held in quarantine.")

if unmatched is not None and not unmatched.empty:
    st.subheader("Unmatched model names")
    st.dataframe(unmatched.head(300), hide_index=True, width="stretch")
