"""LiteLLM's model_prices_and_context_window.json: a catalogue of ~3k per-token list prices.

Shape: {"<model key>": {litellm_provider, mode, input_cost_per_token, output_cost_per_token,
cache_read_input_token_cost, max_input_tokens, ...}, "sample_spec": {...}, "last_updated": "..."}.
Prices are numbers in USD per token. Kept: chat and completion entries, and entries without a
mode that carry token prices (fireworks-ai size buckets). Not models, skipped: "sample_spec"
(the documented example), values that are not objects ("last_updated") and objects without
litellm_provider ("fallback_generalizations"). Entries without input and output prices, zero
prices and unit slips are counted in rows.attrs["skipped"], never published.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import pandas as pd

from ..errors import LayoutError
from ..parsing import require_rows
from ._json_common import load_json, per_mtok, require_key, screen_prices

NAME = "litellm"
KINDS = ("prices",)
FIXTURE_FOLDER = "litellm_prices"
FILE_PATTERN = r"^model_prices_and_context_window.*\.json$"
MIN_ROWS = 100
PARSER_VERSION = "1"
ACCEPT = ("json", "text/plain", "octet-stream")

TEXT_MODES = ("chat", "completion")
NOT_MODELS = ("sample_spec",)
log = logging.getLogger(__name__)


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime,
          name: str = "model_prices_and_context_window.json") -> pd.DataFrame:
    payload = load_json(raw, NAME, name)
    if not isinstance(payload, dict):
        raise LayoutError(NAME, name, "top level is not an object keyed by model name")
    entries, skipped = _parse_entries(payload, name)
    rows, dropped = screen_prices(_parse_prices(entries), NAME, name)
    skipped.update(dropped)
    require_rows(rows, MIN_ROWS, NAME, name)
    rows.attrs["skipped"] = dict(skipped)
    log.info("%s: %d prices; skipped: %s", name, len(rows), dict(skipped))
    return rows.reset_index(drop=True)


def _parse_entries(payload: dict, name: str) -> tuple[dict[str, dict], Counter]:
    """The model entries with text modes, and a count of what was left out and why."""
    skipped = Counter()
    models = {}
    for key, entry in payload.items():
        if key in NOT_MODELS or not isinstance(entry, dict) or not entry.get("litellm_provider"):
            skipped["not_a_model"] += 1
        elif _mode(entry) not in TEXT_MODES:
            skipped["not_text_mode"] += 1
        else:
            models[key] = entry
    if not models:
        raise LayoutError(NAME, name, "no entry with 'litellm_provider' and mode 'chat'/'completion'")
    for key in ("input_cost_per_token", "output_cost_per_token"):
        require_key(models.values(), key, NAME, name, "chat/completion entry")
    return models, skipped


def _mode(entry: dict) -> str | None:
    """The published mode; an entry without one is a text model when it has token prices,
    unless its provider says otherwise ("fireworks_ai-embedding-models")."""
    if entry.get("mode"):
        return entry["mode"]
    if "embedding" in str(entry["litellm_provider"]):
        return "embedding"
    has_prices = "input_cost_per_token" in entry or "output_cost_per_token" in entry
    return "chat" if has_prices else None


def _parse_prices(entries: dict[str, dict]) -> pd.DataFrame:
    rows = pd.DataFrame([{
        "model_key": key,
        "model_name": key,  # LiteLLM has no display name; the key is how it names the model
        "provider": entry["litellm_provider"],
        "input_usd_per_mtok": per_mtok(entry.get("input_cost_per_token")),
        "output_usd_per_mtok": per_mtok(entry.get("output_cost_per_token")),
        "cached_input_usd_per_mtok": per_mtok(entry.get("cache_read_input_token_cost")),
    } for key, entry in entries.items()])
    rows["effective_from"] = pd.NaT  # the file holds current prices only, without dates
    rows["effective_to"] = pd.NaT
    rows["kind"] = "prices"
    return rows
