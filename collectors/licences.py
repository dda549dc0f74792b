"""Published licence text -> access (open_weights | closed | unknown) and licence class.

The table below is reviewed by hand: an unrecognised string maps to `unknown` and is counted in
the run summary, never guessed. Patterns are matched case-insensitively against the whole
stripped string, first match wins.
"""
from __future__ import annotations

import re

import pandas as pd

# (pattern, access, licence_class)
_RULES: list[tuple[str, str, str]] = [
    (r"propri?etary|propretary|closed", "closed", "proprietary"),
    # permissive open licences
    (r"apache[ -]?2(\.0)?|apache license.*|mit|modified mit|bsd.*|cc-by(-sa)?[ -]?[34]\.0"
     r"|cc-by-sa 3\.0|openrail.*|nvidia open( model)?( license)?",
     "open_weights", "permissive"),
    # open weights under a restricted / community / non-commercial licence
    (r"llama[ -]?\d?(\.\d)?( community)?( license)?|llama-\d(\.\d)?|gemma( license)?"
     r"|qianwen license|qwen( license)?|tongyi qianwen.*|yi license|deepseek( license)?"
     r"|falcon-180b tii license|dbrx license|mrl|mistral research( license)?|nexusflow"
     r"|cogvlm2|non-commercial|cc-by-nc(-sa|-nd)?[ -]?[34]\.0|jamba open.*|ai2 impact.*",
     "open_weights", "open_restricted"),
]
_COMPILED = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), a, c) for p, a, c in _RULES]


def classify(text: object) -> tuple[str, str]:
    """Return (access, licence_class) for one published licence string."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or pd.isna(text):
        return "unknown", "unknown"
    clean = re.sub(r"\s+", " ", str(text)).strip()
    for pattern, access, licence_class in _COMPILED:
        if pattern.match(clean):
            return access, licence_class
    return "unknown", "unknown"


def access_of(series: pd.Series) -> pd.Series:
    """Vectorised classify(): one lookup per distinct string."""
    mapping = {value: classify(value)[0] for value in series.dropna().unique()}
    return series.map(mapping).fillna("unknown").astype("string")
