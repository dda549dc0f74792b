"""Cached loaders: the only place the dashboard reads the snapshot store.

Caches are keyed on the manifest fingerprint (path, size, mtime), not on DataFrames, so a new
snapshot invalidates them and an unchanged store is read once.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from collectors.store import DEMO_DATA_DIR, Store, resolve_data_dir


@dataclass(frozen=True)
class DataSource:
    root: Path
    is_demo: bool
    fingerprint: str


def active_source() -> DataSource:
    """The data directory in use: the collected data, or the embedded demo when there is none."""
    root = resolve_data_dir(None)
    store = Store(root)
    if store.entries():
        return DataSource(root, False, store.fingerprint())
    demo = Store(DEMO_DATA_DIR)
    return DataSource(DEMO_DATA_DIR, True, demo.fingerprint())


@st.cache_data(show_spinner="Reading snapshots…", max_entries=16)
def load_kind(root: str, fingerprint: str, kind: str) -> pd.DataFrame:
    """All rows of one kind from every published snapshot. `fingerprint` is the cache key."""
    return Store(root).read_kind(kind)


@st.cache_data(max_entries=4)
def load_manifest(root: str, fingerprint: str) -> pd.DataFrame:
    return pd.DataFrame(Store(root).entries())


def kind(source: DataSource, name: str) -> pd.DataFrame:
    return load_kind(str(source.root), source.fingerprint, name)
