"""Moonshot Kimi pricing page (Chinese, CNY): one header table per model family."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import as_snapshot, edited_html, recorded_files, reverse_every_row

from collectors.currency import usd_per_unit
from collectors.errors import LayoutError
from collectors.parsing import date_in_name
from collectors.sources import kimi_pricing as source

FILES = recorded_files(source.FIXTURE_FOLDER, "kimi_pricing*")
PAGE = "pricing_pages/kimi_pricing-chat-k26_2026-07-17.html"
ON_PAGE_DAY = dt.datetime(2026, 7, 17, tzinfo=dt.UTC)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_page_parses_into_valid_prices(path):
    captured = dt.datetime.combine(date_in_name(path.name), dt.time(), tzinfo=dt.UTC)
    rows = as_snapshot(source.parse(path.read_bytes(), captured, path.name), source.NAME)
    assert len(rows) >= source.MIN_ROWS
    assert (rows["provider"] == "moonshot-ai").all() and (rows["currency"] == "CNY").all()


def test_file_pattern_claims_only_kimi_pages():
    names = [p.name for p in recorded_files(source.FIXTURE_FOLDER)]
    assert [n for n in names if re.search(source.FILE_PATTERN, n)] == [p.name for p in FILES] != []


def test_k26_prices_as_published_in_yuan(recorded):
    rows = source.parse((recorded / PAGE).read_bytes(), ON_PAGE_DAY, "kimi.html")
    assert rows["model_key"].tolist() == ["kimi-k2.6"]
    k26 = rows.iloc[0]
    # the table: 1M tokens | 输入价格（缓存命中） ¥1.10 | （缓存未命中） ¥6.50 | 输出价格 ¥27.00
    assert (k26["input_price_per_mtok"], k26["output_price_per_mtok"]) == (6.5, 27.0)
    rate = usd_per_unit("CNY", ON_PAGE_DAY)
    assert k26["input_usd_per_mtok"] == pytest.approx(6.5 * rate)
    assert k26["cached_input_usd_per_mtok"] == pytest.approx(1.1 * rate)
    assert k26["output_usd_per_mtok"] == pytest.approx(27.0 * rate)
    assert bool(k26["usd_converted"]) and k26["tier"] == "standard"


def test_reordered_columns_parse_the_same(recorded):
    a = source.parse((recorded / PAGE).read_bytes(), ON_PAGE_DAY, "a.html")
    b = source.parse(edited_html(recorded / PAGE, reverse_every_row), ON_PAGE_DAY, "b.html")
    assert a.equals(b)


def test_missing_output_column_is_a_layout_error_naming_it(recorded):
    raw = (recorded / PAGE).read_bytes().replace("<th>输出价格</th>".encode(), "<th>价格</th>".encode())
    with pytest.raises(LayoutError, match="输出价格"):
        source.parse(raw, ON_PAGE_DAY, "no_output.html")


def test_empty_table_is_too_few_rows(recorded):
    def drop_body_rows(soup):
        for tbody in soup.find_all("tbody"):
            tbody.clear()
    with pytest.raises(LayoutError, match="found 0 rows"):
        source.parse(edited_html(recorded / PAGE, drop_body_rows), ON_PAGE_DAY, "empty.html")


def test_rows_in_another_billing_unit_are_not_read_as_per_million_prices(recorded):
    raw = (recorded / PAGE).read_bytes().replace(b"<td>1M tokens</td>", b"<td>1K tokens</td>")
    with pytest.raises(LayoutError, match="found 0 rows"):
        source.parse(raw, ON_PAGE_DAY, "per_1k.html")


def test_truncated_and_undecodable_pages_are_layout_errors(recorded):
    raw = (recorded / PAGE).read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(raw[: len(raw) // 2], ON_PAGE_DAY, "truncated.html")
    with pytest.raises(LayoutError, match="UTF-8"):
        source.parse(raw[:100] + b"\xc3\x28" + raw[100:], ON_PAGE_DAY, "broken.html")
