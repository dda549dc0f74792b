import re

import pandas as pd
import pytest
from conftest import CAPTURED, OWN_FIXTURES, as_snapshot, recorded_files

from collectors.errors import LayoutError
from collectors.sources import openrouter_events

FILES = recorded_files(openrouter_events.FIXTURE_FOLDER, "modelgraveyard_openrouter_events_*")
ALL = "feeds/modelgraveyard_openrouter_events_all_2026-08-22.atom.xml"
ANTHROPIC = "feeds/modelgraveyard_openrouter_events_anthropic_2026-08-22.atom.xml"


def _parse(raw: bytes, name: str = "events.atom.xml") -> pd.DataFrame:
    return openrouter_events.parse(raw, CAPTURED, name)


def test_file_pattern_claims_exactly_the_event_feeds(recorded):
    for path in (recorded / "feeds").iterdir():
        claimed = re.search(openrouter_events.FILE_PATTERN, path.name) is not None
        assert claimed == path.name.startswith("modelgraveyard_openrouter_events_"), path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_recorded_feed_parses_into_valid_releases(path):
    raw = path.read_bytes()
    rows = as_snapshot(_parse(raw, path.name), openrouter_events.NAME)
    # one row per entry whose <category> is one of the three catalogue events
    expected = sum(raw.count(f'<category term="{event}"/>'.encode())
                   for event in openrouter_events.CATALOGUE_EVENTS)
    assert len(rows) == expected > 0
    assert rows["model_key"].str.fullmatch(r"~?[\w.-]+/[\w.:~-]+").all()
    assert rows["url"].str.startswith("https://modelgraveyard.com/model/").all()


def test_all_feed_counts_by_event(recorded):
    rows = _parse((recorded / ALL).read_bytes())
    # 100 entries: 72 price_changed, 11 model_added, 4 model_removed, and 13 of types not in the contract
    counts = rows["event"].value_counts().to_dict()
    assert counts == {"price_changed": 72, "model_added": 11, "model_removed": 4}
    left_out = r"Context window changed|Deprecation announced|Catalog disagreement"
    assert not rows["title"].str.match(left_out).any()


def test_entries_read_into_ids_providers_and_dates(recorded):
    rows = _parse((recorded / ALL).read_bytes())
    first = rows.iloc[0]  # the feed's first entry
    assert (first["event"], first["model_key"], first["model_name"]) == (
        "model_added", "meta/muse-spark-1.2-contributor", "meta/muse-spark-1.2-contributor")
    assert first["organization"] == "meta"
    assert first["published_at"] == pd.Timestamp("2026-08-22", tz="UTC")
    assert first["url"] == "https://modelgraveyard.com/model/meta%2Fmuse-spark-1.2-contributor"
    removed = rows[rows["title"] == "Removed: openai/gpt-oss-20b:free"].iloc[0]
    assert (removed["event"], removed["model_key"]) == ("model_removed", "openai/gpt-oss-20b:free")
    alias = rows[rows["model_key"] == "~openai/gpt-latest"].iloc[0]  # <category term="provider:~openai"/>
    assert alias["organization"] == "openai"


def test_anthropic_feed(recorded):
    rows = _parse((recorded / ANTHROPIC).read_bytes())
    assert rows["event"].value_counts().to_dict() == {"model_added": 41, "model_removed": 13}
    assert (rows["organization"] == "anthropic").all()
    opus = rows[rows["model_key"] == "anthropic/claude-opus-5:batch"].iloc[0]
    assert (opus["event"], opus["published_at"]) == ("model_added", pd.Timestamp("2026-08-06", tz="UTC"))


def test_title_prefix_is_the_fallback_when_the_event_category_is_missing(recorded):
    raw = (recorded / ALL).read_bytes()
    events = "|".join(openrouter_events.CATALOGUE_EVENTS)
    stripped = re.sub(rf'<category term="({events})"/>'.encode(), b"", raw)
    a, b = _parse(raw), _parse(stripped)
    pd.testing.assert_frame_equal(a, b)


def test_provider_falls_back_to_the_id_prefix(recorded):
    raw = re.sub(rb'<category term="provider:[^"]*"/>', b"", (recorded / ANTHROPIC).read_bytes())
    assert (_parse(raw)["organization"] == "anthropic").all()


def test_entries_without_any_event_type_are_a_layout_error(recorded):
    raw = re.sub(rb"<category [^>]*/>", b"", (recorded / ANTHROPIC).read_bytes())
    raw = re.sub(rb"<title>(Added|Removed|Price changed): ", b"<title>", raw)
    with pytest.raises(LayoutError, match="event type"):
        _parse(raw)


def test_empty_feed_is_valid_and_gives_zero_rows():
    rows = _parse((OWN_FIXTURES / "openrouter_events/empty_feed.atom.xml").read_bytes())
    assert len(rows) == 0 and "model_key" in rows.columns


def test_truncated_feed_is_a_layout_error(recorded):
    raw = (recorded / ALL).read_bytes()
    with pytest.raises(LayoutError, match="truncated"):
        _parse(raw[: len(raw) // 2])


@pytest.mark.parametrize("raw", [b"", b"\x00\x01 not xml", b"<html><body>Model Graveyard</body></html>"],
                         ids=["empty", "garbage", "html"])
def test_what_is_not_a_feed_is_a_layout_error(raw):
    with pytest.raises(LayoutError):
        _parse(raw)
