"""Aider LLM leaderboards: YAML lists of benchmark runs (code editing with the aider tool).

Each entry is one run: model, edit_format, pass_rate_1, pass_rate_2, test_cases, total_cost, date,
plus diagnostics that are not read. Entries are read by key, never by position.
  * benchmark "aider_<leaderboard>" (aider_edit, aider_polyglot, ...) = pass_rate_2, the share of
    tasks solved after one retry with the test errors - the leaderboard's headline number;
    "aider_<leaderboard>_pass1" = pass_rate_1, solved at the first attempt. Both are percentages
    (0-100) as Aider publishes them, the same scale as Epoch's copy of the polyglot board.
  * The files do not name their leaderboard, so it comes from the file name
    (<leaderboard>_leaderboard[_date].yml).
  * model_key = "<model>|<edit_format>": one model is often run with several edit formats.
  * cost_usd = total_cost of the run where above 0 (0 means the cost was not recorded).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import yaml

from ..errors import LayoutError
from ..parsing import decode_text, require_rows, to_date, to_number
from ._scores_common import as_kind, check_percent, clean_text, stack_scores

NAME = "aider"
KINDS = ("scores",)
FIXTURE_FOLDER = "aider"
FILE_PATTERN = r"[a-z0-9]+_leaderboard(_[0-9-]+)?\.ya?ml$"
MIN_ROWS = 10
PARSER_VERSION = "1"
ACCEPT = ("yaml", "yml", "text/plain", "octet-stream")

_REQUIRED_KEYS = ("model", "pass_rate_2", "date")
_OPTIONAL_KEYS = ("edit_format", "pass_rate_1", "test_cases", "total_cost")
_LEADERBOARD = re.compile(r"([a-z0-9]+)_leaderboard")


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "polyglot_leaderboard.yml") -> pd.DataFrame:
    benchmark = _parse_benchmark(name)
    runs = _parse_runs(_load_entries(raw, name), name)
    require_rows(runs, MIN_ROWS, NAME, name)
    scores = {benchmark: to_number(runs["pass_rate_2"]), f"{benchmark}_pass1": to_number(runs["pass_rate_1"])}
    check_percent(scores[benchmark], NAME, name, "pass_rate_2")
    check_percent(scores[f"{benchmark}_pass1"], NAME, name, "pass_rate_1")
    return as_kind(stack_scores(_parse_identity(runs, name), scores), "scores")


def _parse_identity(runs: pd.DataFrame, name: str) -> pd.DataFrame:
    with_format = runs["model"] + "|" + runs["edit_format"]
    cost = to_number(runs["total_cost"])
    identity = pd.DataFrame({
        "model_key": with_format.fillna(runs["model"]),  # no edit format published: the model alone
        "model_name": runs["model"],
        "n": to_number(runs["test_cases"]),
        "cost_usd": cost.where(cost > 0),
        "as_of": to_date(runs["date"]).dt.normalize(),
    })
    if identity["as_of"].isna().any():
        raise LayoutError(NAME, name, f"{int(identity['as_of'].isna().sum())} runs with an unreadable 'date'")
    return identity


def _parse_benchmark(name: str) -> str:
    match = _LEADERBOARD.search(Path(name).name.lower())
    if match is None:
        raise LayoutError(NAME, name, "cannot tell which leaderboard this is: the file does not say and "
                                      "its name is not <leaderboard>_leaderboard.yml")
    return f"aider_{match[1]}"


def _load_entries(raw: bytes, name: str) -> list[dict]:
    try:
        entries = yaml.safe_load(decode_text(raw, NAME, name))
    except yaml.YAMLError as exc:
        raise LayoutError(NAME, name, f"not readable YAML ({str(exc).splitlines()[0]})") from exc
    if not entries or not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LayoutError(NAME, name, "expected a non-empty YAML list of runs (mappings)")
    return entries


def _parse_runs(entries: list[dict], name: str) -> pd.DataFrame:
    for index, entry in enumerate(entries):
        missing = [key for key in _REQUIRED_KEYS if entry.get(key) is None]
        if missing:
            # A truncated download ends in a half-written run: fail rather than drop it silently.
            raise LayoutError(NAME, name, f"run {index} ({entry.get('dirname', 'no dirname')}) "
                                          f"lacks {missing}")
    runs = pd.DataFrame([{key: entry.get(key) for key in _REQUIRED_KEYS + _OPTIONAL_KEYS}
                         for entry in entries])
    for key in ("model", "edit_format"):
        runs[key] = clean_text(runs[key])
    return runs
