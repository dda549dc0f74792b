"""OpenRouter catalogue events (ModelGraveyard Atom feeds): models added, removed, repriced.

Each <entry> carries its event type as a bare <category term="model_added"> and the provider as
<category term="provider:deepseek">; the title is "Added: <model id>" / "Removed: ..." / "Price
changed: ...". The category decides the event (the title prefix only when no category names one);
other event types (context_changed, deprecation_announced, disagreement_detected) are not in the
contract and are left out. model_key = the OpenRouter model id, shown as the model_name too (the
feed shows no other name); organization = the provider, without OpenRouter's "~" alias prefix.
Entry ids repeat (several price changes of one model on one day share an id): every entry is kept.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pandas as pd

from ..errors import LayoutError
from ..feeds import clean_text, entry_time, http_url, read_feed, releases_frame
from ..parsing import require_rows

NAME = "openrouter_events"
KINDS = ("releases",)
FIXTURE_FOLDER = "feeds"
FILE_PATTERN = r"^modelgraveyard_openrouter_events_"
MIN_ROWS = 0  # a per-provider feed may hold no added/removed/repriced model at all
PARSER_VERSION = "1"
ACCEPT = ("xml", "atom", "text/plain", "octet-stream")

CATALOGUE_EVENTS = ("model_added", "model_removed", "price_changed")
_TITLE_EVENTS = {"added": "model_added", "removed": "model_removed", "price changed": "price_changed"}
_MODEL_ID = re.compile(r"^~?[\w.-]+/[\w.:~-]+$")


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "openrouter_events.xml") -> pd.DataFrame:
    feed = read_feed(raw, NAME, name)
    typed = [(entry, _parse_event(entry)) for entry in feed.entries]
    if feed.entries and not any(kind for _, kind in typed):
        raise LayoutError(NAME, name, "no entry carries an event type: neither a <category term=...> "
                                      "without ':' nor a title like 'Added: <model id>'")
    rows = [_parse_entry(entry, event, name) for entry, event in typed if event in CATALOGUE_EVENTS]
    dated = [row for row in rows if not pd.isna(row["published_at"])]
    if rows and not dated:
        raise LayoutError(NAME, name, f"none of the {len(rows)} events has an <updated>/<published> date")
    rows = dated
    return require_rows(releases_frame(rows, extra=("model_key",)), MIN_ROWS, NAME, name)


def _terms(entry: dict) -> list[str]:
    return [tag.get("term", "").strip() for tag in entry.get("tags", [])]


def _parse_event(entry: dict) -> str | None:
    """The entry's event type: the first bare category term, else the title's prefix."""
    bare = [term for term in _terms(entry) if term and ":" not in term]
    if bare:
        return bare[0]
    prefix = (entry.get("title") or "").split(":", 1)[0].strip().lower()
    return _TITLE_EVENTS.get(prefix)


def _parse_model_id(entry: dict) -> str | None:
    """The OpenRouter id from the title ("Added: openai/gpt-oss-20b:free"), else from the link."""
    title = clean_text(entry.get("title")) or ""
    candidate = title.split(": ", 1)[1].split(" ", 1)[0] if ": " in title else ""
    if not _MODEL_ID.match(candidate):
        link = entry.get("link") or ""
        candidate = unquote(link.rsplit("/model/", 1)[1]) if "/model/" in link else ""
    return candidate if _MODEL_ID.match(candidate) else None


def _parse_entry(entry: dict, event: str, name: str) -> dict:
    model_id = _parse_model_id(entry)
    if model_id is None:
        raise LayoutError(NAME, name, f"no OpenRouter model id 'provider/model' in entry "
                                      f"{entry.get('title')!r} (title or /model/<id> link)")
    providers = [term.split(":", 1)[1] for term in _terms(entry) if term.startswith("provider:")]
    provider = (providers[0] if providers else model_id.split("/", 1)[0]).lstrip("~")
    return {"event": event, "title": clean_text(entry.get("title")), "url": http_url(entry.get("link")),
            "organization": provider or None, "published_at": entry_time(entry),
            "model_name": model_id, "model_key": model_id}
