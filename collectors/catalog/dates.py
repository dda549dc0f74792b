"""Dates inside model names: "20240620", "2024-08-06", "0613", "08-2024", "Aug '24" and the like.

A date stamp marks a snapshot or revision of a model (a variant), so the rules take it out of the
identity; these helpers recognise the forms the sources use and give one canonical spelling.
"""
from __future__ import annotations

import re

MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), 1)}
MONTH_YEAR = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s-]*['’]?"
                        r"(\d{4}|\d{2})\b")


def dates_in_words(text: str) -> tuple[str, str]:
    """"Aug '24", "October 2024", "June-24" -> ("2024-08", key); text with the date removed."""
    match = MONTH_YEAR.search(text)
    if not match:
        return "", text
    month, year = MONTHS[match.group(1)], match.group(2)
    year = year if len(year) == 4 else f"20{year}"
    if not 2000 <= int(year) <= 2099:
        return "", text
    return f"{year}-{month:02d}", text[: match.start()] + " " + text[match.end():]


def _is_month(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= 12


def _is_day(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= 31


def _is_year(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 2000 <= int(value) <= 2099


def date_at(tokens: list[str], i: int) -> tuple[int, str, str] | None:
    """A date starting at tokens[i] -> (number of tokens, canonical, key), else None."""
    a = tokens[i]
    b = tokens[i + 1] if i + 1 < len(tokens) else ""
    c = tokens[i + 2] if i + 2 < len(tokens) else ""
    if _is_year(a) and len(b) == 2 and _is_month(b) and len(c) == 2 and _is_day(c):
        return 3, f"{a}-{b}-{c}", a + b + c
    if len(a) == 2 and _is_month(a) and len(b) == 2 and _is_day(b) and _is_year(c):
        return 3, f"{c}-{a}-{b}", c + a + b
    if len(a) == 2 and _is_month(a) and _is_year(b):
        return 2, f"{b}-{a}", b + a
    if _is_year(a) and len(b) == 2 and _is_month(b):
        return 2, f"{a}-{b}", a + b
    if len(a) == 2 and _is_month(a) and len(b) == 2 and _is_day(b):
        return 2, f"{a}-{b}", a + b
    if not a.isdigit():
        return None
    if len(a) == 8 and _is_year(a[:4]) and _is_month(a[4:6]) and _is_day(a[6:]):
        return 1, f"{a[:4]}-{a[4:6]}-{a[6:]}", a
    if len(a) == 6 and _is_year(a[:4]) and _is_month(a[4:]):
        return 1, f"{a[:4]}-{a[4:]}", a
    if len(a) == 6 and 23 <= int(a[:2]) <= 29 and _is_month(a[2:4]) and _is_day(a[4:]):
        return 1, a, a
    if len(a) == 4 and int(a) % 1024 and ((_is_month(a[:2]) and _is_day(a[2:]))
                                          or (23 <= int(a[:2]) <= 29 and _is_month(a[2:]))):
        return 1, a, a
    return None
