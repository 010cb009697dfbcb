"""The intervention plan: tiers, actions, owners and due dates for a scope.

``build_plan`` is pure: a signal report in, a sorted plan out. ``plan`` opens
nothing itself beyond what it is given: it computes the signals of a
workspace and builds the plan for a scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from lifebuoy.collector import collector_paused
from lifebuoy.errors import ReadOnlyError
from lifebuoy.log import logger
from lifebuoy.planning.actions import ChosenActions, choose_actions
from lifebuoy.planning.dates import WorkingCalendar, due_date
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.money import Converter
from lifebuoy.planning.owners import ASSIGN_NOTE, Owner, choose_owner
from lifebuoy.planning.plan_warnings import (
    PastRenewal,
    as_of_warning,
    holiday_warning,
    narrow_run_warning,
    past_renewals,
)
from lifebuoy.planning.playbook import (
    SEVERITY,
    ActionEntry,
    Playbook,
    TierRule,
    workspace_playbook,
)
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.planning.select import (
    arr_rank,
    has_risk_flag,
    in_scope,
    tier_selected,
    top_by_arr,
)
from lifebuoy.planning.tiers import match_rule
from lifebuoy.records import record
from lifebuoy.signals import signals
from lifebuoy.signals.health import load_accounts
from lifebuoy.signals.model import (
    AccountSignals,
    Contact,
    DataGap,
    DataWarning,
    Signal,
    SignalReport,
)
from lifebuoy.workspace.runs import (
    RunAccountRecord,
    RunKind,
    resolve_run,
    save_run,
    signals_to_json,
)
from lifebuoy.workspace.schema import CANONICAL
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

WHY_LIMIT = 2
_TIER_RANK = {tier: tier.rank for tier in Tier}
NO_SIGNAL_ACTION = "Health review: confirm the team's concern and record the signal"
"""The action for an account the team tiered without a recognised signal."""
RUN_NOT_SAVED = "run_not_saved"
"""The kind of the warning that a plan or at-risk list could not be saved."""
LAST_RUN_WORDS: dict[RunKind, str] = {
    "at-risk": "from last at-risk list",
    "plan": "from last plan",
}


@record
class TeamDecision:
    """What a team's own at-risk list already decided for an account.

    A written tier, owner or action replaces the computed one; words the list
    held that name no signal are kept to be shown as not understood.
    """

    tier: Tier | None = None
    owner: str | None = None
    action: str | None = None
    not_understood: tuple[str, ...] = ()
    owner_note: str | None = None
    """Where to assign a missing owner, when not in the CRM."""


@record
class PlannedAccount:
    """One account of the plan with everything computed for it."""

    account: AccountSignals
    tier: Tier
    rule: str
    """The tier rule that matched, in words."""
    why: tuple[str, ...]
    """One or two reasons, from the evidence of the signals behind the actions."""
    primary_action: str
    secondary_action: str | None
    owner: str
    owner_is_tbd: bool
    owner_source: str
    due_date: date
    arr_reporting: Decimal | None
    """ARR in the reporting currency; None when unknown or without a rate."""
    team_tier: Tier | None = None
    """The tier the team's list wrote; it decides ``tier``."""
    rule_tier: Tier | None = None
    """The tier the playbook's rules give; None when no rule matches."""
    action_source: str = "playbook"
    """"playbook", or "list" when the team's list wrote the action."""
    not_understood: tuple[str, ...] = ()
    """Risk words of the team's list that name no signal, as written."""
    assign_note: str = ASSIGN_NOTE
    """What to do when the owner is TBD."""

    @property
    def account_id(self) -> str:
        return self.account.account.account_id

    @property
    def name(self) -> str:
        return self.account.account.name

    @property
    def signals(self) -> tuple[Signal, ...]:
        return self.account.signals

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return self.account.contacts

    @property
    def owner_note(self) -> str | None:
        return self.assign_note if self.owner_is_tbd else None


@dataclass(frozen=True)
class TierSummary:
    tier: Tier
    count: int
    arr: Decimal
    """Known ARR in the reporting currency."""
    arr_unknown: int
    """Accounts whose ARR is unknown or has no conversion rate."""
    target_date: date | None
    """The latest due date of the tier: everything done by then."""
    timeline: str
    first_due: date | None = None
    """The earliest due date of the tier; before target_date when they differ."""


