"""Warnings a plan gives about itself, beside those about its data.

- A plan "from last at-risk list" whose run was made for a narrower scope (an
  at-risk list of Enterprise only, asked for by someone else) plans that run's
  accounts only. It says so, names the run, its scope and when it was made,
  and how to plan from a wider list.
- A plan as of a day after today, or more than QUIET_DAYS after the newest
  record of the tables the signals read, cannot know what happened since: an
  invoice unpaid then counts as overdue now. It says how far ahead it is.
- With no ``calendar.country``, due dates ignore public holidays. When one
  falls on a holiday of the time zone's country, or on 25 December or 1
  January, the plan names those dates and the setting once; it never moves
  them silently.
- An active account whose renewal date has passed keeps its tier (healthy or
  not), but every account in scope with such a date is named in the summary,
  from the signal report's "renewal_past" warnings, so the renewal is confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from lifebuoy.planning.model import Scope
from lifebuoy.planning.select import covers
from lifebuoy.signals.model import AccountSignals, DataWarning
from lifebuoy.workspace.runs import SavedRun, run_scopes
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

NARROW_RUN = "narrow_run"
AS_OF_AHEAD = "as_of_ahead"
HOLIDAYS = "holidays_ignored"
PLAN_KINDS = frozenset({NARROW_RUN, AS_OF_AHEAD, HOLIDAYS})
"""Kinds of the warnings about the plan itself rather than about its data."""
RENEWAL_PAST = "renewal_past"
"""The signal report's kind for an active account whose renewal date has passed."""

WIDER_SEARCH = 20
"""How many earlier at-risk runs are looked through for a wider one."""
REFRESH = "lifebuoy at-risk 'all accounts'"
QUIET_DAYS = 7
"""Days the newest record may trail the as-of day unremarked: a weekly import."""
NEWEST_COLUMNS: dict[str, str] = {
    "tickets": "created_at",
    "usage": "date",
    "nps": "responded_at",
    "invoices": "paid_at",
    "activities": "date",
    "chat_messages": "ts",
    "contacts": "departed_on",
}
"""The column dating each record the signals read. Invoices count from their
payments: a due date says when money is expected, not when anything happened."""
YEAR_ENDS = {(12, 25): "Christmas Day", (1, 1): "New Year's Day"}
"""Days off almost everywhere, named even when the time zone has no country."""
EXAMPLE_COUNTRY = "US"


@dataclass(frozen=True)
class PastRenewal:
    """An active account in scope whose renewal date has passed; its tier stands."""

    account_id: str
    name: str
    renewal_date: date


def past_renewals(
    warnings: Iterable[DataWarning], accounts: Iterable[AccountSignals]
) -> tuple[PastRenewal, ...]:
    """The ACCOUNTS a "renewal_past" warning names, oldest renewal first."""
    past = {warning.account_id for warning in warnings if warning.kind == RENEWAL_PAST}
    found = [
        PastRenewal(item.account.account_id, item.account.name, renewal)
        for item in accounts
        if item.account.account_id in past
        and (renewal := item.account.renewal_date) is not None
    ]
    return tuple(sorted(found, key=lambda item: (item.renewal_date, item.name)))


_RUN_NAMES = {"at-risk": "the last at-risk list", "plan": "the last plan"}


def narrow_run_warning(
    workspace: Workspace, run: SavedRun, scope: Scope
) -> DataWarning | None:
    """A warning when the last run, which SCOPE plans from, is narrower than it.

    Only "last" runs are checked: a run named by its number was chosen.
    """
    if scope.from_run is None or scope.from_run.run_id is not None:
        return None
    if covers(run.scope, scope):
        return None

    made = _moment(run.created_at, workspace.settings.zone)
    what = _RUN_NAMES.get(scope.from_run.kind)
    named = (
        f"{what} (run {run.id}" if what else f"the last run ({run.kind} run {run.id}"
    )
    message = (
        f'{named} of {made}) covers only "{run.scope.describe()}": its accounts '
        "alone are planned, not every account this scope names. "
        + _wider(workspace, run, scope)
    )
    return DataWarning(None, message, kind=NARROW_RUN)


def _wider(workspace: Workspace, run: SavedRun, scope: Scope) -> str:
    """How to plan from a wider list: an earlier run that covers SCOPE, or anew."""
    for run_id, as_of, earlier in run_scopes(workspace, "at-risk", limit=WIDER_SEARCH):
        if run_id != run.id and covers(earlier, scope):
            return (
                f'To plan from a wider list, say "from at-risk run {run_id}" '
                f"({earlier.describe()}, as of {_day(as_of)}) or make a new one: "
                f"{REFRESH}"
            )
    return f"To plan from a wider list, make one first: {REFRESH}"


