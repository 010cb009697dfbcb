"""Due dates per tier on a working-day calendar (DESIGN.md "By")."""

from __future__ import annotations

from datetime import date

import pytest

from lifebuoy.errors import ConfigError
from lifebuoy.planning.dates import WorkingCalendar, due_date
from lifebuoy.planning.model import Tier
from lifebuoy.planning.playbook import load_playbook
from lifebuoy.workspace.settings import CalendarSettings

TIMELINES = load_playbook().timelines
PLAIN = WorkingCalendar(CalendarSettings())
US = WorkingCalendar(CalendarSettings(country="US"))

# 2026-12-03 is a Thursday; 2026-12-25 and 2027-01-01 are US holidays (Fridays).
CASES = [
    # tier, as-of, renewal, calendar, expected due date
    ("monday critical", Tier.CRITICAL, "2026-11-30", None, PLAIN, "2026-12-04"),
    ("friday critical", Tier.CRITICAL, "2026-12-04", None, PLAIN, "2026-12-04"),
    ("saturday critical", Tier.CRITICAL, "2026-12-05", None, PLAIN, "2026-12-11"),
    ("sunday critical", Tier.CRITICAL, "2026-12-06", None, PLAIN, "2026-12-11"),
    ("holiday friday week", Tier.CRITICAL, "2026-12-21", None, US, "2026-12-24"),
    ("on the holiday friday", Tier.CRITICAL, "2026-12-25", None, US, "2026-12-31"),
    ("monday high", Tier.HIGH, "2026-11-30", None, PLAIN, "2026-12-14"),
    ("friday high", Tier.HIGH, "2026-12-04", None, PLAIN, "2026-12-18"),
    ("saturday high", Tier.HIGH, "2026-12-05", None, PLAIN, "2026-12-18"),
    ("high onto holiday", Tier.HIGH, "2026-12-11", None, US, "2026-12-24"),
    ("medium onto saturday", Tier.MEDIUM, "2026-12-03", None, PLAIN, "2027-01-01"),
    ("medium onto holiday", Tier.MEDIUM, "2026-12-03", None, US, "2026-12-31"),
    (
        "watch 30 days before",
        Tier.WATCH,
        "2026-12-03",
        "2027-02-15",
        PLAIN,
        "2027-01-15",
    ),
    (
        "watch not before next working day",
        Tier.WATCH,
        "2026-12-03",
        "2026-12-20",
        PLAIN,
        "2026-12-04",
    ),
    (
        "watch onto saturday",
        Tier.WATCH,
        "2026-12-03",
        "2027-01-04",
        PLAIN,
        "2026-12-04",
    ),
    (
        "renewal inside high window",
        Tier.HIGH,
        "2026-12-03",
        "2026-12-09",
        PLAIN,
        "2026-12-08",
    ),
    ("renewal on monday", Tier.MEDIUM, "2026-12-03", "2026-12-07", PLAIN, "2026-12-04"),
    (
        "renewal tomorrow",
        Tier.CRITICAL,
        "2026-12-03",
        "2026-12-04",
        PLAIN,
        "2026-12-03",
    ),
    (
        "renewal tomorrow watch",
        Tier.WATCH,
        "2026-12-03",
        "2026-12-04",
        PLAIN,
        "2026-12-03",
    ),
    ("renewal today", Tier.WATCH, "2026-12-03", "2026-12-03", PLAIN, "2026-12-03"),
    (
        "renewal already past",
        Tier.HIGH,
        "2026-12-03",
        "2026-11-20",
        PLAIN,
        "2026-12-03",
    ),
    (
        "weekend as-of, renewal sunday",
        Tier.HIGH,
        "2026-12-05",
        "2026-12-06",
        PLAIN,
        "2026-12-05",
    ),
]


@pytest.mark.parametrize(
    ("tier", "as_of", "renewal", "calendar", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_due_date(
    tier: Tier,
    as_of: str,
    renewal: str | None,
    calendar: WorkingCalendar,
    expected: str,
) -> None:
    due = due_date(
        TIMELINES[tier],
        as_of=date.fromisoformat(as_of),
        renewal_date=date.fromisoformat(renewal) if renewal else None,
        calendar=calendar,
    )

    assert due == date.fromisoformat(expected)


def test_extra_holidays_and_working_days_are_honoured() -> None:
    calendar = WorkingCalendar(
        CalendarSettings(
            working_days=("mon", "tue", "wed", "thu"),
            extra_holidays=(date(2026, 12, 3),),
        )
    )

    assert not calendar.is_working(date(2026, 12, 3))
    assert not calendar.is_working(date(2026, 12, 4))
    assert calendar.previous_working(date(2026, 12, 4)) == date(2026, 12, 2)
    assert calendar.next_working(date(2026, 12, 3)) == date(2026, 12, 7)


def test_subdivision_holidays_apply() -> None:
    bavaria = WorkingCalendar(CalendarSettings(country="DE", subdivision="BY"))
    berlin = WorkingCalendar(CalendarSettings(country="DE", subdivision="BE"))

    # Epiphany, 6 January, is a holiday in Bavaria but not in Berlin.
    assert not bavaria.is_working(date(2027, 1, 6))
    assert berlin.is_working(date(2027, 1, 6))


@pytest.mark.parametrize(
    ("country", "subdivision", "key"),
    [("XX", None, "calendar.country"), ("US", "ZZ", "calendar.subdivision")],
)
def test_unknown_calendar_names_the_setting(
    country: str, subdivision: str | None, key: str
) -> None:
    with pytest.raises(ConfigError, match=key):
        WorkingCalendar(CalendarSettings(country=country, subdivision=subdivision))
