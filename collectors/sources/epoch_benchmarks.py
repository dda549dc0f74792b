"""Epoch AI Benchmarking Hub: benchmark runs, model versions, external benchmark tables and ECI.

Epoch publishes several CSVs (UTF-8 with a BOM) keyed by one "model version" id; parse() sees one
file at a time and tells the shapes apart by their headers (never by position):
  * runs              task, model (version id), Best score (across scorers), started_at - one row
                      per Hub run; score is a fraction 0-1, benchmark = the task name in snake case;
  * eci               Model version, ECI Score, Release date, Organization, Country, Model
                      accessibility - benchmark "eci" scores plus one models row per version;
  * external          Model version + a score column - leaderboards Epoch copies (Aider polyglot,
                      LiveBench, SimpleBench, MMLU, ...); the benchmark id comes from the headers
                      where they are distinctive, else from the file name `external_benchmark_<id>`;
  * model_versions    id, Model, Version release date, Display name - one models row per version.
model_key is always the version id, so every file joins to the others without a second lookup.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from ..errors import LayoutError
from ..parsing import expect, find_column, pick_columns, require_rows, to_date, to_number
from ._scores_common import (
    as_kind,
    benchmark_id,
    capture_day,
    check_fraction,
    check_percent,
    clean_text,
    first_present,
    read_whole_csv,
)

NAME = "epoch_benchmarks"
KINDS = ("scores", "models")
FIXTURE_FOLDER = "epoch_benchmarks"
FILE_PATTERN = (r"(benchmarks_runs|model_versions|epoch_capabilities_index|external_benchmark_[a-z0-9_]+?)"
                r"(_\d{4}-?\d\d-?\d\d)?\.csv$")
MIN_ROWS = 10
PARSER_VERSION = "1"
ACCEPT = ("csv", "text/plain", "octet-stream")

ECI = "eci"
_VERSION = ("Model version", "model_version")
_DISPLAY = ("Display name", "Unique display name")
_ORGANIZATION = {"organization": ("Organization",)}

_RUNS = {"model_key": ("model", *_VERSION), "task": ("task",),
         "score": ("Best score (across scorers)", "Best score")}
_RUNS_OPTIONAL = {"display": _DISPLAY, "started": ("started_at", "Started at"), "status": ("Status",),
                  **_ORGANIZATION}

_ECI = {"model_key": _VERSION, "score": ("ECI Score",)}
_ECI_OPTIONAL = {"display": ("Display name",), "model": ("Model name",), "release": ("Release date",),
                 "country": ("Country",), "accessibility": ("Model accessibility",), **_ORGANIZATION}

_VERSIONS = {"model_key": ("id",)}
_VERSIONS_OPTIONAL = {"unique": ("Unique display name",), "display": ("Display name",),
                      "release": ("Version release date", "Release date"), **_ORGANIZATION}

# External tables: (benchmark id, a header only that table has, score column, scale). Tables of
# the older "Name, EM, Model version, Shots" family (MMLU, HellaSwag, ...) share their headers, so
# those are told apart by file name only.
_EXTERNAL_SIGNATURES = (
    ("aider_polyglot", "Percent using correct edit format", ("Percent correct",), "percent"),
    ("livebench", "LiveBench Version", ("Global average",), "percent"),
    ("simple_bench", "Score (AVG@5)", ("Score (AVG@5)",), "percent"),
)
_SCORE_COLUMNS = ("Score", "EM", "Accuracy", "Average", "Percent correct", "Global average",
                  "Score (AVG@5)", "Best score (across scorers)")
_EXTERNAL_SCALES = {bench: scale for bench, _, _, scale in _EXTERNAL_SIGNATURES}
# lmarena publishes MMLU as a fraction; Epoch's MMLU table says "77.0%". One benchmark id keeps one
# scale across sources, so these percentages are divided by 100.
_EXTERNAL_SCALES["mmlu"] = "percent_as_fraction"
# Scores at a benchmark's standard shot count keep the plain id (so Epoch's 5-shot MMLU meets
# lmarena's); any other published shot count gets its own id, e.g. mmlu_0shot, hellaswag_10shot.
_STANDARD_SHOTS = {"mmlu": 5}
_EXTERNAL_NAME = re.compile(r"external_benchmark_([a-z0-9_]+?)(?:_\d{4}-?\d\d-?\d\d)?\.csv$")
_AIRTABLE_ID = re.compile(r"^rec[A-Za-z0-9]{14}$")


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "epoch_benchmarks.csv") -> pd.DataFrame:
    table = read_whole_csv(raw, NAME, name)
    if find_column(table, _ECI["score"]):
        rows = _parse_eci(table, name, captured_at)
    elif find_column(table, _RUNS["task"]) and find_column(table, _RUNS["score"]):
        rows = _parse_runs(table, name, captured_at)
    elif find_column(table, _VERSION):
        rows = _parse_external(table, name, captured_at)
    elif find_column(table, _VERSIONS_OPTIONAL["release"]) and find_column(table, _VERSIONS["model_key"]):
        rows = _parse_model_versions(table, name)
    else:
        raise LayoutError(NAME, name, "none of the known headers: 'ECI Score' (capabilities index), "
                                      "'task'+'Best score (across scorers)' (runs), 'Model version' "
                                      "(external benchmark), 'id'+'Version release date' (model versions); "
                                      f"have {list(table.columns)}")
    require_rows(rows, MIN_ROWS, NAME, name)
    return rows


def _parse_runs(table: pd.DataFrame, name: str, captured_at: dt.datetime) -> pd.DataFrame:
    picked = pick_columns(table, _RUNS, NAME, name, optional=_RUNS_OPTIONAL)
    # Only finished runs carry a meaningful best score; a file without a Status column is taken as is.
    status = clean_text(picked["status"]).str.lower()
    picked = picked[status.isna() | (status == "success")]
    rows = pd.DataFrame({"model_key": clean_text(picked["model_key"]),
                         "organization": clean_text(picked["organization"]),
                         "benchmark": clean_text(picked["task"]).map(benchmark_id, na_action="ignore"),
                         "score": to_number(picked["score"])})
    rows["model_name"] = first_present(clean_text(picked["display"]), rows["model_key"])
    # A few runs have no start time (e.g. manual evaluations): the capture day stands in.
    rows["as_of"] = to_date(picked["started"]).dt.normalize().fillna(capture_day(captured_at))
    rows = rows.dropna(subset=["model_key", "benchmark", "score"])
    check_fraction(rows["score"], NAME, name, "best score")
    return as_kind(rows, "scores")


def _parse_eci(table: pd.DataFrame, name: str, captured_at: dt.datetime) -> pd.DataFrame:
    picked = pick_columns(table, _ECI, NAME, name, optional=_ECI_OPTIONAL)
    models = pd.DataFrame({"model_key": clean_text(picked["model_key"]),
                           "organization": clean_text(picked["organization"]),
                           "country": clean_text(picked["country"]),
                           "release_date": to_date(picked["release"]).dt.normalize(),
                           "access": _parse_access(picked["accessibility"])})
    models["model_name"] = first_present(clean_text(picked["display"]), clean_text(picked["model"]),
                                         models["model_key"])
    models = models.dropna(subset=["model_key"]).drop_duplicates("model_key")
    scores = models[["model_key", "model_name", "organization", "access"]].copy()
    scores["benchmark"] = ECI
    scores["score"] = to_number(picked["score"])
    scores["as_of"] = capture_day(captured_at)  # the index is refitted as models are added
    scores = scores.dropna(subset=["score"])
    expect(scores["score"].between(0, 300).all(), NAME, name,
           "ECI outside 0-300: did Epoch re-anchor the index (Claude 3.5 Sonnet = 130, GPT-5 = 150)?")
    return pd.concat([as_kind(scores, "scores"), as_kind(models, "models")], ignore_index=True)


def _parse_access(text: pd.Series) -> pd.Series:
    """Epoch's "Model accessibility": open weights -> open_weights; API, hosted or unreleased ->
    closed; empty or unrecognised -> unknown."""
    lowered = clean_text(text).str.lower()
    access = pd.Series("unknown", index=text.index, dtype="string")
    access[lowered.str.match(r"open (weights|access)", na=False)] = "open_weights"
    access[lowered.str.match(r"(api access|hosted access|unreleased)", na=False)] = "closed"
    return access


def _parse_model_versions(table: pd.DataFrame, name: str) -> pd.DataFrame:
    picked = pick_columns(table, _VERSIONS, NAME, name, optional=_VERSIONS_OPTIONAL)
    rows = pd.DataFrame({"model_key": clean_text(picked["model_key"]),
                         "organization": clean_text(picked["organization"]),
                         "release_date": to_date(picked["release"]).dt.normalize()})
    rows["model_name"] = first_present(clean_text(picked["unique"]), clean_text(picked["display"]),
                                       rows["model_key"])
    # The file has a Hugging Face developer id for some versions, but API-only models (Qwen-VL-Max,
    # kimi-k2-turbo-preview) have one too, so it says nothing about access.
    rows["access"] = "unknown"
    rows = rows.dropna(subset=["model_key"]).drop_duplicates("model_key")
    return as_kind(rows, "models")


def _external_benchmark(table: pd.DataFrame, name: str) -> str:
    for benchmark, header, _, _ in _EXTERNAL_SIGNATURES:
        if find_column(table, (header,)):
            return benchmark
    match = _EXTERNAL_NAME.search(Path(name).name.lower())
    if match is None:
        raise LayoutError(NAME, name, "cannot tell which benchmark this table holds: no distinctive "
                                      "header and the file name is not external_benchmark_<id>.csv")
    return match[1]


def _parse_external(table: pd.DataFrame, name: str, captured_at: dt.datetime) -> pd.DataFrame:
    benchmark = _external_benchmark(table, name)
    known = {bench: columns for bench, _, columns, _ in _EXTERNAL_SIGNATURES}
    aliases = known.get(benchmark, _SCORE_COLUMNS)
    picked = pick_columns(table, {"score": aliases}, NAME, name, optional={
        "version": _VERSION, "display": (*_DISPLAY, "Name"), "record": ("id",), "shots": ("Shots",),
        "date": ("Date", "Date added"), **_ORGANIZATION})
    record = clean_text(picked["record"])
    # Epoch keys rows by Airtable record ids (recXXXXXXXXXXXXXX); LiveBench's table keeps the
    # leaderboard's own model name there instead. That is the name LiveBench shows, and it tells
    # apart rows Epoch mapped to one version (claude-3-7-sonnet and claude-3-7-sonnet-thinking).
    own_name = record.mask(record.str.match(_AIRTABLE_ID.pattern, na=False))
    rows = pd.DataFrame({"model_key": clean_text(picked["version"]),
                         "organization": clean_text(picked["organization"]),
                         "score": to_number(picked["score"])})
    rows["model_name"] = first_present(clean_text(picked["display"]), own_name, rows["model_key"])
    rows["benchmark"] = _with_shots(benchmark, to_number(picked["shots"]))
    rows["as_of"] = to_date(picked["date"]).dt.normalize().fillna(capture_day(captured_at))
    rows = rows.dropna(subset=["model_name", "score"])
    scale = _EXTERNAL_SCALES.get(benchmark)
    if scale == "percent":
        check_percent(rows["score"], NAME, name, f"{benchmark} score")
    elif scale == "percent_as_fraction":
        check_percent(rows["score"], NAME, name, f"{benchmark} score")
        rows["score"] = rows["score"] / 100
    return as_kind(rows, "scores")


def _with_shots(benchmark: str, shots: pd.Series) -> pd.Series:
    """The plain id for the standard (or an unstated) shot count, '<id>_<k>shot' for the others."""
    ids = pd.Series(benchmark, index=shots.index, dtype="string")
    other = shots.notna() & (shots != _STANDARD_SHOTS.get(benchmark))
    ids[other] = benchmark + "_" + shots[other].astype(int).astype(str) + "shot"
    return ids
