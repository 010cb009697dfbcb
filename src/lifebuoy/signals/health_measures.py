"""The raw measures of the health score, as Ibis aggregates over the workspace.

Every table is read as of a date: rows dated after it are ignored, and
timestamps are compared with the as-of day's bounds in the workspace time
zone. Each function returns, per account id, the measures it could compute
(see health_scoring.MEASURES) and how many rows it used.

Usage is read up to the workspace's last usage day (over every account)
when the data ends before the as-of day, as the usage_decline signal does:
the changes compare the 30 days to that day with the 30 before, and days
since the last active day count to it. Deleted tickets are not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import ibis

from lifebuoy.signals.context import last_usage_day, without_deleted
from lifebuoy.signals.health_scoring import NEVER

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from lifebuoy.workspace.settings import Settings
    from lifebuoy.workspace.store import Workspace

MEETING_TYPES = ("meeting", "qbr", "call")
CHAMPION_ROLES = ("champion", "sponsor")
FILTER_LIMIT = 50
"""Up to this many account ids are filtered in SQL; more are filtered after."""


@dataclass(frozen=True)
class SourceUse:
    """How much of one table went into an account's score."""

    rows: int
    first: date | None = None
    last: date | None = None


@dataclass
class Measured:
    """One account's raw measures and the rows behind them, per table."""

    values: dict[str, float] = field(default_factory=dict)
    sources: dict[str, SourceUse] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)
    """Dates a measure is counted from: last meeting, last executive touch."""


@dataclass(frozen=True)
class Window:
    """The as-of day and the workspace zone, for day and timestamp bounds."""

    as_of: date
    zone: ZoneInfo

    def day(self, days_back: int) -> date:
        return self.as_of - timedelta(days=days_back)

    def start(self, days_back: int) -> datetime:
        """The UTC instant the day DAYS_BACK before as-of began, without a zone."""
        local = datetime.combine(self.day(days_back), time(0), tzinfo=self.zone)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    @property
    def end(self) -> datetime:
        """The UTC instant the as-of day ended."""
        return self.start(-1)


def measure(
    workspace: Workspace, *, as_of: date, account_ids: Iterable[str] | None = None
) -> dict[str, Measured]:
    """Every account's raw measures as of AS_OF (all accounts when ids is None)."""
    window = Window(as_of, workspace.settings.zone)
    wanted = None if account_ids is None else sorted(set(account_ids))
    # A long list of ids costs more as a SQL filter than reading every account.
    ids = wanted if wanted is not None and len(wanted) <= FILTER_LIMIT else None
    measured: dict[str, Measured] = {}
    present: set[str] = set()
    readers = (
        ("usage", _usage),
        ("tickets", _tickets),
        ("nps", _nps),
        ("invoices", _invoices),
        ("activities", _activities),
        ("contacts", _contacts),
    )
    for name, reader in readers:
        table = workspace.table(name)
        if table is None:
            continue
        present.add(name)
        used = _table_window(name, table, window)
        if ids is not None:
            table = table.filter(table.account_id.isin(ids))
        for row in reader(table, used, workspace.settings):
            account = measured.setdefault(row.pop("account_id"), Measured())
            _record(account, name, row)
    _add_account_dates(workspace, measured, window, ids, "activities" in present)
    if wanted is not None and ids is None:
        keep = set(wanted)
        return {key: value for key, value in measured.items() if key in keep}
    return measured


def _table_window(name: str, table: ir.Table, window: Window) -> Window:
    """WINDOW, or for usage ending early, the window up to its last day."""
    if name != "usage":
        return window
    end = last_usage_day(table, window.as_of)
    if end is None or end >= window.as_of:
        return window
    return Window(end, window.zone)


def _record(account: Measured, table: str, row: dict[str, Any]) -> None:
    first, last = row.pop("first", None), row.pop("last", None)
    use = SourceUse(int(row.pop("rows")), _as_date(first), _as_date(last))
    if use.rows == 0:
        return
    account.sources[table] = use
    for name, value in row.items():
        if isinstance(value, date):
            account.dates[name] = value
        elif value is not None:
            account.values[name] = float(value)


