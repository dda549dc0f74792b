"""UI pieces shared by pages: data banner, the global filters (synced to the URL), saved views,
source notes and download buttons. Pages call these; no analysis happens here."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from collectors.store import Store
from landscape import views
from landscape.filters import ACCESS, LICENCE_CLASSES, Filters
from landscape.theme import ACCESS_LABELS

from .data import DataSource

DEFAULT_START = dt.date(2023, 1, 1)
DEFAULT_BENCHMARK = "arena_text"
LICENCE_LABELS = {"permissive": "Permissive (Apache, MIT…)", "open_restricted": "Open, restricted",
                  "proprietary": "Proprietary", "unknown": "Unknown"}


@dataclass(frozen=True)
class FilterOptions:
    low: dt.date | None
    high: dt.date | None
    organizations: list[str]
    benchmarks: list[str]


def filter_options(loaded) -> FilterOptions:
    """The choices the filters offer, from what the data holds (computed once per data version)."""
    return _filter_options(str(loaded.source.root), loaded.source.fingerprint, loaded)


@st.cache_resource(max_entries=4)
def _filter_options(root: str, fingerprint: str, _loaded) -> FilterOptions:
    """From a few columns only, so that a page which shows no scores never loads all of them."""
    store = Store(root)
    scores = store.read_kind("scores", columns=["as_of", "benchmark"], compact=True)
    models = store.read_kind("models", columns=["release_date", "organization"], compact=True)
    dates = pd.concat([f[c].dropna() for f, c in ((scores, "as_of"), (models, "release_date")) if c in f.columns]
                      or [pd.Series([], dtype=object)])
    catalog = _loaded.catalog.get("models")
    holder = catalog if catalog is not None else models
    orgs = sorted({str(o) for o in holder["organization"].dropna().unique()}) if "organization" in holder else []
    benchmarks = sorted(str(b) for b in scores["benchmark"].dropna().unique()) if "benchmark" in scores else []
    if dates.empty:
        return FilterOptions(None, None, orgs, benchmarks)
    return FilterOptions(dates.min().date(), dates.max().date(), orgs, benchmarks)


def context():
    """(data, filters) prepared by the router for the page being drawn."""
    return st.session_state["_context"]


def data_banner(source: DataSource) -> None:
    if source.is_demo:
        st.info("Showing the embedded **demo data** (built from recorded copies of the sources): no "
                "collected snapshots were found in the data directory. Run `python -m collectors run` "
                "or set `LANDSCAPE_DATA_DIR` to see live data.", icon="ℹ️")


def _defaults(options: FilterOptions, chosen: Filters) -> dict:
    start = chosen.start or (min(max(options.low, DEFAULT_START), options.high) if options.low else None)
    return {
        "f_dates": (start, chosen.end or options.high) if options.low else None,
        "f_access": chosen.access,
        "f_licence": chosen.licence,
        "f_orgs": [o for o in chosen.organizations if o in options.organizations],
        "f_benchmark": chosen.benchmark if chosen.benchmark in options.benchmarks else
        (DEFAULT_BENCHMARK if DEFAULT_BENCHMARK in options.benchmarks else
         (options.benchmarks[0] if options.benchmarks else None)),
        "f_min_params": chosen.min_params_b or 0.0,
    }


def _load_into_state(options: FilterOptions, chosen: Filters) -> None:
    for key, value in _defaults(options, chosen).items():
        st.session_state[key] = value


def _from_url() -> Filters:
    query = st.query_params.to_dict()
    if "view" in query:
        try:
            return views.load(query["view"])
        except views.ViewError as exc:
            st.session_state["view_error"] = str(exc)
    return Filters.from_query(query)


def global_filters(options: FilterOptions) -> Filters:
    """Sidebar filters. Read from the URL (or ?view=NAME) once per session, written back on every run
    so that a copied link reopens the same view."""
    if "filters_ready" not in st.session_state:
        _load_into_state(options, _from_url())
        st.session_state["filters_ready"] = True
    with st.sidebar:
        st.header("Filters")
        if st.session_state.get("view_error"):
            st.warning(st.session_state.pop("view_error"))
        if options.low:
            st.date_input("Date range (UTC)", min_value=options.low, max_value=options.high, key="f_dates")
        st.multiselect("Access", list(ACCESS), key="f_access", format_func=ACCESS_LABELS.get)
        st.multiselect("Licence class", list(LICENCE_CLASSES), key="f_licence",
                       format_func=LICENCE_LABELS.get, placeholder="All licence classes")
        st.multiselect("Organization", options.organizations, key="f_orgs", placeholder="All organizations")
        if options.benchmarks:
            st.selectbox("Benchmark", options.benchmarks, key="f_benchmark")
        st.number_input("Minimum parameters (billions)", min_value=0.0, step=1.0, key="f_min_params",
                        help="Models without a published parameter count are hidden when this is above 0.")
    filters = _current(st.session_state)
    st.query_params.from_dict(filters.to_query())
    _saved_views(options, filters)
    return filters


def _current(state) -> Filters:
    dates = state.get("f_dates")
    start, end = (dates if isinstance(dates, tuple | list) and len(dates) == 2 else (None, None))
    return Filters(start=start, end=end, access=list(state.get("f_access") or ACCESS),
                   licence=list(state.get("f_licence") or []), organizations=list(state.get("f_orgs") or []),
                   benchmark=state.get("f_benchmark"), min_params_b=state.get("f_min_params") or None)


def _open_view(options: FilterOptions) -> None:
    name = st.session_state.get("view_pick")
    if name:
        _load_into_state(options, views.load(name))


def _save_view() -> None:
    name = (st.session_state.get("view_name") or "").strip()
    try:
        views.save(name, _current(st.session_state))
        st.session_state["view_saved"] = f"Saved view **{name}**: open it with `?view={name}`."
    except views.ViewError as exc:
        st.session_state["view_saved"] = f"Not saved: {exc}"


def _saved_views(options: FilterOptions, filters: Filters) -> None:
    with st.sidebar.expander("Saved views"):
        names = views.list_views()
        if names:
            st.selectbox("Open a saved view", names, index=None, key="view_pick", placeholder="Choose…",
                         on_change=_open_view, args=(options,))
        st.text_input("Save these filters as", key="view_name", placeholder="e.g. weekly-frontier",
                      max_chars=48)
        st.button("Save view", on_click=_save_view, disabled=not st.session_state.get("view_name"))
        if st.session_state.get("view_saved"):
            st.caption(st.session_state.pop("view_saved"))


def source_note(frame: pd.DataFrame) -> None:
    """Which sources and snapshots the numbers above come from (http(s) links only)."""
    if frame.empty or "source" not in frame.columns:
        return
    parts = []
    for source, rows in frame.groupby("source", observed=True):
        urls = sorted({u for u in rows["source_url"].dropna().astype(str)
                       if u.startswith(("http://", "https://"))}) if "source_url" in rows else []
        dates = rows["snapshot_date"].dropna() if "snapshot_date" in rows else pd.Series([], dtype=object)
        when = f", snapshots {dates.min():%Y-%m-%d}..{dates.max():%Y-%m-%d}" if len(dates) else ""
        parts.append(f"**{source}** ({len(rows)} rows{when}" + (f"; {urls[0]}" if urls else "") + ")")
    st.caption("Source: " + ", ".join(parts))


def _excel_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    clean = frame.copy()
    for column in clean.select_dtypes(include=["datetimetz"]).columns:
        clean[column] = clean[column].dt.tz_convert("UTC").dt.tz_localize(None)
    clean.to_excel(buffer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def downloads(frame: pd.DataFrame, name: str) -> None:
    """CSV and Excel of the data behind a chart; the files are generated only when clicked."""
    if frame.empty:
        return
    left, right = st.columns(2)
    left.download_button("Download CSV", data=lambda: frame.to_csv(index=False).encode("utf-8"),
                         file_name=f"{name}.csv", mime="text/csv", key=f"csv_{name}", on_click="ignore")
    right.download_button("Download Excel", data=lambda: _excel_bytes(frame, name), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{name}", on_click="ignore")


def empty_note(what: str) -> None:
    st.info(f"No {what} match these filters. Widen the date range or clear a filter.")


def http_only(series: pd.Series) -> pd.Series:
    """Links are shown only for http(s) URLs; anything else (javascript:, data:, file:) is blanked."""
    text = series.astype("string")
    return text.where(text.str.match(r"^https?://", na=False))


def access_styled(frame: pd.DataFrame):
    """The table with its access column in the access colours (the same two as every chart)."""
    from landscape.theme import ACCESS_COLORS
    if "access" not in frame.columns or frame.empty or len(frame) > 500:
        return frame  # a Styler renders every cell in Python on each rerun: only for short tables

    def colour(value):
        hue = ACCESS_COLORS.get(str(value))
        return f"color: white; background-color: {hue}" if hue else ""
    return frame.style.map(colour, subset=["access"])
