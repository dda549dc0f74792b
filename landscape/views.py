"""Saved views: named filter sets stored as views/<name>.json in the project, opened by ?view=NAME.

A view name never becomes a path without validation: lower-case letters, digits, '-' and '_' only,
and the resolved file must sit inside the views folder.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .filters import Filters

VIEWS_DIR = Path(__file__).resolve().parent.parent / "views"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")


class ViewError(ValueError):
    pass


def path_for(name: str, folder: Path = VIEWS_DIR) -> Path:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ViewError(f"view name {name!r} is not allowed: use a-z, 0-9, '-' and '_' (max 48)")
    path = (folder / f"{name}.json").resolve()
    if path.parent != folder.resolve():
        raise ViewError(f"view name {name!r} leaves the views folder")
    return path


def list_views(folder: Path = VIEWS_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.json") if _NAME.match(p.stem)) if folder.is_dir() else []


def load(name: str, folder: Path = VIEWS_DIR) -> Filters:
    path = path_for(name, folder)
    if not path.exists():
        raise ViewError(f"no saved view named {name!r} (have: {', '.join(list_views(folder)) or 'none'})")
    try:
        query = json.loads(path.read_text(encoding="utf-8"))["query"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ViewError(f"saved view {name!r} is unreadable: {exc}") from exc
    return Filters.from_query(query)


def save(name: str, filters: Filters, description: str = "", folder: Path = VIEWS_DIR) -> Path:
    path = path_for(name, folder)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"name": name, "description": description, "query": filters.to_query()},
                              indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
