"""Orchestration of fetch/parse -> validate -> publish for backfill and live runs.

This module and the scheduler are the only places that chain several stages. Each source is
handled on its own: one source's failure is reported in its summary line and never stops the
others, and nothing is published for a source (or a date) whose input failed.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import ModuleType
from urllib.parse import urlsplit

import pandas as pd
from tqdm import tqdm

from . import contract, quarantine, sources
from .config import SourceConfig
from .errors import CollectorError, StoreError
from .http import PoliteSession
from .parsing import date_in_name
from .store import Store, sha256_bytes

log = logging.getLogger(__name__)
IGNORED_FILES = {"MANIFEST.md", "README.md", ".DS_Store"}


@dataclass
class SourceResult:
    source: str
    published: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    unchanged: bool = False
    empty: list[str] = field(default_factory=list)
    rows: int = 0
    unknown_access: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def line(self) -> str:
        parts = [f"{self.source}:"]
        if self.published:
            span = self.published[0] if len(self.published) == 1 else \
                f"{min(self.published)}..{max(self.published)}"
            parts.append(f"published {len(self.published)} snapshot(s) ({span}), {self.rows} rows")
        if self.unchanged:
            parts.append("checked, unchanged since the last capture")
        if self.empty:
            parts.append(f"{len(self.empty)} capture(s) valid but empty, nothing published")
        if self.already:
            parts.append(f"{len(self.already)} date(s) already published, left as they are")
        if self.quarantined:
            parts.append(f"QUARANTINED {', '.join(self.quarantined)} (see status)")
        if self.unknown_access:
            parts.append(f"{self.unknown_access} row(s) with an unrecognised licence -> access unknown")
        if self.errors:
            parts.append(f"FAILED: {self.errors[0]}" + (f" (+{len(self.errors) - 1} more)"
                                                          if len(self.errors) > 1 else ""))
        if len(parts) == 1:
            parts.append("nothing to do")
        return " ".join(parts)


# ---- provenance ---------------------------------------------------------------------------------
def add_provenance(rows: pd.DataFrame, source: str, source_url: str, captured_at: dt.datetime,
                   snapshot_date: dt.date) -> pd.DataFrame:
    rows = contract.complete(rows)
    rows["source"] = source
    if "source_url" in rows.columns:
        rows["source_url"] = rows["source_url"].fillna(source_url)
    else:
        rows["source_url"] = source_url
    rows["captured_at"] = pd.Timestamp(captured_at)
    rows["snapshot_date"] = pd.Timestamp(snapshot_date)
    return rows


def count_unknown_access(frame: pd.DataFrame) -> int:
    if "access" not in frame.columns or "license" not in frame.columns:
        return 0
    return int(((frame["access"] == "unknown") & frame["license"].notna()).sum())


def url_for_file(path: Path, cfg: SourceConfig | None) -> str:
    """The live URL a recorded file is a copy of: same base name, else the source's first URL."""
    if cfg is None:
        return "https://unknown.invalid/"
    stem = re.sub(r"[_-]?\d{4}-?\d{2}-?\d{2}", "", path.name.split(".")[0]).lower()
    for url in cfg.urls:  # mirrors prefix the live name ("olshansk_feed_x" is a copy of "feed_x")
        live = PurePosixPath(urlsplit(url).path).name.split(".")[0].lower()
        if live and stem.endswith(live):
            return url
    return cfg.urls[0]


# ---- backfill -------------------------------------------------------------------------------
def claimed_files(module: ModuleType, from_dir: Path) -> list[Path]:
    folder = from_dir / module.FIXTURE_FOLDER
    if not folder.is_dir():
        return []
    pattern = re.compile(module.FILE_PATTERN)
    return sorted(p for p in folder.rglob("*") if p.is_file() and pattern.search(p.name))


def file_date(path: Path, base: Path) -> dt.date | None:
    """The date a recorded file describes: from its name, else from a parent folder's name."""
    for part in [path.name, *reversed(path.relative_to(base).parts[:-1])]:
        found = date_in_name(part)
        if found:
            return found
    return None


