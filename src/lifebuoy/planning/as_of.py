"""The day a plan is computed as of: how it is written and how far it may be.

The CLI's ``--as-of`` and the MCP tools' ``as_of`` both read it here, so a
day refused by one is refused by the other, with the same words.
"""

from __future__ import annotations

import re
from datetime import date

from lifebuoy.errors import UsageError

AS_OF_FORMAT = re.compile(r"\d{4}-\d{2}-\d{2}")
AS_OF_YEARS = 5
"""How far after today the as-of day may be: nothing is known further ahead."""
AS_OF_YEARS_BACK = 25
"""How far before today it may be: old exports are planned as of their own days."""


def read_as_of(text: str, *, today: date, name: str = "--as-of") -> date:
    """TEXT (YYYY-MM-DD) as a day check_as_of allows; NAME is the option."""
    try:
        if not AS_OF_FORMAT.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise not_a_date(text, name=name) from None

    return check_as_of(day, today=today, name=name)


def not_a_date(value: object, *, name: str = "--as-of") -> UsageError:
    """The error for an as-of VALUE that is not a YYYY-MM-DD day."""
    return UsageError(
        f"{name} {str(value)!r} is not a date",
        hint=f"Write it as YYYY-MM-DD, for example {_example(name)}.",
    )


def _example(name: str) -> str:
    """A well-written as-of day: an option on the command line, else a value."""
    if name.startswith("-"):
        return f"{name} 2026-12-03"
    return f'{name} "2026-12-03"'


def check_as_of(day: date, *, today: date, name: str = "--as-of") -> date:
    """DAY, or a UsageError when it is more than AS_OF_YEARS after TODAY or more
    than AS_OF_YEARS_BACK before it."""
    earliest = years_away(today, -AS_OF_YEARS_BACK)
    latest = years_away(today, AS_OF_YEARS)
    if earliest <= day <= latest:
        return day

    years = AS_OF_YEARS if day > latest else AS_OF_YEARS_BACK
    raise UsageError(
        f"{name} {day.isoformat()} is more than {years} years from today "
        f"({today.isoformat()})",
        hint=(
            f"Give a day between {earliest.isoformat()} and {latest.isoformat()}; "
            "a day further away is most likely a slip of the keyboard."
        ),
    )


def years_away(day: date, years: int) -> date:
    """DAY moved by YEARS; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
