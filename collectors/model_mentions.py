"""Model names read from free text: headlines, release-note entries, announcement titles.

`extract_model(text)` returns the first model the text names, as written ("Introducing Claude Opus 4.7"
-> "Claude Opus 4.7"), or None. A mention is a family word from FAMILIES followed by version and
variant tokens ("Gemini" + "2.5" + "Flash-Lite"). Family words that are also a brand, a product or a
company ("Claude", "GPT", "Mistral", "Llama", "Grok") count only when a version number follows, so
"Introducing Claude for Teachers", "Mistral Compute" and "How Llama helps ..." give None. A title
that names no model gives None: extend the tables below, never guess.
"""
from __future__ import annotations

import functools
import re

VERSION = "version"  # the family word names a model only with a version number after it
ALONE = "alone"      # the word itself names a model ("Magistral", "o1", "Mistral Saba")

# (family word(s) as a regex, what makes it a model, extra tokens that count as a version).
# A multi-word entry comes before the one-word family it starts with: the first alternative wins.
FAMILIES: tuple[tuple[str, str, str], ...] = (
    # Anthropic; "Fable 5" / "Opus 4.1" are also written without "Claude"
    ("Claude", VERSION, ""),
    ("Opus|Sonnet|Haiku|Fable|Mythos", VERSION, ""),
    # OpenAI; "GPT-Rosalind" and "gpt-oss" are named, not numbered
    ("GPT|gpt", VERSION, r"(?<=-)(?:oss|[A-Z][a-z]+)"),
    (r"o[1-9](?!\d)", ALONE, ""),
    ("Sora", VERSION, ""),
    # Google
    ("Gemini (?:Pro|Ultra|Nano)", ALONE, ""),
    ("Gemini", VERSION, ""),
    ("Gemma", VERSION, ""),
    ("(?:Embedding|Code|Pali|Shield|Med|Recurrent)Gemma", ALONE, ""),
    ("Veo|Imagen", VERSION, ""),
    # Meta
    ("Llama", VERSION, ""),
    ("Muse Spark", ALONE, ""),
    # Mistral AI: "Mistral" is also the company, the -stral names are models
    ("Mistral (?:Saba|OCR|Moderation)", ALONE, ""),
    ("Mistral", VERSION, ""),
    ("Mixtral|Magistral|Codestral|Devstral|Pixtral|Voxtral|Ministral|Mathstral|Leanstral", ALONE, ""),
    # xAI
    ("Grok", VERSION, ""),
    # Cohere: "Command A", "Command R+", "Command R7B"
    ("Command", VERSION, r"A|R\+?"),
    ("Tiny Aya|Aya Vision|Aya Expanse", ALONE, ""),
    ("Aya", VERSION, ""),
    ("Rerank", VERSION, ""),
    # other developers of language models
    ("Qwen", VERSION, ""),
    ("QwQ", ALONE, ""),
    ("DeepSeek", VERSION, ""),
    ("Phi", VERSION, ""),
    ("Kimi", VERSION, ""),
    ("GLM", VERSION, ""),
    ("MiniMax", VERSION, ""),
    ("Nemotron", VERSION, ""),
    ("OLMo", VERSION, ""),
    ("Falcon", VERSION, ""),
    ("Jamba", VERSION, ""),
    ("Granite", VERSION, ""),
)

# Words that continue a model name after the family word (case as the vendors write them).
VARIANTS = (
    "Opus", "Sonnet", "Haiku", "Fable", "Mythos", "Instant", "Flash-Lite", "Flash", "Lite", "Pro", "Ultra",
    "Nano", "nano", "Mini", "mini", "Fast", "Coder", "Code", "Small", "Medium", "Large", "Scout",
    "Maverick", "Behemoth", "Vision", "Reasoning", "Translate", "Expanse", "Instruct", "Turbo", "Max",
    "Plus", "Omni", "Thinking", "Think", "Voice", "Spark", "Guard", "Embed", "Preview", "Beta", "Exp", "VL",
)

_NUMBER = r"v?\d+(?:\.\d+)*(?:[a-z]{1,2}|[BMK])?"  # 4, 4.7, 25.08, 4o, 3n, 12B, v2
_LETTER_NUMBER = r"[A-Z]\d+(?:\.\d+)*[A-Za-z]?"    # R1, V3, K2, M2, R7B
_YEAR = re.compile(r"(?:19|20)\d\d")
_FAMILY_WORD = re.compile(
    "|".join(rf"(?P<f{i}>{word})" for i, (word, _, _) in enumerate(FAMILIES)).join(
        (r"(?<![\w.\-/])(?:", r")(?!(?!v\d)[A-Za-z])")))


@functools.cache
def _token_pattern(extra: str) -> re.Pattern[str]:
    number = f"{extra}|{_LETTER_NUMBER}|{_NUMBER}" if extra else f"{_LETTER_NUMBER}|{_NUMBER}"
    variants = "|".join(sorted(map(re.escape, VARIANTS), key=len, reverse=True))
    return re.compile(rf"(?P<sep>[ \u00a0-]?)(?:(?P<number>{number})|(?P<variant>{variants}))(?![\w+])")


def _mention_end(text: str, start: int, extra: str) -> tuple[int, bool]:
    """Where the version/variant tokens after a family word end, and whether one was a version."""
    pattern, end, numbered = _token_pattern(extra), start, False
    while match := pattern.match(text, end):
        number = match["number"]
        if number is not None and _YEAR.fullmatch(number):
            break  # "Connect 2025" is a year, not a version
        if not match["sep"] and (number is None or not number[0].isdigit()):
            break  # only digits may be glued to the family word ("Qwen2.5")
        numbered = numbered or number is not None
        end = match.end()
    return end, numbered


def extract_model(text: object) -> str | None:
    """The first model named in `text`, as written there, or None when it names none."""
    if not isinstance(text, str) or not text.strip():
        return None
    for match in _FAMILY_WORD.finditer(text):
        index = int(match.lastgroup[1:])
        _, needs, extra = FAMILIES[index]
        end, numbered = _mention_end(text, match.end(), extra)
        if needs == ALONE or numbered:
            return " ".join(text[match.start():end].split())
    return None
