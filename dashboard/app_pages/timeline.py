"""Timeline: releases over time by organization and access, cumulative counts, cadence, model detail."""
from __future__ import annotations

import streamlit as st

from dashboard import widgets
from landscape import analysis, charts
from landscape import filters as flt

loaded, filters = widgets.context()
st.title("Release timeline")
community = st.toggle("Include community uploads (Open LLM Leaderboard, Hugging Face)", key="timeline_community",
                      help="Off: releases by model developers only (Epoch, OpenRouter, vendor catalogues).")
releases = flt.apply(analysis.releases_from_models(loaded.models, community), filters, "release_date")
if "model_id" in releases.columns:  # one dot per model: the earliest release date any source gives
    releases = releases.sort_values("release_date").drop_duplicates("model_id", keep="first")

if releases.empty:
    widgets.empty_note("model releases")
    st.stop()

st.caption(f"{len(releases)} models with a release date; colour = open weights / closed / unknown.")
st.altair_chart(charts.release_timeline_chart(releases), width="stretch")
widgets.source_note(releases)
widgets.downloads(releases[["model_id", "model_name", "organization", "release_date", "access", "source"]],
                  "releases")

st.subheader("Cumulative releases, open vs closed")
st.altair_chart(charts.cumulative_chart(releases), width="stretch")
st.subheader("Release cadence by organization (per quarter)")
st.altair_chart(charts.cadence_chart(releases), width="stretch")

st.subheader("Model detail")
names = releases.sort_values("release_date", ascending=False)["model_id"].dropna().unique().tolist()
chosen = st.selectbox("Open a model", names, index=None, placeholder="Type to search…", key="timeline_model")
if chosen:
    st.session_state["model_detail"] = chosen
    st.page_link("app_pages/models.py", label=f"Open {chosen} on the Models page", icon="🔎")
    facts = releases[releases["model_id"] == chosen].iloc[0]
    st.write({"model": facts["model_name"], "organization": facts["organization"],
              "released": f"{facts['release_date']:%Y-%m-%d}", "access": facts["access"], "source": facts["source"]})
