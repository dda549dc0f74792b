"""The snapshot store: dated, immutable parquet snapshots, raw captures and the manifest.

Layout under the data directory:
    snapshots/<source>/<YYYY-MM-DD>.parquet   one per source per capture date, never overwritten
    raw/<source>/<YYYY-MM-DD>/<file>          raw bytes of a live capture, with <file>.meta.json
    manifest.jsonl                            one line per published snapshot, appended last

The manifest line is the commit marker: readers trust only snapshots listed there, so a run that
dies half-way leaves at most an unlisted file that nobody reads.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import contract
from .errors import StoreError

log = logging.getLogger(__name__)

ENV_DATA_DIR = "LANDSCAPE_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEMO_DATA_DIR = DEFAULT_DATA_DIR / "demo"
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
_SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def resolve_data_dir(arg: str | os.PathLike | None = None) -> Path:
    """--data-dir wins, then $LANDSCAPE_DATA_DIR, then the project's data/ folder."""
    if arg:
        return Path(arg).expanduser().resolve()
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    return DEFAULT_DATA_DIR


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_name(name: str, what: str = "source") -> str:
    if not _SAFE_NAME.match(name or ""):
        raise StoreError(f"invalid {what} name {name!r}: use lower-case letters, digits and _")
    return name


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.manifest_path = self.root / "manifest.jsonl"
        self.snapshots_dir = self.root / "snapshots"
        self.raw_dir = self.root / "raw"
        self.lock_path = self.root / "collector.lock"

    # ---- reading -------------------------------------------------------------------------
    def entries(self) -> list[dict]:
        """Manifest entries in publication order; a torn last line (crash mid-append) is skipped."""
        if not self.manifest_path.exists():
            return []
        out = []
        with open(self.manifest_path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    log.warning("manifest line %d is not valid JSON (torn write?); ignored", number)
        return out

    def fingerprint(self) -> str:
        """Changes whenever a snapshot is published: the cache key for readers."""
        if not self.manifest_path.exists():
            return "empty"
        stat = self.manifest_path.stat()
        return f"{self.manifest_path}:{stat.st_size}:{stat.st_mtime_ns}"

    def has(self, source: str, snapshot_date: dt.date) -> bool:
        day = snapshot_date.isoformat()
        return any(e["source"] == source and e["snapshot_date"] == day for e in self.entries())

    def latest(self, source: str) -> dict | None:
        mine = [e for e in self.entries() if e["source"] == source]
        return max(mine, key=lambda e: (e["snapshot_date"], e["captured_at"])) if mine else None

    def path_of(self, entry: dict) -> Path:
        return self.root / entry["path"]

    def read_snapshot(self, entry: dict) -> pd.DataFrame:
        return pd.read_parquet(self.path_of(entry))

    def read_kind(self, kind: str, sources: list[str] | None = None, compact: bool = False,
                  columns: list[str] | None = None) -> pd.DataFrame:
        """All rows of one kind from every listed snapshot (optionally of some sources only).

        One pyarrow dataset over all the files (schemas unified: sources carry different optional
        columns) with the kind filter pushed down: much faster than a read per snapshot. `compact`
        returns text columns as categoricals (the same model, provider and URL repeat in every
        snapshot: a fraction of the memory of Python strings, for the dashboard's long histories).
        """
        paths = [str(self.path_of(e)) for e in self.entries()
                 if kind in e.get("kinds", []) and (not sources or e["source"] in sources)]
        if not paths:
            return pd.DataFrame(columns=list(contract.PROVENANCE + contract.KINDS[kind]["columns"]))
        schema = pa.unify_schemas([pq.read_schema(p) for p in paths], promote_options="permissive")
        wanted = None if columns is None else [c for c in columns if c in schema.names]
        table = ds.dataset(paths, schema=schema, format="parquet").to_table(
            columns=wanted, filter=ds.field("kind") == kind)
        frame = table.to_pandas(strings_to_categorical=compact)
        if columns is not None:  # a projection: exactly what was asked for
            return frame
        keep = [c for c in contract.FIELDS if c in frame.columns and (
            c in contract.PROVENANCE or c in contract.KINDS[kind]["columns"] or frame[c].notna().any())]
        return frame[keep]

    # ---- writing -------------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        """One collector run at a time; a second one fails at once saying who holds the lock."""
        self.root.mkdir(parents=True, exist_ok=True)
        info_path = self.lock_path.with_suffix(".owner")
        lock = filelock.FileLock(str(self.lock_path))
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            owner = info_path.read_text() if info_path.exists() else "unknown process"
            raise StoreError(f"another collector run holds {self.lock_path} ({owner.strip()})") from None
        try:
            info_path.write_text(f"pid {os.getpid()} since {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ}\n")
            yield
        finally:
            info_path.unlink(missing_ok=True)
            lock.release()

    def save_raw(self, source: str, snapshot_date: dt.date, name: str, data: bytes, meta: dict) -> Path:
        """Keep the raw bytes of a live capture (and a meta record) so parsers can be replayed."""
        _check_name(source)
        if not _SAFE_FILE.match(name):
            raise StoreError(f"unsafe raw file name {name!r}")
        folder = self.raw_dir / source / snapshot_date.isoformat()
        path = folder / name
        _write_atomic_bytes(path, data)
        meta = {**meta, "sha256": sha256_bytes(data), "size": len(data), "file": name}
        _write_atomic_bytes(folder / f"{name}.meta.json",
                            json.dumps(meta, indent=2, sort_keys=True, default=str).encode())
        return path

    def publish(self, source: str, snapshot_date: dt.date, frame: pd.DataFrame, *,
                captured_at: dt.datetime, inputs: list[dict], extra: dict | None = None) -> dict:
        """Validate, write atomically, never overwrite, then append the manifest line.

        Returns the manifest entry. Raises ContractError (frame invalid) or StoreError (a snapshot
        of this source and date is already published).
        """
        _check_name(source)
        if self.has(source, snapshot_date):
            raise StoreError(f"{source}: a snapshot for {snapshot_date} is already published; "
                             "snapshots are never overwritten")
        frame = contract.conform(frame)
        rel = Path("snapshots") / source / f"{snapshot_date.isoformat()}.parquet"
        final = self.root / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            frame.to_parquet(tmp, index=False)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            check = pd.read_parquet(tmp)
            if len(check) != len(frame):
                raise StoreError(f"{source}: read-back of {tmp} has {len(check)} rows, wrote {len(frame)}")
            if final.exists():
                # Not in the manifest (checked above), so it is debris of a run that died
                # between rename and manifest append: never published, safe to replace.
                log.warning("%s: replacing unpublished leftover %s", source, final)
            os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        entry = {
            "source": source,
            "kinds": sorted(frame["kind"].unique().tolist()),
            "snapshot_date": snapshot_date.isoformat(),
            "path": rel.as_posix(),
            "sha256": sha256_file(final),
            "rows": len(frame),
            "captured_at": captured_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "source_url": sorted(frame["source_url"].unique().tolist())[0]
            if frame["source_url"].nunique() == 1 else sorted(frame["source_url"].unique().tolist()),
            "inputs": inputs,
            **(extra or {}),
        }
        self._append_manifest(entry)
        return entry

    def _append_manifest(self, entry: dict) -> None:
        line = (json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.manifest_path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line  # a torn last line from a killed run: start on a fresh line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
