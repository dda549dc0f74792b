"""Hugging Face Open LLM Leaderboard v2 (archived in 2025): six benchmarks plus their average.

One row per evaluated Hub repo and precision: fullname (the repo id), average, ifeval, bbh,
math_lvl_5, gpqa, musr, mmlupro (normalised scores on 0-100, the leaderboard's headline numbers;
the *_raw columns are unnormalised accuracies and are not read), hub_license, params_b,
submission_date, upload_to_hub_date. Columns are found by name; the aliases also cover the
official dataset's headers ("Average ⬆️", "MATH Lvl 5", "#Params (B)", "Hub License", ...).
Gives scores (benchmark ids olb_*) and one models row per repo.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..parsing import pick_columns, require_rows, to_date, to_number
from ._scores_common import (
    as_kind,
    capture_day,
    check_percent,
    clean_text,
    first_present,
    read_whole_csv,
    stack_scores,
)

NAME = "open_llm_leaderboard"
KINDS = ("scores", "models")
FIXTURE_FOLDER = "open_llm_leaderboard"
FILE_PATTERN = r"huggingface_v2.*\.csv$"
MIN_ROWS = 50
PARSER_VERSION = "1"
ACCEPT = ("csv", "text/plain", "octet-stream")

_BENCHMARKS = {
    "olb_average": ("average", "Average ⬆️"),
    "olb_ifeval": ("ifeval", "IFEval"),
    "olb_bbh": ("bbh", "BBH"),
    "olb_math_lvl5": ("math_lvl_5", "MATH Lvl 5"),
    "olb_gpqa": ("gpqa", "GPQA"),
    "olb_musr": ("musr", "MUSR"),
    "olb_mmlu_pro": ("mmlupro", "MMLU-PRO"),
}
_REQUIRED = {"model_key": ("fullname", "model"), **_BENCHMARKS}
_OPTIONAL = {"license": ("hub_license", "Hub License"), "params": ("params_b", "#Params (B)"),
             "submitted": ("submission_date", "Submission Date"),
             "uploaded": ("upload_to_hub_date", "Upload To Hub Date")}
# The leaderboard only evaluated models whose weights were public on the Hub, so every row is
# open weights whatever its licence says (hub_license is often empty or "other").
# available_on_the_hub = FALSE means the repo was removed or gated after evaluation, not that its
# weights were never public.
_ACCESS = "open_weights"


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "open_llm_leaderboard.csv") -> pd.DataFrame:
    table = read_whole_csv(raw, NAME, name)
    picked = pick_columns(table, _REQUIRED, NAME, name, optional=_OPTIONAL)
    picked["model_key"] = clean_text(picked["model_key"])
    picked = picked.dropna(subset=["model_key"])
    require_rows(picked, MIN_ROWS, NAME, name)
    scores = _parse_scores(picked, name, captured_at)
    models = _parse_models(picked)
    return pd.concat([scores, models], ignore_index=True)


def _identity(picked: pd.DataFrame) -> pd.DataFrame:
    # Repo ids are "owner/name"; the owner is the organization that published the weights.
    return pd.DataFrame({"model_key": picked["model_key"], "model_name": picked["model_key"],
                         "organization": picked["model_key"].str.extract(r"^([^/]+)/", expand=False),
                         "access": _ACCESS})


def _parse_scores(picked: pd.DataFrame, name: str, captured_at: dt.datetime) -> pd.DataFrame:
    identity = _identity(picked)
    # Scores describe the evaluation, run at submission; older rows may lack that date.
    identity["as_of"] = first_present(to_date(picked["submitted"]), to_date(picked["uploaded"])) \
        .dt.normalize().fillna(capture_day(captured_at))
    values = {benchmark: to_number(picked[benchmark]) for benchmark in _BENCHMARKS}
    for benchmark, scores in values.items():
        check_percent(scores, NAME, name, f"{benchmark} (normalised score)")
    return as_kind(stack_scores(identity, values), "scores")


def _parse_models(picked: pd.DataFrame) -> pd.DataFrame:
    rows = _identity(picked)
    rows["license"] = clean_text(picked["license"])
    params = to_number(picked["params"])
    # Counts are rounded to whole billions: -1 marks "unknown" and 0 "under half a billion".
    rows["params_b"] = params.where(params > 0)
    rows["release_date"] = to_date(picked["uploaded"]).dt.normalize()
    rows["hugging_face_id"] = picked["model_key"]
    # A repo evaluated at two precisions is listed twice; the model is one.
    rows = rows.drop_duplicates("model_key")
    return as_kind(rows, "models")
