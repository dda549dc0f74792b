"""Vendor news and release-notes HTML pages (no feed published): one "releases" row per dated item.

Four pages, told apart by their canonical link / og:url / <title> (never by file name):
  * anthropic_news        www.anthropic.com/news: cards are links to /news/<slug> holding a <time>
                          ("Apr 16, 2026") and a heading or a *title* element; featured cards repeat
                          list items, so links are deduplicated;
  * claude_release_notes  platform.claude.com/docs/en/release-notes/overview: <h3> headings that are
                          dates ("May 6, 2026", "April 9th, 2025") each followed by a list; every
                          top-level <li> is one entry, linked by the heading's #anchor;
  * mistral_news          mistral.ai/news (rendered DOM): links to /news/<slug> wrapping an <article>
                          with a heading and a date text ("Mar 23, 2026");
  * deepmind_publications deepmind.google/research/publications: links to /publications/<id>/ with
                          a date span ("23 April 2026") and a description span (the paper title).
Relative links are joined to the page's known base URL; only http(s) links are kept. model_name is
read from the title with collectors.model_mentions. A page whose anchors are gone is a LayoutError
naming the anchor.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
from bs4 import BeautifulSoup, Tag

from ..errors import LayoutError
from ..feeds import clean_text, http_url, releases_frame
from ..model_mentions import extract_model
from ..parsing import decode_text, require_rows

NAME = "vendor_news_pages"
KINDS = ("releases",)
FIXTURE_FOLDER = "news_pages"
FILE_PATTERN = r"^(anthropic_news|platform-claude_release-notes|mistral_news|deepmind_publications)_"
MIN_ROWS = 5
PARSER_VERSION = "1"
ACCEPT = ("html",)

# "Apr 16, 2026", "April 9th, 2025", "23 April 2026"
_DATE_TEXT = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}"
                        r"|\d{1,2} [A-Z][a-z]{2,8} \d{4})$")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _Page(NamedTuple):
    key: str
    marker: str         # regex searched in the canonical link, og:url and <title>
    base_url: str       # what relative links are joined to
    organization: str


ANTHROPIC_NEWS = _Page("anthropic_news", r"anthropic\.com/news/?$|^Newsroom \\ Anthropic$",
                       "https://www.anthropic.com/news", "Anthropic")
CLAUDE_RELEASE_NOTES = _Page("claude_release_notes", r"platform\.claude\.com/docs/.*release-notes",
                             "https://platform.claude.com/docs/en/release-notes/overview", "Anthropic")
MISTRAL_NEWS = _Page("mistral_news", r"mistral\.ai/(\w\w/)?news/?$|\bnews\b.*\| Mistral AI$",
                     "https://mistral.ai/news", "Mistral AI")
DEEPMIND_PUBLICATIONS = _Page("deepmind_publications",
                              r"deepmind\.google/research/publications/?$|^Publications — Google DeepMind$",
                              "https://deepmind.google/research/publications/", "Google DeepMind")


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "news_page.html") -> pd.DataFrame:
    text = decode_text(raw, NAME, name)
    if not text.strip():
        raise LayoutError(NAME, name, "file is empty")
    if not re.search(r"</html>\s*$", text[-2000:], re.IGNORECASE):
        raise LayoutError(NAME, name, "truncated: the page does not end with </html>")
    soup = BeautifulSoup(text, "lxml")
    page, parser = _detect_page(soup, name)
    rows = [{**row, "event": "announcement", "organization": page.organization,
             "model_name": extract_model(row["title"])} for row in parser(soup, page, name)]
    frame = releases_frame(rows).drop_duplicates(subset=["url", "title"], ignore_index=True)
    return require_rows(frame, MIN_ROWS, NAME, name)


def _identity(soup: BeautifulSoup) -> list[str]:
    """What a page says it is: canonical href, og:url and <title> (each may be empty)."""
    found = [link.get("href") or "" for link in soup.find_all("link", rel="canonical")]
    found += [meta.get("content") or "" for meta in soup.find_all("meta", property="og:url")]
    found.append(soup.title.get_text(strip=True) if soup.title else "")
    return [value.strip() for value in found if value and value.strip()]


def _detect_page(soup: BeautifulSoup, name: str) -> tuple[_Page, Callable]:
    identity = _identity(soup)
    for page, parser in _PARSERS.items():
        if any(re.search(page.marker, value) for value in identity):
            return page, parser
    raise LayoutError(NAME, name, "not one of the known news pages (anthropic newsroom, Claude release "
                                  f"notes, Mistral news, DeepMind publications): canonical/og:url/<title> "
                                  f"= {identity[:4]}")


def _to_time(text: str | None) -> pd.Timestamp:
    """'Apr 16, 2026' / 'April 9th, 2025' / '23 April 2026' / ISO -> UTC midnight; NaT otherwise."""
    if not text:
        return pd.NaT
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text.strip())
    stamp = pd.to_datetime(text, errors="coerce", utc=True)
    return pd.NaT if pd.isna(stamp) else stamp


def _card_date(card: Tag) -> pd.Timestamp:
    """A card's date: its <time> (datetime attribute or text), else the first text that is a date."""
    time = card.find("time")
    if time is not None:
        return _to_time(time.get("datetime") or time.get_text(strip=True))
    for string in card.find_all(string=True):
        if _DATE_TEXT.match(string.strip()):
            return _to_time(string.strip())
    return pd.NaT


