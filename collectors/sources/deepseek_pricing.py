"""DeepSeek API "模型 & 价格" / "Models & Pricing" page: list prices per million tokens.

One sideways table (Docusaurus): a '模型' / 'MODEL' row names the models across the columns
(deepseek-v4-flash, deepseek-v4-pro, each possibly with a footnote mark), the rows below carry
labels in the label columns (a rowspan '价格' / 'PRICING' group) and one value per model; a value
shared by both models spans them with colspan. The price rows are found by their label text:
'百万tokens输入（缓存命中）' (cache hit), '百万tokens输入（缓存未命中）' (cache miss), '百万tokens输出'
(output), or the English '1M INPUT TOKENS (CACHE HIT)' etc. The Chinese page publishes yuan ('元'),
the English one dollars; the currency is read from the cells, never assumed.
Input = the cache-miss price; the cache-hit price becomes cached_input_usd_per_mtok.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ..currency import as_price_rows, price_frame, read_prices
from ..errors import LayoutError
from ..html_tables import Table, parse_html, read_tables, strip_footnote
from ..parsing import require_rows

NAME = "deepseek_pricing"
KINDS = ("prices",)
FIXTURE_FOLDER = "pricing_pages"
FILE_PATTERN = r"^deepseek_pricing.*\.html?$"
MIN_ROWS = 2
PARSER_VERSION = "1"
ACCEPT = ("text/html",)

PROVIDER = "deepseek"
_MODEL_ROW = re.compile(r"^(?:模型|models?)$", re.IGNORECASE)
# Price-row labels; each must mention the unit (百万 tokens / 1M tokens) so that '输出长度'
# (max output length) or '上下文长度' (context length) never read as prices.
_PRICE_ROWS = {
    "cached_input": r"(?:百万|1m).*(?:输入|input).*(?:缓存命中|cache hit)",
    "input": r"(?:百万|1m).*(?:输入|input).*(?:缓存未命中|cache miss)",
    "output": r"(?:百万|1m).*(?:输出|output)",
}
_REQUIRED = {"input": "百万tokens输入（缓存未命中） / 1M INPUT TOKENS (CACHE MISS)",
             "output": "百万tokens输出 / 1M OUTPUT TOKENS"}


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "deepseek_pricing.html") -> pd.DataFrame:
    table = _find_price_table(read_tables(parse_html(raw, NAME, name)), name)
    models = _parse_models(table)
    rows = price_frame(_parse_prices(table, models, name))
    require_rows(rows, MIN_ROWS, NAME, name)
    return as_price_rows(rows, captured_at, NAME, name)


def _label(row: tuple[str, ...], label_columns: list[int]) -> str:
    """The row's label cells joined (a colspan label counted once): '价格 百万tokens输出'."""
    parts: list[str] = []
    for col in label_columns:
        if row[col] and row[col] not in parts:
            parts.append(row[col])
    return " ".join(parts)


def _model_row(table: Table) -> tuple[str, ...] | None:
    return next((row for row in table.grid if any(_MODEL_ROW.match(cell) for cell in row)), None)


def _find_price_table(tables: list[Table], name: str) -> Table:
    for table in tables:
        if _model_row(table) is not None:
            return table
    raise LayoutError(NAME, name, "no table with a '模型' / 'MODEL' row naming the models")


def _parse_models(table: Table) -> dict[int, str]:
    """{column: model id} from the '模型' row: its cells other than the label (which may span)."""
    row = _model_row(table)
    return {col: strip_footnote(text) for col, text in enumerate(row) if text and not _MODEL_ROW.match(text)}


def _parse_prices(table: Table, models: dict[int, str], name: str) -> list[dict]:
    label_columns = [c for c in range(len(table.header)) if c not in models]
    found: dict[str, tuple[str, ...]] = {}
    for row in table.grid:
        label = _label(row, label_columns).lower()
        for what, pattern in _PRICE_ROWS.items():
            if what not in found and re.search(pattern, label):
                found[what] = row
                break
    for what, label in _REQUIRED.items():
        if what not in found:
            raise LayoutError(NAME, name, f"price row {label!r} not found")
    records = []
    for col, model in models.items():
        cells = {what: found[what][col] if what in found else None for what in _PRICE_ROWS}
        try:
            amounts, currency = read_prices(cells, default=None)
        except ValueError as exc:
            raise LayoutError(NAME, name, f"{model}: {exc}") from exc
        if currency is None:
            raise LayoutError(NAME, name, f"{model}: no currency ('元', '¥' or '$') in {cells}")
        records.append({"model_key": model, "model_name": model, "provider": PROVIDER,
                        "tier": "standard", "currency": currency, **amounts})
    return records
