"""METR time-horizon results (YAML): the task length a model completes with 50% / 80% success.

`results.<run id>.metrics.p50_horizon_length.{estimate, ci_low, ci_high}` in minutes, with the
model's `release_date`. METR publishes no measurement date, so `as_of` is the newest release date
in the file: the results describe the field as it stood then.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import yaml

from ..errors import LayoutError
from ..parsing import decode_text, require_rows, to_date

NAME = "metr"
KINDS = ("scores",)
FIXTURE_FOLDER = "benchmarks"
FILE_PATTERN = r"^metr_.*\.ya?ml$"
MIN_ROWS = 3
PARSER_VERSION = "1"
ACCEPT = ("yaml", "text/plain", "octet-stream")
HORIZONS = {"p50_horizon_length": "metr_p50_horizon_min", "p80_horizon_length": "metr_p80_horizon_min"}


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "metr.yaml") -> pd.DataFrame:
    try:
        payload = yaml.safe_load(decode_text(raw, NAME, name))
    except yaml.YAMLError as exc:
        raise LayoutError(NAME, name, f"not valid YAML ({exc.__class__.__name__})") from exc
    results = payload.get("results") if isinstance(payload, dict) else None
    if not isinstance(results, dict):
        raise LayoutError(NAME, name, "top-level 'results' mapping not found")
    rows = pd.DataFrame([row for run_id, run in results.items() for row in _parse_run(run_id, run)])
    require_rows(rows, MIN_ROWS, NAME, name)
    released = to_date(rows.pop("release_date"))
    rows["as_of"] = released.max() if released.notna().any() else pd.Timestamp(captured_at.date())
    rows["kind"] = "scores"
    return rows


def _parse_run(run_id: str, run: object) -> list[dict]:
    if not isinstance(run, dict) or not isinstance(run.get("metrics"), dict):
        return []
    model = run_id.removesuffix("_inspect")
    out = []
    for key, benchmark in HORIZONS.items():
        metric = run["metrics"].get(key)
        if isinstance(metric, dict) and metric.get("estimate") is not None:
            out.append({"model_key": run_id, "model_name": model, "benchmark": benchmark,
                        "score": float(metric["estimate"]), "score_low": metric.get("ci_low"),
                        "score_high": metric.get("ci_high"), "release_date": run.get("release_date")})
    return out
