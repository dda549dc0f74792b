"""Reads collectors/sources.toml (or another file given with --sources)."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SOURCES_FILE = Path(__file__).with_name("sources.toml")
_CADENCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class SourceConfig:
    name: str
    urls: tuple[str, ...]
    cadence: dt.timedelta
    licence: str

    @property
    def hosts(self) -> set[str]:
        return {urlsplit(u).netloc.lower() for u in self.urls}


class ConfigError(ValueError):
    pass


def parse_cadence(text: str) -> dt.timedelta:
    match = _CADENCE.match(str(text))
    if not match:
        raise ConfigError(f"cadence {text!r} is not like '30m', '6h' or '7d'")
    cadence = dt.timedelta(**{_UNIT[match[2]]: float(match[1])})
    if cadence < dt.timedelta(seconds=1):
        raise ConfigError(f"cadence {text!r} is shorter than a second")
    return cadence


def load(path: str | Path | None = None) -> dict[str, SourceConfig]:
    path = Path(path) if path else DEFAULT_SOURCES_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"sources file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sources file {path} is not valid TOML: {exc}") from None
    out = {}
    for name, table in raw.items():
        urls = table.get("urls")
        if not urls or not all(isinstance(u, str) and u.startswith(("http://", "https://"))
                               for u in urls):
            raise ConfigError(f"[{name}] in {path}: `urls` must be a list of http(s) URLs")
        out[name] = SourceConfig(name, tuple(urls), parse_cadence(table.get("cadence", "1d")),
                                 str(table.get("licence", "unknown")))
    return out


def allowed_hosts(configs: dict[str, SourceConfig]) -> set[str]:
    return set().union(*(c.hosts for c in configs.values())) if configs else set()
