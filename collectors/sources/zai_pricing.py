"""Z.AI (GLM) developer docs pricing page: list prices per million tokens, in USD.

A Mintlify page with several tables under headings ('Text Models', 'Vision Models', 'Built-in
Tools', 'Image Generation Models', ...). The token-priced tables are found by their header text
('Model', 'Input', 'Cached Input', 'Output'); the others (tools per use, images and videos per
item, ASR and agents priced in a single 'Price' column) have no Input/Output columns and are
skipped. 'Cached Input Storage' is a storage fee, not a price per token, and is ignored.
Cells: '$1.4' -> 1.4; 'Free' -> 0.0; '-' or '\\' (not offered) -> empty.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..currency import as_price_rows, price_frame, price_rows
from ..errors import LayoutError
from ..html_tables import Table, parse_html, read_tables, require_unit
from ..parsing import require_rows

NAME = "zai_pricing"
KINDS = ("prices",)
FIXTURE_FOLDER = "pricing_pages"
FILE_PATTERN = r"^zai_pricing.*\.html?$"
MIN_ROWS = 10
PARSER_VERSION = "1"
ACCEPT = ("text/html",)

PROVIDER = "zai"
_COLUMNS = {"model": r"^model$", "input": r"^input$", "cached_input": r"^cached input$",
            "output": r"^output$"}
_UNIT = r"per 1M tokens"


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "zai_pricing.html") -> pd.DataFrame:
    soup = parse_html(raw, NAME, name)
    tables = [t for t in read_tables(soup) if all(t.column(_COLUMNS[c]) is not None
                                                   for c in ("model", "input", "output"))]
    if not tables:
        raise LayoutError(NAME, name, "no table with 'Model', 'Input' and 'Output' headers")
    require_unit(soup, _UNIT, NAME, name)
    rows = price_frame([record for table in tables for record in _parse_table(table, name)])
    rows = rows.drop_duplicates(["model_key", "tier"])
    require_rows(rows, MIN_ROWS, NAME, name)
    return as_price_rows(rows, captured_at, NAME, name)


def _parse_table(table: Table, name: str) -> list[dict]:
    columns = {what: table.column(pattern) for what, pattern in _COLUMNS.items()}
    try:
        # "All prices are in USD.": cells without a mark ('Free') are dollars too
        return price_rows(table.rows, columns, provider=PROVIDER, tier="standard", default="USD")
    except ValueError as exc:
        raise LayoutError(NAME, name, str(exc)) from exc
