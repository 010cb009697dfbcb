"""Tiers: the playbook's ordered rules applied to an account's signals."""

from __future__ import annotations

from datetime import date, timedelta

from lifebuoy.planning.model import Tier
from lifebuoy.planning.playbook import TierRule
from lifebuoy.signals.model import SignalName


def match_rule(
    rules: tuple[TierRule, ...],
    signals: frozenset[SignalName],
    *,
    renewal_date: date | None,
    as_of: date,
) -> TierRule | None:
    """The first rule that matches; None for an account with no signal or no match."""
    if not signals:
        return None
    for rule in rules:
        if _matches(rule, signals, renewal_date=renewal_date, as_of=as_of):
            return rule
    return None


def assign_tier(
    rules: tuple[TierRule, ...],
    signals: frozenset[SignalName],
    *,
    renewal_date: date | None,
    as_of: date,
) -> Tier | None:
    """The tier of the first matching rule, or None (healthy or unmatched)."""
    rule = match_rule(rules, signals, renewal_date=renewal_date, as_of=as_of)
    return rule.tier if rule is not None else None


def _matches(
    rule: TierRule,
    signals: frozenset[SignalName],
    *,
    renewal_date: date | None,
    as_of: date,
) -> bool:
    if rule.any_of and rule.any_of.isdisjoint(signals):
        return False
    if not rule.all_of <= signals:
        return False
    if rule.no_other_signals and not signals <= rule.signals:
        return False

    if rule.renewal_within_days is not None and not _renews_within(
        renewal_date, days=rule.renewal_within_days, as_of=as_of
    ):
        return False
    return rule.no_renewal_within_days is None or not _renews_within(
        renewal_date, days=rule.no_renewal_within_days, as_of=as_of
    )


def _renews_within(renewal_date: date | None, *, days: int, as_of: date) -> bool:
    """Within the next N days: from AS_OF to N days after it, both included."""
    if renewal_date is None:
        return False
    return as_of <= renewal_date <= as_of + timedelta(days=days)