def unclaimed_files(from_dir: Path, modules: dict[str, ModuleType]) -> tuple[list[Path], dict]:
    """Files under from_dir no source claims, and files claimed by more than one source."""
    owners: dict[Path, list[str]] = defaultdict(list)
    for name, module in modules.items():
        for path in claimed_files(module, from_dir):
            owners[path].append(name)
    everything = [p for p in from_dir.rglob("*") if p.is_file() and p.name not in IGNORED_FILES
                  and not any(part.startswith(".") for part in p.relative_to(from_dir).parts)]
    unclaimed = sorted(p for p in everything if p not in owners)
    doubles = {p: names for p, names in owners.items() if len(names) > 1}
    return unclaimed, doubles


def _parse_file(module: ModuleType, path: Path, day: dt.date | None) -> pd.DataFrame:
    captured_at = dt.datetime.combine(day or dt.date(1970, 1, 1), dt.time(), tzinfo=dt.UTC)
    return module.parse(path.read_bytes(), captured_at, path.name)


def backfill_source(store: Store, module: ModuleType, from_dir: Path,
                    cfg: SourceConfig | None, progress: bool = True) -> SourceResult:
    result = SourceResult(module.NAME)
    base = from_dir / module.FIXTURE_FOLDER
    groups: dict[dt.date, list[tuple[Path, pd.DataFrame]]] = defaultdict(list)
    failed_dates: set[dt.date] = set()
    files = claimed_files(module, from_dir)
    if not files:
        result.errors.append(f"no recorded files under {base} matching {module.FILE_PATTERN!r}")
        return result
    for path in tqdm(files, desc=module.NAME, unit="file", disable=not progress, leave=False):
        day = file_date(path, base)
        try:
            rows = _parse_file(module, path, day)
        except (CollectorError, ValueError, KeyError, TypeError) as exc:
            result.errors.append(f"{path.name}: {exc}")
            if day:
                failed_dates.add(day)
            continue
        if day is not None:
            groups[day].append((path, rows))
        elif "as_of" in rows.columns and rows["as_of"].notna().all():
            # A history file: each date it contains becomes its own snapshot.
            for as_of, part in rows.groupby(rows["as_of"].dt.date):
                groups[as_of].append((path, part))
        else:
            result.errors.append(f"{path.name}: no date in its name or folder and no 'as_of' dates")
    for day in sorted(set(groups) - failed_dates):
        _publish_group(store, module, cfg, day, groups[day], result)
    return result


def _publish_group(store: Store, module: ModuleType, cfg: SourceConfig | None, day: dt.date,
                   parts: list[tuple[Path, pd.DataFrame]], result: SourceResult) -> None:
    if store.has(module.NAME, day):
        result.already.append(day.isoformat())
        return
    captured_at = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    frames = [add_provenance(rows, module.NAME, url_for_file(path, cfg), captured_at, day)
              for path, rows in parts]
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty:  # a valid but empty input (a feed with no items): nothing to publish
        result.empty.append(day.isoformat())
        return
    inputs = sorted({(p.name, sha256_bytes(p.read_bytes()), p.stat().st_size) for p, _ in parts})
    try:
        # Backfill imports recorded history as it is: files of different shapes and ages are not
        # comparable snapshot to snapshot, so the quarantine checks guard live captures only.
        entry = store.publish(
            module.NAME, day, frame, captured_at=captured_at,
            inputs=[{"file": n, "sha256": s, "size": z} for n, s, z in inputs],
            extra={"parser_version": module.PARSER_VERSION, "mode": "backfill"})
    except (CollectorError, ValueError) as exc:
        result.errors.append(f"{day}: {exc}")
        return
    if entry.get("quarantined"):
        result.quarantined.append(day.isoformat())
        return
    result.published.append(day.isoformat())
    result.rows += entry["rows"]
    result.unknown_access += count_unknown_access(frame)


def backfill(store: Store, from_dir: Path, names: list[str], configs: dict[str, SourceConfig],
             progress: bool = True) -> list[SourceResult]:
    with store.lock():
        return [backfill_source(store, sources.get(name), from_dir, configs.get(name), progress)
                for name in names]


