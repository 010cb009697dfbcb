"""Signals from billing: payment_failed and payment_late.

An invoice counts as open on the as-of day unless it is void, or was paid
by the end of that day (a paid invoice without a payment date is taken as
paid). Days past due count from the due date, a pure date, to the as-of day.
A failed payment counts once its invoice is due (or has no due date): the
failure itself carries no date, and a plan as of a past day must not see it
before then.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import (
    Context,
    Outcome,
    gap,
    money,
    own_id,
    plural,
    text_id,
)
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.signals.windows import Window, known_by_date, known_by_instant

if TYPE_CHECKING:
    import ibis.expr.types as ir

NO_INVOICES = "no invoices data"
INVOICE_HITS = "invoice hits"
COLUMNS = ("account_id", "invoice_id", "due_date", "amount", "currency", "failed")


def payment_failed(context: Context) -> Outcome:
    invoices = context.table("invoices")
    if invoices is None:
        return gap(SignalName.PAYMENT_FAILED, NO_INVOICES)

    rows = _invoice_hits(invoices, context)

    return [
        (row["account_id"], _failed_signal(row, context.as_of))
        for row in rows
        if not row["late"]
    ]


def payment_late(context: Context) -> Outcome:
    invoices = context.table("invoices")
    if invoices is None:
        return gap(SignalName.PAYMENT_LATE, NO_INVOICES)

    if context.settings.payment_failed_overdue_days < 1:
        return []
    rows = _invoice_hits(invoices, context)

    return [
        (row["account_id"], _late_signal(row, context.as_of))
        for row in rows
        if row["late"]
    ]


def _invoice_hits(invoices: ir.Table, context: Context) -> list[dict[str, Any]]:
    """Each account's invoice for payment_failed and for payment_late (fetched once).

    payment_failed: failed once due, or unpaid past the overdue days; failed
    first, then the earliest due. payment_late: unpaid, not failed, due within
    the overdue days before the as-of day; the earliest due. No invoice is
    both, so one ranking over (account, ``late``) picks both.
    """

    def make() -> list[dict[str, Any]]:
        days = context.settings.payment_failed_overdue_days
        overdue_since = context.as_of - timedelta(days=days)
        late = Window(overdue_since, context.as_of - timedelta(1))
        open_ = _open_invoices(invoices, context)
        failed_due = open_.due_date.isnull() | known_by_date(
            open_.due_date, context.as_of
        )
        failed_hit = (open_.failed & failed_due) | (
            open_.due_date < ibis.literal(overdue_since)
        )
        late_hit = (~open_.failed & late.holds_date(open_.due_date)).fill_null(False)
        hits = open_.filter(failed_hit | late_hit).mutate(late=late_hit)
        order = (hits.failed.desc(), hits.due_date.asc(), hits.invoice_id.asc())
        first = ibis.row_number().over(
            group_by=(hits.account_id, hits.late), order_by=list(order)
        )
        matches = hits.count().over(group_by=(hits.account_id, hits.late))
        ranked = hits.mutate(_rank=first, matches=matches)
        latest = ranked.filter(ranked._rank == 0)
        return context.fetch(latest.select(*COLUMNS, "late", "matches"))

    return context.shared(INVOICE_HITS, make)


def _open_invoices(invoices: ir.Table, context: Context) -> ir.Table:
    status = invoices.status.lower().fill_null("")
    paid = (invoices.paid_at.isnull() & (status == "paid")) | (
        invoices.paid_at.notnull()
        & known_by_instant(invoices.paid_at, context.as_of, zone=context.zone)
    )
    rows = invoices.filter(invoices.account_id.notnull(), status != "void", ~paid)
    return rows.mutate(failed=status == "failed")


def _failed_signal(row: dict[str, Any], as_of: date) -> Signal:
    invoice = own_id(row["invoice_id"])
    amount = money(row["amount"], row["currency"])
    due: date | None = row["due_date"]
    late = (as_of - due).days if due is not None else None
    overdue = (
        f"{plural(late, 'day')} past due" if late is not None and late > 0 else None
    )

    if row["failed"]:
        reason = f"Payment failed: {invoice} {amount}"
        reason += f" ({overdue})" if overdue else ""
    else:
        reason = f"Invoice {invoice} {amount} ({overdue})"
    return Signal(SignalName.PAYMENT_FAILED, _evidence(row, reason, late))


def _late_signal(row: dict[str, Any], as_of: date) -> Signal:
    invoice = own_id(row["invoice_id"])
    late = (as_of - row["due_date"]).days
    reason = f"Invoice {invoice} {plural(late, 'day')} late"
    return Signal(SignalName.PAYMENT_LATE, _evidence(row, reason, late))


def _evidence(row: dict[str, Any], reason: str, late: int | None) -> Evidence:
    invoice = own_id(row["invoice_id"])
    amount = money(row["amount"], row["currency"])
    due: date | None = row["due_date"]
    state = "payment failed" if row["failed"] else "unpaid"
    detail = f"Invoice {invoice} for {amount} {state}"
    if due is not None:
        detail += f", due {due.isoformat()}"
    if late is not None and late > 0:
        detail += f", {plural(late, 'day')} past due"
    count = int(row["matches"])
    if count > 1:
        detail += f" ({count} such invoices)"

    numbers: dict[str, Any] = {"invoices": count}
    if row["amount"] is not None:
        numbers["amount"] = row["amount"]
    if late is not None:
        numbers["days_past_due"] = late
    return Evidence(
        reason=reason,
        detail=detail,
        ids=(text_id(row["invoice_id"]),),
        dates=(due,) if due is not None else (),
        numbers=numbers,
        source="invoices",
    )
