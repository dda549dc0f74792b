"""LMArena (formerly LMSYS Chatbot Arena) text leaderboard: Arena scores, MMLU and MT-bench.

Three published shapes, told apart by their headers (never by file name or position):
  * history      key, Model, rating, License, Organization, date (YYYYMMDD) - one row per model
                 and leaderboard date; each date becomes its own snapshot on backfill;
  * scrape       rank, model, arena_score | arena_elo, 95_pct_ci ("+5/-5"), votes, organization,
                 license - the live leaderboard at capture time;
  * hf_table     Model, MT-bench (score), MMLU, [Arena Elo rating], License, [Organization] - the
                 HF-space leaderboard_table_YYYYMMDD.csv files.
Access is derived from the published licence (collectors.licences); unrecognised -> unknown.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import licences
from ..errors import LayoutError
from ..parsing import expect, find_column, pick_columns, read_csv_bytes, require_rows, to_date, to_number

NAME = "lmarena"
KINDS = ("scores",)
FIXTURE_FOLDER = "lmarena"
FILE_PATTERN = r"\.csv$"
MIN_ROWS = 10
PARSER_VERSION = "1"
ACCEPT = ("csv", "text/plain", "octet-stream")

ARENA = "arena_text"
_IDENTITY = {"model_name": ("Model", "model")}
_OPTIONAL = {"model_key": ("key",), "organization": ("Organization", "organization"),
             "license": ("License", "license")}


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "lmarena.csv") -> pd.DataFrame:
    table = read_csv_bytes(raw, NAME, name)
    if find_column(table, ("rating",)) and find_column(table, ("date",)):
        rows = _parse_history(table, name)
    elif find_column(table, ("95_pct_ci", "95% CI")):
        rows = _parse_scrape(table, name, captured_at)
    elif find_column(table, ("MMLU",)) or find_column(table, ("MT-bench (score)",)):
        rows = _parse_hf_table(table, name, captured_at)
    else:
        raise LayoutError(NAME, name, "none of the known headers: 'rating'+'date' (history), "
                                      "'95_pct_ci' (leaderboard scrape), 'MMLU'/'MT-bench (score)' "
                                      f"(HF-space table); have {list(table.columns)}")
    rows = rows.dropna(subset=["model_name", "score"])
    rows = rows[rows["model_name"].str.strip() != ""]
    require_rows(rows, MIN_ROWS, NAME, name)
    rows["model_key"] = rows["model_key"].fillna(rows["model_name"])
    rows["access"] = licences.access_of(rows["license"])
    rows["kind"] = "scores"
    return rows.reset_index(drop=True)


def _identity(table: pd.DataFrame, name: str) -> pd.DataFrame:
    return pick_columns(table, _IDENTITY, NAME, name, optional=_OPTIONAL).apply(
        lambda s: s.astype("string").str.strip())


def _parse_history(table: pd.DataFrame, name: str) -> pd.DataFrame:
    rows = _identity(table, name)
    rows["benchmark"] = ARENA
    rows["score"] = to_number(table[find_column(table, ("rating",))])
    rows["as_of"] = to_date(table[find_column(table, ("date",))])
    if rows["as_of"].isna().any():
        raise LayoutError(NAME, name, f"{int(rows['as_of'].isna().sum())} rows with an unreadable 'date'")
    return rows


def _parse_ci(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'+5/-4' -> (plus 5, minus 4); anything else -> NaN."""
    parts = text.astype("string").str.extract(r"^\s*\+?\s*(\d+(?:\.\d+)?)\s*/\s*-\s*(\d+(?:\.\d+)?)\s*$")
    return pd.to_numeric(parts[0]), pd.to_numeric(parts[1])


def _parse_scrape(table: pd.DataFrame, name: str, captured_at: dt.datetime) -> pd.DataFrame:
    rows = _identity(table, name)
    score_col = find_column(table, ("arena_score", "arena_elo", "Arena Score", "Arena Elo"))
    if score_col is None:
        raise LayoutError(NAME, name, "column 'arena_score' (or 'arena_elo') not found")
    rows["benchmark"] = ARENA
    rows["score"] = to_number(table[score_col])
    plus, minus = _parse_ci(table[find_column(table, ("95_pct_ci", "95% CI"))])
    rows["score_high"] = rows["score"] + plus
    rows["score_low"] = rows["score"] - minus
    votes = find_column(table, ("votes",))
    rows["n"] = to_number(table[votes]) if votes else float("nan")
    rows["as_of"] = pd.Timestamp(captured_at.date())
    return rows


def _parse_hf_table(table: pd.DataFrame, name: str, captured_at: dt.datetime) -> pd.DataFrame:
    identity = _identity(table, name)
    frames = []
    for benchmark, aliases in (("mmlu", ("MMLU",)), ("mt_bench", ("MT-bench (score)",)),
                               (ARENA, ("Arena Elo rating",))):
        column = find_column(table, aliases)
        if column is None:
            continue
        rows = identity.copy()
        rows["benchmark"] = benchmark
        rows["score"] = to_number(table[column])
        frames.append(rows)
    rows = pd.concat(frames, ignore_index=True)
    mmlu = rows["benchmark"] == "mmlu"
    expect(rows.loc[mmlu, "score"].dropna().between(0, 1).all(), NAME, name,
           "MMLU outside 0-1: did the source switch to percentages?")
    rows["as_of"] = pd.Timestamp(captured_at.date())
    return rows
