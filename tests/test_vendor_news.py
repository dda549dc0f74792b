import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import vendor_news

FILES = recorded_files(vendor_news.FIXTURE_FOLDER, "olshansk_feed_*")
# the vendor each recorded feed belongs to (its <link> is the vendor's own news page)
VENDOR = {"anthropic_news": "Anthropic", "cohere": "Cohere", "google_ai": "Google", "meta_ai": "Meta",
          "mistral": "Mistral AI", "openai_research": "OpenAI", "xainews": "xAI"}
OWN = OWN_FIXTURES / "vendor_news"


def _parse(raw: bytes, name: str = "feed.xml") -> pd.DataFrame:
    return vendor_news.parse(raw, CAPTURED, name)


def _feed(recorded, vendor: str) -> bytes:
    (path,) = (recorded / "feeds").glob(f"olshansk_feed_{vendor}_*")
    return path.read_bytes()


def test_file_pattern_claims_exactly_the_vendor_feeds(recorded):
    for path in (recorded / "feeds").iterdir():
        claimed = re.search(vendor_news.FILE_PATTERN, path.name) is not None
        assert claimed == path.name.startswith("olshansk_feed_"), path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_feed_gives_one_announcement_per_item(path):
    raw = path.read_bytes()
    rows = as_snapshot(_parse(raw, path.name), vendor_news.NAME)
    assert len(rows) == raw.count(b"<item>") > 0
    assert (rows["event"] == "announcement").all()
    vendor = VENDOR[re.sub(r"^olshansk_feed_|_\d{4}-\d\d-\d\d\.rss\.xml$", "", path.name)]
    assert (rows["organization"] == vendor).all()
    assert rows["url"].str.match(r"https://").all()
    assert str(rows["published_at"].dt.tz) == "UTC"


def test_anthropic_launch_is_dated_linked_and_named(recorded):
    rows = _parse(_feed(recorded, "anthropic_news"))
    opus = rows[rows["title"] == "Introducing Claude Opus 4.7"].iloc[0]
    # <pubDate>Thu, 16 Apr 2026 00:00:00 +0000</pubDate>
    assert opus["published_at"] == pd.Timestamp("2026-04-16", tz="UTC")
    assert opus["url"] == "https://www.anthropic.com/news/claude-opus-4-7"
    assert opus["model_name"] == "Claude Opus 4.7"
    assert pd.isna(rows.loc[rows["title"] == "Introducing Claude for Teachers", "model_name"].iloc[0])


def test_offsets_are_converted_to_utc(recorded):
    rows = _parse(_feed(recorded, "cohere"))
    # <pubDate>Mon, 16 Mar 2026 16:28:39 -0400</pubDate>
    item = rows[rows["title"] == "Cohere advances sovereign AI capabilities with NVIDIA"].iloc[0]
    assert item["published_at"] == pd.Timestamp("2026-03-16 20:28:39", tz="UTC")


def test_model_names_per_vendor(recorded):
    expected = {"mistral": ("Introducing Mistral Small 4", "Mistral Small 4"),
                "xainews": ("Grok 4.1 Fast and Agent Tools API", "Grok 4.1 Fast"),
                "meta_ai": ("Introducing Muse Spark 1.1", "Muse Spark 1.1"),
                "openai_research": ("Hello GPT-4o", "GPT-4o"),
                "cohere": ("Command A Reasoning: Enterprise-grade control for AI agents",
                           "Command A Reasoning")}
    for vendor, (title, model) in expected.items():
        rows = _parse(_feed(recorded, vendor))
        assert rows.loc[rows["title"] == title, "model_name"].tolist() == [model], vendor


def test_vendor_comes_from_the_feed_not_the_file_name(recorded):
    raw = _feed(recorded, "xainews")
    assert (_parse(raw, "olshansk_feed_cohere_2026-01-01.rss.xml")["organization"] == "xAI").all()
    # without its <link>, the feed's <title> "xAI News" still names the vendor
    no_link = raw.replace(b"<link>https://x.ai/news</link>", b"", 1)
    assert (_parse(no_link)["organization"] == "xAI").all()
    unknown = no_link.replace(b"<title>xAI News</title>", b"<title>Some AI blog</title>", 1)
    assert _parse(unknown)["organization"].isna().all()


def test_reordered_item_elements_parse_the_same(recorded):
    raw = _feed(recorded, "mistral")
    root = ET.fromstring(raw)
    for item in root.iter("item"):
        children = list(item)
        for child in children:
            item.remove(child)
        item.extend(reversed(children))
    shuffled = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    pd.testing.assert_frame_equal(_parse(raw), _parse(shuffled))


def test_empty_feed_is_valid_and_gives_zero_rows():
    rows = _parse((OWN / "empty_feed.rss.xml").read_bytes(), "empty_feed.rss.xml")
    assert len(rows) == 0
    assert {"event", "title", "url", "organization", "published_at", "model_name"} <= set(rows.columns)
    assert str(rows["published_at"].dtype) == "datetime64[ns, UTC]"


def test_javascript_links_are_never_published():
    rows = _parse((OWN / "javascript_link.rss.xml").read_bytes())
    by_title = rows.set_index("title")["url"]
    assert pd.isna(by_title["Introducing Mistral Small 4"])  # javascript:alert(...)
    assert by_title["Mistral Saba"] == "https://mistral.ai/news/mistral-saba"  # relative, joined to <link>
    assert by_title["Magistral"] == "https://mistral.ai/news/magistral"
    assert not rows["url"].dropna().str.contains("javascript", case=False).any()


@pytest.mark.parametrize("raw", [
    b"",
    (OWN / "garbage.xml").read_bytes(),
    b"<html><head><title>Newsroom</title></head><body><a href='/news/x'>x</a></body></html>",
    b'{"items": []}',
], ids=["empty", "garbage", "html", "json"])
def test_what_is_not_a_feed_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)


@pytest.mark.parametrize("keep", [300, 0.5])
def test_truncated_feed_is_a_layout_error(recorded, keep):
    raw = _feed(recorded, "xainews")
    cut = raw[:keep] if isinstance(keep, int) else raw[: int(len(raw) * keep)]
    with pytest.raises(LayoutError, match="truncated"):
        _parse(cut)


def test_an_html_page_is_not_a_feed(recorded):
    raw = (recorded / "news_pages/anthropic_news_2026-05-07.html").read_bytes()
    with pytest.raises(LayoutError, match="not an RSS/Atom feed"):
        _parse(raw)


def test_items_without_any_date_are_a_layout_error(recorded):
    raw = re.sub(rb"<pubDate>[^<]*</pubDate>", b"", _feed(recorded, "xainews"))
    with pytest.raises(LayoutError, match="date"):
        _parse(raw)
