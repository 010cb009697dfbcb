"""Signals from the relationship: no_exec_touch, slow_response, champion_left.

Activities carry a date (no time), so "later" means a later day. An
outreach (email_out or call) is answered by an email_in, meeting or QBR on
the same day or later, or by a call on a later day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import (
    Context,
    Outcome,
    day_label,
    gap,
    latest_per_account,
    own_id,
    plural,
    text_id,
)
from lifebuoy.signals.crm import active_accounts, filled
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.signals.windows import Window, known_by_date, last_days

if TYPE_CHECKING:
    import ibis.expr.types as ir

OUTREACH = ("email_out", "call")
REPLIES = ("email_in", "meeting", "qbr")


def no_exec_touch(context: Context) -> Outcome:
    activities = context.table("activities")
    if activities is None and not filled(context, "last_exec_touch_date"):
        return gap(
            SignalName.NO_EXEC_TOUCH,
            "no activities data and no last_exec_touch_date in accounts",
        )

    window = last_days(context.as_of, context.settings.no_exec_touch_days)
    accounts = active_accounts(context)
    crm = accounts.last_exec_touch_date
    crm_day = ibis.ifelse(known_by_date(crm, context.as_of), crm, ibis.null("date"))
    touches = accounts.select("account_id", crm_day=crm_day)
    if activities is not None:
        touches = _with_latest_meeting(touches, activities, context)
    else:
        touches = touches.mutate(
            meeting_day=ibis.null("date"), activity_id=ibis.null("string")
        )

    latest = ibis.greatest(
        touches.crm_day.fill_null(touches.meeting_day),
        touches.meeting_day.fill_null(touches.crm_day),
    )
    touches = touches.mutate(latest=latest)
    fired = touches.filter(touches.latest.isnull() | (touches.latest < window.first))
    rows = context.fetch(fired)

    return [(row["account_id"], _exec_signal(row, window)) for row in rows]


def _with_latest_meeting(
    touches: ir.Table, activities: ir.Table, context: Context
) -> ir.Table:
    kind = activities.type.lower().fill_null("")
    executive = activities.filter(
        activities.account_id.notnull(),
        activities.executive.fill_null(False) | (kind == "qbr"),
        known_by_date(activities.date, context.as_of),
    )
    latest = latest_per_account(
        executive, executive.date.desc(), executive.activity_id.desc()
    ).select("account_id", meeting_day="date", activity_id="activity_id")
    return touches.left_join(latest, "account_id").select(
        touches.account_id, touches.crm_day, latest.meeting_day, latest.activity_id
    )


def _exec_signal(row: dict[str, Any], window: Window) -> Signal:
    latest: date | None = row["latest"]
    if latest is None:
        evidence = Evidence(
            reason=f"No exec touch in {window.days}+ days",
            detail="No executive meeting, QBR or executive touch on record",
            source="activities",
        )
        return Signal(SignalName.NO_EXEC_TOUCH, evidence)

    from_activity = row["meeting_day"] == latest and row["activity_id"] is not None
    days = (window.last - latest).days
    evidence = Evidence(
        reason=f"No exec meeting since {day_label(latest)}",
        detail=(
            f"Last executive touch on {latest.isoformat()}, {days} days before "
            f"{window.last.isoformat()} (window {window.days} days)"
        ),
        ids=(text_id(row["activity_id"]),) if from_activity else (),
        dates=(latest,),
        numbers={"days_since": days},
        source="activities" if from_activity else "accounts.last_exec_touch_date",
    )
    return Signal(SignalName.NO_EXEC_TOUCH, evidence)


def slow_response(context: Context) -> Outcome:
    activities = context.table("activities")
    if activities is None:
        return gap(SignalName.SLOW_RESPONSE, "no activities data")

    cutoff = context.as_of - timedelta(days=context.settings.slow_response_days)
    known = activities.filter(
        activities.account_id.notnull(),
        activities.date.notnull(),
        known_by_date(activities.date, context.as_of),
    ).mutate(kind=activities.type.lower().fill_null(""))
    unanswered = _unanswered(known)
    waiting = unanswered.filter(unanswered.date < ibis.literal(cutoff))
    earliest = latest_per_account(
        waiting, waiting.date.asc(), waiting.activity_id.asc()
    )
    rows = context.fetch(
        earliest.select(
            "account_id", "activity_id", "date", "kind", "subject", "matches"
        )
    )

    return [(row["account_id"], _slow_signal(row, context.as_of)) for row in rows]


def _unanswered(known: ir.Table) -> ir.Table:
    replies = known.group_by("account_id").aggregate(
        replied=known.date.max(where=known.kind.isin(REPLIES)),
        called=known.date.max(where=known.kind == "call"),
    )
    outreach = known.filter(known.kind.isin(OUTREACH))
    joined = outreach.join(replies, "account_id")
    return joined.filter(
        joined.replied.isnull() | (joined.date > joined.replied),
        joined.called.isnull() | (joined.date >= joined.called),
    )


def _slow_signal(row: dict[str, Any], as_of: date) -> Signal:
    sent: date = row["date"]
    days = (as_of - sent).days
    subject = " ".join(text_id(row["subject"]).split())
    detail = f"{row['kind']} {own_id(row['activity_id'])} on {sent.isoformat()}"
    detail += f" ({subject!r})" if subject else ""
    detail += f" has had no reply for {plural(days, 'day')}"
    evidence = Evidence(
        reason=f"Outreach unanswered {plural(days, 'day')}",
        detail=detail,
        ids=(text_id(row["activity_id"]),),
        dates=(sent,),
        numbers={"days_waiting": days, "unanswered": int(row["matches"])},
        snippet=subject[:120] or None,
        source="activities",
    )
    return Signal(SignalName.SLOW_RESPONSE, evidence)


def champion_left(context: Context) -> Outcome:
    contacts = context.table("contacts")
    if contacts is None:
        return gap(SignalName.CHAMPION_LEFT, "no contacts data")

    window = last_days(context.as_of, context.settings.champion_left_days)
    role = contacts.role.lower().fill_null("")
    departed = contacts.filter(
        contacts.account_id.notnull(),
        role.isin(("champion", "sponsor")),
        window.holds_date(contacts.departed_on),
    )
    latest = latest_per_account(
        departed, departed.departed_on.desc(), departed.contact_id.asc()
    )
    rows = context.fetch(
        latest.select(
            "account_id", "contact_id", "name", "role", "departed_on", "matches"
        )
    )

    return [(row["account_id"], _champion_signal(row, window)) for row in rows]


def _champion_signal(row: dict[str, Any], window: Window) -> Signal:
    left: date = row["departed_on"]
    role = text_id(row["role"]).lower().capitalize()
    name = text_id(row["name"]) or own_id(row["contact_id"])
    evidence = Evidence(
        reason=f"{role} {name} left {day_label(left)}",
        detail=(
            f"{role} {name} ({own_id(row['contact_id'])}) departed on "
            f"{left.isoformat()}, within the last {window.days} days"
        ),
        ids=(text_id(row["contact_id"]),),
        dates=(left,),
        numbers={"departed_contacts": int(row["matches"])},
        source="contacts",
    )
    return Signal(SignalName.CHAMPION_LEFT, evidence)
