"""What an export holds: the data as it stood at the end of an ISO week.

Point in time: a snapshot belongs to the week when its `captured_at` is at or before Sunday
23:59:59 UTC. `snapshot_date` is the UTC date of `captured_at` (backfill and live runs both set it
so), so this is the same cut as `landscape.changes.in_force(entries, sunday)`, which the tables and
the Changes sheet use. The tables hold the snapshots in force at the end of the week (the latest
per source); gaps, charts and Changes use every snapshot captured by then, exactly like the
dashboard would have shown them that week (its pages read the whole store).
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from collectors import contract
from collectors.store import Store, sha256_bytes
from landscape import analysis, changes, identity
from landscape import filters as flt

from .weeks import ExportError, week_bounds

log = logging.getLogger(__name__)

KINDS = ("models", "scores", "prices", "releases")
# The date each table's view filter applies to (the same as the dashboard page showing that table).
DATE_COLUMNS = {"models": "release_date", "scores": "as_of", "prices": None, "releases": "published_at",
                "catalog": None}
SORT_KEYS = {
    "models": ["source", "model_key", "model_name", "release_date"],
    "scores": ["source", "benchmark", "as_of", "model_key", "model_name"],
    "prices": ["source", "provider", "model_key", "tier", "effective_from"],
    "releases": ["source", "published_at", "event", "title", "url"],
    "catalog": ["model_id"],
    "gaps": ["benchmark"],
}
GAP_COLUMNS = ["benchmark", "best_open", "open_score", "best_closed", "closed_score", "gap", "lag_months",
               "as_of"]
_DTYPES = {"string": "string", "float": "float64", "bool": "boolean", "date": "datetime64[ns]",
           "timestamp": "datetime64[ns, UTC]"}
# Characters an xlsx cannot hold (XML 1.0 control characters); removed from every text cell so the
# CSV and the workbook carry the same text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class WeekData:
    week: str
    start: dt.date
    end: dt.datetime
    entries: pd.DataFrame  # every snapshot captured by the end of the week
    in_force: pd.DataFrame  # the latest of each source: what the tables hold
    history: dict[str, pd.DataFrame]  # every row of each kind captured by then (view applied)
    tables: dict[str, pd.DataFrame]
    gaps: pd.DataFrame
    changes: dict[str, pd.DataFrame]
    catalog_files: dict[str, str] = field(default_factory=dict)  # path in the data dir -> sha256
    filters: flt.Filters | None = None

    @property
    def sunday(self) -> dt.date:
        return self.end.date()

    @property
    def has_catalog(self) -> bool:
        return "catalog" in self.tables


class _Listed(Store):
    """The store, but listing only some manifest entries: read_kind then reads just those."""

    def __init__(self, root: Path, entries: list[dict]):
        super().__init__(root)
        self._listed = entries

    def entries(self) -> list[dict]:
        return list(self._listed)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """An empty read gets the contract's column types, so an empty table has the usual schema."""
    if not frame.empty:
        return frame
    return frame.astype({c: _DTYPES[contract.FIELDS[c].type] for c in frame.columns if c in contract.FIELDS})


def captured_by(store: Store, week: str, end: dt.datetime) -> pd.DataFrame:
    entries = pd.DataFrame(store.entries())
    if entries.empty:
        raise ExportError(f"no snapshots in {store.root}: run a backfill or a collection first")
    captured = pd.to_datetime(entries["captured_at"], utc=True)
    chosen = entries[captured <= pd.Timestamp(end)]
    if chosen.empty:
        raise ExportError(f"week {week} ends before any data: the first snapshot was captured "
                          f"{captured.min():%Y-%m-%d %H:%M} UTC")
    return chosen.reset_index(drop=True)


def apply_view(frame: pd.DataFrame, filters: flt.Filters | None, date_column: str | None) -> pd.DataFrame:
    """landscape.filters.apply; a UTC timestamp column is compared as a naive UTC date-time."""
    if filters is None or frame.empty:
        return frame
    column = frame.get(date_column) if date_column else None
    if column is not None and isinstance(column.dtype, pd.DatetimeTZDtype):
        naive = column.dt.tz_convert("UTC").dt.tz_localize(None)
        return flt.apply(frame.assign(_when=naive), filters, "_when").drop(columns="_when")
    return flt.apply(frame, filters, date_column)


def tidy(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Stable row order and text an xlsx can hold, so two runs write identical files."""
    out = frame.reset_index(drop=True)
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].map(lambda v: _CONTROL.sub("", v) if isinstance(v, str) else v)
    keys = [c for c in SORT_KEYS.get(name, []) if c in out.columns]
    if keys:
        out = out.sort_values(keys, kind="mergesort", na_position="last")
    return out.reset_index(drop=True)


def _catalog(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The catalog's models and mentions, with the sha256 of the very bytes read (it may be rebuilt
    while an export runs; the manifest must name what was used)."""
    frames, hashes = {}, {}
    for name in ("models", "mentions"):
        path = data_dir / "catalog" / f"{name}.parquet"
        if path.exists():
            raw = path.read_bytes()
            frames[name], hashes[f"catalog/{name}.parquet"] = pd.read_parquet(io.BytesIO(raw)), sha256_bytes(raw)
    return frames, hashes


def load_week(data_dir: Path, week: str, filters: flt.Filters | None = None) -> WeekData:
    """Everything an export of `week` shows, computed in memory (nothing is written here)."""
    start, end = week_bounds(week)
    sunday = end.date()
    store = Store(data_dir)
    entries = captured_by(store, week, end)
    catalog, catalog_files = _catalog(data_dir)
    listed = _Listed(data_dir, entries.to_dict("records"))
    history = {}
    for kind in KINDS:
        frame = identity.attach(typed(listed.read_kind(kind)), catalog.get("mentions"), catalog.get("models"))
        history[kind] = apply_view(frame, filters, DATE_COLUMNS[kind])
    tables = {kind: tidy(changes.rows_in_force(history[kind], entries, sunday), kind) for kind in KINDS}
    if "models" in catalog:
        tables["catalog"] = tidy(apply_view(catalog["models"], filters, None), "catalog")
    previous_sunday = sunday - dt.timedelta(days=7)
    return WeekData(week=week, start=start, end=end, entries=entries,
                    in_force=changes.in_force(entries, sunday).sort_values("source").reset_index(drop=True),
                    history=history, tables=tables, gaps=gaps_table(history["scores"]),
                    changes=changes.compare(history, entries, previous_sunday, sunday),
                    catalog_files=catalog_files, filters=filters)


def gaps_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark: best open and closed, the gap and the lag (analysis.headline, every benchmark)."""
    benchmarks = sorted(scores["benchmark"].dropna().astype(str).unique()) if "benchmark" in scores else []
    head = analysis.headline(scores, benchmarks) if benchmarks else pd.DataFrame()
    return tidy(head.reindex(columns=GAP_COLUMNS), "gaps")
