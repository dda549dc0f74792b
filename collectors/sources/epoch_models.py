"""Epoch AI "Notable AI Models" and "Large-Scale AI Models" CSVs: one row per model.

Columns are found by header name: the model column is "Model" in newer files and "System" in
older ones, and column order differs between files. "Model accessibility" decides access:
open weights / open access -> open_weights; API, hosted or unreleased -> closed; empty -> unknown.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ..parsing import expect, pick_columns, read_csv_bytes, require_rows, to_date, to_number

NAME = "epoch_models"
KINDS = ("models",)
FIXTURE_FOLDER = "epoch_ai"
FILE_PATTERN = r"(notable|large_scale)_ai_models.*\.csv$"
MIN_ROWS = 50
PARSER_VERSION = "1"
ACCEPT = ("csv", "text/plain", "octet-stream")

_REQUIRED = {
    "model_name": ("Model", "System"),
    "organization": ("Organization",),
    "release_date": ("Publication date",),
    "accessibility": ("Model accessibility",),
}
_OPTIONAL = {
    "params": ("Parameters",),
    "country": ("Country (of organization)", "Country (from Organization)", "Country"),
    "domain": ("Domain",),
}


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "epoch_models.csv") -> pd.DataFrame:
    table = read_csv_bytes(raw, NAME, name)
    picked = pick_columns(table, _REQUIRED, NAME, name, optional=_OPTIONAL)
    rows = pd.DataFrame({
        "model_name": picked["model_name"].astype("string").str.strip(),
        "organization": picked["organization"].astype("string").str.strip(),
        "release_date": to_date(picked["release_date"]),
        "access": _parse_access(picked["accessibility"]),
        "license": picked["accessibility"].astype("string").str.strip(),
        "params_b": to_number(picked["params"]) / 1e9,
        "country": picked["country"].astype("string").str.strip(),
    })
    rows = rows.dropna(subset=["model_name"])
    rows = rows[rows["model_name"] != ""]
    # The same model can be listed twice (e.g. notable and large-scale overlap when both files
    # form one snapshot); within one file keep the first row per name.
    rows = rows.drop_duplicates(subset=["model_name"], keep="first")
    expect(rows["params_b"].dropna().lt(1e5).all(), NAME, name,
           "parameters above 1e14: did the source switch from raw counts to another unit?")
    require_rows(rows, MIN_ROWS, NAME, name)
    rows["model_key"] = rows["model_name"]
    rows["context_tokens"] = float("nan")
    rows["kind"] = "models"
    return rows.reset_index(drop=True)


def _parse_access(text: pd.Series) -> pd.Series:
    """Epoch's accessibility wording -> access. Unrecognised or empty -> unknown."""
    def one(value: object) -> str:
        if pd.isna(value):
            return "unknown"
        lowered = str(value).strip().lower()
        if re.match(r"open (weights|access)", lowered):
            return "open_weights"
        if re.match(r"(api access|hosted access|unreleased)", lowered):
            return "closed"
        return "unknown"
    return text.map(one).astype("string")
