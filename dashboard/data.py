"""Cached loaders: the only place the dashboard reads the snapshot store.

Caches are keyed on the manifest fingerprint (path, size, mtime), not on DataFrames, so a new
snapshot invalidates them and an unchanged store is read once per process. The frames are held
with st.cache_resource: every rerun gets the same objects without a copy (st.cache_data would
unpickle millions of rows on every rerun). Pages treat them as read-only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from collectors import config, quarantine, sources, status
from collectors.store import DEMO_DATA_DIR, Store, resolve_data_dir
from landscape import analysis, identity

KINDS = ("models", "scores", "prices", "releases")
CATALOG_TABLES = ("models", "mentions", "aliases", "unmatched", "disagreements")


@dataclass(frozen=True)
class DataSource:
    root: Path
    is_demo: bool
    fingerprint: str


@dataclass
class Data:
    """The data of one data directory. Kinds are read on first use, so a page that shows no prices
    never loads the (largest) prices table."""
    source: DataSource
    catalog: dict[str, pd.DataFrame]
    manifest: pd.DataFrame

    def kind(self, name: str, source: str | None = None) -> pd.DataFrame:
        if source:
            return load_kind_of(str(self.source.root), self.source.fingerprint, name, source)
        return load_kind(str(self.source.root), self.source.fingerprint, name)

    @property
    def kinds(self) -> dict[str, pd.DataFrame]:
        return {name: self.kind(name) for name in KINDS}

    @property
    def price_intervals(self) -> pd.DataFrame:
        return load_price_intervals(str(self.source.root), self.source.fingerprint)

    def __getattr__(self, name):  # data.scores, data.prices, ...
        if name in KINDS:
            return self.kind(name)
        raise AttributeError(name)


def active_source() -> DataSource:
    """The data directory in use: the collected data, or the embedded demo when there is none."""
    root = resolve_data_dir(None)
    store = Store(root)
    fingerprint = store.fingerprint()  # a stat, not a parse of the manifest: this runs on every rerun
    if fingerprint != "empty" and store.manifest_path.stat().st_size > 0:
        return DataSource(root, False, fingerprint)
    return DataSource(DEMO_DATA_DIR, True, Store(DEMO_DATA_DIR).fingerprint())


def _catalog_dir(root: Path) -> Path:
    return root / "catalog"


@st.cache_resource(show_spinner="Reading the catalog…", max_entries=4)
def load_catalog(root: str, fingerprint: str) -> dict[str, pd.DataFrame]:
    folder = _catalog_dir(Path(root))
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in CATALOG_TABLES
            if (folder / f"{name}.parquet").exists()}


@st.cache_resource(show_spinner="Reading snapshots…", max_entries=16)
def load_kind(root: str, fingerprint: str, kind: str) -> pd.DataFrame:
    """All rows of one kind from every published snapshot, with the catalog's identity attached."""
    frame = Store(root).read_kind(kind, compact=True)
    catalog = load_catalog(root, fingerprint)
    frame = identity.attach(frame, catalog.get("mentions"), catalog.get("models"))
    for column in ("source", "access", "licence_class", "benchmark", "provider", "organization", "event"):
        if column in frame.columns:
            frame[column] = frame[column].astype("category")
    return frame


@st.cache_resource(show_spinner="Reading snapshots…", max_entries=16)
def load_kind_of(root: str, fingerprint: str, kind: str, source: str) -> pd.DataFrame:
    """One source's rows of a kind (a page that needs one source's prices does not load them all)."""
    frame = Store(root).read_kind(kind, sources=[source])
    catalog = load_catalog(root, fingerprint)
    return identity.attach(frame, catalog.get("mentions"), catalog.get("models"))


@st.cache_resource(show_spinner="Building price histories…", max_entries=4)
def load_price_intervals(root: str, fingerprint: str) -> pd.DataFrame:
    """Every distinct price with the interval it applied (from all price rows), once per data version."""
    return analysis.price_intervals(load_kind(root, fingerprint, "prices"))


@st.cache_resource(max_entries=4)
def load_manifest(root: str, fingerprint: str) -> pd.DataFrame:
    return pd.DataFrame(Store(root).entries())


def load(source: DataSource | None = None) -> Data:
    source = source or active_source()
    root = str(source.root)
    return Data(source, load_catalog(root, source.fingerprint), load_manifest(root, source.fingerprint))


@st.cache_data(ttl=60, max_entries=4)
def health(root: str, fingerprint: str) -> pd.DataFrame:
    """Per-source status (refreshed at most once a minute: age changes with the clock)."""
    store = Store(root)
    rows = status.source_status(store, config.load(), list(sources.SOURCE_MODULES), dt.datetime.now(dt.UTC))
    frame = pd.DataFrame(rows)
    checks = pd.DataFrame(quarantine.checks(store))
    if not checks.empty:
        ok = checks[checks["outcome"].isin(["ok", "unchanged"])].groupby("source")["checked_at"].max()
        errors = checks[checks["outcome"].str.startswith("failed")].groupby("source")["outcome"].last()
        frame["last_success"] = frame["source"].map(ok)
        frame["last_error"] = frame["source"].map(errors)
    return frame
