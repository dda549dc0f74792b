"""What the feed-based sources share: reading RSS/Atom bytes, entry dates, safe links, release rows.

Used by vendor_news, openrouter_events and hf_trending (read_feed), and by vendor_news_pages
(http_url, releases_frame). A feed with zero items is a valid feed; bytes that are not a feed at
all (an HTML page, garbage, a truncated download) are a LayoutError.
"""
from __future__ import annotations

import calendar
import io
import re
from urllib.parse import urljoin, urlsplit

import feedparser
import pandas as pd

from .errors import LayoutError

RELEASE_COLUMNS = ("event", "title", "url", "organization", "published_at", "model_name")
# A complete feed ends with its root element closed; a cut-off download does not.
_CLOSED_ROOT = re.compile(rb"</(?:[\w-]+:)?(?:rss|feed|RDF)>\s*$", re.IGNORECASE)


def read_feed(raw: bytes, source: str, name: str) -> feedparser.FeedParserDict:
    """Parse RSS/Atom bytes; LayoutError when they are empty, not a feed, or truncated."""
    if not raw or not raw.strip():
        raise LayoutError(source, name, "file is empty")
    # A stream, never the bytes themselves: feedparser would treat a bytes "path" as a file to open.
    feed = feedparser.parse(io.BytesIO(raw))
    problem = feed.get("bozo_exception")
    if not feed.entries and (not feed.version or (feed.bozo and not feed.feed.get("title"))):
        raise LayoutError(source, name, "not an RSS/Atom feed: no <rss>/<feed> root with a title or items"
                                        + (f" ({problem})" if problem else ""))
    if not _CLOSED_ROOT.search(raw[-1024:]):
        raise LayoutError(source, name, "truncated: the feed does not end with its closing </rss> or </feed>"
                                        + (f" ({problem})" if problem else ""))
    return feed


def entry_time(entry: dict) -> pd.Timestamp:
    """The entry's publication (else update) time in UTC, NaT when it carries none."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return pd.Timestamp(calendar.timegm(parsed), unit="s", tz="UTC") if parsed else pd.NaT


def clean_text(text: object) -> str | None:
    """Whitespace collapsed; None for missing or blank text."""
    if not isinstance(text, str):
        return None
    return " ".join(text.split()) or None


def http_url(href: object, base: str | None = None) -> str | None:
    """An absolute http(s) URL (relative links joined to `base`), or None: javascript:, mailto:,
    data: and empty links are never published."""
    if not isinstance(href, str) or not href.strip():
        return None
    url = urljoin(base, href.strip()) if base else href.strip()
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def releases_frame(rows: list[dict], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows of kind "releases" with the contract's dtypes (also when there are none)."""
    columns = list(RELEASE_COLUMNS + extra)
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns:
        if column != "published_at":
            frame[column] = frame[column].astype("string")
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    frame["kind"] = "releases"
    return frame
