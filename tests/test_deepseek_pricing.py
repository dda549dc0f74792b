"""DeepSeek pricing page (Chinese, CNY): one sideways table with rowspan/colspan."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import OWN_FIXTURES, as_snapshot, edited_html, recorded_files, reverse_every_row

from collectors.currency import usd_per_unit
from collectors.errors import LayoutError
from collectors.parsing import date_in_name
from collectors.sources import deepseek_pricing as source

FILES = recorded_files(source.FIXTURE_FOLDER, "deepseek_pricing*")
PAGE = "pricing_pages/deepseek_pricing-zh-cn_2026-07-17.html"
ON_PAGE_DAY = dt.datetime(2026, 7, 17, tzinfo=dt.UTC)


def captured(path) -> dt.datetime:
    return dt.datetime.combine(date_in_name(path.name), dt.time(), tzinfo=dt.UTC)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_page_parses_into_valid_prices(path):
    rows = as_snapshot(source.parse(path.read_bytes(), captured(path), path.name), source.NAME)
    assert len(rows) >= source.MIN_ROWS
    assert (rows["provider"] == "deepseek").all() and (rows["kind"] == "prices").all()
    assert rows["input_usd_per_mtok"].notna().all() and rows["output_usd_per_mtok"].notna().all()


def test_file_pattern_claims_only_deepseek_pages():
    names = [p.name for p in recorded_files(source.FIXTURE_FOLDER)]
    assert [n for n in names if re.search(source.FILE_PATTERN, n)] == [p.name for p in FILES] != []


def test_flash_and_pro_prices_as_published_in_yuan(recorded):
    rows = source.parse((recorded / PAGE).read_bytes(), ON_PAGE_DAY, "deepseek.html").set_index("model_key")
    assert sorted(rows.index) == ["deepseek-v4-flash", "deepseek-v4-pro"]  # footnote '(1)' dropped
    flash, pro = rows.loc["deepseek-v4-flash"], rows.loc["deepseek-v4-pro"]
    # the table: 百万tokens输入（缓存命中） 0.02元 / 0.025元, （缓存未命中） 1元 / 3元, 输出 2元 / 6元
    assert flash["currency"] == pro["currency"] == "CNY"
    assert (flash["input_price_per_mtok"], flash["output_price_per_mtok"]) == (1.0, 2.0)
    assert (pro["input_price_per_mtok"], pro["output_price_per_mtok"]) == (3.0, 6.0)
    rate = usd_per_unit("CNY", ON_PAGE_DAY)
    assert flash["input_usd_per_mtok"] == pytest.approx(1.0 * rate)
    assert flash["cached_input_usd_per_mtok"] == pytest.approx(0.02 * rate)
    assert pro["cached_input_usd_per_mtok"] == pytest.approx(0.025 * rate)
    assert pro["output_usd_per_mtok"] == pytest.approx(6.0 * rate)
    assert rows["usd_converted"].all() and (rows["tier"] == "standard").all()


def test_reordered_columns_parse_the_same(recorded):
    a = source.parse((recorded / PAGE).read_bytes(), ON_PAGE_DAY, "a.html").sort_values("model_key")
    b = source.parse(edited_html(recorded / PAGE, reverse_every_row), ON_PAGE_DAY, "b.html").sort_values("model_key")
    assert a.reset_index(drop=True).equals(b.reset_index(drop=True))


def test_missing_model_row_is_a_layout_error_naming_it(recorded):
    raw = (recorded / PAGE).read_bytes().replace(">模型</td>".encode(), ">名称</td>".encode())
    with pytest.raises(LayoutError, match="模型"):
        source.parse(raw, ON_PAGE_DAY, "no_model_row.html")


def test_missing_output_price_row_is_a_layout_error_naming_it(recorded):
    raw = (recorded / PAGE).read_bytes().replace("百万tokens输出".encode(), "输出".encode())
    with pytest.raises(LayoutError, match="百万tokens输出"):
        source.parse(raw, ON_PAGE_DAY, "no_output_row.html")


def test_table_without_models_is_too_few_rows():
    raw = (OWN_FIXTURES / "deepseek_pricing" / "empty_table.html").read_bytes()
    with pytest.raises(LayoutError, match="found 0 rows"):
        source.parse(raw, ON_PAGE_DAY, "empty_table.html")


def test_truncated_and_undecodable_pages_are_layout_errors(recorded):
    raw = (recorded / PAGE).read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(raw[: len(raw) // 2], ON_PAGE_DAY, "truncated.html")
    with pytest.raises(LayoutError, match="UTF-8"):
        source.parse(b"\xff" + raw, ON_PAGE_DAY, "latin1.html")


def test_english_layout_in_dollars_is_read_the_same_way():
    raw = b"""<html><body><table>
      <tr><td colspan="2">MODEL</td><td>deepseek-v4-flash<sup>(1)</sup></td><td>deepseek-v4-pro</td></tr>
      <tr><td colspan="2">CONTEXT LENGTH</td><td colspan="2">1M</td></tr>
      <tr><td colspan="2">MAX OUTPUT</td><td colspan="2">384K</td></tr>
      <tr><td rowspan="3">PRICING</td><td>1M INPUT TOKENS (CACHE HIT)</td>
          <td>$0.0028</td><td>$0.0035</td></tr>
      <tr><td>1M INPUT TOKENS (CACHE MISS)</td><td>$0.14</td><td>$0.42</td></tr>
      <tr><td>1M OUTPUT TOKENS</td><td>$0.28</td><td>$0.84</td></tr>
    </table></body></html>"""
    rows = source.parse(raw, ON_PAGE_DAY, "en.html").set_index("model_key")
    flash = rows.loc["deepseek-v4-flash"]
    assert flash["currency"] == "USD"
    assert (flash["input_usd_per_mtok"], flash["cached_input_usd_per_mtok"]) == (0.14, 0.0028)
    assert rows.loc["deepseek-v4-pro", "output_price_per_mtok"] == 0.84
    assert not rows["usd_converted"].any()
