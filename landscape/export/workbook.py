"""The Excel workbook: a Summary sheet, one sheet per table, and the Changes sheet.

Cells keep their types (numbers, dates as UTC date-times, text). Text that starts with '=' is
stored as text, never as a formula. The file's dates (document properties and zip members) are
the week's end, so two runs over the same data give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.xml.functions import tostring

from .files import stable_zip

CHANGE_SECTIONS = ("models", "prices", "scores")


def changes_frame(diff: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The three parts of landscape.changes.compare stacked, with a `section` column first."""
    parts = [diff[s].assign(section=s) for s in CHANGE_SECTIONS if not diff[s].empty]
    if not parts:
        return pd.DataFrame(columns=["section"])
    frame = pd.concat(parts, ignore_index=True)
    return frame[["section", *[c for c in frame.columns if c != "section"]]]


_PLAIN = (str, int, float, bool, dt.datetime, dt.date)


def column_values(series: pd.Series) -> list:
    """A column as values openpyxl writes: None for missing, naive UTC date-times, plain numbers."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    values = series.astype(object)
    values = values.where(values.notna(), None).tolist()
    return [v if v is None or isinstance(v, _PLAIN) else str(v) for v in values]


def _text_cell(sheet, value: str, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # text stays text: '=...' from a scraped page is not a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _rows(sheet, frame: pd.DataFrame):
    columns = [column_values(frame[c]) for c in frame.columns]
    for row in zip(*columns, strict=True):
        yield [_text_cell(sheet, v) if isinstance(v, str) and v.startswith("=") else v for v in row]


def _table_sheet(book: Workbook, title: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, str(c), bold=True) for c in frame.columns])
    for row in _rows(sheet, frame.reset_index(drop=True)):
        sheet.append(row)


def build(summary: list[tuple[str, str]], tables: dict[str, pd.DataFrame], changes: pd.DataFrame,
          when: dt.datetime, title: str) -> bytes:
    book = Workbook(write_only=True)
    naive = when.astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = book.properties.modified = naive
    book.properties.title = title
    book.properties.creator = "landscape.export"
    _table_sheet(book, "Summary", pd.DataFrame(summary, columns=["item", "value"]))
    for name, frame in tables.items():
        _table_sheet(book, name, frame)
    _table_sheet(book, "Changes", changes)
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.modified = naive  # save() stamps the current time; put the week's end back
    return stable_zip(buffer.getvalue(), naive, {"docProps/core.xml": tostring(book.properties.to_tree())})
