"""The plan from a team's own at-risk list, with the workspace's data when any.

The list's accounts are the candidates. Each row's risk words become
signals (source "list"); a renewal date written in the list gives
``renewal_soon`` as the CRM's would. When a workspace holds data, each row
is matched to its account the way the importers match (id, domain, then
normalised name, only when exactly one account fits) and the data's signals
are added to the list's, each with its own source. What the team decided
stands: a written tier, owner or action replaces the computed one. A
written action reads as the playbook's do, with a capital first letter.

A tier the team wrote is the team's call and decides the account's tier;
the Why says so when the rules disagree or find nothing: "High (team's
call; no signal found)". The rules' own tier is kept beside it
(``rule_tier``).

Every account on the list is planned: one with no tier written and no
signal read (from the list or the data) is put under Watch with the Why
"listed by the team; no risk read", so that the team's own list never
loses an account to the "healthy" count. Words that say all is well are
said as such: "listed by the team; no risk signal: promoter (NPS 9), happy".

A row that matches no account of the workspace, or several (a short name
such as "Silverline"), is planned from the list alone, never merged, and
said in a data warning. Rows that resolve to one account are read as one
(``list_merge``): the risk words of all, the first value of each other
column, a warning where they disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from lifebuoy.errors import UsageError
from lifebuoy.log import logger
from lifebuoy.planning.list_merge import merge_rows
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.plan import Plan, PlannedAccount, TeamDecision, build_plan
from lifebuoy.planning.playbook import Playbook
from lifebuoy.planning.risk_words import (
    LIST_SOURCE,
    UNREAD_TIER,
    RiskReading,
    read_risks,
)
from lifebuoy.planning.scope import Vocabulary
from lifebuoy.planning.team_list import LIST_ID_PREFIX, ListRow, TeamList
from lifebuoy.signals import signals
from lifebuoy.signals.context import money
from lifebuoy.signals.model import (
    Account,
    AccountSignals,
    DataWarning,
    Evidence,
    Signal,
    SignalName,
    SignalReport,
)
from lifebuoy.sources.mapping import MappingFile
from lifebuoy.sources.matching import AccountIndex, AccountMatcher
from lifebuoy.sources.values import normalise_name
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

LIST_ASSIGN_NOTE = "write an owner in the list"
LISTED_ONLY = "listed by the team; no risk read"
"""The Why of a listed account with no tier written and no signal read."""
NO_RISK = "listed by the team; no risk signal"
"""The Why of a listed account whose words only say all is well."""
TEAM_CALL = "team's call"
"""How a plan names a tier the team's list wrote."""
NAMES_SHOWN = 8


@dataclass(frozen=True)
class ListReport:
    """The list's accounts as a signal report, with the team's decisions."""

    report: SignalReport
    decisions: dict[str, TeamDecision]
    not_understood: tuple[tuple[str, str], ...]
    listed_only: frozenset[str] = frozenset()
    """Accounts put under Watch only because the team listed them."""
    no_risk: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Account id → its words that say all is well ("promoter (NPS 9)")."""


def list_vocabulary(team: TeamList, workspace: Workspace | None) -> Vocabulary:
    """The segments, regions and owners the list (and the workspace) know."""
    known = Vocabulary.from_workspace(workspace) if workspace else Vocabulary()
    rows = team.rows
    return Vocabulary(
        segments=_merged(known.segments, (row.segment for row in rows)),
        regions=_merged(known.regions, (row.region for row in rows)),
        owners=_merged(known.owners, (n for r in rows for n in (r.owner, r.csm))),
    )


def plan_from_list(
    team: TeamList,
    scope: Scope,
    *,
    settings: Settings,
    playbook: Playbook,
    as_of: date,
    workspace: Workspace | None = None,
) -> Plan:
    """The plan for SCOPE over the list's accounts."""
    if scope.from_run is not None:
        raise UsageError(
            f"the scope {scope.text!r} draws on a saved run, but --accounts gives "
            "the accounts",
            hint='Name tiers or other filters instead, e.g. "Critical and High".',
        )
    workspace_report = None
    if workspace is not None:
        workspace_report = signals(workspace, as_of=as_of)
    built = list_report(
        team,
        settings=settings,
        as_of=as_of,
        workspace_report=workspace_report,
        index=AccountIndex.load(workspace) if workspace else None,
    )
    result = build_plan(
        built.report,
        scope=scope,
        settings=settings,
        playbook=playbook,
        as_of=as_of,
        decisions=built.decisions,
    )
    return replace(
        result,
        accounts=tuple(_listed(item, built) for item in result.accounts),
        accounts_file=team.label,
        not_understood=built.not_understood,
        list_only=workspace is None,
    )


