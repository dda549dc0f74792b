"""Router: `streamlit run dashboard/app.py`. Pages live in dashboard/app_pages/."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

st.set_page_config(page_title="AI model landscape", page_icon="📊", layout="wide")

PAGES = [
    st.Page(str(ROOT / "dashboard/app_pages/open_vs_closed.py"), title="Open vs closed",
            url_path="open-vs-closed", default=True),
]
st.navigation(PAGES).run()
