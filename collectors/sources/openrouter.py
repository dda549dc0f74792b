"""OpenRouter model catalogue (GET /api/v1/models): per-token list prices and model metadata.

Shape: {"data": [{id, name, created (unix seconds), context_length, hugging_face_id,
architecture{modality, input_modalities, output_modalities}, pricing{prompt, completion,
input_cache_read, ..., overrides[{min_prompt_tokens, prompt, completion, ...}]}}]}.
Prices are strings in USD per token. Ids are "<organization>/<slug>[:variant]": a variant
(":free", ":batch", ":thinking") is its own entry and becomes the price tier. Entries whose id
starts with "~" are aliases of another entry ("~openai/gpt-latest") and are skipped.

Never published as prices (counted in rows.attrs["skipped"] and logged instead): ":free"
variants, negative sentinels (routers such as openrouter/auto price themselves at "-1"),
zero-priced entries and entries without prices. The model rows of those entries stay.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import pandas as pd

from ..errors import LayoutError
from ..parsing import expect, require_rows
from ._json_common import load_json, per_mtok, require_key, screen_prices

NAME = "openrouter"
KINDS = ("prices", "models")
FIXTURE_FOLDER = "openrouter"
FILE_PATTERN = r"^openrouter_api_v1_models.*\.json$"
MIN_ROWS = 100
PARSER_VERSION = "1"
ACCEPT = ("json", "text/plain", "octet-stream")

PROVIDER = "openrouter"
log = logging.getLogger(__name__)


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "openrouter_models.json") -> pd.DataFrame:
    entries = _parse_entries(load_json(raw, NAME, name), name)
    skipped = Counter(alias=sum(_is_alias(e) for e in entries))
    entries = [e for e in entries if not _is_alias(e)]
    models = _parse_models(entries, name)
    prices, dropped = screen_prices(_parse_prices(entries, skipped), NAME, name)
    skipped.update(dropped)
    require_rows(models, MIN_ROWS, NAME, name)
    require_rows(prices, MIN_ROWS, NAME, name)
    rows = pd.concat([models, prices], ignore_index=True)
    rows.attrs["skipped"] = dict(skipped)
    log.info("%s: %d models, %d prices; not published as prices: %s", name, len(models), len(prices),
             dict(skipped))
    return rows


def _parse_entries(payload: object, name: str) -> list[dict]:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise LayoutError(NAME, name, "top-level 'data' list not found")
    entries = [e for e in payload["data"] if isinstance(e, dict) and isinstance(e.get("id"), str)]
    require_key(entries, "id", NAME, name, "entry of 'data'")
    for key in ("name", "created", "pricing"):
        require_key(entries, key, NAME, name, "entry of 'data'")
    pricings = [e["pricing"] for e in entries if isinstance(e.get("pricing"), dict)]
    for key in ("prompt", "completion"):
        require_key(pricings, key, NAME, name, "'pricing' object")
    return entries


def _is_alias(entry: dict) -> bool:
    return entry["id"].startswith("~") or bool(entry.get("alias_target"))


def _variant(model_id: str) -> str | None:
    """'openai/gpt-4o:batch' -> 'batch'; no variant -> None."""
    slug = model_id.rpartition("/")[2]
    return slug.rpartition(":")[2] if ":" in slug else None


def _parse_models(entries: list[dict], name: str) -> pd.DataFrame:
    rows = pd.DataFrame({
        "model_key": [e["id"] for e in entries],
        "model_name": [e.get("name") or e["id"] for e in entries],
        "organization": [e["id"].partition("/")[0] if "/" in e["id"] else None for e in entries],
        "created": [e.get("created") for e in entries],
        "context_tokens": [e.get("context_length") for e in entries],
        "hugging_face_id": [str(e.get("hugging_face_id") or "").strip() or None for e in entries],
        "modalities": [_parse_modalities(e.get("architecture")) for e in entries],
        "tier": [_variant(e["id"]) for e in entries],
    })
    created = pd.to_numeric(rows.pop("created"), errors="coerce")
    rows["release_date"] = (pd.to_datetime(created, unit="s", utc=True, errors="coerce")
                            .dt.tz_localize(None).dt.normalize())
    expect(rows["release_date"].notna().mean() > 0.9, NAME, name,
           "'created' mostly unreadable as unix seconds: did it switch to milliseconds or text?")
    rows["context_tokens"] = pd.to_numeric(rows["context_tokens"], errors="coerce")
    # A published Hugging Face repo means the weights can be downloaded. Its absence proves
    # nothing: OpenRouter never says a model is closed, so those stay unknown.
    rows["access"] = rows["hugging_face_id"].notna().map({True: "open_weights", False: "unknown"})
    rows["license"] = pd.NA
    rows["params_b"] = float("nan")
    rows["kind"] = "models"
    return rows


def _parse_modalities(architecture: object) -> str | None:
    """'text+image->text' as published, else built from input_/output_modalities."""
    if not isinstance(architecture, dict):
        return None
    if isinstance(architecture.get("modality"), str) and architecture["modality"].strip():
        return architecture["modality"].strip()
    inputs, outputs = architecture.get("input_modalities"), architecture.get("output_modalities")
    if isinstance(inputs, list) and isinstance(outputs, list) and inputs and outputs:
        return "+".join(map(str, inputs)) + "->" + "+".join(map(str, outputs))
    return None


def _parse_prices(entries: list[dict], skipped: Counter) -> pd.DataFrame:
    rows = []
    for entry in entries:
        tier = _variant(entry["id"]) or "standard"
        if tier == "free":  # a rate-limited free tier, not a price anyone pays
            skipped["free_variant"] += 1
            continue
        pricing = entry.get("pricing") if isinstance(entry.get("pricing"), dict) else {}
        identity = {"model_key": entry["id"], "model_name": entry.get("name") or entry["id"],
                    "provider": PROVIDER}
        rows.append({**identity, "tier": tier, **_parse_pricing(pricing)})
        for override in pricing.get("overrides") or []:
            if isinstance(override, dict) and override.get("min_prompt_tokens"):
                rows.append({**identity, "tier": _long_context(tier, override["min_prompt_tokens"]),
                             **_parse_pricing(override)})
    rows = pd.DataFrame(rows)
    rows["effective_from"] = pd.NaT  # the API publishes current prices only, without dates
    rows["effective_to"] = pd.NaT
    rows["kind"] = "prices"
    return rows


def _parse_pricing(pricing: dict) -> dict:
    return {"input_usd_per_mtok": per_mtok(pricing.get("prompt")),
            "output_usd_per_mtok": per_mtok(pricing.get("completion")),
            "cached_input_usd_per_mtok": per_mtok(pricing.get("input_cache_read"))}


def _long_context(tier: str, min_prompt_tokens: object) -> str:
    """Prices that apply above a prompt length, e.g. 'long-context >200000 tokens'."""
    label = f"long-context >{min_prompt_tokens} tokens"
    return label if tier == "standard" else f"{tier} {label}"