@record
class TierChange:
    """An account of the scope's saved run whose tier is different now."""

    account_id: str
    name: str
    was: Tier
    now: Tier | None
    """None: recovered (no signal any more)."""


@dataclass(frozen=True)
class RunSource:
    """The saved run a plan drew its accounts from ("from last at-risk list")."""

    run_id: int
    kind: str
    as_of: date
    scope: str
    """The run's scope in plain words."""


@dataclass(frozen=True)
class Plan:
    scope: Scope
    as_of: date
    reporting_currency: str
    accounts: tuple[PlannedAccount, ...]
    """Tier by tier; within a tier strategic, ARR, renewal date, name."""
    summary: tuple[TierSummary, ...]
    healthy: int
    """Accounts in scope with no signal: counted, not planned."""
    unmatched: int
    """Accounts with signals that no tier rule of the playbook matched."""
    outside_tiers: int
    """At-risk accounts left out because the scope names other tiers."""
    gaps: tuple[DataGap, ...]
    warnings: tuple[DataWarning, ...]
    changes: tuple[TierChange, ...] = ()
    playbook: str = "shipped playbook"
    accounts_file: str | None = None
    """The team's list the accounts came from (``plan --accounts``)."""
    not_understood: tuple[tuple[str, str], ...] = ()
    """(account name, words) the team's list held that name no signal."""
    source_run: RunSource | None = None
    """The saved run the accounts came from, when the scope names one."""
    churned: int = 0
    """Churned accounts the scope selects, tier words aside: not planned."""
    list_only: bool = False
    """Planned from a team's list alone, with no workspace to draw on."""
    no_risk_flag: int = 0
    """Accounts the scope selects but for "with risk flags", whose only signal is
    an upcoming renewal: counted, not planned."""
    renewal_past: tuple[PastRenewal, ...] = ()
    """Active accounts the scope selects, tier words aside, whose renewal date
    has passed: planned by their signals as any other, named to be confirmed."""

    def in_tier(self, tier: Tier) -> tuple[PlannedAccount, ...]:
        return tuple(item for item in self.accounts if item.tier is tier)

    @property
    def owners_to_assign(self) -> tuple[PlannedAccount, ...]:
        return tuple(item for item in self.accounts if item.owner_is_tbd)


def build_plan(
    report: SignalReport,
    *,
    scope: Scope,
    settings: Settings,
    playbook: Playbook,
    as_of: date,
    candidates: Mapping[str, Tier] | None = None,
    decisions: Mapping[str, TeamDecision] | None = None,
) -> Plan:
    """The plan for SCOPE from REPORT; CANDIDATES restricts it to a run's accounts.

    With CANDIDATES (account id → the tier a saved run gave it), the scope's
    tiers select from the run's tiers and the accounts are planned with their
    current signals; those that recovered or moved tier are listed as changes.
    DECISIONS (account id → what a team's list decided) override the computed
    tier, owner and action.
    """
    with collector_paused():
        return _build_plan(
            report,
            scope=scope,
            settings=settings,
            playbook=playbook,
            as_of=as_of,
            candidates=candidates,
            decisions=decisions or {},
        )


