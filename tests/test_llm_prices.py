import json

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import llm_prices

FILES = recorded_files("llm_prices_simonw", "*.json")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_price_history_entry_becomes_a_row(path):
    rows = as_snapshot(llm_prices.parse(path.read_bytes(), CAPTURED, path.name), "llm_prices")
    payload = json.loads(path.read_text())
    assert len(rows) == sum(len(m["price_history"]) for m in payload["models"])
    assert (rows["provider"] == payload["vendor"]).all()


def test_deepseek_reasoner_and_superseded_prices(recorded):
    path = recorded / "llm_prices_simonw/2026-08-05/deepseek.json"
    rows = llm_prices.parse(path.read_bytes(), CAPTURED, path.name)
    reasoner = rows[rows["model_key"] == "deepseek-reasoner"]
    current = reasoner[reasoner["effective_to"].isna()].iloc[0]
    assert (current["input_usd_per_mtok"], current["output_usd_per_mtok"]) == (0.55, 2.19)
    chat = rows[rows["model_key"] == "deepseek-chat"].set_index("input_usd_per_mtok")
    # the old price (0.14) ended on 2025-02-08, when 0.27 started
    assert chat.loc[0.14, "effective_to"] == pd.Timestamp("2025-02-08")
    assert chat.loc[0.27, "effective_from"] == pd.Timestamp("2025-02-08")


def test_keys_in_another_order_parse_the_same(recorded):
    path = recorded / "llm_prices_simonw/2026-08-05/anthropic.json"
    payload = json.loads(path.read_text())
    reordered = {"models": [{k: m[k] for k in reversed(list(m))} for m in payload["models"]],
                 "vendor": payload["vendor"]}
    a = llm_prices.parse(path.read_bytes(), CAPTURED, path.name)
    b = llm_prices.parse(json.dumps(reordered).encode(), CAPTURED, "reordered.json")
    pd.testing.assert_frame_equal(a, b)


def test_truncated_json_is_a_clear_error():
    raw = (OWN_FIXTURES / "llm_prices" / "truncated.json").read_bytes()
    with pytest.raises(LayoutError, match="not valid JSON"):
        llm_prices.parse(raw, CAPTURED, "truncated.json")


def test_missing_models_list_is_a_layout_error():
    with pytest.raises(LayoutError, match="'models'"):
        llm_prices.parse(b'{"vendor": "x", "items": []}', CAPTURED, "x.json")


def test_per_token_prices_are_refused():
    raw = json.dumps({"vendor": "x", "models": [{"id": "m", "name": "M", "price_history": [
        {"input": 25000, "output": 1, "input_cached": None, "from_date": None, "to_date": None}]}]})
    with pytest.raises(LayoutError, match="per-token"):
        llm_prices.parse(raw.encode(), CAPTURED, "x.json")
