"""Hugging Face trending models as an RSS feed (zernel/huggingface-trending-feed): repo ids only.

Each <item> is one trending repo: <title> "owner/name", <link> https://huggingface.co/owner/name.
It becomes a "models" row: model_key and hugging_face_id = the repo id, model_name = its name part,
organization = its owner part, access "open_weights" (the weights are on the Hub). The feed gives
no dates, licences or sizes: those stay empty (the huggingface source has them).
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pandas as pd

from ..errors import LayoutError
from ..feeds import clean_text, read_feed
from ..parsing import require_rows

NAME = "hf_trending"
KINDS = ("models",)
FIXTURE_FOLDER = "feeds"
FILE_PATTERN = r"^hf_trending_models_"
MIN_ROWS = 1
PARSER_VERSION = "1"
ACCEPT = ("xml", "rss", "text/plain", "octet-stream")

_REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "hf_trending.xml") -> pd.DataFrame:
    feed = read_feed(raw, NAME, name)
    ids = [repo for repo in map(_parse_repo_id, feed.entries) if repo]
    if feed.entries and not ids:
        raise LayoutError(NAME, name, "no <item> names a Hugging Face repo 'owner/name' "
                                      "(in its <title> or a huggingface.co <link>)")
    unique = list(dict.fromkeys(ids))  # a repo listed twice is one model
    rows = pd.DataFrame({"model_key": pd.Series(unique, dtype="string")})
    require_rows(rows, MIN_ROWS, NAME, name)
    parts = rows["model_key"].str.split("/", n=1, expand=True)
    rows["model_name"] = parts[1]
    rows["organization"] = parts[0]
    rows["hugging_face_id"] = rows["model_key"]
    rows["release_date"] = pd.NaT
    rows["access"] = "open_weights"
    rows["license"] = pd.NA
    rows["params_b"] = float("nan")
    rows["context_tokens"] = float("nan")
    rows["kind"] = "models"
    return rows


def _parse_repo_id(entry: dict) -> str | None:
    """'owner/name' from the item title, else from a huggingface.co link."""
    title = clean_text(entry.get("title")) or ""
    if _REPO_ID.match(title):
        return title
    link = urlsplit(entry.get("link") or "")
    path = link.path.strip("/")
    if link.hostname in ("huggingface.co", "www.huggingface.co") and _REPO_ID.match(path):
        return path
    return None
