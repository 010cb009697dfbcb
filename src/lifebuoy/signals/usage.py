"""The usage signal: usage_decline.

Active users are averaged over the rows of each window (daily and weekly
rows read alike); events are summed. An account with usage before but no
row at all in the recent window has stopped using the product (-100%).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import Context, Outcome, fetch, gap
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.signals.windows import Window, days_before, last_days

if TYPE_CHECKING:
    import ibis.expr.types as ir

NO_USAGE = "no usage data"


def usage_decline(context: Context) -> Outcome:
    usage = context.table("usage")
    if usage is None:
        return gap(SignalName.USAGE_DECLINE, NO_USAGE)

    days = context.settings.usage_decline_days
    recent = last_days(context.as_of, days)
    before = days_before(recent, days)
    rows = usage.filter(
        usage.account_id.notnull(),
        Window(before.first, recent.last).holds_date(usage.date),
    )
    latest = _latest_day(rows)
    if latest is None or latest < recent.first:
        return gap(SignalName.USAGE_DECLINE, f"no usage data in the last {days} days")

    totals = _totals(rows, recent)
    fired = fetch(
        totals.filter(_declining(totals, context.settings.usage_decline_percent))
    )
    return [(row["account_id"], _signal(row, recent)) for row in fired]


def _latest_day(rows: ir.Table) -> date | None:
    latest: date | None = rows.date.max().to_pyarrow().as_py()
    return latest


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


def _signal(row: dict[str, Any], recent: Window) -> Signal:
    users_now = _mean(row["recent_users"], row["recent_rows"])
    users_before = _mean(row["before_users"], row["before_rows"])
    users_change = _change(users_now, users_before)
    events_change = _change(
        Decimal(row["recent_events"]), Decimal(row["before_events"])
    )
    changes = [change for change in (users_change, events_change) if change is not None]
    worst = min(changes)

    detail = (
        f"Active users averaged {users_now:.1f} in the last {recent.days} days vs "
        f"{users_before:.1f} in the {recent.days} days before; events "
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
        reason=f"Usage −{abs(worst)}% ({recent.days}d)",
        detail=detail,
        dates=(recent.first, recent.last),
        numbers=numbers,
        source="usage",
    )
    return Signal(SignalName.USAGE_DECLINE, evidence)


def _mean(total: int, count: int) -> Decimal:
    return Decimal(total) / count if count else Decimal(0)


def _change(now: Decimal, before: Decimal) -> int | None:
    """Whole percent change, or None when there was nothing before."""
    if before <= 0:
        return None
    return int(((now - before) * 100 / before).to_integral_value())
