"""Helpers the JSON catalog sources share (openrouter, litellm, huggingface).

Read a JSON payload with clear errors, check that an expected key exists somewhere, turn a price
per token into a price per million tokens, and screen out price rows that are not list prices.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from ..errors import LayoutError
from ..parsing import decode_text, expect

# Above every real list price seen (o1-pro output is $600 per million tokens); what lies above is
# a unit slip upstream (litellm's wandb/* entries carry per-1k-token numbers in per-token fields).
PLAUSIBLE_MAX_USD_PER_MTOK = 1_000.0
PRICE_COLUMNS = ("input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok")


def load_json(raw: bytes, source: str, name: str) -> object:
    """Decoded JSON, or a LayoutError for undecodable, empty or truncated input."""
    text = decode_text(raw, source, name)
    if not text.strip():
        raise LayoutError(source, name, "file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayoutError(source, name, f"not valid JSON ({exc.msg} at line {exc.lineno}): "
                                        "truncated or not a JSON response") from exc


def require_key(entries: Iterable[dict], key: str, source: str, name: str, where: str) -> None:
    """A key the parser relies on must appear in at least one entry (optional per entry)."""
    if not any(key in entry for entry in entries):
        raise LayoutError(source, name, f"key {key!r} not found in any {where}")


def per_mtok(value: object) -> float:
    """USD per token (a number or a numeric string) -> USD per million tokens; NaN when absent or
    unreadable. Rounded to 12 significant digits so '0.0000025' gives 2.5, not 2.4999999999999996
    (6 decimals would also cut real digits: Gemini's 4.6875e-09 per token is 0.0046875)."""
    if isinstance(value, bool) or value is None:
        return math.nan
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return float(f"{number * 1_000_000:.12g}") if math.isfinite(number) else math.nan


def screen_prices(rows: pd.DataFrame, source: str, name: str) -> tuple[pd.DataFrame, Counter]:
    """Drop price rows that are not list prices and count why, so they are never published:
    no input and no output price (never published as zero), negative sentinels (routers price
    themselves at -1), zero input and output (free tiers and placeholders), implausibly high prices."""
    inp, out = rows["input_usd_per_mtok"], rows["output_usd_per_mtok"]
    reasons = pd.Series(pd.NA, index=rows.index, dtype="string")
    checks = [
        ("no_price", inp.isna() & out.isna()),
        ("negative_sentinel", rows[list(PRICE_COLUMNS)].lt(0).any(axis=1)),
        ("zero_price", inp.eq(0) & out.eq(0)),
        ("implausible_price", inp.gt(PLAUSIBLE_MAX_USD_PER_MTOK) | out.gt(PLAUSIBLE_MAX_USD_PER_MTOK)),
    ]
    for reason, mask in checks:
        reasons = reasons.mask(mask & reasons.isna(), reason)
    kept = rows[reasons.isna()].copy()
    expect(kept.empty or kept["input_usd_per_mtok"].median() < 100, source, name,
           "median input price above $100 per million tokens: did the source change its unit?")
    return kept, Counter(reasons.dropna())
