"""Signals from the CRM's own fields: low_health and renewal_soon.

Also the active accounts every report lists, and the warnings about stale
CRM data (a renewal date already past, a health score not updated lately).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import ibis

from lifebuoy.signals.context import (
    Context,
    Fired,
    Outcome,
    gap,
    plural,
    text_id,
)
from lifebuoy.signals.model import Account, DataWarning, Evidence, Signal, SignalName
from lifebuoy.signals.windows import known_by_date, last_days, next_days

if TYPE_CHECKING:
    import ibis.expr.types as ir

ACCOUNT_FIELDS = tuple(field.name for field in fields(Account))
"""Account's fields, in order: the columns read for every active account."""


def active_accounts(context: Context) -> ir.Table:
    """Accounts that are not churned (a missing status counts as active)."""
    accounts = context.accounts
    status = accounts.status.lower().fill_null("active")
    return accounts.filter(accounts.account_id.notnull(), status != "churned")


OPTIONAL_COLUMNS = ("health_score", "renewal_date", "last_exec_touch_date")
"""Account columns whose absence everywhere makes a signal a data gap."""
FILLED = "filled account columns"


def filled(context: Context, column: str) -> bool:
    """Whether any account carries a value in COLUMN (counted once per run)."""

    def make() -> list[dict[str, Any]]:
        accounts = context.accounts
        counts = accounts.aggregate(
            **{name: accounts[name].count() for name in OPTIONAL_COLUMNS}
        )
        return context.fetch(counts)

    counted = context.shared(FILLED, make)[0]
    return bool(counted[column] > 0)


def load_accounts(context: Context) -> dict[str, Account]:
    """Every active account's CRM facts, by account_id, in account_id order."""
    accounts = active_accounts(context)
    defaults = {
        "name": accounts.name.fill_null(accounts.account_id),
        "currency": accounts.currency.fill_null("USD"),
        "strategic": accounts.strategic.fill_null(False),
    }
    facts = accounts.select(
        *(defaults.get(name, accounts[name]).name(name) for name in ACCOUNT_FIELDS)
    )
    columns = context.fetch_columns(facts.order_by("account_id"))
    # positional, in field order: one call per account, no dictionary per row
    found = [Account(*values) for values in zip(*columns.values(), strict=True)]
    return {account.account_id: account for account in found}


def low_health(context: Context) -> Outcome:
    if not filled(context, "health_score"):
        return gap(SignalName.LOW_HEALTH, "no health_score in accounts")

    below = context.settings.low_health_below
    accounts = active_accounts(context)
    updated = accounts.health_score_updated_on
    # a score first recorded after the as-of day was not known then
    low = accounts.filter(
        accounts.health_score < below,
        updated.isnull() | known_by_date(updated, context.as_of),
    )
    rows = context.fetch(
        low.select("account_id", "health_score", "health_score_updated_on")
    )

    # immutable and alike for every account with the same score and update day
    made: dict[tuple[int, date | None], Signal] = {}
    fired: Fired = []
    for row in rows:
        key = (int(row["health_score"]), row["health_score_updated_on"])
        signal = made.get(key)
        if signal is None:
            signal = made[key] = _health_signal(*key, below)
        fired.append((row["account_id"], signal))
    return fired


def _health_signal(score: int, updated: date | None, below: int) -> Signal:
    detail = f"CRM health score {score} (under {below})"
    detail += f", updated {updated.isoformat()}" if updated else ""
    evidence = Evidence(
        reason=f"CRM health {score}",
        detail=detail,
        dates=(updated,) if updated else (),
        numbers={"health_score": score, "threshold": below},
        source="accounts.health_score",
    )
    return Signal(SignalName.LOW_HEALTH, evidence)


def renewal_soon(context: Context) -> Outcome:
    if not filled(context, "renewal_date"):
        return gap(SignalName.RENEWAL_SOON, "no renewal_date in accounts")

    window = next_days(context.as_of, context.settings.renewal_soon_days)
    accounts = active_accounts(context)
    soon = accounts.filter(window.holds_date(accounts.renewal_date))
    rows = context.fetch(soon.select("account_id", "renewal_date"))

    # immutable and alike for every account renewing on the same day
    made: dict[date, Signal] = {}
    fired: Fired = []
    for row in rows:
        renewal: date = row["renewal_date"]
        signal = made.get(renewal)
        if signal is None:
            signal = made[renewal] = _renewal_signal(renewal, context.as_of)
        fired.append((row["account_id"], signal))
    return fired


def _renewal_signal(renewal: date, as_of: date) -> Signal:
    days = (renewal - as_of).days
    when = "today" if days == 0 else f"in {plural(days, 'day')}"
    evidence = Evidence(
        reason=f"Renews {when} ({renewal.isoformat()})",
        detail=(
            f"Renewal date {renewal.isoformat()}, {plural(days, 'day')} after "
            "the as-of day"
        ),
        dates=(renewal,),
        numbers={"days_to_renewal": days},
        source="accounts.renewal_date",
    )
    return Signal(SignalName.RENEWAL_SOON, evidence)


def stale_warnings(context: Context) -> list[DataWarning]:
    """Renewal dates already past; CRM health scores not updated lately."""
    days = context.settings.health_score_stale_days
    fresh_since = last_days(context.as_of, days).first
    accounts = active_accounts(context)
    past = accounts.renewal_date < ibis.literal(context.as_of)
    stale = accounts.health_score.notnull() & (
        accounts.health_score_updated_on < ibis.literal(fresh_since)
    )
    rows = context.fetch(
        accounts.filter(past | stale)
        .select(
            "account_id",
            "renewal_date",
            "health_score_updated_on",
            past=past,
            stale=stale,
        )
        .order_by("account_id")
    )

    warnings: list[DataWarning] = []
    for row in rows:
        account_id = text_id(row["account_id"])
        if row["past"]:
            warnings.append(
                DataWarning(
                    account_id, _past_renewal(row["renewal_date"]), kind="renewal_past"
                )
            )
        if row["stale"]:
            warnings.append(
                DataWarning(
                    account_id,
                    _stale_health(row["health_score_updated_on"], days),
                    kind="stale_health_score",
                )
            )
    return warnings


@lru_cache(maxsize=4096)
def _past_renewal(renewal: date) -> str:
    return f"renewal date {renewal.isoformat()} is already past; update it in the CRM"


@lru_cache(maxsize=4096)
def _stale_health(updated: date, days: int) -> str:
    return (
        f"CRM health score last updated {updated.isoformat()}, more than {days} days "
        "ago; it may not reflect the account today"
    )