def _listed(item: PlannedAccount, built: ListReport) -> PlannedAccount:
    """The Why of an account planned without a signal, in the list's terms.

    A listed-only account's Watch is the list's doing, not a written tier.
    """
    if item.signals:
        return item
    if item.account_id not in built.listed_only:
        return replace(item, why=(team_call_why(item.tier),))

    well = built.no_risk.get(item.account_id, ())
    why = f"{NO_RISK}: {', '.join(well)}" if well else LISTED_ONLY
    return replace(item, why=(why,), rule=LISTED_ONLY, team_tier=None)


def team_call_why(tier: Tier) -> str:
    """The Why of an account the team tiered and no signal backs."""
    return f"{tier.value} ({TEAM_CALL}; no signal found)"


def list_report(
    team: TeamList,
    *,
    settings: Settings,
    as_of: date,
    workspace_report: SignalReport | None = None,
    index: AccountIndex | None = None,
) -> ListReport:
    """The list's accounts, signals and decisions, merged with the workspace's."""
    known = {
        item.account.account_id: item
        for item in (workspace_report.accounts if workspace_report else ())
    }
    matcher = AccountMatcher(index, MappingFile()) if index is not None else None
    warnings = _list_warnings(team)
    accounts: list[AccountSignals] = []
    decisions: dict[str, TeamDecision] = {}
    unread: list[tuple[str, str]] = []
    listed_only: set[str] = set()
    no_risk: dict[str, tuple[str, ...]] = {}
    missing: list[str] = []

    for account_id, (matched, rows) in _accounts(team, matcher, known).items():
        row, merge_warnings = merge_rows(rows, label=team.label)
        warnings += [DataWarning(None, warning) for warning in merge_warnings]
        if index is not None and matched is None:
            ambiguous = _ambiguous(row, index)
            if ambiguous is None:
                missing.append(row.name)
            else:
                warnings.append(ambiguous)

        reading = _read_row(row, settings=settings, as_of=as_of)
        item, decision = _account(
            row,
            matched,
            account_id=account_id,
            reading=reading,
            settings=settings,
            as_of=as_of,
        )
        if reading.no_risk:
            no_risk[account_id] = reading.no_risk
        if decision.tier is None and not item.signals:
            listed_only.add(account_id)
            decision = replace(decision, tier=Tier.WATCH)
        accounts.append(item)
        decisions[account_id] = decision
        unread += [(item.account.name, words) for words in decision.not_understood]
        warnings += _row_warnings(team, row, account_id=account_id, as_of=as_of)
        if matched is not None:
            warnings += _disagreements(team, row, matched.account)

    if missing:
        warnings.append(_missing(missing))

    if workspace_report is not None:
        listed = set(decisions)
        warnings += [
            warning
            for warning in workspace_report.warnings
            if warning.account_id in listed
        ]
    logger.info(
        "list %s: %d accounts, %d matched in the workspace",
        team.label,
        len(accounts),
        sum(1 for key in decisions if not key.startswith(LIST_ID_PREFIX)),
    )
    report = SignalReport(
        as_of,
        tuple(accounts),
        gaps=workspace_report.gaps if workspace_report else (),
        warnings=tuple(warnings),
    )
    return ListReport(report, decisions, tuple(unread), frozenset(listed_only), no_risk)


def _accounts(
    team: TeamList,
    matcher: AccountMatcher | None,
    known: dict[str, AccountSignals],
) -> dict[str, tuple[AccountSignals | None, list[ListRow]]]:
    """The list's rows by account id, in list order, with the account matched."""
    accounts: dict[str, tuple[AccountSignals | None, list[ListRow]]] = {}
    for row in team.rows:
        matched = _match(row, matcher, known)
        account_id = matched.account.account_id if matched else _list_id(row)
        accounts.setdefault(account_id, (matched, []))[1].append(row)
    return accounts