# ---- live run ---------------------------------------------------------------------------------
def run_source(store: Store, module: ModuleType, cfg: SourceConfig, session: PoliteSession,
               now: dt.datetime | None = None) -> SourceResult:
    result = SourceResult(module.NAME)
    now = now or dt.datetime.now(dt.UTC)
    day = now.date()
    if store.has(module.NAME, day):
        result.already.append(day.isoformat())
        return result
    previous = quarantine.last_capture_meta(store, module.NAME)
    captures: list[tuple[str, bytes, dict]] = []
    try:
        for url in cfg.urls:
            before = previous.get(url, {})
            resp = session.get(url, accept=module.ACCEPT, etag=before.get("etag"),
                               last_modified=before.get("last_modified"))
            captures.append((url, resp.content, {"etag": resp.etag, "last_modified": resp.last_modified,
                                                 "not_modified": resp.not_modified}))
    except CollectorError as exc:
        result.errors.append(str(exc))
        quarantine.record_check(store, module.NAME, now, f"failed: {exc}")
        return result
    try:
        captures = [(url, quarantine.previous_raw(store, module.NAME, url) if meta["not_modified"] else raw,
                     meta) for url, raw, meta in captures]
    except CollectorError as exc:
        result.errors.append(str(exc))
        quarantine.record_check(store, module.NAME, now, f"failed: {exc}")
        return result
    if _same_as_published(store.latest(module.NAME), module, captures):
        quarantine.record_check(store, module.NAME, now, "unchanged")
        result.unchanged = True
        return result
    frames, inputs = [], []
    for index, (url, raw, meta) in enumerate(captures):
        file_name = f"{index:02d}_{_safe_name(url)}"
        store.save_raw(module.NAME, day, file_name, raw, {
            "url": url, "captured_at": now.isoformat(), "licence": cfg.licence,
            "parser_version": module.PARSER_VERSION, "etag": meta["etag"],
            "last_modified": meta["last_modified"]})
        inputs.append({"file": file_name, "url": url, "sha256": sha256_bytes(raw), "size": len(raw)})
        try:
            rows = module.parse(raw, now, file_name)
        except (CollectorError, ValueError, KeyError, TypeError) as exc:
            result.errors.append(f"{url}: {exc}")
            quarantine.record_check(store, module.NAME, now, f"failed: {exc}")
            return result
        frames.append(add_provenance(rows, module.NAME, url, now, day))
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty:  # valid but empty (a feed with no items): checked, nothing new to publish
        quarantine.record_check(store, module.NAME, now, "empty: no items")
        result.empty.append(day.isoformat())
        return result
    try:
        entry = quarantine.publish_or_hold(store, module.NAME, day, frame, captured_at=now, inputs=inputs,
                                           extra={"parser_version": module.PARSER_VERSION, "mode": "live"})
    except (CollectorError, ValueError) as exc:
        result.errors.append(str(exc))
        quarantine.record_check(store, module.NAME, now, f"failed: {exc}")
        return result
    if entry.get("quarantined"):
        result.quarantined.append(day.isoformat())
    else:
        result.published.append(day.isoformat())
        result.rows = entry["rows"]
        result.unknown_access = count_unknown_access(frame)
    quarantine.record_check(store, module.NAME, now, "quarantined" if entry.get("quarantined") else "ok")
    return result


def _same_as_published(latest: dict | None, module: ModuleType,
                       captures: list[tuple[str, bytes, dict]]) -> bool:
    """True when every URL gave the same bytes as the published snapshot, read by the same parser."""
    if not latest or latest.get("parser_version") != module.PARSER_VERSION:
        return False
    published = {i.get("url"): i.get("sha256") for i in latest.get("inputs", [])}
    return published == {url: sha256_bytes(raw) for url, raw, _ in captures}


def _safe_name(url: str) -> str:
    tail = PurePosixPath(urlsplit(url).path).name or "index"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", tail)[:80] or "index"


def run(store: Store, names: list[str], configs: dict[str, SourceConfig], session: PoliteSession,
        now: dt.datetime | None = None) -> list[SourceResult]:
    results = []
    with store.lock():
        for name in tqdm(names, desc="sources", unit="source", disable=None, leave=False):
            if name not in configs:
                results.append(SourceResult(name, errors=[f"no [{name}] table in the sources file"]))
                continue
            results.append(run_source(store, sources.get(name), configs[name], session, now))
    return results


__all__ = ["SourceResult", "StoreError", "backfill", "run", "unclaimed_files"]