def as_of_warning(
    workspace: Workspace, *, as_of: date, today: date
) -> DataWarning | None:
    """A warning when AS_OF is after TODAY, well after the newest record or
    before the oldest one."""
    oldest = oldest_record(workspace)
    if oldest is not None and as_of < oldest:
        return DataWarning(
            None,
            f"as-of {as_of.isoformat()} is before the oldest data "
            f"({oldest.isoformat()}): nothing was on record yet, so the signals "
            "see no tickets, usage, surveys, invoices or meetings",
            kind=AS_OF_AHEAD,
        )
    newest = newest_record(workspace)
    if newest is not None and (as_of > today or (as_of - newest).days > QUIET_DAYS):
        known, what = (
            (newest, "the newest data") if newest <= today else (today, "today")
        )
    elif as_of > today:
        known, what = today, "today"
    else:
        return None

    days = (as_of - known).days
    message = (
        f"as-of {as_of.isoformat()} is {days} {'day' if days == 1 else 'days'} "
        f"after {what} ({known.isoformat()}): anything since is unknown"
    )
    if workspace.count("invoices"):
        message += ", unpaid invoices count as overdue"
    return DataWarning(None, message, kind=AS_OF_AHEAD)


def newest_record(workspace: Workspace) -> date | None:
    """The day of the newest record the signals read, in the workspace time zone."""
    return max(_record_days(workspace, "max"), default=None)


def oldest_record(workspace: Workspace) -> date | None:
    """The day of the oldest record the signals read, in the workspace time zone."""
    return min(_record_days(workspace, "min"), default=None)


def _record_days(workspace: Workspace, extreme: str) -> list[date]:
    """The max or min (EXTREME) day of every dated table the signals read."""
    query = " UNION ALL ".join(
        f'SELECT {extreme}("{column}") FROM "{table}"'
        for table, column in NEWEST_COLUMNS.items()
    )
    found = [row[0] for row in workspace.connection.execute(query).fetchall()]
    return [_local_day(value, workspace.settings.zone) for value in found if value]


def _local_day(value: date, zone: ZoneInfo) -> date:
    """A stored day, or a stored UTC timestamp's day in ZONE."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).astimezone(zone).date()
    return value


def holiday_warning(
    due_dates: Iterable[date], settings: Settings
) -> DataWarning | None:
    """A note when due dates fall on public holidays no calendar accounts for."""
    if settings.calendar.country is not None:
        return None
    country = zone_country(settings.timezone)
    found = {
        day: name
        for day in sorted(set(due_dates))
        if (name := holiday_name(day, country)) is not None
    }
    if not found:
        return None

    days = ", ".join(f"{_day(day)} ({name})" for day, name in found.items())
    message = (
        "due dates ignore public holidays: set calendar.country "
        f'(e.g. "{country or EXAMPLE_COUNTRY}"); due on one: {days}'
    )
    return DataWarning(None, message, kind=HOLIDAYS)


def holiday_name(day: date, country: str | None) -> str | None:
    """DAY's public holiday in COUNTRY, or 25 December and 1 January anywhere."""
    calendar = _country_calendar(country) if country else None
    name = calendar.get(day) if calendar is not None else None
    return str(name) if name else YEAR_ENDS.get((day.month, day.day))


@cache
def _country_calendar(country: str) -> Any:
    import holidays  # only a plan with a due date to check needs the package

    try:
        return holidays.country_holidays(country)
    except NotImplementedError:
        return None


def zone_country(zone: str) -> str | None:
    """The ISO 3166 country of an IANA time zone; None for UTC and the like."""
    countries = _zone_countries()
    return countries.get(zone) or countries.get(_zone_links().get(zone, ""))


@cache
def _zone_countries() -> dict[str, str]:
    """Zone → country code, from the tz database's zone.tab."""
    countries: dict[str, str] = {}
    for line in _tz_file("zone.tab"):
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            countries[fields[2]] = fields[0]
    return countries


@cache
def _zone_links() -> dict[str, str]:
    """Old or alternative zone names ("US/Eastern") → the zone they stand for."""
    links: dict[str, str] = {}
    for line in _tz_file("tzdata.zi"):
        fields = line.split()
        if len(fields) == 3 and fields[0] == "L":
            links[fields[2]] = fields[1]
    return links


def _tz_file(name: str) -> list[str]:
    """A file of the tzdata package; none when the package is not installed."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath(name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return []
    return text.splitlines()


def _moment(created_at: datetime, zone: ZoneInfo) -> str:
    """A stored UTC time as the workspace reads it: "Thu 2026-12-03 14:05 UTC"."""
    local = created_at.replace(tzinfo=UTC).astimezone(zone)
    return f"{_day(local.date())} {local:%H:%M} {local.tzname()}"


def _day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"
