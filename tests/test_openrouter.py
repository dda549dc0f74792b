"""OpenRouter /api/v1/models: prices per million tokens, variants, sentinels, model metadata."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, RECORDED, as_snapshot, recorded_files, skip_without_recorded

from collectors.errors import LayoutError
from collectors.sources import openrouter

FILES = recorded_files(openrouter.FIXTURE_FOLDER, "*.json")
JUNE = "openrouter/openrouter_api_v1_models_2026-06-07.json"
AUGUST = "openrouter/openrouter_api_v1_models_2026-08-22.json"


def _parse(raw: bytes, name: str = "openrouter.json") -> pd.DataFrame:
    return openrouter.parse(raw, CAPTURED, name)


def _load(relative: str) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    path = RECORDED / relative
    rows = _parse(path.read_bytes(), path.name)
    entries = {e["id"]: e for e in json.loads(path.read_bytes())["data"]}
    return rows[rows["kind"] == "prices"], rows[rows["kind"] == "models"], entries


def _price(prices: pd.DataFrame, key: str, tier: str = "standard") -> pd.Series:
    match = prices[(prices["model_key"] == key) & (prices["tier"] == tier)]
    assert len(match) == 1, f"{key} {tier}: {len(match)} rows"
    return match.iloc[0]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_the_contract(path):
    rows = _parse(path.read_bytes(), path.name)
    snapshot = as_snapshot(rows, openrouter.NAME)
    assert set(snapshot["kind"]) == {"models", "prices"}
    entries = json.loads(path.read_bytes())["data"]
    aliases = [e for e in entries if e["id"].startswith("~") or e.get("alias_target")]
    assert (snapshot["kind"] == "models").sum() == len(entries) - len(aliases)
    assert not snapshot["model_key"].str.startswith("~").any()
    assert (snapshot.loc[snapshot["kind"] == "prices", "provider"] == "openrouter").all()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_free_variants_and_sentinels_are_never_prices(path):
    rows = _parse(path.read_bytes(), path.name)
    prices, models = rows[rows["kind"] == "prices"], rows[rows["kind"] == "models"]
    assert not prices["model_key"].str.endswith(":free").any()
    assert not prices["model_key"].isin(["openrouter/auto", "openrouter/bodybuilder"]).any()
    columns = ["input_usd_per_mtok", "output_usd_per_mtok", "cached_input_usd_per_mtok"]
    assert not (prices[columns] < 0).any().any()
    assert not ((prices["input_usd_per_mtok"] == 0) & (prices["output_usd_per_mtok"] == 0)).any()
    # the model rows stay, carrying the variant
    assert "openrouter/auto" in set(models["model_key"])
    free = models[models["model_key"].str.endswith(":free")]
    assert len(free) and (free["tier"] == "free").all()
    entries = json.loads(path.read_bytes())["data"]
    assert rows.attrs["skipped"]["free_variant"] == sum(e["id"].endswith(":free") for e in entries)
    assert rows.attrs["skipped"]["negative_sentinel"] == sum(
        float(e["pricing"]["prompt"]) < 0 for e in entries if not e["id"].startswith("~"))


@skip_without_recorded()
def test_known_prices_june():
    prices, _, _ = _load(JUNE)
    gpt4o = _price(prices, "openai/gpt-4o")  # "prompt": "0.0000025", "completion": "0.00001"
    assert (gpt4o["input_usd_per_mtok"], gpt4o["output_usd_per_mtok"]) == (2.5, 10.0)
    assert pd.isna(gpt4o["cached_input_usd_per_mtok"])  # no input_cache_read in June
    sonnet = _price(prices, "anthropic/claude-sonnet-4.5")
    assert (sonnet["input_usd_per_mtok"], sonnet["output_usd_per_mtok"],
            sonnet["cached_input_usd_per_mtok"]) == (3.0, 15.0, 0.3)


@skip_without_recorded()
def test_known_prices_august_batch_and_long_context():
    prices, _, _ = _load(AUGUST)
    assert _price(prices, "openai/gpt-4o")["cached_input_usd_per_mtok"] == 1.25
    batch = _price(prices, "openai/gpt-4o:batch", "batch")  # 0.00000125 / 0.000005 / 0.000000625
    assert (batch["input_usd_per_mtok"], batch["output_usd_per_mtok"],
            batch["cached_input_usd_per_mtok"]) == (1.25, 5.0, 0.625)
    long = _price(prices, "anthropic/claude-sonnet-4.5", "long-context >200000 tokens")
    assert (long["input_usd_per_mtok"], long["output_usd_per_mtok"]) == (6.0, 22.5)
    # "0.00000006006" per token: no float noise such as 0.060060000000000004
    flash = _price(prices, "deepseek/deepseek-v4-flash")
    assert (flash["input_usd_per_mtok"], flash["cached_input_usd_per_mtok"]) == (0.06006, 0.012012)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_standard_prices_match_the_recorded_strings(path):
    rows = _parse(path.read_bytes(), path.name)
    entries = {e["id"]: e for e in json.loads(path.read_bytes())["data"]}
    prices = rows[rows["kind"] == "prices"]
    standard = prices[~prices["tier"].str.contains("long-context")]
    assert len(standard) > 300
    for row in standard.itertuples():
        pricing = entries[row.model_key]["pricing"]
        assert row.input_usd_per_mtok == pytest.approx(float(pricing["prompt"]) * 1e6)
        assert row.output_usd_per_mtok == pytest.approx(float(pricing["completion"]) * 1e6)


@skip_without_recorded()
def test_model_rows():
    _, models, _ = _load(JUNE)
    by_key = models.set_index("model_key")
    gpt4o = by_key.loc["openai/gpt-4o"]  # created 1715558400
    assert gpt4o["release_date"] == pd.Timestamp("2024-05-13")
    assert gpt4o["organization"] == "openai" and gpt4o["model_name"] == "OpenAI: GPT-4o"
    assert gpt4o["context_tokens"] == 128000 and gpt4o["modalities"] == "text+image+file->text"
    assert gpt4o["access"] == "unknown"  # no hugging_face_id; OpenRouter never says "closed"
    flash = by_key.loc["deepseek/deepseek-v4-flash"]
    assert flash["hugging_face_id"] == "deepseek-ai/DeepSeek-V4-Flash" and flash["access"] == "open_weights"
    assert flash["organization"] == "deepseek"
    # an empty hugging_face_id ("") is not a repo
    assert by_key.loc["openrouter/pareto-code", "access"] == "unknown"
    assert pd.isna(by_key.loc["openrouter/pareto-code", "hugging_face_id"])


@skip_without_recorded()
def test_file_pattern_claims_exactly_this_sources_files():
    for path in RECORDED.rglob("*"):
        if path.is_file():
            claimed = re.search(openrouter.FILE_PATTERN, path.name) is not None
            assert claimed == (path.parent.name == openrouter.FIXTURE_FOLDER), path


@skip_without_recorded()
def test_reordered_keys_and_entries_still_parse():
    raw = (RECORDED / AUGUST).read_bytes()
    payload = json.loads(raw)
    payload["data"] = [dict(reversed(list(e.items()))) for e in reversed(payload["data"])]
    payload = dict(reversed(list(payload.items())))
    shuffled = _parse(json.dumps(payload).encode())
    original = _parse(raw)
    order = ["kind", "model_key", "tier"]
    pd.testing.assert_frame_equal(
        shuffled.sort_values(order).reset_index(drop=True)[original.columns],
        original.sort_values(order).reset_index(drop=True))


@skip_without_recorded()
def test_truncated_file_is_a_layout_error():
    raw = (RECORDED / JUNE).read_bytes()
    with pytest.raises(LayoutError, match="not valid JSON"):
        _parse(raw[: len(raw) // 2])


@skip_without_recorded()
def test_created_in_milliseconds_is_a_layout_error():
    payload = json.loads((RECORDED / JUNE).read_bytes())
    for entry in payload["data"]:
        entry["created"] = entry["created"] * 1000
    with pytest.raises(LayoutError, match="created"):
        _parse(json.dumps(payload).encode())


def test_missing_pricing_key_is_a_layout_error_naming_it():
    with pytest.raises(LayoutError, match="'pricing'"):
        _parse((OWN_FIXTURES / "openrouter" / "no_pricing.json").read_bytes(), "no_pricing.json")


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00garbage", b"<html>Bad gateway</html>", b'{"models": []}'])
def test_undecodable_or_wrong_input_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)
