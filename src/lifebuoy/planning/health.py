"""``health``: one account's health report, or a table for every account in a scope.

The argument is an account first (its id, its name, or a unique part of its
name, ignoring case and punctuation as a team list does) and a scope
otherwise. A part of a name counts only from PART_LENGTH characters and from
the start of a word, so "x" or "glove" is read as a scope (or answered with
the closest names), never as "Foxglove". Text that is neither is answered as
a mistyped account when an account's name is close and no scope word is;
"churned accounts" is answered plainly, since a table lists active accounts.

A scope's table lists every account its filters select, healthy ones
included, unless it asks for tiers, signals or "at-risk accounts" only. "top N
by ARR" keeps the N largest of those, as the plan does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.money import Converter
from lifebuoy.planning.playbook import TierRule, workspace_playbook
from lifebuoy.planning.scope import parse_scope as parse_words
from lifebuoy.planning.scope_words import CHURNED, Vocabulary, fold
from lifebuoy.planning.select import (
    ArrRank,
    arr_rank,
    in_scope,
    tier_selected,
    top_by_arr,
)
from lifebuoy.planning.tiers import assign_tier
from lifebuoy.signals import AccountSignals, SignalReport, signals
from lifebuoy.signals.health import (
    HealthReport,
    closest_accounts,
    did_you_mean,
    find_account,
    load_accounts,
    no_such_account,
    score_accounts,
    worst_first,
)
from lifebuoy.signals.model import Account
from lifebuoy.sources.values import normalise_name
from lifebuoy.workspace.runs import resolve_run
from lifebuoy.workspace.store import Workspace

ScopeParser = Callable[[Workspace, str, date], Scope]

PART_LENGTH = 3
"""The fewest characters a part of an account name must have to name it."""


@dataclass(frozen=True)
class HealthTable:
    """The health of every account in a scope, worst first."""

    scope: Scope
    as_of: date
    reports: tuple[HealthReport, ...]


def health(
    workspace: Workspace,
    account_or_scope: str,
    *,
    as_of: date,
    parse_scope: ScopeParser | None = None,
) -> HealthReport | HealthTable:
    """The health of the account ACCOUNT_OR_SCOPE names, or of its scope."""
    rows = load_accounts(workspace)
    accounts = [account for account, _, _ in rows]
    match = find_account(may_be_named(accounts, account_or_scope), account_or_scope)
    if match is not None:
        return account_health(workspace, match.account_id, as_of=as_of)

    try:
        scope = (parse_scope or workspace_scope)(workspace, account_or_scope, as_of)
    except ScopeError as exc:
        raise _unread(rows, account_or_scope, exc) from exc
    return scope_health(workspace, scope, as_of=as_of)


def _unread(
    rows: Sequence[tuple[Account, date | None, bool]], text: str, error: ScopeError
) -> ScopeError:
    """The question for TEXT, which names no account and reads as no scope."""
    if _stops_at(error, CHURNED):
        return _churned(rows, error)
    accounts = [account for account, _, _ in rows]
    close = closest_accounts(accounts, text)
    if close and not error.suggestions:
        message, hint = f"no account matches {text!r}", did_you_mean(close)
    else:
        missing = no_such_account(accounts, text)
        message, hint = missing.message, f"{missing.hint}\n{error}"
    return ScopeError(
        message,
        hint=hint,
        text=error.text,
        span=error.span,
        suggestions=error.suggestions,
    )


def _stops_at(error: ScopeError, words: frozenset[str]) -> bool:
    """Whether the scope reader stopped at one of WORDS."""
    if error.span is None:
        return False
    start, end = error.span
    return fold(error.text[start:end]) in words


def _churned(
    rows: Sequence[tuple[Account, date | None, bool]], error: ScopeError
) -> ScopeError:
    churned = [account.name for account, _, gone in rows if gone]
    hint = "No account in this workspace has churned."
    if churned:
        hint = f'To see one, name it: `lifebuoy health "{churned[0]}"`.'
    return ScopeError(
        "churned accounts are not scored here: a health table lists active "
        "accounts only",
        hint=hint,
        text=error.text,
        span=error.span,
    )


def may_be_named(accounts: Sequence[Account], text: str) -> list[Account]:
    """The ACCOUNTS TEXT may name: its id, its name, or a part from a word's start.

    A part needs PART_LENGTH characters or more; a shorter one names no account.
    """
    wanted = text.strip().casefold()
    key = normalise_name(text)
    if len(wanted) < PART_LENGTH:
        return [
            account
            for account in accounts
            if wanted == account.account_id.casefold()
            or key == normalise_name(account.name)
        ]

    word_start = re.compile(rf"(?<!\w){re.escape(wanted)}")
    key_start = re.compile(rf"(?<!\w){re.escape(key)}") if key else None
    return [
        account
        for account in accounts
        if account.account_id.casefold() == wanted
        or word_start.search(account.name.casefold())
        or (key_start and key_start.search(normalise_name(account.name)))
    ]


def workspace_scope(workspace: Workspace, text: str, as_of: date) -> Scope:
    """TEXT parsed with the segments, regions and owners of WORKSPACE."""
    return parse_words(
        text,
        vocabulary=Vocabulary.from_workspace(workspace),
        as_of=as_of,
        soon_days=workspace.settings.signals.renewal_soon_days,
    )


def account_health(
    workspace: Workspace, account_id: str, *, as_of: date
) -> HealthReport:
    """The health report of one account, with its fired signals as risk flags."""
    chosen = [
        row for row in load_accounts(workspace) if row[0].account_id == account_id
    ]
    report = signals(workspace, as_of=as_of)
    flags = {item.account.account_id: item.signals for item in report.accounts}
    return score_accounts(workspace, chosen, as_of=as_of, flags=flags)[0]


def scope_health(workspace: Workspace, scope: Scope, *, as_of: date) -> HealthTable:
    """The health of every account in SCOPE, worst first."""
    report = signals(workspace, as_of=as_of)
    selected = select(report, scope, workspace=workspace, as_of=as_of)
    wanted = {item.account.account_id for item in selected}
    rows = [row for row in load_accounts(workspace) if row[0].account_id in wanted]
    flags = {item.account.account_id: item.signals for item in selected}
    reports = score_accounts(workspace, rows, as_of=as_of, flags=flags)
    return HealthTable(scope=scope, as_of=as_of, reports=worst_first(reports))


def select(
    report: SignalReport, scope: Scope, *, workspace: Workspace, as_of: date
) -> list[AccountSignals]:
    """The active accounts of REPORT that SCOPE selects for a health table."""
    settings = workspace.settings
    converter = Converter(settings.reporting_currency, settings.currency_rates)
    bounds = converter.scope_bounds(scope)
    wanted = _Wanted(
        scope=scope,
        rules=workspace_playbook(workspace.path, settings.playbook).rules,
        from_run=_run_accounts(workspace, scope),
        as_of=as_of,
    )

    chosen: list[tuple[AccountSignals, ArrRank]] = []
    for item in report.accounts:
        arr = converter.to_reporting(item.account.arr, item.account.currency)
        if not in_scope(item, bounds, arr=arr):
            continue
        tier = wanted.tier(item)
        if wanted(item, tier):
            chosen.append((item, arr_rank(item.account, arr, tier=tier)))

    ranks = {item.account.account_id: rank for item, rank in chosen}
    limit = top_by_arr(ranks, scope.top_n)
    return [
        item for item, _ in chosen if limit is None or item.account.account_id in limit
    ]


def _run_accounts(workspace: Workspace, scope: Scope) -> set[str] | None:
    """The accounts of the saved run the scope names, in its tiers if it names any."""
    if scope.from_run is None:
        return None
    run = resolve_run(workspace, scope.from_run)
    return set(run.candidates(scope.tiers))


@dataclass(frozen=True)
class _Wanted:
    """Whether an account in scope belongs in the table, by run or by tier."""

    scope: Scope
    rules: tuple[TierRule, ...]
    from_run: set[str] | None
    as_of: date

    def tier(self, item: AccountSignals) -> Tier | None:
        """The tier the playbook's rules give the account now."""
        return assign_tier(
            self.rules,
            item.names,
            renewal_date=item.account.renewal_date,
            as_of=self.as_of,
        )

    def __call__(self, item: AccountSignals, tier: Tier | None) -> bool:
        if self.from_run is not None:
            return item.account.account_id in self.from_run
        return tier_selected(self.scope, tier)
