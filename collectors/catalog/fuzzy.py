"""Fuzzy candidates for names the rules and the alias file could not resolve.

Candidates are only *proposed* (in the unmatched queue, for a person to review and, if right, to
add to data/reference/model_aliases.csv); nothing here ever assigns a model_id.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

MIN_SCORE = 80.0  # rapidfuzz WRatio, 0-100; below this the proposal is more noise than help
LIMIT = 3


def _comparable(text: str) -> str:
    """Lower-case words: "mistralai/Mistral-Large-2407" -> "mistral large 2407"."""
    text = text.rsplit("/", 1)[-1]
    return " ".join(re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower()))


def propose(name: str, model_ids: Iterable[str], limit: int = LIMIT,
            min_score: float = MIN_SCORE) -> list[tuple[str, float]]:
    """Up to `limit` (model_id, score) candidates for one unresolved name, best first.

    Deterministic: ties are broken by model_id.
    """
    return propose_all([name], model_ids, limit, min_score)[0]


def propose_all(names: Iterable[str], model_ids: Iterable[str], limit: int = LIMIT,
                min_score: float = MIN_SCORE) -> list[list[tuple[str, float]]]:
    """propose() for many names against one set of model ids (prepared once).

    A candidate must share at least one word of three or more letters with the name ("pixtral"),
    so that digits and size suffixes alone ("7b") never propose anything.
    """
    choices = {model_id: _comparable(model_id) for model_id in sorted(set(model_ids))}
    by_word: dict[str, set[str]] = {}
    for model_id, text in choices.items():
        for word in _words(text):
            by_word.setdefault(word, set()).add(model_id)
    out = []
    for name in names:
        query = _comparable(name or "")
        pool = set().union(*(by_word.get(word, set()) for word in _words(query))) if query else set()
        found = process.extract(query, {k: choices[k] for k in sorted(pool)}, scorer=fuzz.WRatio,
                                processor=utils.default_process, score_cutoff=min_score, limit=None)
        ranked = sorted(((key, round(score, 1)) for _, score, key in found), key=lambda c: (-c[1], c[0]))
        out.append(ranked[:limit])
    return out


def _words(text: str) -> set[str]:
    return {word for word in text.split() if len(word) >= 3 and word.isalpha()}


def format_candidates(candidates: list[tuple[str, float]]) -> str:
    """"mistral-large-2 (91.0); mistral-large (88.0)" for the unmatched table."""
    return "; ".join(f"{model_id} ({score:.0f})" for model_id, score in candidates)
