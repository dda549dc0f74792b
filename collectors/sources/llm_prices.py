"""llm-prices.com (simonw/llm-prices) per-vendor JSON: prices with their history.

Shape: {"vendor": ..., "models": [{"id", "name", "price_history": [{"input", "output",
"input_cached", "from_date", "to_date"}]}]}, prices already in USD per million tokens. Every
price_history entry becomes one row; an entry with a to_date is a superseded price.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..errors import LayoutError
from ..parsing import expect, require_rows, to_date
from ._json_common import load_json

NAME = "llm_prices"
KINDS = ("prices",)
FIXTURE_FOLDER = "llm_prices_simonw"
FILE_PATTERN = r"\.json$"
MIN_ROWS = 1
PARSER_VERSION = "1"
ACCEPT = ("json", "text/plain", "octet-stream")


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "llm_prices.json") -> pd.DataFrame:
    payload = load_json(raw, NAME, name)
    if not isinstance(payload, dict) or not isinstance(payload.get("models"), list):
        raise LayoutError(NAME, name, "top-level 'models' list not found")
    vendor = payload.get("vendor")
    if not isinstance(vendor, str) or not vendor:
        raise LayoutError(NAME, name, "top-level 'vendor' not found")
    rows = pd.DataFrame([row for model in payload["models"] for row in _parse_model(model, vendor, name)])
    require_rows(rows, MIN_ROWS, NAME, name)
    for column in ("input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce")
    expect(rows["input_usd_per_mtok"].dropna().lt(10_000).all(), NAME, name,
           "input price above $10,000 per million tokens: did the source switch to per-token units?")
    rows["effective_from"] = to_date(rows["effective_from"])
    rows["effective_to"] = to_date(rows["effective_to"])
    rows["kind"] = "prices"
    return rows


def _parse_model(model: dict, vendor: str, name: str) -> list[dict]:
    if not isinstance(model, dict) or "id" not in model:
        raise LayoutError(NAME, name, "a model entry without 'id'")
    history = model.get("price_history")
    if not isinstance(history, list):
        raise LayoutError(NAME, name, f"model {model['id']!r} has no 'price_history' list")
    return [{
        "model_key": model["id"],
        "model_name": model.get("name") or model["id"],
        "provider": vendor,
        "input_usd_per_mtok": entry.get("input"),
        "output_usd_per_mtok": entry.get("output"),
        "cached_input_usd_per_mtok": entry.get("input_cached"),
        "effective_from": entry.get("from_date"),
        "effective_to": entry.get("to_date"),
    } for entry in history if isinstance(entry, dict)]