def _build_plan(
    report: SignalReport,
    *,
    scope: Scope,
    settings: Settings,
    playbook: Playbook,
    as_of: date,
    candidates: Mapping[str, Tier] | None,
    decisions: Mapping[str, TeamDecision],
) -> Plan:
    converter = Converter(settings.reporting_currency, settings.currency_rates)
    calendar = WorkingCalendar(settings.calendar)
    pool = _candidate_pool(report, scope=scope, candidates=candidates)
    triage = _triage(
        pool,
        scope=converter.scope_bounds(scope),
        playbook=playbook,
        converter=converter,
        as_of=as_of,
        by_run=candidates is not None,
        decisions=decisions,
    )

    chosen = triage.chosen
    chosen.sort(key=_order)
    described = _RuleTexts()
    due_dates = _DueDates(playbook, calendar=calendar, as_of=as_of)
    planned = [
        _plan_account(
            item,
            described.text(rule, tier),
            arr,
            tier=tier,
            rule_tier=rule.tier if rule else None,
            decision=decisions.get(item.account.account_id),
            playbook=playbook,
            due_dates=due_dates,
        )
        for item, rule, arr, tier in chosen
    ]

    accounts = tuple(planned)
    logger.info("planned %d accounts; %d healthy", len(accounts), triage.healthy)
    return Plan(
        scope=scope,
        as_of=as_of,
        reporting_currency=converter.reporting_currency,
        accounts=accounts,
        summary=_summary(accounts, playbook),
        healthy=triage.healthy,
        no_risk_flag=triage.no_risk_flag,
        unmatched=triage.unmatched,
        outside_tiers=triage.outside,
        gaps=report.gaps,
        warnings=_warnings(report, accounts, converter=converter, settings=settings),
        changes=_changes(triage.current, candidates),
        playbook=playbook.source,
        renewal_past=past_renewals(report.warnings, triage.seen),
    )


def plan(
    workspace: Workspace,
    scope: Scope | str,
    *,
    as_of: date,
    candidates: Mapping[str, Tier] | None = None,
    today: date | None = None,
) -> Plan:
    """The intervention plan for SCOPE in WORKSPACE as of a date.

    SCOPE may be plain words, parsed against the workspace's segments,
    regions and owners. A scope drawn from a saved run ("from last at-risk
    list") plans that run's accounts unless CANDIDATES are given. TODAY (by
    default today in the workspace time zone) tells how far ahead AS_OF is.
    """
    if isinstance(scope, str):
        scope = parse_scope(
            scope,
            vocabulary=Vocabulary.from_workspace(workspace),
            as_of=as_of,
            soon_days=workspace.settings.signals.renewal_soon_days,
        )
    source: RunSource | None = None
    notes: list[DataWarning | None] = []
    if candidates is None and scope.from_run is not None:
        run = resolve_run(workspace, scope.from_run)
        candidates = run.candidates(scope.tiers)
        source = RunSource(run.id, run.kind, run.as_of, run.scope.describe())
        notes.append(narrow_run_warning(workspace, run, scope))
    today = today or datetime.now(workspace.settings.zone).date()
    notes.append(as_of_warning(workspace, as_of=as_of, today=today))

    playbook = workspace_playbook(workspace.path, workspace.settings.playbook)
    report = signals(workspace, as_of=as_of)
    result = build_plan(
        report,
        scope=scope,
        settings=workspace.settings,
        playbook=playbook,
        as_of=as_of,
        candidates=candidates,
    )
    # Churned accounts are never among a top N, which ranks active accounts.
    counted = candidates is None and scope.top_n is None
    churned = count_churned(workspace, scope) if counted else 0
    warnings = (*[note for note in notes if note is not None], *result.warnings)
    return replace(result, source_run=source, churned=churned, warnings=warnings)


def count_churned(workspace: Workspace, scope: Scope) -> int:
    """Churned accounts SCOPE selects, tier words aside (never planned).

    A churned account has no tier and no signal read, so tier words do not
    narrow the count, and signal words leave every churned account out.
    """
    settings = workspace.settings
    converter = Converter(settings.reporting_currency, settings.currency_rates)
    bounds = converter.scope_bounds(scope)
    churned = [account for account, _, gone in load_accounts(workspace) if gone]
    return sum(
        1
        for account in churned
        if in_scope(
            AccountSignals(account),
            bounds,
            arr=converter.to_reporting(account.arr, account.currency),
        )
    )


Chosen = tuple[AccountSignals, TierRule | None, Decimal | None, Tier]
"""An account, the rule that matched, its ARR converted, and its tier."""

_InScope = tuple[AccountSignals, TierRule | None, Decimal | None, Tier | None]
"""An account in scope, as ``Chosen`` but with no tier when it is not at risk."""