def _list_warnings(team: TeamList) -> list[DataWarning]:
    """What reading the list skipped: values, rows, and columns not read."""
    warnings = [DataWarning(None, message) for message in team.warnings]
    if team.unknown_headers:
        unread_columns = ", ".join(repr(header) for header in team.unknown_headers)
        warnings.append(
            DataWarning(
                None,
                f"{team.label}: columns not read: {unread_columns} "
                "(rename them to a header lifebuoy understands to use them)",
            )
        )
    return warnings


def _ambiguous(row: ListRow, index: AccountIndex) -> DataWarning | None:
    """The warning for a name several accounts fit; None when none fits."""
    key = normalise_name(row.name)
    if not key:
        return None
    fits = set(index.by_name.get(key, set()))
    if len(fits) < 2:
        fits |= {
            account_id
            for account_id in index.by_first_word.get(key.split()[0], set())
            if normalise_name(index.names.get(account_id, "")).startswith(f"{key} ")
        }
    if len(fits) < 2:
        return None
    return DataWarning(
        None,
        f"{row.name} matches {len(fits)} accounts in the workspace; planned from "
        "the list alone — write the full name",
    )


def _missing(names: list[str]) -> DataWarning:
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" and {len(names) - NAMES_SHOWN} more"
    counted = (
        "1 listed account has"
        if len(names) == 1
        else f"{len(names)} listed accounts have"
    )
    return DataWarning(
        None,
        f"{counted} no data in the workspace: {shown}; planned from the list "
        "alone (check the spelling, or import their data)",
    )


def _match(
    row: ListRow, matcher: AccountMatcher | None, known: dict[str, AccountSignals]
) -> AccountSignals | None:
    """The workspace's account for ROW: by id, domain, then normalised name."""
    if matcher is None:
        return None
    for reference in (row.source_id, row.domain, row.name):
        if reference:
            account_id = matcher.resolve(reference, source=LIST_SOURCE)
            if account_id is not None:
                return known.get(account_id)
    return None


def _list_id(row: ListRow) -> str:
    key = normalise_name(row.name).replace(" ", "-")
    return f"{LIST_ID_PREFIX}{key or row.line}"


def _account(
    row: ListRow,
    matched: AccountSignals | None,
    *,
    account_id: str,
    reading: RiskReading,
    settings: Settings,
    as_of: date,
) -> tuple[AccountSignals, TeamDecision]:
    account = _facts(row, matched.account if matched else None, account_id)
    listed = list(reading.signals)
    if account.renewal_date is None:
        account = replace(account, renewal_date=_renewal_from_text(listed))
    renewal = _renewal_signal(
        row.renewal_date, as_of=as_of, days=settings.signals.renewal_soon_days
    )
    if renewal is not None and not any(s.name is renewal.name for s in listed):
        listed.append(renewal)

    data = list(matched.signals) if matched else []
    # The data's evidence first within a signal: it carries ids and dates.
    merged = sorted(
        [*data, *listed], key=lambda s: (s.name.severity, s.evidence.source == "list")
    )
    item = AccountSignals(account, tuple(merged), matched.contacts if matched else ())
    decision = TeamDecision(
        tier=row.tier,
        owner=row.csm or row.owner,
        action=_capitalised(row.action),
        not_understood=reading.not_understood,
        owner_note=None if matched else LIST_ASSIGN_NOTE,
    )
    return item, decision


def _read_row(row: ListRow, *, settings: Settings, as_of: date) -> RiskReading:
    """The row's risk words; a tier cell that is not a tier may hold risk words."""
    text = row.signals
    tier_words = read_risks(row.tier_text or "", settings=settings.signals, as_of=as_of)
    if tier_words.signals:
        text = "; ".join(part for part in (row.tier_text, row.signals) if part)
    reading = read_risks(text, settings=settings.signals, as_of=as_of)
    if row.tier_text and not tier_words.signals:
        unread = (f"{UNREAD_TIER} {row.tier_text}", *reading.not_understood)
        return replace(reading, not_understood=unread)
    return reading


