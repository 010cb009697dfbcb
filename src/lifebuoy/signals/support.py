"""Signals from the support desk: escalation and support_spike."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import (
    Context,
    Outcome,
    day_label,
    gap,
    grouped_contacts,
    own_id,
    plural,
    ranked_per_account,
    text_id,
)
from lifebuoy.signals.model import Contact, Evidence, Signal, SignalName
from lifebuoy.signals.windows import Window, days_before, last_days

if TYPE_CHECKING:
    import ibis.expr.types as ir

NO_TICKETS = "no tickets data"
ESCALATED = "escalated tickets"


def escalated(tickets: ir.Table, tags: tuple[str, ...]) -> ir.BooleanValue:
    """Escalated, urgent, or tagged with one of the escalation tags."""
    condition = tickets.escalated.fill_null(False) | (
        tickets.priority.lower() == "urgent"
    )
    if tags:
        words = "|".join(re.escape(tag) for tag in tags)
        pattern = rf"(?i)\b({words})\b"
        condition = condition | tickets.tags.re_search(pattern).fill_null(False)
    return condition


def escalation(context: Context) -> Outcome:
    tickets = context.table("tickets")
    if tickets is None:
        return gap(SignalName.ESCALATION, NO_TICKETS)

    window = last_days(context.as_of, context.settings.escalation_days)
    rows = _escalated_tickets(tickets, window, context)

    return [
        (row["account_id"], _escalation_signal(row, window, context))
        for row in rows
        if row["first"]
    ]


def _escalated_tickets(
    tickets: ir.Table, window: Window, context: Context
) -> list[dict[str, Any]]:
    """The escalated tickets in WINDOW, by account and assignee (fetched once).

    Each row says whether it is its account's latest (``first``) and how many
    such tickets the account has (``matches``): the escalation signal and the
    escalation contacts both read these rows.
    """

    def make() -> list[dict[str, Any]]:
        hits = _escalated_in(tickets, window, context)
        ranked = ranked_per_account(hits, hits.created_at.desc(), hits.ticket_id.desc())
        columns = ("account_id", "ticket_id", "created_at", "subject", "assignee")
        ranked = ranked.select(*columns, "first", "matches")
        return context.fetch(ranked.order_by("account_id", "assignee"))

    return context.shared(ESCALATED, make)


def _escalated_in(tickets: ir.Table, window: Window, context: Context) -> ir.Table:
    return tickets.filter(
        tickets.account_id.notnull(),
        window.holds_instant(tickets.created_at, context.zone),
        escalated(tickets, context.settings.escalation_tags),
    )


def _escalation_signal(row: dict[str, Any], window: Window, context: Context) -> Signal:
    ticket = _ticket_label(row["ticket_id"])
    day = context.local_day(row["created_at"])
    subject = " ".join(text_id(row["subject"]).split())
    count = int(row["matches"])

    detail = f"Ticket {ticket} escalated or urgent on {day.isoformat()}"
    if subject:
        detail += f": {subject!r}"
    detail += f" ({plural(count, 'such ticket')} in the last {window.days} days)"

    evidence = Evidence(
        reason=f"Escalation {day_label(day)} ({ticket})",
        detail=detail,
        ids=(text_id(row["ticket_id"]),),
        dates=(day,),
        numbers={"escalated_tickets": count},
        snippet=subject[:120] or None,
        source="tickets",
    )
    return Signal(SignalName.ESCALATION, evidence)


def support_spike(context: Context) -> Outcome:
    tickets = context.table("tickets")
    if tickets is None:
        return gap(SignalName.SUPPORT_SPIKE, NO_TICKETS)

    settings = context.settings
    recent = last_days(context.as_of, settings.support_spike_days)
    baseline = days_before(recent, settings.support_spike_baseline_days)
    rows = tickets.filter(
        tickets.account_id.notnull(),
        Window(baseline.first, recent.last).holds_instant(
            tickets.created_at, context.zone
        ),
    )
    in_recent = rows.created_at >= ibis.literal(
        recent.start(context.zone), type="timestamp"
    )
    counts = rows.group_by("account_id").aggregate(
        recent=rows.count(where=in_recent),
        baseline=rows.count(where=~in_recent),
        ids=rows.ticket_id.collect(where=in_recent),
    )
    fired = context.fetch(counts.filter(_spiking(counts, recent, baseline, context)))

    return [(row["account_id"], _spike_signal(row, recent, baseline)) for row in fired]


def _spiking(
    counts: ir.Table, recent: Window, baseline: Window, context: Context
) -> ir.BooleanValue:
    """recent >= ratio x (baseline per recent-window length), in whole numbers."""
    top, bottom = context.settings.support_spike_ratio.as_integer_ratio()
    enough = counts.recent >= context.settings.support_spike_min_tickets
    against = counts.recent * baseline.days * bottom >= (
        counts.baseline * recent.days * top
    )
    return enough & against


def _spike_signal(row: dict[str, Any], recent: Window, baseline: Window) -> Signal:
    count = int(row["recent"])
    average = Decimal(int(row["baseline"]) * recent.days) / baseline.days
    shown = average.quantize(Decimal("0.1"))
    ids = tuple(sorted(map(text_id, row["ids"] or ())))

    evidence = Evidence(
        reason=f"Tickets {count} in {recent.days}d vs {shown} avg",
        detail=(
            f"{plural(count, 'ticket')} in the last {recent.days} days vs {shown} "
            "on average "
            f"per {recent.days} days over the {baseline.days} days before "
            f"({baseline.first.isoformat()} to {baseline.last.isoformat()})"
        ),
        ids=ids,
        dates=(recent.first, recent.last),
        numbers={
            "recent_tickets": count,
            "baseline_tickets": int(row["baseline"]),
            "average": shown,
        },
        source="tickets",
    )
    return Signal(SignalName.SUPPORT_SPIKE, evidence)


def escalation_contacts(context: Context) -> dict[str, list[Contact]]:
    """Assignees of the account's escalated tickets in the escalation window."""
    tickets = context.table("tickets")
    if tickets is None:
        return {}

    window = last_days(context.as_of, context.settings.escalation_days)
    pairs = [
        (row["account_id"], row["assignee"])
        for row in _escalated_tickets(tickets, window, context)
        if row["assignee"] is not None
    ]
    # sorted by account and assignee: a repeated pair follows its first
    distinct = [
        pair for at, pair in enumerate(pairs) if not at or pair != pairs[at - 1]
    ]
    return grouped_contacts(
        [account_id for account_id, _ in distinct],
        [assignee for _, assignee in distinct],
        role="support assignee",
    )


def _ticket_label(ticket_id: Any) -> str:
    text = own_id(ticket_id)
    return text if text.startswith("#") else f"#{text}"
