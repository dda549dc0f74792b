"""Helpers the benchmark-score sources share (epoch_benchmarks, open_llm_leaderboard, aider).

Scale checks that explain themselves, benchmark ids, the capture day as a fallback date, and
filling in the minimal contract columns of a kind so every frame a parser returns is complete.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import numpy as np
import pandas as pd

from .. import contract
from ..errors import LayoutError
from ..parsing import decode_text, expect, read_csv_bytes

_EMPTY = {"string": pd.NA, "float": np.nan, "bool": pd.NA, "date": pd.NaT, "timestamp": pd.NaT}


def read_whole_csv(raw: bytes, source: str, name: str) -> pd.DataFrame:
    """read_csv_bytes, refusing a cut-off file: CSV writers write every field of every row, so a
    last row shorter than the header means the download stopped mid-row."""
    table = read_csv_bytes(raw, source, name)
    header = last = None
    try:
        for record in csv.reader(io.StringIO(decode_text(raw, source, name))):
            if record:
                header = header or record
                last = record
    except csv.Error as exc:
        raise LayoutError(source, name, f"not a readable CSV table ({exc})") from exc
    if header is not None and len(last) < len(header):
        raise LayoutError(source, name, f"last row has {len(last)} of {len(header)} fields: "
                                        "the file looks truncated")
    return table


def benchmark_id(text: str) -> str:
    """A published benchmark or task name as a lower snake case id: 'GPQA diamond' -> 'gpqa_diamond'."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def clean_text(series: pd.Series) -> pd.Series:
    """Strings stripped of surrounding space (and stray newlines); blank -> NA."""
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def first_present(*series: pd.Series) -> pd.Series:
    """Row-wise first non-null value of several aligned series (a name with fallbacks)."""
    out = series[0]
    for more in series[1:]:
        out = out.fillna(more)
    return out


def capture_day(captured_at: dt.datetime) -> pd.Timestamp:
    """The UTC date of the capture, for scores whose source gives no date of its own."""
    stamp = pd.Timestamp(captured_at)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.tz_localize(None).normalize()


def check_fraction(scores: pd.Series, source: str, name: str, what: str) -> None:
    expect(scores.dropna().between(0, 1).all(), source, name,
           f"{what} outside 0-1: did the source switch from fractions to percentages?")


def check_percent(scores: pd.Series, source: str, name: str, what: str) -> None:
    present = scores.dropna()
    expect(present.between(0, 100).all(), source, name,
           f"{what} outside 0-100: is it no longer a percentage?")
    expect(present.empty or present.max() > 1, source, name,
           f"{what} all at most 1: did the source switch from percentages to fractions?")


def stack_scores(identity: pd.DataFrame, scores: dict[str, pd.Series]) -> pd.DataFrame:
    """One scores row per (identity row, benchmark) that has a score."""
    frames = []
    for benchmark, values in scores.items():
        rows = identity.copy()
        rows["benchmark"] = benchmark
        rows["score"] = values
        frames.append(rows)
    return pd.concat(frames, ignore_index=True).dropna(subset=["score"])


def as_kind(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Mark rows with their kind and add the kind's minimal columns that the source lacks (empty)."""
    rows = rows.copy()
    rows["kind"] = kind
    for column in contract.KINDS[kind]["columns"]:
        if column not in rows.columns:
            rows[column] = _EMPTY[contract.FIELDS[column].type]
    return rows.reset_index(drop=True)