def _card_title(card: Tag, classes: str) -> str | None:
    """A card's title: its first heading, else the first element whose class names it (`classes`)."""
    element = card.find(_HEADINGS) or card.find(class_=re.compile(classes))
    return clean_text(element.get_text(" ", strip=True)) if element else None


def _cards(soup: BeautifulSoup, page: _Page, href: str, classes: str, name: str) -> list[dict]:
    """Dated link cards whose absolute URL matches `href`, one per URL; LayoutError if none."""
    rows, seen = [], set()
    for anchor in soup.find_all("a", href=True):
        url = http_url(anchor["href"], page.base_url)
        if url is None or not re.search(href, url) or url in seen:
            continue
        published, title = _card_date(anchor), _card_title(anchor, classes)
        if pd.isna(published) or not title:
            continue  # a plain link to an article (footer, menu) is not a card
        seen.add(url)
        rows.append({"title": title, "url": url, "published_at": published})
    if not rows:
        raise LayoutError(NAME, name, f"{page.key}: no links matching {href!r} that carry a date and a "
                                      "title (the listing's cards are gone)")
    return rows


def _parse_anthropic_news(soup: BeautifulSoup, page: _Page, name: str) -> list[dict]:
    return _cards(soup, page, r"^https://www\.anthropic\.com/news/[^/?#]+/?$", r"title", name)


def _parse_mistral_news(soup: BeautifulSoup, page: _Page, name: str) -> list[dict]:
    return _cards(soup, page, r"^https://mistral\.ai/(\w\w/)?news/[^/?#]+/?$", r"title", name)


def _parse_deepmind_publications(soup: BeautifulSoup, page: _Page, name: str) -> list[dict]:
    return _cards(soup, page, r"^https://deepmind\.google/research/publications/\d+/?$",
                  r"description|title", name)


def _parse_claude_release_notes(soup: BeautifulSoup, page: _Page, name: str) -> list[dict]:
    rows = []
    for heading in soup.find_all(("h2", "h3")):
        published = _to_time(heading.get_text(" ", strip=True)) \
            if _DATE_TEXT.match(heading.get_text(" ", strip=True)) else pd.NaT
        if pd.isna(published):
            continue
        anchor = heading.get("id") or next((tag["id"] for tag in heading.find_all(id=True)), None)
        url = f"{page.base_url}#{anchor}" if anchor else page.base_url
        for item in _entries_after(heading):
            title = _entry_text(item)
            if title:
                rows.append({"title": title, "url": url, "published_at": published})
    if not rows:
        raise LayoutError(NAME, name, f"{page.key}: no date headings (<h3>'May 6, 2026'</h3>) followed by "
                                      "a list of entries")
    return rows


def _entries_after(heading: Tag) -> list[Tag]:
    """The top-level <li> items between a date heading and the next heading of its level."""
    items = []
    for sibling in heading.find_next_siblings():
        if sibling.name == heading.name:
            break
        if sibling.name in ("ul", "ol"):
            items += sibling.find_all("li", recursive=False)
    return items


def _entry_text(item: Tag) -> str | None:
    """An entry's text with inline links and code joined, no space before punctuation."""
    text = clean_text(item.get_text(" "))
    return re.sub(r" (?=[,.;:)])|(?<=\() ", "", text) if text else None


_PARSERS: dict[_Page, Callable[[BeautifulSoup, _Page, str], list[dict]]] = {
    ANTHROPIC_NEWS: _parse_anthropic_news,
    CLAUDE_RELEASE_NOTES: _parse_claude_release_notes,
    MISTRAL_NEWS: _parse_mistral_news,
    DEEPMIND_PUBLICATIONS: _parse_deepmind_publications,
}
