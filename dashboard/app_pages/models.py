"""Models: the catalog as a searchable, sortable table, and one model's facts from every source."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import widgets
from landscape import filters as flt

loaded, filters = widgets.context()
st.title("Models")
catalog = loaded.catalog.get("models")
if catalog is None or catalog.empty:
    st.warning("No model catalog has been built for this data directory yet: run "
               "`python -m collectors catalog`. Showing the models as each source lists them.")
    catalog = loaded.models.drop_duplicates(["source", "model_key"]).rename(columns={"model_name": "name"})

query = st.text_input("Search models", key="model_search", placeholder="e.g. llama-3.1, claude, qwen")
table = flt.apply(catalog, filters)
if query:
    needle = query.strip().lower()
    text = table.astype(str).apply(lambda column: column.str.lower().str.contains(needle, regex=False))
    table = table[text.any(axis=1)]
if table.empty:
    widgets.empty_note("models")
else:
    if "mentions" in table.columns:  # the most-mentioned models first: the ones people compare
        table = table.sort_values(["mentions", "model_id"], ascending=[False, True])
    st.caption(f"{len(table)} models, most mentioned across sources first. Click a column header to sort.")
    st.dataframe(widgets.access_styled(table), hide_index=True, width="stretch")
    widgets.downloads(table, "models")

st.subheader("Model detail")
ids = table["model_id"].dropna().astype(str).sort_values().unique().tolist() if "model_id" in table else []
preset = st.session_state.get("model_detail")
chosen = st.selectbox("Model", ids, index=ids.index(preset) if preset in ids else None, key="model_pick",
                      placeholder="Choose a model…")
if chosen:
    st.session_state["model_detail"] = chosen
    rows = []
    for kind, frame in loaded.kinds.items():
        if frame.empty or "model_id" not in frame.columns:
            continue
        mine = frame[frame["model_id"] == chosen]
        for _, row in mine.sort_values("snapshot_date").groupby(["source"], observed=True).tail(1).iterrows():
            facts = {c: row[c] for c in ("model_name", "organization", "row_organization", "license", "row_access",
                                         "release_date", "params_b", "context_tokens") if c in row and pd.notna(row[c])}
            rows.append({"kind": kind, "source": row["source"], **facts,
                         "snapshot": row["snapshot_date"], "source_url": row.get("source_url")})
    side = pd.DataFrame(rows)
    if side.empty:
        st.caption("No snapshot row carries this model.")
    else:
        side["source_url"] = widgets.http_only(side["source_url"])
        st.markdown("**Every source's values, side by side** (latest snapshot of each source)")
        st.dataframe(side, hide_index=True, width="stretch",
                     column_config={"source_url": st.column_config.LinkColumn("Source")})
        for column in ("row_access", "release_date", "params_b"):
            if column in side and side[column].dropna().astype(str).nunique() > 1:
                values = ", ".join(f"{s}: {v}" for s, v in side[["source", column]].dropna().astype(str).values)
                st.warning(f"Sources disagree on **{column.removeprefix('row_')}** — {values}")
    aliases = loaded.catalog.get("aliases")
    if aliases is not None and not aliases.empty:
        st.markdown("**Aliases: every name a source used for this model**")
        st.dataframe(aliases[aliases["model_id"] == chosen], hide_index=True, width="stretch")
    disagreements = loaded.catalog.get("disagreements")
    if disagreements is not None and not disagreements.empty:
        mine = disagreements[disagreements["model_id"] == chosen]
        if not mine.empty:
            st.markdown("**Openness disagreements recorded by the catalog**")
            st.dataframe(mine, hide_index=True, width="stretch")
