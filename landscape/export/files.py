"""Writing an export folder: deterministic tables, a stable workbook zip, and an atomic swap."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from collectors.store import sha256_file


def write_table(frame: pd.DataFrame, folder: Path, name: str) -> list[Path]:
    """<name>.parquet and <name>.csv. Rows arrive sorted; neither file holds a time of writing."""
    frame = frame.reset_index(drop=True)
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    frame.to_parquet(parquet, index=False, engine="pyarrow")
    frame.to_csv(csv, index=False, lineterminator="\n", encoding="utf-8")
    return [parquet, csv]


def stable_zip(raw: bytes, when: dt.datetime, replace: dict[str, bytes] | None = None) -> bytes:
    """The same zip with every member dated `when` (zip stores local write times otherwise)."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            zout.writestr(member, (replace or {}).get(info.filename, zin.read(info)))
    return out.getvalue()


def file_records(folder: Path) -> list[dict]:
    """Every file of the folder (except manifest.json) with its size and sha256, by name."""
    return [{"path": p.name, "sha256": sha256_file(p), "size": p.stat().st_size}
            for p in sorted(folder.iterdir()) if p.is_file() and p.name != "manifest.json"]


def build_atomically(final: Path, build: Callable[[Path], None]) -> Path:
    """Run `build(tmp)` in a temp folder beside `final`, then swap it in.

    A failure leaves no folder behind; an existing export is replaced only once the new one is
    complete (moved aside, the new one renamed in, the old one removed).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp"))
    old = None
    try:
        build(tmp)
        os.chmod(tmp, 0o755)
        if final.exists():
            old = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".old"))
            os.replace(final, old / final.name)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not final.exists() and (old / final.name).exists():
            os.replace(old / final.name, final)  # put the previous export back
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final
