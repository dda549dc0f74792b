"""LiteLLM model_prices_and_context_window.json: text-model prices per million tokens."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, RECORDED, as_snapshot, recorded_files, skip_without_recorded

from collectors.errors import LayoutError
from collectors.sources import litellm

FILES = recorded_files(litellm.FIXTURE_FOLDER, "*.json")
FEB = "litellm_prices/model_prices_and_context_window_2025-02-06.json"
LATEST = "litellm_prices/model_prices_and_context_window_2026-07-24.json"


def _parse(raw: bytes, name: str = "litellm.json") -> pd.DataFrame:
    return litellm.parse(raw, CAPTURED, name)


def _load(relative: str) -> tuple[pd.DataFrame, dict]:
    raw = (RECORDED / relative).read_bytes()
    return _parse(raw, relative), json.loads(raw)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_the_contract(path):
    rows = _parse(path.read_bytes(), path.name)
    snapshot = as_snapshot(rows, litellm.NAME)
    assert (snapshot["kind"] == "prices").all()
    assert "context_tokens" not in rows.columns  # a models column, not a price
    assert {"sample_spec", "last_updated", "fallback_generalizations"}.isdisjoint(rows["model_key"])
    assert rows.attrs["skipped"]["not_a_model"] >= 1  # sample_spec at least


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_published_price_is_the_recorded_per_token_price_times_a_million(path):
    rows = _parse(path.read_bytes(), path.name)
    entries = json.loads(path.read_bytes())
    for row in rows.itertuples():
        entry = entries[row.model_key]
        assert entry.get("mode", "chat") in ("chat", "completion")
        assert row.provider == entry["litellm_provider"]
        for column, key in (("input_usd_per_mtok", "input_cost_per_token"),
                            ("output_usd_per_mtok", "output_cost_per_token"),
                            ("cached_input_usd_per_mtok", "cache_read_input_token_cost")):
            expected = entry.get(key)
            value = getattr(row, column)
            assert pd.isna(value) if expected is None else value == pytest.approx(expected * 1e6)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_entries_without_prices_are_counted_not_published_as_zero(path):
    rows = _parse(path.read_bytes(), path.name)
    entries = json.loads(path.read_bytes())
    unpriced = [k for k, e in entries.items() if isinstance(e, dict) and e.get("litellm_provider")
                and e.get("mode") in ("chat", "completion") and k != "sample_spec"
                and e.get("input_cost_per_token") is None and e.get("output_cost_per_token") is None]
    assert unpriced, "every recorded file has chat entries without token prices"
    assert not set(unpriced) & set(rows["model_key"])
    assert rows.attrs["skipped"]["no_price"] == len(unpriced)
    inp, out = rows["input_usd_per_mtok"], rows["output_usd_per_mtok"]
    assert not (inp.isna() & out.isna()).any()
    assert not ((inp == 0) & (out == 0)).any()


@skip_without_recorded()
def test_known_prices():
    rows, _ = _load(FEB)
    by_key = rows.set_index("model_key")
    # "gpt-4o": input_cost_per_token 2.5e-06, output 1e-05, cache_read_input_token_cost 1.25e-06
    gpt4o = by_key.loc["gpt-4o"]
    assert gpt4o["provider"] == "openai"
    assert (gpt4o["input_usd_per_mtok"], gpt4o["output_usd_per_mtok"],
            gpt4o["cached_input_usd_per_mtok"]) == (2.5, 10.0, 1.25)
    sonnet = by_key.loc["claude-3-5-sonnet-20241022"]
    assert (sonnet["provider"], sonnet["input_usd_per_mtok"], sonnet["output_usd_per_mtok"]) \
        == ("anthropic", 3.0, 15.0)
    # 4.6875e-09 per token: every digit kept, no float noise
    assert by_key.loc["gemini-1.5-flash-preview-0514", "output_usd_per_mtok"] == 0.0046875
    assert "text-bison" not in by_key.index  # mode chat, no token prices
    assert "text-embedding-3-small" not in by_key.index  # mode embedding


@skip_without_recorded()
def test_entries_without_mode_are_kept_only_when_token_priced_text():
    rows, _ = _load(LATEST)
    keys = set(rows["model_key"])
    assert "fireworks-ai-up-to-4b" in keys  # no mode, token prices
    assert "fireworks-ai-embedding-up-to-150m" not in keys  # no mode, embedding provider


@skip_without_recorded()
def test_unit_slips_upstream_are_not_published():
    rows, entries = _load(LATEST)
    # wandb/... carries 0.015 "per token" ($15,000 per million): a unit slip in the source
    assert entries["wandb/openai/gpt-oss-120b"]["input_cost_per_token"] == 0.015
    assert "wandb/openai/gpt-oss-120b" not in set(rows["model_key"])
    assert rows.attrs["skipped"]["implausible_price"] >= 1
    assert rows["output_usd_per_mtok"].max() <= 1000


@skip_without_recorded()
def test_file_pattern_claims_exactly_this_sources_files():
    for path in RECORDED.rglob("*"):
        if path.is_file():
            claimed = re.search(litellm.FILE_PATTERN, path.name) is not None
            assert claimed == (path.parent.name == litellm.FIXTURE_FOLDER), path


@skip_without_recorded()
def test_reordered_keys_still_parse():
    original, entries = _load(FEB)
    shuffled = {key: dict(reversed(list(entry.items()))) if isinstance(entry, dict) else entry
                for key, entry in reversed(list(entries.items()))}
    rows = _parse(json.dumps(shuffled).encode())
    pd.testing.assert_frame_equal(rows.sort_values("model_key").reset_index(drop=True),
                                  original.sort_values("model_key").reset_index(drop=True))


@skip_without_recorded()
def test_missing_price_key_is_a_layout_error_naming_it():
    _, entries = _load(FEB)
    for entry in entries.values():
        entry.pop("input_cost_per_token", None)
    with pytest.raises(LayoutError, match="'input_cost_per_token'"):
        _parse(json.dumps(entries).encode())


@skip_without_recorded()
def test_truncated_file_is_a_layout_error():
    raw = (RECORDED / FEB).read_bytes()
    with pytest.raises(LayoutError, match="not valid JSON"):
        _parse(raw[: len(raw) // 3])


def test_entries_without_litellm_provider_are_a_layout_error():
    with pytest.raises(LayoutError, match="litellm_provider"):
        _parse((OWN_FIXTURES / "litellm" / "no_provider.json").read_bytes(), "no_provider.json")


@pytest.mark.parametrize("raw", [b"", b"\x89PNG\r\n\x1a\n\x00", b"[1, 2, 3]", b"404: Not Found"])
def test_undecodable_or_wrong_input_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)
