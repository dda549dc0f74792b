"""OpenAI API pricing page: rendered tables + astro-island props, tiers from the switcher panes."""
from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest
from bs4 import BeautifulSoup
from conftest import as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import openai_pricing as source

FILES = recorded_files(source.FIXTURE_FOLDER, "openai_api-docs-pricing*")
PAGE = "pricing_pages/openai_api-docs-pricing_2026-08-21.html"
DAY = dt.datetime(2026, 8, 21, tzinfo=dt.UTC)
PRICES = ["input_usd_per_mtok", "cached_input_usd_per_mtok", "output_usd_per_mtok"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_page_parses_into_valid_prices(path):
    rows = as_snapshot(source.parse(path.read_bytes(), DAY, path.name), source.NAME)
    assert len(rows) >= source.MIN_ROWS
    assert (rows["provider"] == "openai").all() and (rows["currency"] == "USD").all()
    assert not rows["usd_converted"].any()
    assert rows["input_price_per_mtok"].equals(rows["input_usd_per_mtok"])
    assert not rows.duplicated(["model_key", "tier"]).any()


def test_file_pattern_claims_only_the_pricing_page():
    names = [p.name for p in recorded_files(source.FIXTURE_FOLDER)]
    assert [n for n in names if re.search(source.FILE_PATTERN, n)] == [p.name for p in FILES] != []


@pytest.fixture(scope="module")
def page() -> bytes:
    path = recorded_files("pricing_pages", "openai_api-docs-pricing_2026-08-21.html")
    if not path:
        pytest.skip("recorded OpenAI pricing page not found")
    return path[0].read_bytes()


@pytest.fixture(scope="module")
def rows(page):
    return source.parse(page, DAY, "openai.html").set_index(["model_key", "tier"])


def price(rows, model, tier) -> list[float]:
    return rows.loc[(model, tier), PRICES].tolist()


def test_flagship_table_short_and_long_context_in_every_tier(rows):
    # the rendered table: Short context $5.00 / $0.50 / $6.25 (cache writes) / $30.00,
    # Long context $10.00 / $1.00 / $12.50 / $45.00
    assert price(rows, "gpt-5.6-sol", "standard") == [5.0, 0.5, 30.0]
    assert price(rows, "gpt-5.6-sol", "long-context") == [10.0, 1.0, 45.0]
    assert price(rows, "gpt-5.6-sol", "batch") == [2.5, 0.25, 15.0]
    assert price(rows, "gpt-5.6-terra", "flex long-context") == [2.0, 0.2, 9.0]
    assert price(rows, "gpt-5.6-luna", "fast") == [0.4, 0.04, 2.4]  # 'Fast mode', formerly priority
    assert set(rows.index.get_level_values("tier")) == {
        "standard", "batch", "flex", "fast",
        "long-context", "batch long-context", "flex long-context", "fast long-context"}


def test_models_only_in_the_island_props_are_read(rows):
    # rows behind "All models" (not server-rendered), e.g. gpt-4.1 standard 2 / 0.5 / 8
    assert price(rows, "gpt-4.1", "standard") == [2.0, 0.5, 8.0]
    assert price(rows, "gpt-4o", "standard") == [2.5, 1.25, 10.0]
    assert price(rows, "gpt-5.2", "standard") == [1.75, 0.175, 14.0]
    assert price(rows, "o4-mini", "flex") == [0.55, 0.138, 2.2]
    batch_4o = price(rows, "gpt-4o", "batch")  # cached input '-' in batch
    assert batch_4o[0] == 1.25 and math.isnan(batch_4o[1]) and batch_4o[2] == 5.0
    # 'gpt-5.5 (<272K context length)' -> key gpt-5.5 (the short-context price)
    assert price(rows, "gpt-5.5", "standard") == [5.0, 0.5, 30.0]
    assert not any("(" in key for key, _ in rows.index)


def test_only_text_rows_of_modality_tables(rows):
    # gpt-realtime-2.1: Audio $32 / $0.40 / $64, Text $4 / $0.40 / $24, Image $5 / $0.50 / - -> Text only
    assert price(rows, "gpt-realtime-2.1", "standard") == [4.0, 0.4, 24.0]
    image_batch = price(rows, "gpt-image-2", "batch")  # Text: $2.50 / $0.625 / -
    assert image_batch[:2] == [2.5, 0.625] and math.isnan(image_batch[2])


def test_specialized_and_cyber_tables(rows):
    assert price(rows, "gpt-5.3-codex", "fast") == [3.5, 0.35, 28.0]
    assert price(rows, "chat-latest", "standard") == [5.0, 0.5, 30.0]
    assert price(rows, "gpt-5.6-cyber", "standard") == [12.5, 1.25, 75.0]
    assert ("gpt-5.6-cyber", "long-context") not in rows.index  # all '-'
    assert rows.loc[("text-embedding-3-small", "standard"), "input_usd_per_mtok"] == 0.02


def test_prices_not_per_token_are_skipped(rows):
    keys = set(rows.index.get_level_values("model_key"))
    # video per second, speech per minute, tools per call, fine-tuning, TTS per 1M characters
    skipped = {"sora-2", "sora-2-pro", "Whisper", "gpt-4o-transcribe", "gpt-realtime-translate",
               "Web search", "File search", "o4-mini-2025-04-16", "gpt-4.1-2025-04-14", "tts-1", "tts-1-hd"}
    assert not skipped & keys


def _edited(page: bytes, edit) -> bytes:
    soup = BeautifulSoup(page, "lxml")
    edit(soup)
    return str(soup).encode()


def _drop_props(soup):
    for island in soup.find_all("astro-island"):
        del island["props"]


def test_reordered_columns_parse_the_same(page):
    def reverse_rows_drop_props(soup):
        _drop_props(soup)
        for tr in soup.find_all("tr"):
            cells = [cell.extract() for cell in tr.find_all(("td", "th"), recursive=False)]
            tr.extend(reversed(cells))
    plain = source.parse(_edited(page, _drop_props), DAY, "a.html").set_index(["model_key", "tier"])
    reordered = source.parse(_edited(page, reverse_rows_drop_props), DAY, "b.html").set_index(
        ["model_key", "tier"])
    assert len(plain) >= source.MIN_ROWS
    assert reordered.sort_index()[PRICES].equals(plain.sort_index()[PRICES])
    assert price(reordered, "gpt-5.6-sol", "long-context") == [10.0, 1.0, 45.0]


def test_props_that_disagree_with_the_rendered_table_are_a_layout_error(page):
    def change_sol_in_props(soup):
        island = soup.find("astro-island", attrs={"component-export": "TextTokenPricingTables"})
        props = json.loads(island["props"])
        props["rows"][1][0][1][1] = [0, 6]  # gpt-5.6-sol standard input 5 -> 6
        island["props"] = json.dumps(props)
    with pytest.raises(LayoutError, match=r"two different prices for gpt-5\.6-sol"):
        source.parse(_edited(page, change_sol_in_props), DAY, "disagree.html")


def test_missing_output_header_is_a_layout_error_naming_it(page):
    def rename_output(soup):
        for th in soup.find_all("th"):
            if th.get_text(strip=True).startswith("Output"):  # 'Output', 'Output / cost'
                th.string = "Completion"
    with pytest.raises(LayoutError, match="'Output'"):
        source.parse(_edited(page, rename_output), DAY, "no_output.html")


def test_empty_tables_are_too_few_rows(page):
    def empty_tables(soup):
        _drop_props(soup)
        for tbody in soup.find_all("tbody"):
            tbody.clear()
    with pytest.raises(LayoutError, match="found 0 rows"):
        source.parse(_edited(page, empty_tables), DAY, "empty.html")


def test_missing_unit_statement_is_a_layout_error(page):
    with pytest.raises(LayoutError, match="per 1M tokens"):
        source.parse(re.sub(rb"Prices per 1M tokens", b"Prices", page), DAY, "no_unit.html")


def test_broken_props_and_truncated_page_are_layout_errors(page):
    def break_props(soup):
        island = soup.find("astro-island", attrs={"component-export": "TextTokenPricingTables"})
        island["props"] = '{"rows":[1,['
    with pytest.raises(LayoutError, match="not valid JSON"):
        source.parse(_edited(page, break_props), DAY, "broken_props.html")
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(page[: len(page) // 3], DAY, "truncated.html")


def test_a_page_without_switchers_takes_the_tier_from_the_heading():
    def table(scale: float) -> str:
        rows = "".join(f"<tr><td>model-{i}</td><td>${i * scale:.2f}</td><td>-</td>"
                       f"<td>${2 * i * scale:.2f}</td></tr>" for i in range(1, 12))
        return ("<table><thead><tr><th>Model</th><th>Input</th><th>Cached input</th><th>Output</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>")
    raw = ("<html><body><p>Prices per 1M tokens.</p><h3>Standard</h3>" + table(1.0)
           + "<h3>Batch API</h3>" + table(0.5) + "</body></html>").encode()
    rows = source.parse(raw, DAY, "plain.html").set_index(["model_key", "tier"])
    assert len(rows) == 22
    assert rows.loc[("model-4", "standard"), "input_usd_per_mtok"] == 4.0
    assert rows.loc[("model-4", "batch"), "output_usd_per_mtok"] == 4.0
