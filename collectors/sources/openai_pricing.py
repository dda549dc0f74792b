"""OpenAI API pricing page (developers.openai.com/api/docs/pricing): USD per million tokens.

An Astro page. Price tables sit in `astro-island` components, each inside a tier switcher pane
(`data-content-switcher-pane`, `data-value` = standard / batch / flex / fast; "Priority processing
was renamed Fast mode" in 2026, so `fast` is the old `priority`). Tables outside a switcher are
standard prices. Two places carry the rows:
  * the server-rendered <table>s (two header rows: 'Short context' / 'Long context' over 'Input',
    'Cached input', 'Cache writes', 'Output'), which show only the newest models of a section;
  * the islands' `props` JSON (Astro's [type, value] encoding), which lists every model, e.g.
    gpt-4.1 and gpt-4o, with its own 'headings' - except the flagship text-token islands, whose
    rows carry no headings: their columns are named by the island's rendered table (the distinct
    leaf headers in order; older models' rows lack the 'Cache writes' value). Where a model is in
    both, the two must agree, or the page is reported as changed.
Tables are recognised by header text ('Model' + 'Input'/'Output' columns) and the tier by the
switcher pane (or, on a page without switchers, by a tier word in the nearest heading: 'Batch'),
never by position. Long-context prices become tier 'long-context' ('batch
long-context', ...). A model name's note such as 'gpt-5.5 (<272K context length)' is dropped from
the key (those rows are the short-context prices).

Skipped, because they are not per-token text prices: the Audio and Image rows of tables with a
'Modality' column (only 'Text' rows are kept: per 1M text tokens of realtime/image models); video
(per second, 'Size' column); transcription and speech ('Use case' / per-minute estimates); tools
(per call / per GB, no 'Model' column); fine-tuning ('Training' column: prices of a customer's
fine-tuned model, which would collide with the base model's key); cells in other units
('$15.00 / 1M characters'). 'Cache writes' has no contract column and is not kept.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator

import pandas as pd
from bs4 import BeautifulSoup, Tag

from ..currency import PRICE_FIELDS, as_price_rows, price_frame, price_rows
from ..errors import LayoutError
from ..html_tables import clean_text, heading_of, parse_html, read_tables, require_unit
from ..parsing import require_rows

NAME = "openai_pricing"
KINDS = ("prices",)
FIXTURE_FOLDER = "pricing_pages"
FILE_PATTERN = r"^openai_api-docs-pricing.*\.html?$"
MIN_ROWS = 20
PARSER_VERSION = "1"
ACCEPT = ("text/html",)

PROVIDER = "openai"
_UNIT = r"per 1M tokens"
_MODEL = re.compile(r"^model$", re.IGNORECASE)
_MODALITY = re.compile(r"^modality$", re.IGNORECASE)
_PRICE = re.compile(r"^(?P<context>.*?)\s*\b(?P<what>cached input|input|output)(?: / cost)?$", re.IGNORECASE)
# Columns of tables whose prices are not per token: fine-tuning, transcription, video, tools.
_NOT_TOKEN_PRICES = re.compile(r"^(?:training|use case|estimated cost|size|price per second|tool)$",
                               re.IGNORECASE)
_CACHE_WRITES = re.compile(r"cache writes?$", re.IGNORECASE)
_SWITCHER_PANE = "data-content-switcher-pane"
_TIER_HEADING = re.compile(r"\b(standard|batch|flex|priority|fast)\b", re.IGNORECASE)

Header = tuple[str, ...]


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "openai_pricing.html") -> pd.DataFrame:
    soup = parse_html(raw, NAME, name)
    rendered = [(t.header, t.rows, _tier_of(t.element))
                for t in read_tables(soup) if _is_token_table(t.header)]
    if not rendered:
        raise LayoutError(NAME, name, "no table with 'Model', 'Input' and 'Output' headers")
    require_unit(soup, _UNIT, NAME, name)
    tables = rendered + [t for t in _parse_islands(soup, name) if _is_token_table(t[0])]
    rows = _agreed(price_frame([record for header, body, tier in tables
                                for record in _parse_rows(header, body, tier, name)]), name)
    require_rows(rows, MIN_ROWS, NAME, name)
    return as_price_rows(rows, captured_at, NAME, name)


def _column(header: Header, pattern: re.Pattern) -> int | None:
    return next((i for i, text in enumerate(header) if pattern.search(text)), None)


def _price_groups(header: Header) -> dict[str, dict[str, int]]:
    """{'Short context': {'input': 1, 'cached_input': 2, 'output': 4}, 'Long context': {...}}."""
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for i, text in enumerate(header):
        match = _PRICE.match(text)
        if match:
            what = match["what"].lower().replace(" ", "_")
            groups[match["context"].strip()].setdefault(what, i)
    return {context: cols for context, cols in groups.items() if "input" in cols or "output" in cols}


def _is_token_table(header: Header) -> bool:
    """A 'Model' column, an Input and an Output column, and none of the not-per-token columns."""
    has_prices = any("input" in g and "output" in g for g in _price_groups(header).values())
    return (_column(header, _MODEL) is not None and has_prices
            and not any(_NOT_TOKEN_PRICES.match(text) for text in header))


def _tier(base: str, context: str) -> str:
    """Tier from the switcher pane and the column group: 'batch' + 'Long context' -> 'batch long-context'."""
    context = context.lower()
    if not context or context.startswith("short context"):
        return base
    label = "long-context" if context.startswith("long context") else context
    return label if base == "standard" else f"{base} {label}"


def _tier_of(element: Tag | None) -> str:
    """The tier switcher pane's value; without a switcher, a tier named by the nearest heading
    ('Batch'); else standard."""
    if element is None:
        return "standard"
    pane = element.find_parent(attrs={_SWITCHER_PANE: True})
    if pane is not None and clean_text(pane.get("data-value") or ""):
        return clean_text(pane["data-value"]).lower()
    named = _TIER_HEADING.search(heading_of(element))
    return named[1].lower() if named else "standard"


def _model_key(text: str) -> str:
    """'gpt-5.5 (<272K context length)' -> 'gpt-5.5'."""
    return re.sub(r"\s*\(.*\)$", "", text).strip()


def _parse_rows(header: Header, body, tier: str, name: str) -> list[dict]:
    modality = _column(header, _MODALITY)
    if modality is not None:  # audio and image token prices are not text prices
        body = [row for row in body if clean_text(row[modality]).lower() == "text"]
    records = []
    for context, columns in _price_groups(header).items():
        try:
            records += price_rows(body, {"model": _column(header, _MODEL), **columns}, provider=PROVIDER,
                                  tier=_tier(tier, context), default="USD", key=_model_key)
        except ValueError as exc:
            raise LayoutError(NAME, name, str(exc)) from exc
    for record in records:
        if record["currency"] != "USD":
            raise LayoutError(NAME, name, f"{record['model_key']}: price in {record['currency']}, not USD")
    return records


def _agreed(rows: pd.DataFrame, name: str) -> pd.DataFrame:
    """One row per (model, tier); the rendered table and the props JSON must give the same price."""
    key = ["model_key", "tier"]
    distinct = rows[key + list(PRICE_FIELDS)].drop_duplicates()
    conflict = distinct[distinct.duplicated(key, keep=False)]
    if not conflict.empty:
        first = conflict.iloc[0]
        raise LayoutError(NAME, name, f"two different prices for {first['model_key']} ({first['tier']}): "
                                      "has the astro-island props layout changed?")
    return rows.drop_duplicates(key)


# --- astro-island props -------------------------------------------------------------------------

def _astro(value: object) -> object:
    """Astro serialises island props as [type, value] pairs: 0 = plain value or object, 1 = array."""
    if isinstance(value, dict):
        return {k: _astro(v) for k, v in value.items()}
    if not (isinstance(value, list) and value and isinstance(value[0], int)):
        return value
    if len(value) < 2:
        return None
    kind, inner = value[0], value[1]
    if kind == 1 and isinstance(inner, list):
        return [_astro(v) for v in inner]
    return _astro(inner) if isinstance(inner, dict) else inner


def _cell(value: object) -> object:
    """A props cell as displayed: {'__pricingHtml': '...'} -> its text, tooltip headings -> label."""
    if isinstance(value, dict):
        if "__pricingHtml" in value:
            return clean_text(BeautifulSoup(str(value["__pricingHtml"]), "lxml").get_text(" "))
        if "__pricingTooltipHeading" in value:
            return _cell((value["__pricingTooltipHeading"] or {}).get("label", ""))
        if "label" in value:
            return _cell(value["label"])
        return ""
    return value


def _parse_islands(soup: BeautifulSoup, name: str) -> Iterator[tuple[Header, list, str]]:
    """(header, rows, tier) for every island whose props hold price rows."""
    for island in soup.find_all("astro-island"):
        try:
            props = _astro(json.loads(island.get("props") or "{}"))
        except json.JSONDecodeError as exc:
            raise LayoutError(NAME, name, f"astro-island props are not valid JSON ({exc.msg})") from exc
        if not isinstance(props, dict):
            continue
        if isinstance(props.get("groups"), list):
            rows = [[group.get("model"), *row] for group in props["groups"] if isinstance(group, dict)
                    for row in group.get("rows") or []]
        elif isinstance(props.get("rows"), list):
            rows = props["rows"]
        else:
            continue
        headings = props.get("headings") or _rendered_labels(island)
        if not isinstance(headings, list) or not headings:
            continue
        for header, body in _fit(tuple(str(_cell(h)) for h in headings), rows):
            yield header, body, _tier_of(island)


def _rendered_labels(island: Tag) -> list[str]:
    """Column names for props rows without headings: the island's rendered leaf headers, each once
    ('Model', 'Input', 'Cached input', 'Cache writes', 'Output' under Short and Long context)."""
    tables = read_tables(island)
    if not tables or not tables[0].header_rows:
        return []
    return list(dict.fromkeys(text for text in tables[0].header_rows[-1] if text))


def _fit(headings: Header, rows: list) -> Iterator[tuple[Header, list]]:
    """Rows grouped by width, each group with the headings that fit it: all of them, or all but
    'Cache writes' (models priced before cache writes existed). Rows fitting neither are dropped."""
    by_width: dict[int, list] = defaultdict(list)
    for row in rows:
        if isinstance(row, list):
            by_width[len(row)].append([_cell(v) for v in row])
    without_writes = tuple(h for h in headings if not _CACHE_WRITES.search(h))
    for width, body in by_width.items():
        if width == len(headings):
            yield headings, body
        elif width == len(without_writes):
            yield without_writes, body
