"""Hugging Face Hub model repos: downloads, likes, parameters and licence tags.

Three shapes, told apart by structure (never by file name):
  * models list     GET /api/models?sort=trendingScore: [{id, likes, downloads, tags
                    ["license:mit", ...], createdAt, pipeline_tag, [author], [safetensors{total}]}];
  * trending        GET /api/trending: {"recentlyTrending": [{"repoData": {...}, "repoType"}]};
  * trending cache  the same entries keyed by repo id: {"<id>": {"repoData": {author, downloads,
                    likes, numParameters, lastModified, gated, ...}, "repoType": "model"}}.
Every repo here holds downloadable weights, so access is open_weights. Private repos and
non-model repos are skipped.
"""
from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from ..errors import LayoutError
from ..parsing import expect, require_rows, to_number
from ._json_common import load_json, require_key

NAME = "huggingface"
KINDS = ("models",)
FIXTURE_FOLDER = "huggingface"
FILE_PATTERN = r"^hf_api_.*\.json$"
MIN_ROWS = 5
PARSER_VERSION = "1"
ACCEPT = ("json", "text/plain", "octet-stream")

log = logging.getLogger(__name__)


def fetch(session, url: str) -> bytes:
    return session.get(url, accept=ACCEPT).content


def parse(raw: bytes, captured_at: dt.datetime, name: str = "hf_api_models.json") -> pd.DataFrame:
    repos = _parse_repos(load_json(raw, NAME, name), name)
    require_key(repos, "id", NAME, name, "model entry")
    repos = [r for r in repos if isinstance(r.get("id"), str) and "/" in r["id"]
             and r.get("private") is not True and r.get("repoType", "model") == "model"]
    rows = pd.DataFrame([_parse_repo(repo) for repo in repos])
    require_rows(rows, MIN_ROWS, NAME, name)
    rows["release_date"] = (pd.to_datetime(rows["release_date"], utc=True, errors="coerce")
                            .dt.tz_localize(None).dt.normalize())
    for column in ("downloads", "likes", "params_b"):
        rows[column] = to_number(rows[column])
    rows["params_b"] = rows["params_b"] / 1e9
    expect(rows["params_b"].dropna().lt(100_000).all(), NAME, name,
           "params_b above 100,000 billion: is numParameters no longer a raw count?")
    # Weights on the Hub can be downloaded by anyone; a gated repo only asks users to accept
    # terms first, so it is still open weights.
    rows["access"] = "open_weights"
    rows["context_tokens"] = float("nan")
    rows["kind"] = "models"
    return rows


def _parse_repos(payload: object, name: str) -> list[dict]:
    """The repo records of whichever shape the payload has."""
    if isinstance(payload, list):
        return [r for r in payload if isinstance(r, dict)]
    if isinstance(payload, dict) and isinstance(payload.get("recentlyTrending"), list):
        return _repo_data(payload["recentlyTrending"], name)
    if isinstance(payload, dict) and payload and all(isinstance(v, dict) for v in payload.values()):
        return _repo_data(payload.values(), name)
    raise LayoutError(NAME, name, "neither a list of models (/api/models) nor trending entries "
                                  "with 'repoData' (/api/trending)")


def _repo_data(entries, name: str) -> list[dict]:
    entries = [e for e in entries if isinstance(e, dict)]
    require_key(entries, "repoData", NAME, name, "trending entry")
    return [{"repoType": e.get("repoType", "model"), **e["repoData"]}
            for e in entries if isinstance(e.get("repoData"), dict)]


def _parse_repo(repo: dict) -> dict:
    owner, _, repo_name = repo["id"].partition("/")
    return {
        "model_key": repo["id"],
        "model_name": repo_name,
        "organization": repo.get("author") or owner,
        "release_date": repo.get("createdAt"),  # lastModified is not a release date: left out
        "license": _parse_license(repo.get("tags")),
        "params_b": _parse_params(repo),
        "downloads": repo.get("downloads"),
        "likes": repo.get("likes"),
        "hugging_face_id": repo["id"],
    }


def _parse_license(tags: object) -> str | None:
    """'license:apache-2.0' among the tags -> 'apache-2.0'."""
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, str) and tag.startswith("license:"):
            return tag.removeprefix("license:").strip() or None
    return None


def _parse_params(repo: dict) -> object:
    """Raw parameter count: numParameters (trending) or safetensors.total (/api/models expand)."""
    if repo.get("numParameters") is not None:
        return repo["numParameters"]
    safetensors = repo.get("safetensors")
    return safetensors.get("total") if isinstance(safetensors, dict) else None