@dataclass
class _Triage:
    chosen: list[Chosen] = field(default_factory=list)
    healthy: int = 0
    no_risk_flag: int = 0
    unmatched: int = 0
    outside: int = 0
    current: dict[str, tuple[str, Tier | None]] = field(default_factory=dict)
    """In-scope account id → (name, tier now), for accounts of a saved run."""
    seen: list[AccountSignals] = field(default_factory=list)
    """The accounts the scope selects, tier words aside (of a top N, the N)."""


def _triage(
    pool: tuple[AccountSignals, ...],
    *,
    scope: Scope,
    playbook: Playbook,
    converter: Converter,
    as_of: date,
    by_run: bool,
    decisions: Mapping[str, TeamDecision],
) -> _Triage:
    """Sort the in-scope accounts into chosen, healthy, unmatched and outside.

    With a top N, only the N kept are chosen or counted healthy or unmatched.
    """
    entries = _in_scope(
        pool,
        scope=replace(scope, any_signal=False),
        playbook=playbook,
        converter=converter,
        as_of=as_of,
        decisions=decisions,
    )
    triage = _Triage()
    triage.seen = [item for item, _, _, _ in entries]
    if scope.any_signal:
        entries = _without_risk_flags(entries, triage, scope=scope, by_run=by_run)
    kept = _top_n(entries, scope=scope, by_run=by_run)
    if scope.top_n is not None:
        triage.seen = [item for item in triage.seen if item.account.account_id in kept]

    for item, rule, arr, tier in entries:
        account = item.account
        if not by_run and tier is not None and not tier_selected(scope, tier):
            triage.outside += 1
            continue
        if account.account_id not in kept:
            continue
        if by_run:
            triage.current[account.account_id] = (
                account.name,
                rule.tier if rule else None,
            )

        if tier is None:
            triage.healthy += not item.signals
            triage.unmatched += bool(item.signals)
        else:
            triage.chosen.append((item, rule, arr, tier))
    return triage


def _without_risk_flags(
    entries: list[_InScope], triage: _Triage, *, scope: Scope, by_run: bool
) -> list[_InScope]:
    """ENTRIES with a risk flag ("with risk flags"); the others counted in TRIAGE.

    With a top N, which ranks only the flagged accounts, the others are not
    counted.
    """
    flagged = []
    for entry in entries:
        if has_risk_flag(entry[0]):
            flagged.append(entry)
        elif scope.top_n is None:
            _count_unflagged(entry, triage, scope=scope, by_run=by_run)
    return flagged


def _count_unflagged(
    entry: _InScope, triage: _Triage, *, scope: Scope, by_run: bool
) -> None:
    """An account with no signal is healthy; one whose only signal is an upcoming
    renewal is counted apart when its tier is one the scope plans. A saved run's
    account keeps its tier now, so a recovered one is still said so.
    """
    item, rule, _, tier = entry
    if by_run:
        account = item.account
        triage.current[account.account_id] = (account.name, rule.tier if rule else None)

    if not item.signals:
        triage.healthy += 1
    elif by_run or tier is None or tier_selected(scope, tier):
        triage.no_risk_flag += 1


def _in_scope(
    pool: tuple[AccountSignals, ...],
    *,
    scope: Scope,
    playbook: Playbook,
    converter: Converter,
    as_of: date,
    decisions: Mapping[str, TeamDecision],
) -> list[_InScope]:
    """The accounts of POOL the scope's filters select, with rule and tier.

    The team's written tier, when there is one, replaces the rule's.
    """
    entries: list[_InScope] = []
    for item in pool:
        account = item.account
        arr = converter.to_reporting(account.arr, account.currency)
        if not in_scope(item, scope, arr=arr):
            continue
        rule = match_rule(
            playbook.rules, item.names, renewal_date=account.renewal_date, as_of=as_of
        )

        decision = decisions.get(account.account_id)
        tier = decision.tier if decision and decision.tier else None
        entries.append((item, rule, arr, tier or (rule.tier if rule else None)))
    return entries


def _top_n(entries: list[_InScope], *, scope: Scope, by_run: bool) -> set[str]:
    """The ids of the accounts to triage: the top N of those the words select.

    Without a top N, every account in scope. A saved run's accounts are all
    ranked, whatever their tier now; otherwise the tier words and "at-risk
    accounts" decide which accounts are ranked.
    """
    if scope.top_n is None:
        return {item.account.account_id for item, _, _, _ in entries}
    ranks = {
        item.account.account_id: arr_rank(item.account, arr, tier=tier)
        for item, _, arr, tier in entries
        if by_run or tier_selected(scope, tier)
    }
    return top_by_arr(ranks, scope.top_n) or set()


