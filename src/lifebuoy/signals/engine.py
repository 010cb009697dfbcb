"""The signal engine: every signal for every active account, as of a date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from time import perf_counter
from typing import TYPE_CHECKING

from lifebuoy.collector import collector_paused
from lifebuoy.log import logger
from lifebuoy.signals import billing, crm, nps, relationship, support, text, usage
from lifebuoy.signals.context import Context, Outcome
from lifebuoy.signals.model import (
    AccountSignals,
    Contact,
    DataGap,
    Signal,
    SignalName,
    SignalReport,
)

if TYPE_CHECKING:
    from lifebuoy.workspace.store import Workspace

Compute = Callable[[Context], Outcome]

COMPUTE: dict[SignalName, Compute] = {
    SignalName.EVALUATING_ALTERNATIVES: text.evaluating_alternatives,
    SignalName.ESCALATION: support.escalation,
    SignalName.PAYMENT_FAILED: billing.payment_failed,
    SignalName.SUPPORT_SPIKE: support.support_spike,
    SignalName.USAGE_DECLINE: usage.usage_decline,
    SignalName.CHAMPION_LEFT: relationship.champion_left,
    SignalName.LOW_HEALTH: crm.low_health,
    SignalName.NO_EXEC_TOUCH: relationship.no_exec_touch,
    SignalName.NPS_DETRACTOR: nps.nps_detractor,
    SignalName.SLOW_RESPONSE: relationship.slow_response,
    SignalName.PAYMENT_LATE: billing.payment_late,
    SignalName.RENEWAL_SOON: crm.renewal_soon,
}
"""How each signal is computed."""


def signals(workspace: Workspace, *, as_of: date) -> SignalReport:
    """Every active account's signals as of AS_OF, with data gaps and warnings."""
    with collector_paused():
        return _signals(workspace, as_of)


def _signals(workspace: Workspace, as_of: date) -> SignalReport:
    context = Context(workspace, as_of)
    accounts = crm.load_accounts(context)
    if not accounts:
        return SignalReport(as_of=as_of, accounts=())

    fired: dict[str, list[Signal]] = defaultdict(list)
    gaps: list[DataGap] = []
    # in severity order, so every account's signals come most severe first
    for name in SignalName:
        outcome = _timed(name, COMPUTE[name], context)
        if isinstance(outcome, DataGap):
            logger.warning("%s signals not available: %s", name, outcome.needs)
            gaps.append(outcome)
            continue
        for account_id, signal in outcome:
            if account_id in accounts:
                fired[account_id].append(signal)

    contacts = _contacts(context)
    none: tuple[Signal, ...] = ()
    report = tuple(
        # positional, in field order: one call per account
        AccountSignals(
            account,
            tuple(fired[account_id]) if account_id in fired else none,
            contacts.get(account_id, ()),
        )
        for account_id, account in accounts.items()
    )
    warnings = [*usage.stale_warnings(context), *crm.stale_warnings(context)]
    logger.info(
        "signals as of %s: %d accounts, %d with signals, %d data gaps",
        as_of,
        len(report),
        len(fired),
        len(gaps),
    )
    return SignalReport(
        as_of=as_of, accounts=report, gaps=tuple(gaps), warnings=tuple(warnings)
    )


def _timed(name: SignalName, compute: Compute, context: Context) -> Outcome:
    started = perf_counter()
    outcome = compute(context)
    fired = 0 if isinstance(outcome, DataGap) else len(outcome)
    logger.debug("%s: %d accounts in %.2fs", name, fired, perf_counter() - started)
    return outcome


def _contacts(context: Context) -> dict[str, tuple[Contact, ...]]:
    """Escalation assignees first, then the people discussing it in chat."""
    chat = text.chat_contacts(context)
    merged = {account_id: tuple(people) for account_id, people in chat.items()}
    for account_id, people in support.escalation_contacts(context).items():
        merged[account_id] = (*people, *merged.get(account_id, ()))
    return merged