def _add_account_dates(
    workspace: Workspace,
    measured: dict[str, Measured],
    window: Window,
    ids: list[str] | None,
    activities: bool,
) -> None:
    """Days to renewal and since the last meeting and executive touch."""
    table = workspace.table("accounts")
    if table is None:
        return
    if ids is not None:
        table = table.filter(table.account_id.isin(ids))
    columns = ("renewal_date", "last_meeting_date", "last_exec_touch_date")
    for row in _rows(table.select("account_id", *columns)):
        account = measured.setdefault(row["account_id"], Measured())
        _add_days(account, row, window, activities=activities)


def _add_days(
    account: Measured, row: dict[str, Any], window: Window, *, activities: bool
) -> None:
    renewal = row["renewal_date"]
    if renewal is not None:
        account.values["days_to_renewal"] = (renewal - window.as_of).days
    pairs = (
        ("days_since_meeting", "last_meeting", row["last_meeting_date"]),
        ("days_since_exec_touch", "last_exec", row["last_exec_touch_date"]),
    )
    for measure_name, key, recorded in pairs:
        known = [
            day
            for day in (account.dates.get(key), recorded)
            if day is not None and day <= window.as_of
        ]
        if known:
            account.dates[key] = max(known)
            account.values[measure_name] = (window.as_of - max(known)).days
        elif activities:
            account.values[measure_name] = NEVER


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    return rows


def _usage(table: ir.Table, window: Window, settings: Settings) -> list[dict[str, Any]]:
    days = settings.signals.usage_decline_days
    table = table.filter(table.date <= window.as_of)
    now = table.date >= window.day(days - 1)
    before = (table.date >= window.day(2 * days - 1)) & (
        table.date < window.day(days - 1)
    )
    active = (table.active_users.fill_null(0) > 0) | (table.events.fill_null(0) > 0)
    rows = _rows(
        table.group_by("account_id").aggregate(
            rows=table.count(),
            first=table.date.min(),
            last=table.date.max(),
            users_now=table.active_users.mean(where=now),
            users_before=table.active_users.mean(where=before),
            events_now=table.events.sum(where=now),
            events_before=table.events.sum(where=before),
            last_active=table.date.max(where=active),
        )
    )
    return [_usage_values(row, window) for row in rows]


def _usage_values(row: dict[str, Any], window: Window) -> dict[str, Any]:
    users_now, users_before = row.pop("users_now"), row.pop("users_before")
    events_now, events_before = row.pop("events_now"), row.pop("events_before")
    last_active = row.pop("last_active")
    row["active_users_change"] = _change(users_now, users_before)
    row["events_change"] = _change(events_now, events_before)
    row["days_since_active"] = (
        NEVER if last_active is None else (window.as_of - last_active).days
    )
    return row


def _change(now: float | None, before: float | None) -> float | None:
    """Percent change; None without a baseline, +100 from nothing to something."""
    if before is None:
        return None
    current = float(now or 0)
    if before == 0:
        return 100.0 if current > 0 else 0.0
    return (current - float(before)) / float(before) * 100


def _tickets(
    table: ir.Table, window: Window, settings: Settings
) -> list[dict[str, Any]]:
    table = without_deleted(table)
    table = table.filter(table.created_at < window.end)
    last_30 = table.created_at >= window.start(29)
    last_90 = table.created_at >= window.start(settings.signals.escalation_days - 1)
    escalated = table.escalated.fill_null(False) | (
        table.priority.lower().fill_null("") == "urgent"
    )
    for tag in settings.signals.escalation_tags:
        escalated = escalated | table.tags.lower().fill_null("").contains(tag.lower())
    csat = ibis.ifelse(table.csat > 5, table.csat / 20, table.csat)
    return _rows(
        table.group_by("account_id").aggregate(
            rows=table.count(),
            first=table.created_at.min(),
            last=table.created_at.max(),
            tickets_30=table.count(where=last_30),
            escalations_90=table.count(where=last_90 & escalated),
            reopens_90=table.reopens.fill_null(0).sum(where=last_90),
            csat_90=csat.mean(where=last_90),
        )
    )


