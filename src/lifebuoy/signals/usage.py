"""The usage signal: usage_decline.

Active users are averaged over the rows of each window (daily and weekly
rows read alike); events are summed. An account with usage before but no
row at all in the recent window has stopped using the product (-100%).

The windows end at the as-of day, or at the workspace's last usage day
(over every account) when the data ends before it: an import a week old
then compares the last 30 days it covers, instead of reading every account
as declining. An account with no row near that day while others report
still reads as a decline. When the data ends more than
``signals.usage_stale_days`` before the as-of day, a warning says so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import Context, Outcome, day_label, gap, plural
from lifebuoy.signals.model import DataWarning, Evidence, Signal, SignalName
from lifebuoy.signals.windows import Window, days_before, last_days

if TYPE_CHECKING:
    import ibis.expr.types as ir

NO_USAGE = "no usage data"


def usage_decline(context: Context) -> Outcome:
    usage = context.table("usage")
    if usage is None:
        return gap(SignalName.USAGE_DECLINE, NO_USAGE)

    days = context.settings.usage_decline_days
    end = context.usage_end()
    if end is None or end < last_days(context.as_of, days).first:
        return gap(
            SignalName.USAGE_DECLINE,
            f"no usage data in the last {plural(days, 'day')}",
        )

    recent = last_days(end, days)
    before = days_before(recent, days)
    rows = usage.filter(
        usage.account_id.notnull(),
        Window(before.first, recent.last).holds_date(usage.date),
    )
    totals = _totals(rows, recent)
    fired = context.fetch(
        totals.filter(_declining(totals, context.settings.usage_decline_percent))
    )
    return [
        (row["account_id"], _signal(row, recent, as_of=context.as_of)) for row in fired
    ]


def stale_warnings(context: Context) -> list[DataWarning]:
    """A warning when the usage data ends well before the as-of day."""
    end = context.usage_end()
    if end is None:
        return []
    behind = (context.as_of - end).days
    if behind <= context.settings.usage_stale_days:
        return []
    message = (
        f"usage data ends {end.isoformat()}, {plural(behind, 'day')} before the "
        "as-of date; usage compared up to then"
    )
    return [DataWarning(None, message, kind="usage_stale")]


def _totals(rows: ir.Table, recent: Window) -> ir.Table:
    in_recent = rows.date >= ibis.literal(recent.first)
    return rows.group_by("account_id").aggregate(
        recent_rows=rows.active_users.count(where=in_recent),
        before_rows=rows.active_users.count(where=~in_recent),
        recent_users=rows.active_users.sum(where=in_recent).fill_null(0),
        before_users=rows.active_users.sum(where=~in_recent).fill_null(0),
        recent_events=rows.events.sum(where=in_recent).fill_null(0),
        before_events=rows.events.sum(where=~in_recent).fill_null(0),
    )


def _declining(totals: ir.Table, percent: Decimal) -> ir.BooleanValue:
    """Down more than PERCENT, compared in whole numbers (no rounding)."""
    top, bottom = percent.as_integer_ratio()
    keep = 100 * bottom - top
    # mean(recent) < mean(before) x keep / (100 x bottom), cross-multiplied
    users = (
        (totals.before_rows > 0)
        & (totals.before_users > 0)
        & (
            totals.recent_users * totals.before_rows * 100 * bottom
            < totals.before_users * totals.recent_rows * keep
        )
    )
    stopped_users = (totals.recent_rows == 0) & (totals.before_users > 0)
    events = (totals.before_events > 0) & (
        totals.recent_events * 100 * bottom < totals.before_events * keep
    )
    return users | stopped_users | events


def _signal(row: dict[str, Any], recent: Window, *, as_of: date) -> Signal:
    users_now = _mean(row["recent_users"], row["recent_rows"])
    users_before = _mean(row["before_users"], row["before_rows"])
    users_change = _change(users_now, users_before)
    events_change = _change(
        Decimal(row["recent_events"]), Decimal(row["before_events"])
    )
    changes = [change for change in (users_change, events_change) if change is not None]
    worst = min(changes)

    length = plural(recent.days, "day")
    detail = (
        f"Active users averaged {users_now:.1f} in {_recent_words(recent, as_of)} "
        f"vs {users_before:.1f} in the {length} before; events "
        f"{int(row['recent_events']):,} vs {int(row['before_events']):,}"
    )
    numbers: dict[str, Decimal | int] = {
        "recent_active_users": users_now.quantize(Decimal("0.1")),
        "previous_active_users": users_before.quantize(Decimal("0.1")),
        "recent_events": int(row["recent_events"]),
        "previous_events": int(row["before_events"]),
        "change_percent": worst,
    }
    evidence = Evidence(
        reason=f"Usage −{abs(worst)}% ({_recent_label(recent, as_of)})",
        detail=detail,
        dates=(recent.first, recent.last),
        numbers=numbers,
        source="usage",
    )
    return Signal(SignalName.USAGE_DECLINE, evidence)


def _recent_words(recent: Window, as_of: date) -> str:
    """'the last 30 days', or '30 days to 2026-12-03' when the data ends early."""
    if recent.last == as_of:
        return f"the last {plural(recent.days, 'day')}"
    return f"the {plural(recent.days, 'day')} to {recent.last.isoformat()}"


def _recent_label(recent: Window, as_of: date) -> str:
    """'30d', or '30d to 3 Dec' when the data ends before the as-of day."""
    if recent.last == as_of:
        return f"{recent.days}d"
    return f"{recent.days}d to {day_label(recent.last)}"


def _mean(total: int, count: int) -> Decimal:
    return Decimal(total) / count if count else Decimal(0)


def _change(now: Decimal, before: Decimal) -> int | None:
    """Whole percent change, or None when there was nothing before."""
    if before <= 0:
        return None
    return int(((now - before) * 100 / before).to_integral_value())
