"""Hugging Face Hub: /api/models lists and /api/trending entries -> open-weight model rows."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, RECORDED, as_snapshot, recorded_files, skip_without_recorded

from collectors.errors import LayoutError
from collectors.sources import huggingface

FILES = recorded_files(huggingface.FIXTURE_FOLDER, "*.json")
MODELS_LIST = "huggingface/hf_api_models_trending_2026-08-02.json"
TRENDING_CACHE = "huggingface/hf_api_trending_cache_2026-08-22.json"


def _parse(raw: bytes, name: str = "hf.json") -> pd.DataFrame:
    return huggingface.parse(raw, CAPTURED, name)


def _payload(relative: str):
    return json.loads((RECORDED / relative).read_bytes())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_file_parses_into_the_contract(path):
    rows = _parse(path.read_bytes(), path.name)
    snapshot = as_snapshot(rows, huggingface.NAME)
    assert len(snapshot) == len(json.loads(path.read_bytes()))  # 15 listed / 10 trending repos
    assert (snapshot["kind"] == "models").all()
    assert (snapshot["access"] == "open_weights").all()
    assert (snapshot["hugging_face_id"] == snapshot["model_key"]).all()


@skip_without_recorded()
def test_models_list_shape():
    rows = _parse((RECORDED / MODELS_LIST).read_bytes()).set_index("model_key")
    kimi = rows.loc["moonshotai/Kimi-K3"]  # tags: "license:other"; no author field
    assert kimi["model_name"] == "Kimi-K3" and kimi["organization"] == "moonshotai"
    assert kimi["license"] == "other"
    assert kimi["release_date"] == pd.Timestamp("2026-06-13")  # createdAt 2026-06-13T06:42:57.000Z
    assert (kimi["downloads"], kimi["likes"]) == (837202, 9624)
    assert pd.isna(kimi["params_b"])
    assert rows.loc["poolside/Laguna-S-2.1", "license"] == "openmdw-1.1"
    assert rows.loc["deepseek-ai/DeepSeek-V4-Flash-0731", "license"] == "mit"


@skip_without_recorded()
def test_trending_cache_shape():
    rows = _parse((RECORDED / TRENDING_CACHE).read_bytes()).set_index("model_key")
    qwen = rows.loc["Qwen/Qwen3.8-27B"]  # repoData: author Qwen, numParameters 27781427952
    assert qwen["organization"] == "Qwen" and qwen["model_name"] == "Qwen3.8-27B"
    assert qwen["params_b"] == pytest.approx(27.781427952)
    assert (qwen["downloads"], qwen["likes"]) == (2090699, 12054)
    assert pd.isna(qwen["release_date"])  # no createdAt; lastModified is not a release date
    assert pd.isna(qwen["license"])  # no tags in this shape
    assert pd.isna(rows.loc["Lightricks/LTX-2.5", "params_b"])  # no numParameters
    # gated repos ("gated": "auto") are still open weights
    gated = [k for k, v in _payload(TRENDING_CACHE).items() if v["repoData"]["gated"]]
    assert gated and (rows.loc[gated, "access"] == "open_weights").all()


@skip_without_recorded()
def test_live_trending_shape_gives_the_same_rows_as_the_cache():
    cache = _payload(TRENDING_CACHE)
    live = {"recentlyTrending": list(cache.values())}
    pd.testing.assert_frame_equal(_parse(json.dumps(live).encode()),
                                  _parse(json.dumps(cache).encode()))


@skip_without_recorded()
def test_safetensors_total_and_private_repos():
    models = _payload(MODELS_LIST)
    models[0]["safetensors"] = {"parameters": {"BF16": 7_000_000_000}, "total": 7_000_000_000}
    models[1]["private"] = True
    rows = _parse(json.dumps(models).encode()).set_index("model_key")
    assert rows.loc[models[0]["id"], "params_b"] == 7.0
    assert models[1]["id"] not in rows.index and len(rows) == len(models) - 1


@skip_without_recorded()
def test_file_pattern_claims_exactly_this_sources_files():
    for path in RECORDED.rglob("*"):
        if path.is_file():
            claimed = re.search(huggingface.FILE_PATTERN, path.name) is not None
            assert claimed == (path.parent.name == huggingface.FIXTURE_FOLDER), path


@skip_without_recorded()
@pytest.mark.parametrize("relative", [MODELS_LIST, TRENDING_CACHE])
def test_reordered_keys_and_entries_still_parse(relative):
    payload = _payload(relative)

    def flip(value):
        if isinstance(value, dict):
            return {k: flip(v) for k, v in reversed(list(value.items()))}
        return [flip(v) for v in reversed(value)] if isinstance(value, list) else value

    rows = _parse(json.dumps(flip(payload)).encode())
    original = _parse(json.dumps(payload).encode())
    pd.testing.assert_frame_equal(rows.sort_values("model_key").reset_index(drop=True),
                                  original.sort_values("model_key").reset_index(drop=True))


@skip_without_recorded()
def test_missing_id_is_a_layout_error_naming_it():
    models = [{k: v for k, v in m.items() if k not in ("id", "modelId")} for m in _payload(MODELS_LIST)]
    with pytest.raises(LayoutError, match="'id'"):
        _parse(json.dumps(models).encode())


@skip_without_recorded()
def test_missing_repo_data_is_a_layout_error_naming_it():
    cache = {k: {"repo": v["repoData"]} for k, v in _payload(TRENDING_CACHE).items()}
    with pytest.raises(LayoutError, match="'repoData'"):
        _parse(json.dumps(cache).encode())


@skip_without_recorded()
def test_truncated_file_is_a_layout_error():
    raw = (RECORDED / MODELS_LIST).read_bytes()
    with pytest.raises(LayoutError, match="not valid JSON"):
        _parse(raw[: len(raw) // 2])


def test_an_api_error_response_is_a_layout_error():
    with pytest.raises(LayoutError, match="neither a list of models"):
        _parse((OWN_FIXTURES / "huggingface" / "error_response.json").read_bytes(), "error_response.json")


@pytest.mark.parametrize("raw", [b"", b"\xff\xd8\xff\xe0JFIF", b"[]", b'"text"'])
def test_undecodable_or_wrong_input_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)
