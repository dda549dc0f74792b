"""Compare a new live snapshot with the previous one before publishing; hold suspicious ones.

A row-count drop of more than half, most model keys vanishing, or any price moving more than
10x puts the snapshot in quarantine/<source>/<date>.parquet with a reason record beside it,
instead of publishing it. `python -m collectors quarantine release|discard SOURCE DATE` decides.
Also keeps the per-source check log (checks.jsonl) that status and data health read.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

import pandas as pd

from . import contract
from .errors import StoreError
from .store import Store, _check_name, _write_atomic_bytes

log = logging.getLogger(__name__)
MAX_ROW_DROP = 0.5
MAX_KEYS_VANISHED = 0.5
MAX_PRICE_RATIO = 10.0
PRICE_COLUMNS = ("input_usd_per_mtok", "output_usd_per_mtok")


def folder(store: Store, source: str) -> Path:
    return store.root / "quarantine" / _check_name(source)


def reasons_to_hold(previous: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Why `new` should not replace `previous` as what the dashboard serves (empty: publish)."""
    reasons = []
    if len(previous) and len(new) < (1 - MAX_ROW_DROP) * len(previous):
        reasons.append(f"row count fell from {len(previous)} to {len(new)} (more than half)")
    if "model_key" in previous.columns and "model_key" in new.columns:
        before = set(previous["model_key"].dropna().str.lower())
        after = set(new["model_key"].dropna().str.lower())
        if before:
            gone = len(before - after) / len(before)
            if gone > MAX_KEYS_VANISHED:
                reasons.append(f"{gone:.0%} of the previous model keys vanished")
    reasons += _price_jumps(previous, new)
    return reasons


def _current_prices(frame: pd.DataFrame) -> pd.DataFrame:
    if "kind" not in frame.columns or not set(PRICE_COLUMNS) <= set(frame.columns):
        return pd.DataFrame()
    prices = frame[frame["kind"] == "prices"]
    if "effective_to" in prices.columns:
        prices = prices[prices["effective_to"].isna()]
    keys = [c for c in ("model_key", "provider", "tier") if c in prices.columns]
    return prices.drop_duplicates(subset=keys, keep="last").set_index(keys)[list(PRICE_COLUMNS)]


def _price_jumps(previous: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    old, cur = _current_prices(previous), _current_prices(new)
    if old.empty or cur.empty or old.index.names != cur.index.names:
        return []
    joined = old.join(cur, how="inner", lsuffix="_old", rsuffix="_new")
    reasons = []
    for column in PRICE_COLUMNS:
        before, after = joined[f"{column}_old"], joined[f"{column}_new"]
        valid = (before > 0) & (after > 0)
        ratio = (after[valid] / before[valid]).where(lambda r: r >= 1, lambda r: 1 / r)
        jumps = ratio[ratio > MAX_PRICE_RATIO]
        if len(jumps):
            key = jumps.index[0]
            reasons.append(f"{len(jumps)} {column} value(s) moved more than {MAX_PRICE_RATIO:.0f}x, "
                           f"e.g. {key}: {before[key]} -> {after[key]}")
    return reasons


def publish_or_hold(store: Store, source: str, day: dt.date, frame: pd.DataFrame, *,
                    captured_at: dt.datetime, inputs: list[dict], extra: dict) -> dict:
    """Publish, unless the comparison with the last published snapshot finds a reason to hold."""
    frame = contract.conform(frame)  # a frame that fails the contract is neither held nor published
    latest = store.latest(source)
    reasons = reasons_to_hold(store.read_snapshot(latest), frame) if latest else []
    if not reasons:
        return store.publish(source, day, frame, captured_at=captured_at, inputs=inputs, extra=extra)
    target = folder(store, source)
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f".{day.isoformat()}.parquet.tmp"
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, target / f"{day.isoformat()}.parquet")
    record = {"source": source, "snapshot_date": day.isoformat(), "reasons": reasons,
              "captured_at": captured_at.isoformat(), "inputs": inputs, "extra": extra,
              "compared_with": latest["snapshot_date"], "rows": len(frame)}
    _write_atomic_bytes(target / f"{day.isoformat()}.json", json.dumps(record, indent=2).encode())
    log.warning("%s %s quarantined: %s", source, day, "; ".join(reasons))
    return {**record, "quarantined": True}


def held(store: Store) -> list[dict]:
    base = store.root / "quarantine"
    if not base.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(base.glob("*/*.json"))]


def release(store: Store, source: str, day: dt.date) -> dict:
    record_path = folder(store, source) / f"{day.isoformat()}.json"
    if not record_path.exists():
        raise StoreError(f"no quarantined snapshot for {source} on {day}")
    record = json.loads(record_path.read_text())
    frame = pd.read_parquet(record_path.with_suffix(".parquet"))
    entry = store.publish(source, day, frame, captured_at=dt.datetime.fromisoformat(record["captured_at"]),
                          inputs=record["inputs"], extra={**record["extra"], "released_from_quarantine":
                                                          record["reasons"]})
    discard(store, source, day)
    return entry


def discard(store: Store, source: str, day: dt.date) -> None:
    record_path = folder(store, source) / f"{day.isoformat()}.json"
    if not record_path.exists():
        raise StoreError(f"no quarantined snapshot for {source} on {day}")
    record_path.with_suffix(".parquet").unlink(missing_ok=True)
    record_path.unlink()


# ---- check log and previous captures ---------------------------------------------------------
def record_check(store: Store, source: str, when: dt.datetime, outcome: str) -> None:
    store.root.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"source": source, "checked_at": when.astimezone(dt.UTC).isoformat(),
                       "outcome": outcome[:500]}) + "\n"
    with open(store.root / "checks.jsonl", "a", encoding="utf-8") as fh:
        fh.write(line)


def checks(store: Store) -> list[dict]:
    path = store.root / "checks.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def _raw_metas(store: Store, source: str) -> list[tuple[Path, dict]]:
    base = store.raw_dir / source
    if not base.is_dir():
        return []
    metas = []
    for meta_path in sorted(base.glob("*/*.meta.json")):
        try:
            metas.append((meta_path, json.loads(meta_path.read_text())))
        except (OSError, json.JSONDecodeError):
            continue
    return metas


def last_capture_meta(store: Store, source: str) -> dict[str, dict]:
    """url -> meta (sha256, etag, last_modified) of the newest raw capture of each URL."""
    out: dict[str, dict] = {}
    for _, meta in _raw_metas(store, source):  # sorted by date folder: later wins
        out[meta.get("url", "")] = meta
    return out


def previous_raw(store: Store, source: str, url: str) -> bytes:
    """The bytes of the newest capture of url (a 304 means they are still current)."""
    found = [(p, m) for p, m in _raw_metas(store, source) if m.get("url") == url]
    if not found:
        raise StoreError(f"{source}: server answered 304 for {url} but no earlier capture is kept")
    meta_path, meta = found[-1]
    return (meta_path.parent / meta["file"]).read_bytes()
