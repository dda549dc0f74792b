"""Z.AI (GLM) pricing page: several tables, USD; only the per-token ones are prices."""
from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from conftest import as_snapshot, edited_html, recorded_files, reverse_every_row

from collectors.errors import LayoutError
from collectors.sources import zai_pricing as source

FILES = recorded_files(source.FIXTURE_FOLDER, "zai_pricing*")
PAGE = "pricing_pages/zai_pricing_2026-08-18.html"
DAY = dt.datetime(2026, 8, 18, tzinfo=dt.UTC)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_page_parses_into_valid_prices(path):
    rows = as_snapshot(source.parse(path.read_bytes(), DAY, path.name), source.NAME)
    assert len(rows) >= source.MIN_ROWS
    assert (rows["currency"] == "USD").all() and not rows["usd_converted"].any()
    assert rows["model_key"].is_unique


def test_file_pattern_claims_only_zai_pages():
    names = [p.name for p in recorded_files(source.FIXTURE_FOLDER)]
    assert [n for n in names if re.search(source.FILE_PATTERN, n)] == [p.name for p in FILES] != []


@pytest.fixture
def rows(recorded):
    return source.parse((recorded / PAGE).read_bytes(), DAY, "zai.html").set_index("model_key")


def test_text_and_vision_tables_are_read(rows):
    # 14 rows under 'Text Models' + 6 under 'Vision Models'
    assert len(rows) == 20
    glm52 = rows.loc["GLM-5.2"]  # $1.4 | $0.26 | Limited-time Free (storage) | $4.4
    assert (glm52["input_usd_per_mtok"], glm52["cached_input_usd_per_mtok"], glm52["output_usd_per_mtok"]) \
        == (1.4, 0.26, 4.4)
    assert glm52["input_price_per_mtok"] == 1.4 and glm52["output_price_per_mtok"] == 4.4
    assert rows.loc["GLM-4.6V", "output_usd_per_mtok"] == 0.9


def test_free_is_zero_and_not_offered_is_empty(rows):
    assert rows.loc["GLM-4.7-Flash", ["input_usd_per_mtok", "output_usd_per_mtok"]].tolist() == [0.0, 0.0]
    assert math.isnan(rows.loc["GLM-OCR", "cached_input_usd_per_mtok"])  # '\' on the page
    assert math.isnan(rows.loc["GLM-4-32B-0414-128K", "cached_input_usd_per_mtok"])  # '-'


def test_tables_not_priced_per_token_are_skipped(rows):
    skipped = ("Web Search", "GLM-Image", "CogView-4", "CogVideoX-3", "GLM-ASR-2512",
               "General-Purpose Translation")
    assert not set(skipped) & set(rows.index)


def test_reordered_columns_parse_the_same(recorded):
    a = source.parse((recorded / PAGE).read_bytes(), DAY, "a.html")
    b = source.parse(edited_html(recorded / PAGE, reverse_every_row), DAY, "b.html")
    assert a.equals(b)


def test_missing_output_header_is_a_layout_error_naming_it(recorded):
    def rename_output(soup):
        for th in soup.find_all("th", string="Output"):
            th.string = "Completion"
    with pytest.raises(LayoutError, match="'Output'"):
        source.parse(edited_html(recorded / PAGE, rename_output), DAY, "no_output.html")


def test_empty_tables_are_too_few_rows(recorded):
    def drop_body_rows(soup):
        for tbody in soup.find_all("tbody"):
            tbody.clear()
    with pytest.raises(LayoutError, match="found 0 rows"):
        source.parse(edited_html(recorded / PAGE, drop_body_rows), DAY, "empty.html")


def test_missing_unit_statement_is_a_layout_error(recorded):
    raw = (recorded / PAGE).read_bytes().replace(b"Prices per 1M tokens.", b"Prices.")
    with pytest.raises(LayoutError, match="per 1M tokens"):
        source.parse(raw, DAY, "no_unit.html")


def test_truncated_page_is_a_layout_error(recorded):
    raw = (recorded / PAGE).read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(raw[:-5000], DAY, "truncated.html")
