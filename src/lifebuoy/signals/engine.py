"""The signal engine: every signal for every active account, as of a date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from time import perf_counter
from typing import TYPE_CHECKING

from lifebuoy.collector import collector_paused
from lifebuoy.log import logger
from lifebuoy.signals import billing, crm, nps, relationship, support, text, usage
from lifebuoy.signals.context import Context, Outcome
from lifebuoy.signals.model import (
    Account,
    AccountSignals,
    Contact,
    DataGap,
    DataWarning,
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

WORKERS = 2
"""Threads computing signals: enough for one to build Python objects from
fetched rows while the other waits on the database."""


def signals(workspace: Workspace, *, as_of: date) -> SignalReport:
    """Every active account's signals as of AS_OF, with data gaps and warnings."""
    with collector_paused():
        return _signals(workspace, as_of)


def _signals(workspace: Workspace, as_of: date) -> SignalReport:
    context = Context(workspace, as_of)
    context.prepare()
    try:
        with ThreadPoolExecutor(WORKERS, thread_name_prefix="lifebuoy-signals") as pool:
            return _shared_out(context, pool)
    finally:
        context.close()


def _shared_out(context: Context, pool: ThreadPoolExecutor) -> SignalReport:
    """Every computation submitted at once, the results read in a fixed order.

    While one thread waits on the database, another turns fetched rows into
    signals, and this one files the signals already made; the report is the
    same whichever finishes first.
    """
    try:
        accounts_job = pool.submit(crm.load_accounts, context)
        jobs = {name: pool.submit(_timed, name, context) for name in SignalName}
        contacts_job = pool.submit(_contacts, context)
        warnings_job = pool.submit(_warnings, context)
        accounts = accounts_job.result()
        fired, gaps = _filed(jobs, accounts)
        contacts = contacts_job.result()
        warnings = warnings_job.result()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    if not accounts:
        return SignalReport(as_of=context.as_of, accounts=(), gaps=tuple(gaps))

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
    logger.info(
        "signals as of %s: %d accounts, %d with signals, %d data gaps",
        context.as_of,
        len(report),
        len(fired),
        len(gaps),
    )
    return SignalReport(
        as_of=context.as_of,
        accounts=report,
        gaps=tuple(gaps),
        warnings=tuple(warnings),
    )


def _filed(
    jobs: dict[SignalName, Future[Outcome]], accounts: dict[str, Account]
) -> tuple[dict[str, list[Signal]], list[DataGap]]:
    """Each account's signals, most severe first, and the signals not available."""
    fired: dict[str, list[Signal]] = defaultdict(list)
    gaps: list[DataGap] = []
    # in severity order, so every account's signals come most severe first
    for name, job in jobs.items():
        outcome = job.result()
        if isinstance(outcome, DataGap):
            logger.warning("%s signals not available: %s", name, outcome.needs)
            gaps.append(outcome)
            continue
        for account_id, signal in outcome:
            if account_id in accounts:
                fired[account_id].append(signal)
    return fired, gaps


def _timed(name: SignalName, context: Context) -> Outcome:
    started = perf_counter()
    outcome = COMPUTE[name](context)
    fired = 0 if isinstance(outcome, DataGap) else len(outcome)
    logger.debug("%s: %d accounts in %.2fs", name, fired, perf_counter() - started)
    return outcome


def _warnings(context: Context) -> list[DataWarning]:
    return [*usage.stale_warnings(context), *crm.stale_warnings(context)]


def _contacts(context: Context) -> dict[str, tuple[Contact, ...]]:
    """Escalation assignees first, then the people discussing it in chat."""
    chat = text.chat_contacts(context)
    merged = {account_id: tuple(people) for account_id, people in chat.items()}
    for account_id, people in support.escalation_contacts(context).items():
        merged[account_id] = (*people, *merged.get(account_id, ()))
    return merged
