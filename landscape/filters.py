"""The global filters: what they hold, how they live in the URL, and how they apply to a frame.

Pure functions (no Streamlit) so the query-string round trip and the filtering are tested directly.
URL form: ?from=2024-01-01&to=2025-08-04&access=open_weights,closed&licence=permissive
          &org=Meta,Google&benchmark=arena_text&min_params=7
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

import pandas as pd

ACCESS = ("open_weights", "closed", "unknown")
LICENCE_CLASSES = ("permissive", "open_restricted", "proprietary", "unknown")
_LIST_SEP = ","
_SAFE_VALUE = re.compile(r"^[\w .()&'/+-]{1,120}$")


@dataclass
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    access: list[str] = field(default_factory=lambda: list(ACCESS))
    licence: list[str] = field(default_factory=list)  # empty: every class
    organizations: list[str] = field(default_factory=list)  # empty: every organization
    benchmark: str | None = None
    min_params_b: float | None = None

    def to_query(self) -> dict[str, str]:
        """Only what differs from the defaults, so a plain link stays short."""
        query = {}
        if self.start:
            query["from"] = self.start.isoformat()
        if self.end:
            query["to"] = self.end.isoformat()
        if sorted(self.access) != sorted(ACCESS):
            query["access"] = _LIST_SEP.join(self.access)
        if self.licence:
            query["licence"] = _LIST_SEP.join(self.licence)
        if self.organizations:
            query["org"] = _LIST_SEP.join(self.organizations)
        if self.benchmark:
            query["benchmark"] = self.benchmark
        if self.min_params_b:
            query["min_params"] = f"{self.min_params_b:g}"
        return query

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Filters:
        """Read a query string; unknown or malformed values are dropped, never trusted."""
        def date(key):
            try:
                return dt.date.fromisoformat(query[key]) if query.get(key) else None
            except ValueError:
                return None

        def items(key, allowed=None):
            values = [v.strip() for v in str(query.get(key, "")).split(_LIST_SEP) if v.strip()]
            values = [v for v in values if _SAFE_VALUE.match(v)]
            return [v for v in values if allowed is None or v in allowed]
        try:
            min_params = float(query["min_params"]) if query.get("min_params") else None
        except ValueError:
            min_params = None
        benchmark = query.get("benchmark")
        return cls(start=date("from"), end=date("to"),
                   access=items("access", ACCESS) or list(ACCESS),
                   licence=items("licence", LICENCE_CLASSES), organizations=items("org"),
                   benchmark=benchmark if benchmark and re.match(r"^[a-z0-9_]{1,80}$", benchmark) else None,
                   min_params_b=min_params if min_params and min_params > 0 else None)

    def as_dict(self) -> dict:
        return asdict(self)


def apply(frame: pd.DataFrame, filters: Filters, date_column: str | None = None) -> pd.DataFrame:
    """Rows of `frame` that pass the filters. Columns a frame lacks are not filtered on."""
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if date_column and date_column in frame.columns:
        if filters.start:
            keep &= frame[date_column] >= pd.Timestamp(filters.start)
        if filters.end:
            keep &= frame[date_column] < pd.Timestamp(filters.end) + pd.Timedelta(days=1)
    if "access" in frame.columns and sorted(filters.access) != sorted(ACCESS):
        keep &= frame["access"].isin(filters.access)
    if filters.licence and "licence_class" in frame.columns:
        keep &= frame["licence_class"].isin(filters.licence)
    if filters.organizations and "organization" in frame.columns:
        keep &= frame["organization"].isin(filters.organizations)
    if filters.min_params_b and "params_b" in frame.columns:
        keep &= frame["params_b"] >= filters.min_params_b
    return frame[keep]
