"""Due dates: a working-day calendar and each tier's timeline (DESIGN.md "By").

The week runs Monday to Sunday. Working days and the holiday country come
from ``settings.calendar``; holidays come from the ``holidays`` package.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lifebuoy.errors import ConfigError
from lifebuoy.planning.playbook import Timeline
from lifebuoy.workspace.settings import WEEKDAYS, CalendarSettings

DAY = timedelta(days=1)
WEEK_SEARCH_LIMIT = 366
"""Days to look ahead for a working day before giving up on a calendar."""


class WorkingCalendar:
    """Which days are working days: weekdays and holidays from the settings."""

    def __init__(self, settings: CalendarSettings) -> None:
        self._weekdays = frozenset(WEEKDAYS.index(day) for day in settings.working_days)
        self._extra = frozenset(settings.extra_holidays)
        self._holidays = _country_holidays(settings)
        self._known: dict[date, bool] = {}

    def is_working(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = (
                day.weekday() in self._weekdays
                and day not in self._extra
                and (self._holidays is None or day not in self._holidays)
            )
            self._known[day] = known
        return known

    def previous_working(self, day: date) -> date:
        """DAY if it is a working day, else the working day before it."""
        for _ in range(WEEK_SEARCH_LIMIT):
            if self.is_working(day):
                return day
            day -= DAY
        raise ConfigError(_no_working_days(day))

    def next_working(self, day: date) -> date:
        """DAY if it is a working day, else the working day after it."""
        for _ in range(WEEK_SEARCH_LIMIT):
            if self.is_working(day):
                return day
            day += DAY
        raise ConfigError(_no_working_days(day))

    def last_working_of_week(self, day: date) -> date | None:
        """The last working day of DAY's Monday-to-Sunday week, if any."""
        sunday = day + timedelta(days=6 - day.weekday())
        monday = sunday - timedelta(days=6)
        for offset in range(7):
            candidate = sunday - timedelta(days=offset)
            if candidate >= monday and self.is_working(candidate):
                return candidate
        return None


def due_date(
    timeline: Timeline,
    *,
    as_of: date,
    renewal_date: date | None,
    calendar: WorkingCalendar,
) -> date:
    """When the action is due: the tier's timeline, kept to working days.

    Never later than the working day before the renewal date and never before
    AS_OF; when those two collide (renewal tomorrow or already past) the
    action is due on AS_OF.
    """
    target = _timeline_target(
        timeline, as_of=as_of, renewal_date=renewal_date, calendar=calendar
    )
    due = calendar.previous_working(target)

    if renewal_date is not None:
        latest = calendar.previous_working(renewal_date - DAY)
        if latest < as_of:
            return as_of
        due = min(due, latest)

    if due < as_of:
        due = calendar.next_working(as_of)
    return due


def _timeline_target(
    timeline: Timeline,
    *,
    as_of: date,
    renewal_date: date | None,
    calendar: WorkingCalendar,
) -> date:
    if timeline.rule == "end_of_week":
        return _end_of_week(as_of, calendar)

    if timeline.rule == "before_renewal" and renewal_date is not None:
        earliest = calendar.next_working(as_of + DAY)
        return max(renewal_date - timedelta(days=timeline.days), earliest)

    return as_of + timedelta(days=timeline.days)


def _end_of_week(as_of: date, calendar: WorkingCalendar) -> date:
    """The week's last working day; next week's when none is left this week."""
    week = as_of
    for _ in range(WEEK_SEARCH_LIMIT // 7):
        last = calendar.last_working_of_week(week)
        if last is not None and last >= as_of:
            return last
        week += timedelta(days=7)
    raise ConfigError(_no_working_days(as_of))


def _country_holidays(settings: CalendarSettings) -> Any:
    if settings.country is None:
        return None
    import holidays  # only a calendar with a country needs the package

    try:
        return holidays.country_holidays(settings.country, subdiv=settings.subdivision)
    except NotImplementedError:
        raise ConfigError(
            f"setting 'calendar.country' = {settings.country!r} / "
            f"'calendar.subdivision' = {settings.subdivision!r}: "
            "no holiday calendar for it",
            hint="Use an ISO 3166 country code such as 'US' or 'DE', and a "
            "subdivision the holidays package knows (e.g. 'CA', 'BY').",
        ) from None


def _no_working_days(day: date) -> str:
    return (
        f"no working day within a year of {day.isoformat()}; check "
        "'calendar.working_days' and 'calendar.extra_holidays'"
    )
