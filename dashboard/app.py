"""Router: `streamlit run dashboard/app.py`. Loads the data once, draws the shared filters (so they
persist across pages and live in the URL), then runs the chosen page from dashboard/app_pages/."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

from dashboard import data, widgets  # noqa: E402

st.set_page_config(page_title="AI model landscape", page_icon="📊", layout="wide")

PAGES = {
    "overview": ("Overview — this week", ":material/home:", True),
    "timeline": ("Timeline", ":material/timeline:", False),
    "gaps": ("Benchmark gaps", ":material/show_chart:", False),
    "prices": ("Prices", ":material/payments:", False),
    "models": ("Models", ":material/search:", False),
    "changes": ("Changes", ":material/compare_arrows:", False),
    "open_vs_closed": ("Open vs closed (Arena)", ":material/balance:", False),
    "exports": ("Weekly exports", ":material/download:", False),
    "health": ("Data health", ":material/monitor_heart:", False),
}
pages = [st.Page(f"app_pages/{name}.py", title=title, icon=icon,
                 url_path=name, default=default)  # url_path = file stem: AppTest.switch_page relies on it
         for name, (title, icon, default) in PAGES.items()]
current = st.navigation(pages)

loaded = data.load()
widgets.data_banner(loaded.source)
filters = widgets.global_filters(widgets.filter_options(loaded))
st.session_state["_context"] = (loaded, filters)
current.run()
