"""OpenAI models catalogue: model cards grouped in sections; access from the 'Open-weight' section."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from conftest import as_snapshot, recorded_files

from collectors import licences
from collectors.errors import LayoutError
from collectors.sources import openai_models as source

FILES = recorded_files(source.FIXTURE_FOLDER, "openai_api-docs-models*")
PAGE = "pricing_pages/openai_api-docs-models_2026-02-20.html"
DAY = dt.datetime(2026, 2, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_page_parses_into_valid_models(path):
    rows = as_snapshot(source.parse(path.read_bytes(), DAY, path.name), source.NAME)
    assert len(rows) >= source.MIN_ROWS
    assert (rows["kind"] == "models").all() and rows["model_key"].is_unique
    assert set(rows["access"]) <= {"open_weights", "closed"}


def test_file_pattern_claims_only_the_models_page():
    names = [p.name for p in recorded_files(source.FIXTURE_FOLDER)]
    assert [n for n in names if re.search(source.FILE_PATTERN, n)] == [p.name for p in FILES] != []


@pytest.fixture
def page(recorded) -> bytes:
    return (recorded / PAGE).read_bytes()


def test_catalogue_models_and_access(page):
    rows = source.parse(page, DAY, "models.html").set_index("model_key")
    assert len(rows) == 73  # the 'All models' section lists 73 cards; other sections repeat them
    # "Open-weight models under a permissive Apache 2.0 license." lists gpt-oss-120b and gpt-oss-20b
    assert sorted(rows.index[rows["access"] == "open_weights"]) == ["gpt-oss-120b", "gpt-oss-20b"]
    assert rows.loc["gpt-oss-20b", "license"] == "Apache 2.0"
    assert licences.classify(rows.loc["gpt-oss-120b", "license"])[0] == "open_weights"
    assert rows.loc["gpt-4.1", "access"] == "closed" and rows["license"].isna().sum() == 71
    assert (rows["organization"] == "OpenAI").all()


def test_names_come_from_the_card_title_without_badges(page):
    rows = source.parse(page, DAY, "models.html").set_index("model_key")
    assert rows.loc["gpt-5.2", "model_name"] == "GPT-5.2"  # 'New' badge left out
    assert rows.loc["o1-mini", "model_name"] == "o1-mini"  # 'Deprecated' badge left out
    assert rows.loc["gpt-4o-mini-tts", "model_name"] == "GPT-4o mini TTS"


def _catalogue(*sections: tuple[str, str, str, list[str]]) -> bytes:
    """A small hand-made catalogue page: (section id, title, description, model ids) per section."""
    html = []
    for section, title, description, models in sections:
        cards = "".join(f'<a href="/api/docs/models/{m}"><div>{m}</div><div>text</div></a>' for m in models)
        html.append(f'<div id="{section}"><div>{title}</div><div>{description}</div>{cards}</div>')
    return ("<html><body>" + "".join(html) + "</body></html>").encode()


def test_access_follows_the_page_not_a_list_of_names():
    raw = _catalogue(
        ("open", "Open-weight models", "Open-weight models under a permissive MIT license.", ["new-oss-1"]),
        ("all", "All models", "Diverse models", [f"m{i}" for i in range(10)] + ["new-oss-1", "gpt-oss-20b"]))
    rows = source.parse(raw, DAY, "made_up.html").set_index("model_key")
    assert rows.loc["new-oss-1", ["access", "license"]].tolist() == ["open_weights", "MIT"]
    assert rows.loc["gpt-oss-20b", "access"] == "closed"  # not in the open-weight section here


def test_reordered_sections_parse_the_same(page):
    soup = BeautifulSoup(page, "lxml")
    section = soup.find(id="open")
    parent = section.parent
    parent.append(section.extract())  # the open-weight section moved to the end
    a = source.parse(page, DAY, "a.html").sort_values("model_key", ignore_index=True)
    b = source.parse(str(soup).encode(), DAY, "b.html").sort_values("model_key", ignore_index=True)
    assert a.equals(b)


def test_missing_open_weight_section_is_a_layout_error(page):
    raw = page.replace(b">Open-weight models<", b">Community models<")
    with pytest.raises(LayoutError, match="Open-weight models"):
        source.parse(raw, DAY, "no_open_section.html")


def test_missing_model_cards_are_a_layout_error(page):
    raw = page.replace(b'href="/api/docs/models/', b'href="/api/docs/catalogue/')
    with pytest.raises(LayoutError, match="no model cards"):
        source.parse(raw, DAY, "no_cards.html")


def test_too_few_models_is_a_layout_error():
    raw = _catalogue(("open", "Open-weight models", "Apache 2.0", ["a", "b"]))
    with pytest.raises(LayoutError, match="found 2 rows"):
        source.parse(raw, DAY, "two.html")


def test_truncated_and_undecodable_pages_are_layout_errors(page):
    with pytest.raises(LayoutError, match="truncated"):
        source.parse(page[: len(page) // 2], DAY, "truncated.html")
    with pytest.raises(LayoutError, match="UTF-8"):
        source.parse(b"\x80" + page, DAY, "binary.html")
