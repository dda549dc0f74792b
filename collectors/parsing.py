"""Parsing helpers every source shares: decode, read tables by header name, check anchors.

Parsers find columns by name (with known aliases), never by position, and raise LayoutError
naming the source, the file and what is missing when a page or file changed shape.
"""
from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd

from .errors import LayoutError

_DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?!\d)")


def date_in_name(name: str) -> dt.date | None:
    """A YYYY-MM-DD or YYYYMMDD date carried by a file or folder name, if it is a real date."""
    for match in _DATE_IN_NAME.finditer(name):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def decode_text(raw: bytes, source: str, name: str) -> str:
    """UTF-8 (a BOM is dropped); anything else is a clear error, never mojibake."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LayoutError(source, name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def read_csv_bytes(raw: bytes, source: str, name: str) -> pd.DataFrame:
    text = decode_text(raw, source, name)
    if not text.strip():
        raise LayoutError(source, name, "file is empty")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            na_values=["", "-", "N/A", "n/a", "NaN", "null", "None"])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise LayoutError(source, name, f"not a readable CSV table ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def find_column(frame: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    """The frame's column matching one of the aliases (case and spacing ignored)."""
    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9%]+", "", text.lower())
    wanted = {norm(a): a for a in aliases}
    for column in frame.columns:
        if norm(column) in wanted:
            return column
    return None


def pick_columns(frame: pd.DataFrame, spec: dict[str, tuple[str, ...]], source: str, name: str,
                 optional: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Select and rename columns by header name; a missing required one is a LayoutError."""
    out = pd.DataFrame(index=frame.index)
    for target, aliases in spec.items():
        column = find_column(frame, aliases)
        if column is None:
            raise LayoutError(source, name, f"column {aliases[0]!r} not found "
                                            f"(looked for {list(aliases)}; have {list(frame.columns)})")
        out[target] = frame[column]
    for target, aliases in (optional or {}).items():
        column = find_column(frame, aliases)
        out[target] = frame[column] if column is not None else pd.NA
    return out


def to_number(series: pd.Series) -> pd.Series:
    """Numbers as published ('1,234', '87.5%', ' 0.82 ') -> float; anything else -> NaN."""
    text = series.astype("string").str.replace(",", "", regex=False).str.strip()
    return pd.to_numeric(text.str.rstrip("%"), errors="coerce")


def to_date(series: pd.Series) -> pd.Series:
    """Dates in the forms sources publish (2024-05-13, 20240513, 2024/05, 2024) -> datetime64."""
    text = series.astype("string").str.strip()
    compact = text.str.fullmatch(r"\d{8}", na=False)
    out = pd.to_datetime(text.where(~compact), errors="coerce", format="mixed", utc=True)
    out = out.dt.tz_localize(None).copy()
    if compact.any():
        out[compact] = pd.to_datetime(text[compact], format="%Y%m%d", errors="coerce")
    return out


def require_rows(frame: pd.DataFrame, minimum: int, source: str, name: str) -> pd.DataFrame:
    if len(frame) < minimum:
        raise LayoutError(source, name, f"found {len(frame)} rows, expected at least {minimum}")
    return frame


def expect(condition: bool, source: str, name: str, why: str) -> None:
    """A check that explains itself: `expect(scores.between(0, 1).all(), ..., "MMLU outside 0-1:
    did the source switch to percentages?")` raises a LayoutError carrying that sentence."""
    if not condition:
        raise LayoutError(source, name, why)
