"""OpenAI API models catalogue (developers.openai.com/api/docs/models): which models the API offers.

An Astro page without <table>s: the `ModelOverview` island renders model cards, each a link
`/api/docs/models/<id>` (the id is the model_key) holding the display name, an optional
'Deprecated' badge and a one-line description. Cards are grouped in sections with an id and a
title + description ('frontier': "Frontier models", 'open': "Open-weight models" - "Open-weight
models under a permissive Apache 2.0 license.", 'all': "All models", ...); a model appears in
several sections.

Access is read from the page, not from a list of names: a model in a section whose title starts
with "Open-weight" is open_weights, with the licence the section's description names ("Apache
2.0"); every other model of OpenAI's API catalogue is closed. Without an open-weight
section the parser cannot tell the two apart and raises a LayoutError.
The recorded page carries no context window, modalities, parameters or release dates (the island's
props are "{}": the cards are server-rendered HTML, and those facts sit on each model's own page),
so those columns stay empty.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from bs4 import Comment, NavigableString, Tag

from ..errors import LayoutError
from ..html_tables import clean_text, parse_html
from ..parsing import require_rows

NAME = "openai_models"
KINDS = ("models",)
FIXTURE_FOLDER = "pricing_pages"
FILE_PATTERN = r"^openai_api-docs-models.*\.html?$"
MIN_ROWS = 10
PARSER_VERSION = "1"
ACCEPT = ("text/html",)

ORGANIZATION = "OpenAI"
_CARD_HREF = re.compile(r"^(?:https://developers\.openai\.com)?/api/docs/models/([A-Za-z0-9][\w.\-]*)/?$")
_OPEN_WEIGHT = re.compile(r"^open[- ]weights?\b", re.IGNORECASE)
_LICENCE = re.compile(r"\bunder (?:an? )?(?:permissive |open )?(?P<licence>.+?) licen[cs]e\b", re.IGNORECASE)


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "openai_models.html") -> pd.DataFrame:
    soup = parse_html(raw, NAME, name)
    cards = [a for a in soup.find_all("a", href=True) if _CARD_HREF.match(a["href"])]
    if not cards:
        raise LayoutError(NAME, name, "no model cards (links to /api/docs/models/<id>)")
    sections = {id(s): s for s in map(_section, cards) if s is not None}
    open_sections = [s for s in sections.values() if _is_open(s)]
    if not open_sections:
        raise LayoutError(NAME, name, "no 'Open-weight models' section: cannot tell open-weight models "
                                      "from closed ones")
    rows = pd.DataFrame([_parse_card(card) for card in cards])
    open_licence = {key: licence for section in open_sections for key, licence in _open_models(section)}
    rows = rows.drop_duplicates("model_key").reset_index(drop=True)
    require_rows(rows, MIN_ROWS, NAME, name)
    is_open = rows["model_key"].isin(list(open_licence))
    rows["license"] = rows["model_key"].map(open_licence).astype("string")
    rows["access"] = "closed"
    rows.loc[is_open, "access"] = "open_weights"
    rows["organization"] = ORGANIZATION
    rows["release_date"] = pd.NaT
    for column in ("params_b", "context_tokens"):
        rows[column] = float("nan")
    rows["kind"] = "models"
    return rows


def _parse_card(card: Tag) -> dict:
    """{model_key, model_name}: the id from the link; the name is the card's first text (the
    title, before a 'New' / 'Deprecated' badge and the description)."""
    key = _CARD_HREF.match(card["href"])[1]
    name = next((clean_text(s) for s in card.find_all(string=True) if clean_text(s)), "")
    return {"model_key": key, "model_name": name or key}


def _section(card: Tag) -> Tag | None:
    """The nearest enclosing element with an id (a catalogue section such as 'open' or 'all')."""
    return card.find_parent(id=True)


def _section_intro(section: Tag) -> list[str]:
    """The section's texts before its first model card: its title, then its description."""
    texts = []
    for node in section.descendants:
        if isinstance(node, Tag) and node.name == "a" and _CARD_HREF.match(node.get("href", "")):
            break
        if isinstance(node, NavigableString) and not isinstance(node, Comment) and clean_text(node):
            texts.append(clean_text(node))
    return texts


def _is_open(section: Tag) -> bool:
    """The section's title says so: 'Open-weight models'."""
    intro = _section_intro(section)
    return bool(intro) and _OPEN_WEIGHT.match(intro[0]) is not None


def _open_models(section: Tag) -> list[tuple[str, str | None]]:
    """(model_key, licence named by the section description or None) for the section's cards."""
    match = _LICENCE.search(" ".join(_section_intro(section)))
    licence = clean_text(match["licence"]) if match else None
    return [(_CARD_HREF.match(a["href"])[1], licence) for a in section.find_all("a", href=_CARD_HREF)]
