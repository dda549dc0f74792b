"""Shared test fixtures: where the recorded source files are, and contract validation."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from collectors import contract

PROJECT = Path(__file__).resolve().parent.parent
# The recorded copies of the sources live beside the checkout and are never copied into it.
RECORDED = Path(os.environ.get("LANDSCAPE_FIXTURES", PROJECT.parent / "shared" / "fixtures"))
OWN_FIXTURES = Path(__file__).resolve().parent / "fixtures"
CAPTURED = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def recorded() -> Path:
    """The ../shared/fixtures folder, or a skip saying why the test cannot run."""
    if not RECORDED.is_dir():
        pytest.skip(f"recorded source files not found at {RECORDED} (set LANDSCAPE_FIXTURES)")
    return RECORDED


def recorded_files(folder: str, pattern: str = "*") -> list[Path]:
    """For parametrize: every recorded file of a folder (empty list when the folder is absent)."""
    base = RECORDED / folder
    return sorted(p for p in base.rglob(pattern) if p.is_file()) if base.is_dir() else []


def skip_without_recorded():
    return pytest.mark.skipif(not RECORDED.is_dir(),
                              reason=f"recorded source files not found at {RECORDED}")


def as_snapshot(rows: pd.DataFrame, source: str, captured_at: dt.datetime = CAPTURED) -> pd.DataFrame:
    """Add the provenance the pipeline adds, then validate against the data contract."""
    rows = contract.complete(rows)
    rows["source"] = source
    rows["source_url"] = rows.get("source_url", pd.Series(index=rows.index, dtype="string")) \
        .fillna("https://example.org/recorded")
    rows["captured_at"] = pd.Timestamp(captured_at)
    rows["snapshot_date"] = pd.Timestamp(captured_at.date())
    return contract.conform(rows)


def edited_html(path: Path, edit) -> bytes:
    """A recorded page with `edit(soup)` applied in memory (the recorded file itself is untouched)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    edit(soup)
    return str(soup).encode()


def reverse_every_row(soup) -> None:
    """Reorder every table's columns (for 'parse by header, not position' tests)."""
    for tr in soup.find_all("tr"):
        cells = [cell.extract() for cell in tr.find_all(("td", "th"), recursive=False)]
        tr.extend(reversed(cells))


def model_row(rows: pd.DataFrame, key: str) -> pd.Series:
    """The one models-kind row of a parsed frame with this model_key."""
    models = rows[(rows["kind"] == "models") & (rows["model_key"] == key)]
    assert len(models) == 1
    return models.iloc[0]