def _candidate_pool(
    report: SignalReport, *, scope: Scope, candidates: Mapping[str, Tier] | None
) -> tuple[AccountSignals, ...]:
    if candidates is None:
        return report.accounts
    wanted = {
        account_id
        for account_id, tier in candidates.items()
        if not scope.tiers or tier in scope.tiers
    }
    return tuple(item for item in report.accounts if item.account.account_id in wanted)


def _order(
    entry: Chosen,
) -> tuple[int, bool, bool, Decimal, bool, date, str, str]:
    item, _, arr, tier = entry
    account = item.account
    return (
        _TIER_RANK[tier],
        not account.strategic,
        arr is None,
        -(arr or Decimal(0)),
        account.renewal_date is None,
        account.renewal_date or date.max,
        account.name.casefold(),
        account.account_id,
    )


def _plan_account(
    item: AccountSignals,
    rule_text: str,
    arr: Decimal | None,
    *,
    tier: Tier,
    rule_tier: Tier | None,
    decision: TeamDecision | None,
    playbook: Playbook,
    due_dates: _DueDates,
) -> PlannedAccount:
    decision = decision or TeamDecision()
    chosen = choose_actions(playbook.actions, item.names)
    entries = []
    if chosen is not None:
        entries.append(chosen.primary)
    if chosen is not None and chosen.secondary is not None:
        entries.append(chosen.secondary)
    primary, secondary = _actions(chosen, decision)
    owner = choose_owner(item.account)
    if decision.owner:
        owner = Owner(decision.owner, is_tbd=False, source="list")
    why = _why(item.signals, entries) or (f"{tier.value} on the team's list",)

    return PlannedAccount(
        account=item,
        tier=tier,
        rule=rule_text,
        why=why,
        primary_action=primary,
        secondary_action=secondary,
        owner=owner.name,
        owner_is_tbd=owner.is_tbd,
        owner_source=owner.source,
        team_tier=decision.tier,
        rule_tier=rule_tier,
        action_source="list" if decision.action else "playbook",
        not_understood=decision.not_understood,
        assign_note=decision.owner_note or ASSIGN_NOTE,
        due_date=due_dates.due(tier, item.account.renewal_date),
        arr_reporting=arr,
    )


class _DueDates:
    """Due dates by tier and renewal date, each worked out once per plan."""

    def __init__(
        self, playbook: Playbook, *, calendar: WorkingCalendar, as_of: date
    ) -> None:
        self._playbook = playbook
        self._calendar = calendar
        self._as_of = as_of
        self._dates: dict[tuple[Tier, date | None], date] = {}

    def due(self, tier: Tier, renewal_date: date | None) -> date:
        key = (tier, renewal_date)
        if key not in self._dates:
            self._dates[key] = due_date(
                self._playbook.timelines[tier],
                as_of=self._as_of,
                renewal_date=renewal_date,
                calendar=self._calendar,
            )
        return self._dates[key]


class _RuleTexts:
    """Each rule in words, described once however many accounts it tiers."""

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}

    def text(self, rule: TierRule | None, tier: Tier) -> str:
        """The rule that decided TIER in words, or the team's list when it did."""
        if rule is None or rule.tier is not tier:
            return "the team's tier"
        if id(rule) not in self._texts:
            self._texts[id(rule)] = rule.describe()
        return self._texts[id(rule)]


def _actions(
    chosen: ChosenActions | None, decision: TeamDecision
) -> tuple[str, str | None]:
    """The primary and secondary action: the team's written action stands alone."""
    if decision.action:
        return decision.action, None
    if chosen is None:
        return NO_SIGNAL_ACTION, None
    secondary = chosen.secondary.action if chosen.secondary else None
    return chosen.primary.action, secondary


