"""Vendor news feeds (RSS/Atom): announcements of Anthropic, OpenAI, Google, Meta, Mistral AI, xAI, Cohere.

One feed per file (the Olshansk/rss-feeds mirrors of the vendors' news pages). Each item becomes a
"releases" row: event "announcement", the headline, its http(s) link, the publication time (UTC)
and the model the headline names (collectors.model_mentions), if any. The vendor is read from the
feed's own <link> host, else its <title>; an unrecognised feed keeps organization empty.
A feed with zero items is valid and gives zero rows.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pandas as pd

from ..errors import LayoutError
from ..feeds import clean_text, entry_time, http_url, read_feed, releases_frame
from ..model_mentions import extract_model
from ..parsing import require_rows

NAME = "vendor_news"
KINDS = ("releases",)
FIXTURE_FOLDER = "feeds"
FILE_PATTERN = r"^olshansk_feed_"
MIN_ROWS = 0  # a vendor that published nothing yet still has a valid, empty feed
PARSER_VERSION = "1"
ACCEPT = ("xml", "rss", "atom", "text/plain", "octet-stream")

# (vendor, feed <link> host, word in the feed <title>)
_VENDORS = (
    ("Anthropic", r"(^|\.)anthropic\.com$", r"\bAnthropic\b"),
    ("OpenAI", r"(^|\.)openai\.com$", r"\bOpenAI\b"),
    ("Google", r"(^|\.)(googleblog\.com|blog\.google|deepmind\.google|research\.google)$",
     r"\bGoogle\b|\bDeepMind\b"),
    ("Meta", r"(^|\.)(ai\.)?meta\.com$", r"\bMeta\b"),
    ("Mistral AI", r"(^|\.)mistral\.ai$", r"\bMistral\b"),
    ("xAI", r"(^|\.)x\.ai$", r"\bxAI\b"),
    ("Cohere", r"(^|\.)cohere\.(com|ai)$", r"\bCohere\b"),
)


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "vendor_news.xml") -> pd.DataFrame:
    feed = read_feed(raw, NAME, name)
    organization = _parse_organization(feed.feed)
    home = http_url(feed.feed.get("link"))  # relative item links are joined to the feed's own site
    rows = [_parse_entry(entry, organization, home) for entry in feed.entries]
    rows = [row for row in rows if row["title"] and not pd.isna(row["published_at"])]
    if feed.entries and not rows:
        raise LayoutError(NAME, name, f"none of the {len(feed.entries)} items has both a <title> and a "
                                      "date (<pubDate>/<published>/<updated>)")
    return require_rows(releases_frame(rows), MIN_ROWS, NAME, name)


def _parse_organization(channel: dict) -> str | None:
    """The vendor behind a feed, from its <link> host first, then its <title>; None if unknown."""
    host = urlsplit(channel.get("link") or "").hostname or ""
    title = channel.get("title") or ""
    for vendor, host_pattern, _ in _VENDORS:
        if host and re.search(host_pattern, host):
            return vendor
    for vendor, _, title_pattern in _VENDORS:
        if re.search(title_pattern, title):
            return vendor
    return None


def _parse_entry(entry: dict, organization: str | None, home: str | None) -> dict:
    title = clean_text(entry.get("title"))
    return {"event": "announcement", "title": title, "url": http_url(entry.get("link"), home),
            "organization": organization, "published_at": entry_time(entry),
            "model_name": extract_model(title)}