def _nps(table: ir.Table, window: Window, settings: Settings) -> list[dict[str, Any]]:
    table = table.filter((table.responded_at < window.end) & table.score.notnull())
    return _rows(
        table.group_by("account_id").aggregate(
            rows=table.count(),
            first=table.responded_at.min(),
            last=table.responded_at.max(),
            nps_latest=table.score.argmax(table.responded_at),
            nps_average=table.score.mean(where=table.responded_at >= window.start(364)),
        )
    )


def _invoices(
    table: ir.Table, window: Window, settings: Settings
) -> list[dict[str, Any]]:
    table = table.filter(table.due_date.notnull())
    status = table.status.lower().fill_null("")
    paid_since = table.paid_at.notnull() & (table.paid_at >= window.end)
    unpaid = (status != "void") & (
        (table.paid_at.isnull() & (status != "paid")) | paid_since
    )
    overdue = unpaid & (table.due_date < window.as_of)
    failed = (
        (status == "failed")
        & (table.due_date >= window.day(89))
        & (table.due_date <= window.as_of)
    )
    rows = _rows(
        table.group_by("account_id").aggregate(
            rows=table.count(),
            first=table.due_date.min(),
            last=table.due_date.max(),
            overdue_invoices=table.count(where=overdue),
            oldest_overdue=table.due_date.min(where=overdue),
            failed_payments_90=table.count(where=failed),
        )
    )
    for row in rows:
        oldest = row.pop("oldest_overdue")
        # Without an overdue invoice the count says it all; no second factor.
        row["days_overdue"] = None if oldest is None else (window.as_of - oldest).days
    return rows


def _activities(
    table: ir.Table, window: Window, settings: Settings
) -> list[dict[str, Any]]:
    table = table.filter(table.date <= window.as_of)
    kind = table.type.lower().fill_null("")
    meeting = kind.isin(MEETING_TYPES)
    rows = _rows(
        table.group_by("account_id").aggregate(
            rows=table.count(),
            first=table.date.min(),
            last=table.date.max(),
            last_meeting=table.date.max(where=meeting),
            last_exec=table.date.max(where=meeting & table.executive.fill_null(False)),
        )
    )
    waiting = _first_unanswered(table, kind)
    for row in rows:
        since = waiting.get(row["account_id"])
        row["days_unanswered"] = 0 if since is None else (window.as_of - since).days
    return rows


def _first_unanswered(table: ir.Table, kind: ir.StringValue) -> dict[str, date]:
    """Per account, the first outreach sent after the last answer received."""
    answers = (
        table.filter(kind == "email_in")
        .group_by("account_id")
        .aggregate(last_in=table.date.max())
    )
    sent = table.filter(kind == "email_out")
    joined = sent.left_join(answers, "account_id")
    waiting = joined.filter(joined.last_in.isnull() | (joined.date > joined.last_in))
    rows = _rows(waiting.group_by("account_id").aggregate(since=waiting.date.min()))
    return {row["account_id"]: row["since"] for row in rows}


def _contacts(
    table: ir.Table, window: Window, settings: Settings
) -> list[dict[str, Any]]:
    role = table.role.lower().fill_null("")
    champion = role.isin(CHAMPION_ROLES)
    departed = table.departed_on.notnull() & (table.departed_on <= window.as_of)
    gone = departed | (
        table.departed_on.isnull() & (table.status.lower().fill_null("") == "departed")
    )
    recent = departed & (
        table.departed_on >= window.day(settings.signals.champion_left_days - 1)
    )
    return _rows(
        table.group_by("account_id").aggregate(
            rows=table.count(),
            active_champions=table.count(where=champion & ~gone),
            champions_departed_180=table.count(where=champion & recent),
        )
    )