def _why(signals: tuple[Signal, ...], entries: list[ActionEntry]) -> tuple[str, ...]:
    """The reasons behind the primary action, then the secondary one's.

    A signal found in two sources gives the reason of the first only.
    """
    first = {signal.name: signal for signal in reversed(signals)}
    reasons: list[str] = []
    for entry in entries:
        behind = sorted(
            (signal for signal in first.values() if signal.name in entry.signals),
            key=lambda signal: SEVERITY[signal.name],
        )
        reasons += [signal.evidence.reason for signal in behind]
    return tuple(dict.fromkeys(reasons))[:WHY_LIMIT]


def _summary(
    accounts: tuple[PlannedAccount, ...], playbook: Playbook
) -> tuple[TierSummary, ...]:
    summary = []
    for tier in Tier:
        members = [item for item in accounts if item.tier is tier]
        known = [
            item.arr_reporting for item in members if item.arr_reporting is not None
        ]
        summary.append(
            TierSummary(
                tier=tier,
                count=len(members),
                arr=sum(known, Decimal(0)),
                arr_unknown=len(members) - len(known),
                target_date=max((item.due_date for item in members), default=None),
                timeline=playbook.timelines[tier].label,
                first_due=min((item.due_date for item in members), default=None),
            )
        )
    return tuple(summary)


def _warnings(
    report: SignalReport,
    accounts: tuple[PlannedAccount, ...],
    *,
    converter: Converter,
    settings: Settings,
) -> tuple[DataWarning, ...]:
    """The report's warnings about planned accounts, the missing rates, and due
    dates on public holidays no calendar accounts for."""
    planned = {item.account_id for item in accounts}
    kept = [
        warning
        for warning in report.warnings
        if warning.account_id is None or warning.account_id in planned
    ]
    for code, count in sorted(converter.missing.items()):
        kept.append(
            DataWarning(
                None,
                f"no rate for {code} in settings.currency_rates: ARR of {count} "
                f"{'account' if count == 1 else 'accounts'} left out of totals "
                "and sorted last",
                kind="no_rate",
            )
        )
    holidays = holiday_warning((item.due_date for item in accounts), settings)
    if holidays is not None:
        kept.append(holidays)
    return tuple(kept)


def _changes(
    current: Mapping[str, tuple[str, Tier | None]],
    candidates: Mapping[str, Tier] | None,
) -> tuple[TierChange, ...]:
    if candidates is None:
        return ()
    return tuple(
        TierChange(account_id, name, candidates[account_id], now)
        for account_id, (name, now) in current.items()
        if now is not candidates[account_id]
    )


def save_plan_run(workspace: Workspace, result: Plan, *, kind: RunKind) -> int:
    """Save a plan or at-risk run: every listed account's tier and evidence."""
    records = [
        RunAccountRecord(
            account_id=item.account_id,
            name=item.name,
            tier=item.tier,
            signals=signals_to_json(item.signals),
        )
        for item in result.accounts
    ]
    return save_run(
        workspace,
        kind=kind,
        scope=result.scope,
        as_of=result.as_of,
        settings=workspace.settings,
        sources={name: workspace.count(name) for name in CANONICAL},
        accounts=records,
    )


def keep_run(
    workspace: Workspace, result: Plan, *, kind: RunKind
) -> tuple[Plan, int | None]:
    """Save RESULT as a run: the plan and the new run's id.

    A workspace that can be read but not written still gets its plan: then
    no id, and the plan warns that the run was not saved, and why.
    """
    try:
        return result, save_plan_run(workspace, result, kind=kind)
    except ReadOnlyError as exc:
        warning = run_not_saved_warning(exc, kind=kind)
    logger.warning("%s", warning.message)
    return replace(result, warnings=(*result.warnings, warning)), None


def run_not_saved_warning(exc: ReadOnlyError, *, kind: RunKind) -> DataWarning:
    """The run of KIND could not be saved for EXC: what a later scope will miss."""
    what = "at-risk list" if kind == "at-risk" else "plan"
    message = (
        f"this {what} was not saved as a run ({exc.message}), "
        f'so "{LAST_RUN_WORDS[kind]}" will not find it'
    )
    return DataWarning(None, message, kind=RUN_NOT_SAVED)
