import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import hf_trending

FILES = recorded_files(hf_trending.FIXTURE_FOLDER, "hf_trending_models_*")
FEED = "feeds/hf_trending_models_2025-02-28.rss.xml"


def _parse(raw: bytes, name: str = "trending.rss.xml") -> pd.DataFrame:
    return hf_trending.parse(raw, CAPTURED, name)


def test_file_pattern_claims_exactly_the_trending_feed(recorded):
    for path in (recorded / "feeds").iterdir():
        claimed = re.search(hf_trending.FILE_PATTERN, path.name) is not None
        assert claimed == path.name.startswith("hf_trending_models_"), path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_feed_parses_into_valid_models(path):
    raw = path.read_bytes()
    rows = as_snapshot(_parse(raw, path.name), hf_trending.NAME)
    assert len(rows) == raw.count(b"<item>") >= hf_trending.MIN_ROWS
    assert (rows["kind"] == "models").all() and (rows["access"] == "open_weights").all()
    assert (rows["organization"] + "/" + rows["model_name"] == rows["model_key"]).all()
    assert rows["release_date"].isna().all()


def test_repo_ids_split_into_owner_and_name(recorded):
    rows = _parse((recorded / FEED).read_bytes()).set_index("model_key")
    # <item><title>deepseek-ai/DeepSeek-R1</title><link>https://huggingface.co/deepseek-ai/DeepSeek-R1</link>
    r1 = rows.loc["deepseek-ai/DeepSeek-R1"]
    assert (r1["organization"], r1["model_name"], r1["hugging_face_id"]) == (
        "deepseek-ai", "DeepSeek-R1", "deepseek-ai/DeepSeek-R1")
    assert rows.index[0] == "Wan-AI/Wan2.1-I2V-14B-480P"  # the feed's first (most trending) item
    assert "Qwen/Qwen2.5-VL-7B-Instruct" in rows.index


def test_link_is_the_fallback_for_a_title_that_is_not_a_repo_id(recorded):
    raw = (recorded / FEED).read_bytes().replace(
        b"<title>microsoft/wham</title>", b"<title>WHAM by Microsoft</title>", 1)
    rows = _parse(raw)
    assert "microsoft/wham" in set(rows["model_key"]) and len(rows) == 30


def test_items_without_repo_ids_are_a_layout_error(recorded):
    raw = re.sub(rb"<item><title>[^<]*</title><link>[^<]*</link></item>",
                 b"<item><title>Trending now</title><link>https://example.org/</link></item>",
                 (recorded / FEED).read_bytes())
    with pytest.raises(LayoutError, match="owner/name"):
        _parse(raw)


def test_a_feed_with_no_items_is_below_min_rows():
    raw = (OWN_FIXTURES / "vendor_news/empty_feed.rss.xml").read_bytes()
    with pytest.raises(LayoutError, match="expected at least 1"):
        _parse(raw)


def test_truncated_feed_is_a_layout_error(recorded):
    raw = (recorded / FEED).read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        _parse(raw[: len(raw) // 2])


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe garbage", b"<html><title>Trending</title></html>"],
                         ids=["empty", "garbage", "html"])
def test_what_is_not_a_feed_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)
