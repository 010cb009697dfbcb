"""Scope filters: which accounts of a signal report a plan covers.

Every field of ``Scope`` is applied here except ``from_run``, which the caller
resolves into ``candidates`` (account id → the tier the run gave it).

"top N by ARR" ranks whatever the other words select, in the reporting currency,
and keeps N: "top 10 by ARR" alone is the ten largest active accounts, at risk
or not; "Critical top 5 by ARR" the five largest Critical ones.

A risk flag is any signal but renewal_soon: an upcoming renewal is context, not
a risk, so "renewing in next 60 days with risk flags" leaves out the accounts
whose only signal is the renewal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from lifebuoy.log import logger
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.signals.model import Account, AccountSignals, SignalName

ArrRank = tuple[bool, Decimal, int, bool, bool, date, str, str]
"""An account's place by ARR: largest first, unknown last, ties in plan order."""


def in_scope(item: AccountSignals, scope: Scope, *, arr: Decimal | None) -> bool:
    """Every filter of SCOPE except tiers, candidates and top N."""
    account = item.account
    if scope.segments and not _one_of(account.segment, scope.segments):
        return False
    if scope.regions and not _one_of(account.region, scope.regions):
        return False
    if scope.owners and not (
        _one_of(account.csm, scope.owners) or _one_of(account.owner, scope.owners)
    ):
        return False

    if not _renews_in_window(item, scope):
        return False
    if not _arr_in_bounds(arr, scope):
        return False

    if scope.any_signal and not has_risk_flag(item):
        return False
    return not scope.signals or not scope.signals.isdisjoint(item.names)


def has_risk_flag(item: AccountSignals) -> bool:
    """Whether the account has a signal other than renewal_soon."""
    return any(signal.name is not SignalName.RENEWAL_SOON for signal in item.signals)


def tier_selected(scope: Scope, tier: Tier | None) -> bool:
    """Whether the tier words of SCOPE select an account of TIER (None: no tier)."""
    if tier is None:
        return not scope.tiers and not at_risk_only(scope)
    return not scope.tiers or tier in scope.tiers


def at_risk_only(scope: Scope) -> bool:
    """SCOPE leaves healthy accounts out: it says "at-risk accounts", or nothing.

    A scope with no filter at all that does not ask for all accounts means the
    at-risk accounts.
    """
    if scope.include_healthy:
        return False
    filters = (
        scope.segments,
        scope.regions,
        scope.owners,
        scope.renewal_from,
        scope.renewal_to,
        scope.arr_min,
        scope.arr_max,
        scope.top_n,
        scope.signals,
        scope.any_signal,
    )
    return scope.at_risk or not any(filters)


def arr_rank(account: Account, arr: Decimal | None, *, tier: Tier | None) -> ArrRank:
    """Where ACCOUNT ranks for "top N by ARR"; ARR is in the reporting currency.

    Equal or unknown ARR falls back to plan order: tier (no tier after Watch),
    strategic accounts first, then renewal date, name and id.
    """
    return (
        arr is None,
        -(arr or Decimal(0)),
        len(Tier) if tier is None else tier.rank,
        not account.strategic,
        account.renewal_date is None,
        account.renewal_date or date.max,
        account.name.casefold(),
        account.account_id,
    )


def top_by_arr(ranks: Mapping[str, ArrRank], limit: int | None) -> set[str] | None:
    """The ids of the LIMIT best-ranked accounts of RANKS; None for no limit.

    Logs a warning when the limit reaches accounts whose ARR is unknown.
    """
    if limit is None:
        return None
    kept = sorted(ranks, key=ranks.__getitem__)[:limit]

    unknown = sum(1 for account_id in kept if ranks[account_id][0])
    if unknown:
        known = sum(1 for rank in ranks.values() if not rank[0])
        logger.warning(
            "top %d by ARR: %d of the %d accounts ranked have a known ARR; %d "
            "without one fill the rest in plan order. Load ARR for them, or set "
            "a rate for their currency in settings.currency_rates",
            limit,
            known,
            len(ranks),
            unknown,
        )
    return set(kept)


def _one_of(value: str | None, wanted: frozenset[str]) -> bool:
    if value is None:
        return False
    folded = value.strip().casefold()
    return any(folded == item.strip().casefold() for item in wanted)


def _renews_in_window(item: AccountSignals, scope: Scope) -> bool:
    if scope.renewal_from is None and scope.renewal_to is None:
        return True
    renewal = item.account.renewal_date
    if renewal is None:
        return False
    if scope.renewal_from is not None and renewal < scope.renewal_from:
        return False
    return scope.renewal_to is None or renewal <= scope.renewal_to


def _arr_in_bounds(arr: Decimal | None, scope: Scope) -> bool:
    if scope.arr_min is None and scope.arr_max is None:
        return True
    if arr is None:
        return False
    if scope.arr_min is not None and arr < scope.arr_min:
        return False
    return scope.arr_max is None or arr <= scope.arr_max


def covers(run: Scope, scope: Scope) -> bool:
    """Whether a run made for RUN holds every at-risk account SCOPE selects.

    A run for "Enterprise" covers "Enterprise Critical" but not "Critical"; a
    run with no filter ("all accounts", "at-risk accounts") covers every scope.
    """
    if run.from_run is not None or not _names_cover(run, scope):
        return False
    if not _window_covers(run, scope) or not _arr_covers(run, scope):
        return False
    if run.any_signal and not (scope.any_signal or scope.signals):
        return False
    if run.top_n is not None and (scope.top_n is None or scope.top_n > run.top_n):
        return False
    return _within(run.signals, scope.signals) and _within(run.tiers, scope.tiers)


def _names_cover(run: Scope, scope: Scope) -> bool:
    return (
        _within(run.segments, scope.segments)
        and _within(run.regions, scope.regions)
        and _within(run.owners, scope.owners)
    )


def _within(run: frozenset[object], scope: frozenset[object]) -> bool:
    """No RUN filter, or SCOPE asks for some of RUN's values only."""
    return not run or (bool(scope) and scope <= run)


def _window_covers(run: Scope, scope: Scope) -> bool:
    if run.renewal_from is not None and (
        scope.renewal_from is None or scope.renewal_from < run.renewal_from
    ):
        return False
    return run.renewal_to is None or (
        scope.renewal_to is not None and scope.renewal_to <= run.renewal_to
    )


def _arr_covers(run: Scope, scope: Scope) -> bool:
    if run.arr_min is not None and (
        scope.arr_min is None or scope.arr_min < run.arr_min
    ):
        return False
    return run.arr_max is None or (
        scope.arr_max is not None and scope.arr_max <= run.arr_max
    )
