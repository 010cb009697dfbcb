"""Scope filters: which accounts of a signal report a plan covers.

Every field of ``Scope`` is applied here except ``from_run``, which the caller
resolves into ``candidates`` (account id → the tier the run gave it).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lifebuoy.planning.model import Scope
from lifebuoy.signals.model import AccountSignals


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

    if scope.any_signal and not item.signals:
        return False
    return not scope.signals or not scope.signals.isdisjoint(item.names)


def top_by_arr(
    keys: Sequence[tuple[str, Decimal | None]], limit: int | None
) -> set[str] | None:
    """The ids of the LIMIT highest ARR (unknown ARR last); None for no limit.

    KEYS are (account id, ARR) pairs already in plan order, which breaks ties.
    """
    if limit is None:
        return None
    ranked = sorted(
        enumerate(keys),
        key=lambda pair: (pair[1][1] is None, -(pair[1][1] or 0), pair[0]),
    )
    return {account_id for _, (account_id, _) in ranked[:limit]}


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
