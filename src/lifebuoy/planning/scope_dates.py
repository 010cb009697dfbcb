"""Renewal windows of the scope language, resolved against the as-of date.

Quarters are calendar quarters. "Q1" or "March" without a year means the
next one that has not ended by the as-of date. Every window starts no
earlier than the as-of date: "renewing" speaks of renewals still ahead.
"""

from __future__ import annotations

from calendar import isleap
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

Window = tuple[date, date]

MAX_DAYS = 3660
"""The farthest a renewal window may reach: ten years."""

UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def ahead(as_of: date, count: int, unit: str) -> Window:
    """From AS_OF to COUNT units after it, both included."""
    if unit == "day":
        end = as_of + timedelta(days=count)
    elif unit == "week":
        end = as_of + timedelta(weeks=count)
    else:
        end = as_of + relativedelta(months=count * UNIT_MONTHS[unit])
    return as_of, end


def period_of(day: date, unit: str) -> Window:
    """The calendar period (day, Monday-to-Sunday week, month, ...) holding DAY."""
    if unit == "day":
        return day, day
    if unit == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if unit == "month":
        return month(day.year, day.month)
    if unit == "quarter":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    return date(day.year, 1, 1), date(day.year, 12, 31)


def following(day: date, unit: str) -> Window:
    """The calendar period after the one holding DAY."""
    _, end = period_of(day, unit)
    return period_of(end + timedelta(days=1), unit)


def quarter(year: int, number: int) -> Window:
    start = date(year, 3 * number - 2, 1)
    return start, start + relativedelta(months=3) - timedelta(days=1)


def month(year: int, number: int) -> Window:
    start = date(year, number, 1)
    return start, start + relativedelta(months=1) - timedelta(days=1)


def year_of(year: int) -> Window:
    return date(year, 1, 1), date(year, 12, 31)


def next_quarter_numbered(as_of: date, number: int) -> Window:
    """Quarter NUMBER of this year, or of next year once it has ended."""
    window = quarter(as_of.year, number)
    return window if window[1] >= as_of else quarter(as_of.year + 1, number)


def next_month_numbered(as_of: date, number: int) -> Window:
    """Month NUMBER of this year, or of next year once it has ended."""
    window = month(as_of.year, number)
    return window if window[1] >= as_of else month(as_of.year + 1, number)


def month_day(as_of: date, month_number: int, day: int, *, year: int | None) -> date:
    """Day DAY of month MONTH_NUMBER in YEAR; without a year, the next such day
    on or after AS_OF. Raises ValueError for a day the month does not have."""
    if year is not None:
        return date(year, month_number, day)
    if day == 29 and month_number == 2:
        return _next_leap_day(as_of)
    found = date(as_of.year, month_number, day)
    return found if found >= as_of else date(as_of.year + 1, month_number, day)


def _next_leap_day(as_of: date) -> date:
    year = as_of.year
    while not (isleap(year) and date(year, 2, 29) >= as_of):
        year += 1
    return date(year, 2, 29)
