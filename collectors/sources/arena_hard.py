"""Arena-Hard-Auto leaderboard CSV (LMSYS): win-rate score against a baseline with a 95% interval.

Columns by name: model, score, rating_q025, rating_q975, avg_tokens, date. The file name carries
no date; every row carries its own `date`, which becomes `as_of` (and so the snapshot date).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..parsing import expect, pick_columns, read_csv_bytes, require_rows, to_date, to_number

NAME = "arena_hard"
KINDS = ("scores",)
FIXTURE_FOLDER = "benchmarks"
FILE_PATTERN = r"^arena_hard_auto_leaderboard.*\.csv$"
MIN_ROWS = 10
PARSER_VERSION = "1"
ACCEPT = ("csv", "text/plain", "octet-stream")
BENCHMARK = "arena_hard_auto"


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "arena_hard.csv") -> pd.DataFrame:
    table = read_csv_bytes(raw, NAME, name)
    picked = pick_columns(table, {"model_name": ("model",), "score": ("score",)}, NAME, name,
                          optional={"low": ("rating_q025",), "high": ("rating_q975",),
                                    "as_of": ("date",)})
    rows = pd.DataFrame({
        "model_key": picked["model_name"].astype("string").str.strip(),
        "model_name": picked["model_name"].astype("string").str.strip(),
        "benchmark": BENCHMARK,
        "score": to_number(picked["score"]),
        "score_low": to_number(picked["low"]),
        "score_high": to_number(picked["high"]),
        "as_of": to_date(picked["as_of"]).fillna(pd.Timestamp(captured_at.date())),
    }).dropna(subset=["model_name", "score"])
    expect(rows["score"].between(0, 100).all(), NAME, name,
           "win rates outside 0-100: did the source switch to fractions or Elo?")
    require_rows(rows, MIN_ROWS, NAME, name)
    rows["kind"] = "scores"
    return rows.reset_index(drop=True)
