"""Moonshot AI Kimi API pricing pages (platform.kimi.com/docs/pricing/chat-*): prices per 1M tokens.

A Mintlify page per model family, in Chinese, prices in yuan ('¥1.10'). The price table is found
by its header text: '模型' (model), '输入价格（缓存命中）' (input, cache hit), '输入价格（缓存未命中）'
(input, cache miss), '输出价格' (output), '计费单位' (billing unit); English headers ('Model',
'Input Price (Cache Hit)', ...) are accepted too. Input = the cache-miss price; the cache-hit price
becomes cached_input_usd_per_mtok. Rows whose billing unit is not '1M tokens' are skipped (they
would not be prices per million tokens). The context-window column is not a price and is ignored.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ..currency import as_price_rows, price_frame, price_rows
from ..errors import LayoutError
from ..html_tables import Table, parse_html, read_tables, require_unit
from ..parsing import require_rows

NAME = "kimi_pricing"
KINDS = ("prices",)
FIXTURE_FOLDER = "pricing_pages"
FILE_PATTERN = r"^kimi_pricing.*\.html?$"
MIN_ROWS = 1
PARSER_VERSION = "1"
ACCEPT = ("text/html",)

PROVIDER = "moonshot-ai"  # as llm-prices.com names the vendor
_COLUMNS = {"model": r"^(?:模型|model)(?:名称| name)?$",
            "cached_input": r"缓存命中|cache hit",
            "input": r"缓存未命中|cache miss",
            "output": r"输出|output"}
_PLAIN_INPUT = r"^(?:输入价格|input price)$"  # a page without cache pricing
_UNIT_COLUMN = r"计费单位|unit"
_UNIT = r"1M\s*tokens"  # the unit column ('1M tokens') and the note under the table
_PER_MTOK = re.compile(r"^1\s*M\s*tokens?$|^百万\s*tokens?$", re.IGNORECASE)


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "kimi_pricing.html") -> pd.DataFrame:
    soup = parse_html(raw, NAME, name)
    tables = [t for t in read_tables(soup) if _is_price_table(t)]
    if not tables:
        raise LayoutError(NAME, name, "no table with '模型' (model), '输入价格' (input) and '输出价格' "
                                      "(output) headers")
    require_unit(soup, _UNIT, NAME, name)
    rows = price_frame([record for table in tables for record in _parse_table(table, name)])
    rows = rows.drop_duplicates(["model_key", "tier"])
    require_rows(rows, MIN_ROWS, NAME, name)
    return as_price_rows(rows, captured_at, NAME, name)


def _columns(table: Table) -> dict[str, int | None]:
    columns = {what: table.column(pattern) for what, pattern in _COLUMNS.items()}
    if columns["input"] is None:
        columns["input"] = table.column(_PLAIN_INPUT)
    return columns


def _is_price_table(table: Table) -> bool:
    columns = _columns(table)
    return all(columns[what] is not None for what in ("model", "input", "output"))


def _parse_table(table: Table, name: str) -> list[dict]:
    unit = table.column(_UNIT_COLUMN)
    body = [row for row in table.rows if unit is None or _PER_MTOK.match(row[unit])]
    try:
        records = price_rows(body, _columns(table), provider=PROVIDER, tier="standard", default=None)
    except ValueError as exc:
        raise LayoutError(NAME, name, str(exc)) from exc
    for record in records:
        if record["currency"] is None:
            raise LayoutError(NAME, name, f"{record['model_key']}: no currency ('¥' or '$') in its prices")
    return records
