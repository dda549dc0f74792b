"""The registry of sources. Each source is one module in this package with:

    NAME            the source name (also its fixture folder's usual name and its test file name)
    KINDS           which snapshot kinds it writes
    FIXTURE_FOLDER  folder of recorded copies under a backfill directory
    FILE_PATTERN    regex (on the file name) of the recorded files that are this source's
    MIN_ROWS        fewer rows than this from one file is a layout error
    PARSER_VERSION  bumped when parse() output changes, recorded with every capture
    ACCEPT          content-type fragments a live response may have
    fetch(session, url) -> bytes                  the only network code
    parse(raw, captured_at, name) -> DataFrame    pure: bytes in, contract rows out

URLs, cadence and licence live in collectors/sources.toml, not in the modules.
"""
from __future__ import annotations

import importlib
from types import ModuleType

SOURCE_MODULES = (
    "lmarena", "epoch_models", "llm_prices",
    "openrouter", "litellm", "huggingface",
    "epoch_benchmarks", "open_llm_leaderboard", "aider",
    "vendor_news", "vendor_news_pages", "openrouter_events", "hf_trending",
    "arena_hard", "metr",
    "openai_pricing", "openai_models", "deepseek_pricing", "zai_pricing", "kimi_pricing",
)


def load_all() -> dict[str, ModuleType]:
    return {name: importlib.import_module(f"{__name__}.{name}") for name in SOURCE_MODULES}


def get(name: str) -> ModuleType:
    if name not in SOURCE_MODULES:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(SOURCE_MODULES)}")
    return importlib.import_module(f"{__name__}.{name}")
