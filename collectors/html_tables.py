"""One HTML table reader for every vendor pricing page (BeautifulSoup + lxml).

`read_tables(soup_or_html)` turns each <table> into a `Table`: rowspan and colspan expanded into
a full grid, header rows told apart from body rows (<thead>, or leading rows made only of <th>),
cell text with whitespace collapsed, and the nearest preceding h1-h4 heading, so that parsers find
a table by its heading or header text and a value by its header name, never by position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from bs4 import BeautifulSoup, Tag

from .errors import LayoutError
from .parsing import decode_text

HEADINGS = ("h1", "h2", "h3", "h4")
MAX_COLSPAN = 1000  # a hostile colspan="99999" must not build a huge grid
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")  # incl. NBSP and zero-width spaces
_FOOTNOTE = re.compile(r"\s*(?:\(\d{1,2}\)|\[\d{1,2}\]|\*+)$")


def clean_text(text: object) -> str:
    """Whitespace (incl. non-breaking and zero-width spaces) collapsed to single spaces, stripped."""
    return _SPACE.sub(" ", str(text)).strip()


def strip_footnote(text: str) -> str:
    """'deepseek-v4-flash (1)' -> 'deepseek-v4-flash': a trailing footnote marker (<sup>(1)</sup>)."""
    return _FOOTNOTE.sub("", text).strip()


def parse_html(raw: bytes, source: str, name: str) -> BeautifulSoup:
    """UTF-8 bytes -> soup; an empty, undecodable or truncated (no closing </html>) page is a LayoutError."""
    text = decode_text(raw, source, name)
    if not text.strip():
        raise LayoutError(source, name, "page is empty")
    if not re.search(r"</html\s*>", text[-4096:], re.IGNORECASE):
        raise LayoutError(source, name, "page is truncated: no closing </html> tag")
    return BeautifulSoup(text, "lxml")


def page_says(soup: BeautifulSoup, pattern: str) -> bool:
    """Whether the visible text (scripts and styles excluded) matches the pattern (case-insensitive)."""
    pieces = (s for s in soup.find_all(string=True) if s.parent.name not in ("script", "style"))
    return re.search(pattern, clean_text(" ".join(pieces)), re.IGNORECASE) is not None


def require_unit(soup: BeautifulSoup, pattern: str, source: str, name: str) -> None:
    """Prices are only read when the page still states their unit ('Prices per 1M tokens.')."""
    if not page_says(soup, pattern):
        raise LayoutError(source, name, f"the unit statement {pattern!r} is gone: are prices still "
                                        "per 1M tokens?")


@dataclass(frozen=True)
class Table:
    """One <table>: `header` names each column (header rows joined top to bottom, '' when the table
    has no header row); `rows` are the body rows, every row as wide as the table."""

    heading: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    header_rows: tuple[tuple[str, ...], ...] = ()
    caption: str = ""
    element: Tag | None = field(default=None, repr=False, compare=False)

    @property
    def grid(self) -> tuple[tuple[str, ...], ...]:
        """Header and body rows together, for tables laid out sideways (labels in the first column)."""
        return self.header_rows + self.rows

    def column(self, pattern: str) -> int | None:
        """Index of the first column whose header matches the regex (searched, case-insensitive)."""
        found = self.columns(pattern)
        return found[0] if found else None

    def columns(self, pattern: str) -> list[int]:
        return [i for i, text in enumerate(self.header) if re.search(pattern, text, re.IGNORECASE)]

    def frame(self) -> pd.DataFrame:
        """The body as a DataFrame named by the header (repeated names get ' 2', ' 3'...)."""
        if not self.header_rows:
            return pd.DataFrame(list(self.rows), columns=range(len(self.header)), dtype="string")
        names, seen = [], {}
        for text in self.header:
            seen[text] = seen.get(text, 0) + 1
            names.append(text if seen[text] == 1 else f"{text} {seen[text]}")
        return pd.DataFrame(list(self.rows), columns=names, dtype="string")


def read_tables(soup_or_html: BeautifulSoup | Tag | str | bytes) -> list[Table]:
    """Every <table> of the page or element (nested ones too, each read on its own)."""
    if isinstance(soup_or_html, bytes):
        soup_or_html = soup_or_html.decode("utf-8-sig", errors="replace")
    root = BeautifulSoup(soup_or_html, "lxml") if isinstance(soup_or_html, str) else soup_or_html
    tables = root.find_all("table")
    if isinstance(root, Tag) and root.name == "table":
        tables.insert(0, root)
    return [_read_table(table) for table in tables]


def _read_table(table: Tag) -> Table:
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid = _expand(trs)
    n_header = _header_row_count(trs, grid)
    header_rows = tuple(tuple(text for text, _ in row) for row in grid[:n_header])
    width = len(grid[0]) if grid else 0
    caption = table.find("caption", recursive=False)
    return Table(heading=heading_of(table),
                 header=tuple(_column_name(header_rows, col) for col in range(width)),
                 rows=tuple(tuple(text for text, _ in row) for row in grid[n_header:]),
                 header_rows=header_rows,
                 caption=clean_text(caption.get_text(" ")) if caption else "",
                 element=table)


def _span(cell: Tag, attribute: str, limit: int) -> int:
    """rowspan/colspan as an int in 1..limit; 0 or junk means 1 (rowspan=0: to the end, i.e. limit)."""
    try:
        value = int(str(cell.get(attribute, "1")).strip())
    except ValueError:
        return 1
    if value == 0 and attribute == "rowspan":
        return limit
    return max(1, min(value, limit))


def _expand(trs: list[Tag]) -> list[list[tuple[str, bool]]]:
    """Rows of (text, is_th), every spanned cell copied into each grid position it covers."""
    filled: dict[tuple[int, int], tuple[str, bool]] = {}
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr.find_all(("td", "th"), recursive=False):
            while (r, c) in filled:
                c += 1
            rows, cols = _span(cell, "rowspan", len(trs) - r), _span(cell, "colspan", MAX_COLSPAN)
            value = (clean_text(cell.get_text(" ")), cell.name == "th")
            for dr in range(rows):
                for dc in range(cols):
                    filled[(r + dr, c + dc)] = value
            c += cols
    width = max((c for _, c in filled), default=-1) + 1
    return [[filled.get((r, c), ("", False)) for c in range(width)] for r in range(len(trs))] if width else []


def _header_row_count(trs: list[Tag], grid: list[list[tuple[str, bool]]]) -> int:
    """Rows inside <thead>, else the leading rows made only of <th> cells."""
    in_thead = sum(1 for tr in trs if tr.find_parent("thead") is not None)
    if in_thead:
        return in_thead
    count = 0
    for row in grid:
        if not row or not all(is_th for _, is_th in row):
            break
        count += 1
    return count


def _column_name(header_rows: tuple[tuple[str, ...], ...], col: int) -> str:
    """Header texts of a column top to bottom, a cell spanning several header rows named once:
    'Short context' over 'Input' -> 'Short context Input'."""
    parts: list[str] = []
    for row in header_rows:
        if row[col] and (not parts or parts[-1] != row[col]):
            parts.append(row[col])
    return " ".join(parts)


def heading_of(element: Tag) -> str:
    """Text of the nearest preceding h1-h4; an empty heading (text drawn by CSS/JS) gives its id."""
    heading = element.find_previous(HEADINGS)
    if heading is None:
        return ""
    return clean_text(heading.get_text(" ")) or str(heading.get("id") or heading.get("data-name") or "")
