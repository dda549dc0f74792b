"""ISO weeks as export names: YYYY-Www, Monday to Sunday, ending Sunday 23:59:59 UTC."""
from __future__ import annotations

import datetime as dt
import re

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class ExportError(ValueError):
    """Bad input or a failed export; the message is one line and nothing has been written."""


def parse_week(week: str) -> tuple[int, int]:
    match = _WEEK.match(week) if isinstance(week, str) else None
    if not match:
        raise ExportError(f"week {week!r} is not like 2025-W07 (ISO year, 'W', two-digit week)")
    year, number = int(match[1]), int(match[2])
    try:
        dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        raise ExportError(f"week {week!r} does not exist: ISO year {year} has weeks 01 to "
                          f"{dt.date(year, 12, 28).isocalendar().week}") from None
    return year, number


def week_bounds(week: str) -> tuple[dt.date, dt.datetime]:
    """(Monday of the week, Sunday 23:59:59 UTC): what was captured by then belongs to the week."""
    year, number = parse_week(week)
    monday = dt.date.fromisocalendar(year, number, 1)
    sunday = monday + dt.timedelta(days=6)
    return monday, dt.datetime.combine(sunday, dt.time(23, 59, 59), tzinfo=dt.UTC)


def previous_week(week: str) -> str:
    monday, _ = week_bounds(week)
    return week_of(monday - dt.timedelta(days=7))


def week_of(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"