def _capitalised(action: str | None) -> str | None:
    """ "exec sponsor call" → "Exec sponsor call"; "eBay review" is left as is."""
    if not action:
        return action
    first = action.split(maxsplit=1)[0]
    if not first.islower():
        return action
    return action[:1].upper() + action[1:]


def _facts(row: ListRow, base: Account | None, account_id: str) -> Account:
    """The list's written facts over the workspace's account, when matched."""
    if base is None:
        base = Account(account_id=account_id, name=row.name)
    return replace(
        base,
        arr=row.arr if row.arr is not None else base.arr,
        currency=_currency(row, base),
        renewal_date=row.renewal_date or base.renewal_date,
        segment=row.segment or base.segment,
        region=row.region or base.region,
        owner=row.owner or base.owner,
        csm=row.csm or base.csm,
        domain=row.domain or base.domain,
    )


def _disagreements(team: TeamList, row: ListRow, crm: Account) -> list[DataWarning]:
    """Where the list's ARR, renewal date or owner differs from the workspace's.

    The list's values are used, as the team wrote them; saying so lets a wrong
    value on either side be corrected.
    """
    differences: list[str] = []
    currency = row.currency or crm.currency
    if (
        row.arr is not None
        and crm.arr is not None
        and (row.arr != crm.arr or currency.upper() != crm.currency.upper())
    ):
        differences.append(
            f"ARR {money(row.arr, currency)} (workspace {money(crm.arr, crm.currency)})"
        )
    if row.renewal_date and crm.renewal_date and row.renewal_date != crm.renewal_date:
        differences.append(
            f"renewal {row.renewal_date.isoformat()} "
            f"(workspace {crm.renewal_date.isoformat()})"
        )
    listed_owner, crm_owner = row.csm or row.owner, crm.csm or crm.owner
    if (
        listed_owner
        and crm_owner
        and normalise_name(listed_owner) != normalise_name(crm_owner)
    ):
        differences.append(f"owner {listed_owner} (workspace {crm_owner})")
    if not differences:
        return []
    return [
        DataWarning(
            crm.account_id,
            f"{crm.name}: {team.label} line {row.line} gives "
            f"{'; '.join(differences)}; the list's values are used",
            kind="list_differs",
        )
    ]


def _currency(row: ListRow, base: Account) -> str:
    if row.arr is None:
        return base.currency
    return row.currency or base.currency


def _renewal_from_text(signals: list[Signal]) -> date | None:
    for signal in signals:
        if signal.name is SignalName.RENEWAL_SOON and signal.evidence.dates:
            return signal.evidence.dates[0]
    return None


def _renewal_signal(renewal: date | None, *, as_of: date, days: int) -> Signal | None:
    """renewal_soon from the list's renewal date, read as the CRM's would be."""
    if renewal is None or not as_of <= renewal <= as_of + timedelta(days=days):
        return None
    left = (renewal - as_of).days
    when = "today" if left == 0 else f"in {left} days"
    evidence = Evidence(
        reason=f"Renews {when} ({renewal.isoformat()})",
        detail=f"Renewal date {renewal.isoformat()} in the team's list, "
        f"{left} days after the as-of day",
        dates=(renewal,),
        numbers={"days_to_renewal": left},
        source=LIST_SOURCE,
    )
    return Signal(SignalName.RENEWAL_SOON, evidence)


def _row_warnings(
    team: TeamList, row: ListRow, *, account_id: str, as_of: date
) -> list[DataWarning]:
    if row.renewal_date is not None and row.renewal_date < as_of:
        return [
            DataWarning(
                account_id,
                f"renewal date {row.renewal_date.isoformat()} already past "
                f"({team.label} line {row.line}): update the list",
            )
        ]
    return []


def _merged(known: tuple[str, ...], values: Iterable[str | None]) -> tuple[str, ...]:
    found = set(known)
    for value in values:
        if value is not None and value.strip():
            found.add(value.strip())
    return tuple(sorted(found))
