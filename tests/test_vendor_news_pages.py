import re

import pandas as pd
import pytest
from conftest import CAPTURED, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.feeds import http_url
from collectors.sources import vendor_news_pages

FILES = recorded_files(vendor_news_pages.FIXTURE_FOLDER, "*.html")
ANTHROPIC = "news_pages/anthropic_news_2026-05-07.html"
RELEASE_NOTES = "news_pages/platform-claude_release-notes_2026-05-07.html"
MISTRAL = "news_pages/mistral_news_2026-03-26.html"
DEEPMIND = "news_pages/deepmind_publications_2026-03-26.html"
# rows per page: distinct dated cards, or top-level <li> entries under the dated headings
EXPECTED_ROWS = {ANTHROPIC: 11, RELEASE_NOTES: 157, MISTRAL: 9, DEEPMIND: 30}
ORGANIZATION = {ANTHROPIC: "Anthropic", RELEASE_NOTES: "Anthropic", MISTRAL: "Mistral AI",
                DEEPMIND: "Google DeepMind"}


def _parse(raw: bytes, name: str = "page.html") -> pd.DataFrame:
    return vendor_news_pages.parse(raw, CAPTURED, name)


def _page(recorded, page: str) -> bytes:
    return (recorded / page).read_bytes()


def test_file_pattern_claims_the_four_pages(recorded):
    names = [p.name for p in (recorded / vendor_news_pages.FIXTURE_FOLDER).iterdir()]
    claimed = [n for n in names if re.search(vendor_news_pages.FILE_PATTERN, n)]
    assert sorted(f"news_pages/{n}" for n in claimed) == sorted(EXPECTED_ROWS)
    for path in (recorded / "feeds").iterdir():
        assert not re.search(vendor_news_pages.FILE_PATTERN, path.name)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_page_parses_into_valid_releases(path):
    rows = as_snapshot(_parse(path.read_bytes(), path.name), vendor_news_pages.NAME)
    page = f"news_pages/{path.name}"
    assert len(rows) == EXPECTED_ROWS[page]
    assert (rows["organization"] == ORGANIZATION[page]).all()
    assert (rows["event"] == "announcement").all()
    assert rows["url"].str.match(r"https://").all()


def test_anthropic_newsroom_cards(recorded):
    rows = _parse(_page(recorded, ANTHROPIC))
    assert rows["url"].is_unique  # featured cards repeat list items
    opus = rows[rows["url"] == "https://www.anthropic.com/news/claude-opus-4-7"].iloc[0]
    # <h2>Introducing Claude Opus 4.7</h2> ... <time>Apr 16, 2026</time>
    assert (opus["title"], opus["model_name"]) == ("Introducing Claude Opus 4.7", "Claude Opus 4.7")
    assert opus["published_at"] == pd.Timestamp("2026-04-16", tz="UTC")
    finance = rows[rows["url"] == "https://www.anthropic.com/news/finance-agents"].iloc[0]
    assert (finance["title"], finance["published_at"]) == ("Agents for financial services",
                                                           pd.Timestamp("2026-05-05", tz="UTC"))
    # the footer link to the RSP post carries no date: it is not a news card
    assert not rows["url"].str.contains("responsible-scaling-policy").any()


def test_release_notes_entries(recorded):
    rows = _parse(_page(recorded, RELEASE_NOTES))
    launch = rows[rows["title"].str.startswith("We've launched Claude Opus 4.7, our most capable")].iloc[0]
    assert launch["published_at"] == pd.Timestamp("2026-04-16", tz="UTC")
    assert launch["url"] == "https://platform.claude.com/docs/en/release-notes/overview#april-16-2026"
    assert launch["model_name"] == "Claude Opus 4.7"
    retired = rows[rows["title"].str.startswith("We've retired the Claude Haiku 3 model")].iloc[0]
    assert retired["model_name"] == "Claude Haiku 3"
    # older headings carry ordinals: "April 9th, 2025"
    assert (rows["published_at"] == pd.Timestamp("2025-04-09", tz="UTC")).any()
    assert rows["published_at"].min() == pd.Timestamp("2024-05-10", tz="UTC")


def test_mistral_relative_links_are_made_absolute(recorded):
    rows = _parse(_page(recorded, MISTRAL))
    small = rows[rows["title"] == "Introducing Mistral Small 4"].iloc[0]  # href="/news/mistral-small-4"
    assert small["url"] == "https://mistral.ai/news/mistral-small-4"
    assert (small["published_at"], small["model_name"]) == (pd.Timestamp("2026-03-16", tz="UTC"),
                                                            "Mistral Small 4")
    assert rows["url"].is_unique  # the hero card repeats the first grid card


def test_deepmind_publications(recorded):
    rows = _parse(_page(recorded, DEEPMIND))
    paper = rows[rows["url"] == "https://deepmind.google/research/publications/194199/"].iloc[0]
    assert paper["title"] == "EmbeddingGemma: Powerful and Lightweight Text Representations"
    assert (paper["published_at"], paper["model_name"]) == (pd.Timestamp("2025-09-24", tz="UTC"),
                                                            "EmbeddingGemma")


def test_page_is_recognised_by_its_content_not_its_file_name(recorded):
    rows = _parse(_page(recorded, ANTHROPIC), "mistral_news_2030-01-01.html")
    assert (rows["organization"] == "Anthropic").all() and len(rows) == 11


@pytest.mark.parametrize(("page", "old", "new", "anchor"), [
    (ANTHROPIC, rb'href="/news/', b'href="/stories/', "anthropic_news"),
    (RELEASE_NOTES, rb"<h3\b", b"<p", "date headings"),
    (MISTRAL, rb'href="/news/', b'href="/blog/', "mistral_news"),
    (DEEPMIND, rb'publications/(\d+)/"', rb'papers/\1/"', "deepmind_publications"),
    (ANTHROPIC, rb'<link rel="canonical"[^>]*>|<title>[^<]*</title>|<meta property="og:url"[^>]*>', b"",
     "not one of the known news pages"),
], ids=["anthropic-links", "release-notes-headings", "mistral-links", "deepmind-links", "no-identity"])
def test_a_page_whose_anchor_is_gone_is_a_layout_error(recorded, page, old, new, anchor):
    raw = re.sub(old, new, _page(recorded, page))
    with pytest.raises(LayoutError, match=anchor):
        _parse(raw)


def test_javascript_links_are_never_published(recorded):
    raw = _page(recorded, ANTHROPIC).replace(b'href="/news/finance-agents"', b'href="javascript:alert(1)"')
    rows = _parse(raw)
    assert len(rows) == 10 and "Agents for financial services" not in set(rows["title"])
    assert not rows["url"].str.contains("javascript", case=False).any()


@pytest.mark.parametrize(("href", "expected"), [
    ("/news/x", "https://www.anthropic.com/news/x"),
    ("https://mistral.ai/news/y", "https://mistral.ai/news/y"),
    ("javascript:alert(1)", None),
    (" JavaScript:void(0)", None),
    ("mailto:press@example.org", None),
    ("data:text/html,hi", None),
    ("", None),
    (None, None),
])
def test_http_url_keeps_only_http_links(href, expected):
    assert http_url(href, "https://www.anthropic.com/news") == expected


def test_truncated_page_is_a_layout_error(recorded):
    raw = _page(recorded, MISTRAL)
    with pytest.raises(LayoutError, match="truncated"):
        _parse(raw[: len(raw) // 2])


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00garbage", b"<html><title>Hello</title></html>",
                                 b'{"news": []}'], ids=["empty", "not-utf8", "unknown-page", "json"])
def test_what_is_not_a_known_page_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)
