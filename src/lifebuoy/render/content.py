"""What every plan output says, as plain text before escaping for a format.

Markdown and the terminal show the same header, tables, summary and next
steps; this module decides the words once.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lifebuoy.planning.model import Tier
from lifebuoy.planning.phrases import shorten
from lifebuoy.planning.plan import (
    RUN_NOT_SAVED,
    Plan,
    PlannedAccount,
    RunSource,
    TierChange,
    TierSummary,
)
from lifebuoy.planning.plan_warnings import (
    AS_OF_AHEAD,
    HOLIDAYS,
    NARROW_RUN,
    PLAN_KINDS,
    RENEWAL_PAST,
    PastRenewal,
)
from lifebuoy.planning.risk_words import READ_EXAMPLES, unread_hint
from lifebuoy.planning.team_list import LIST_ID_PREFIX, STDIN_LABEL
from lifebuoy.render.cells import day, money
from lifebuoy.render.steps import Step, on_workspace
from lifebuoy.signals.model import DataWarning

TITLE = "Intervention Plan"
TIER_ORDER = " → ".join(tier.value for tier in Tier)
COLUMNS = ("Account", "ARR", "Why", "Action", "Owner", "By")
WARNING_LIMIT = 10
NAMES_SHOWN = 8
"""Account names listed on one summary line; the rest are counted."""
STALE_RUN_DAYS = 7
"""A plan's run older than this many days before the plan is flagged."""
STAR = "★"
STAR_NOTE = f"{STAR} strategic account, listed first in its tier"
REFRESH = "lifebuoy at-risk 'all accounts'"
ADD_DATA = "Add your CRM's data to plan with it (names are matched to the list)"
KIND_LABELS = {
    "stale_health_score": "CRM health score older than {days} days",
    "renewal_past": "renewal date already past; update it in the CRM",
}
"""Warning kinds whose messages differ by account, in the same words for all."""
DAYS = re.compile(r"more than ([0-9]+) days")
UNREAD_LIMIT = 60
"""Characters of a team's unread words shown in a Why cell or the summary."""
TEAM_CALL = "team's call"


@dataclass(frozen=True)
class Section:
    """One table of the plan: its title, tiers and rows."""

    title: str
    tiers: tuple[Tier, ...]
    rows: tuple[PlannedAccount, ...]

    @property
    def empty_line(self) -> str:
        names = " or ".join(tier.value for tier in self.tiers)
        return f"No accounts in {names}."


def header(plan: Plan) -> list[tuple[str, str]]:
    """Scope, the run the accounts came from (how old, how narrow), date, tiers.

    A date after the data or after today is warned of beside the date.
    """
    lines = [("Scope", plan.scope.describe())]
    run = plan.source_run
    if run is not None:
        lines.append(("From", f"{run_label(run)} (scope: {run.scope})"))
        age = (plan.as_of - run.as_of).days
        if age > STALE_RUN_DAYS:
            lines.append(
                (
                    "Warning",
                    f"run {run.run_id} is {age} days older than this plan; "
                    f"tiers may have changed since. Refresh it: {REFRESH}",
                )
            )
        lines += _plan_warnings(plan, NARROW_RUN, label="Warning")
    lines.append(("Date", day(plan.as_of)))
    lines += as_of_lines(plan)
    return [*lines, ("Tiers", TIER_ORDER)]


def as_of_lines(plan: Plan) -> list[tuple[str, str]]:
    """The warning, under the date, when the as-of day lies outside the data."""
    return _plan_warnings(plan, AS_OF_AHEAD, label="Warning")


def _plan_warnings(plan: Plan, kind: str, *, label: str) -> list[tuple[str, str]]:
    return [(label, item.message) for item in plan.warnings if item.kind == kind]


def run_label(run: RunSource) -> str:
    """ "at-risk run 3 of Mon 2026-11-02" """
    return f"{run.kind} run {run.run_id} of {day(run.as_of)}"


def sections(plan: Plan) -> list[Section]:
    """Critical, High, then Medium and Watch together."""
    groups = ((Tier.CRITICAL,), (Tier.HIGH,), (Tier.MEDIUM, Tier.WATCH))
    return [
        Section(
            title=" / ".join(tier.value for tier in tiers),
            tiers=tiers,
            rows=tuple(item for item in plan.accounts if item.tier in tiers),
        )
        for tiers in groups
    ]


def row(item: PlannedAccount, *, section: Section) -> tuple[str, ...]:
    """The six cells of an account, unescaped."""
    account = item.account.account
    action = item.primary_action
    if item.secondary_action:
        action = f"{action}. Also: {item.secondary_action}"
    owner = item.owner
    if item.owner_note:
        owner = f"{owner} ({item.owner_note})"
    return (
        f"{account.name} {STAR}" if account.strategic else account.name,
        money(account.arr, account.currency),
        why(item, section=section),
        action,
        owner,
        day(item.due_date),
    )


def why(item: PlannedAccount, *, section: Section) -> str:
    """The reasons, with the tier in a shared table, the team's call and the
    words not understood.

    An account only the team's call tiers already names its tier in its Why.
    """
    text = "; ".join(item.why)
    team_only = item.team_tier is not None and not item.signals
    if len(section.tiers) > 1 and not team_only:
        text = f"{item.tier.value}: {text}"
    if item.team_tier is not None and item.team_tier is not item.rule_tier:
        text = text if team_only else f"{text} ({_team_call(item)})"
    if item.not_understood:
        unread = shorten("; ".join(item.not_understood), UNREAD_LIMIT)
        text = f"{text}; not understood: {unread}"
    return text


def summary(plan: Plan) -> list[tuple[str, str]]:
    """(label, text) lines: tiers, healthy, changes, gaps, warnings, owners."""
    lines = [(line.tier.value, _tier_line(line, plan)) for line in plan.summary]
    if any(item.account.account.strategic for item in plan.accounts):
        lines.append(("Strategic", STAR_NOTE))
    if plan.source_run is None:
        healthy = f"{_accounts(plan.healthy)} with no signal, not planned"
        lines.append(("Healthy", healthy))
    if plan.no_risk_flag:
        lines.append(
            (
                "No risk flag",
                f"{plan.no_risk_flag} renewing with no risk flag, not planned",
            )
        )
    if plan.churned:
        lines.append(("Churned", f"{_accounts(plan.churned)}, not planned"))
    if plan.outside_tiers:
        lines.append(
            ("Outside scope", f"{_accounts(plan.outside_tiers)} at risk in other tiers")
        )
    if plan.unmatched:
        lines.append(
            (
                "Unmatched",
                f"{_accounts(plan.unmatched)} with signals that no tier rule of "
                f"the {plan.playbook} matches",
            )
        )
    lines += change_lines(plan.changes)
    if plan.not_understood:
        lines.append(("Not understood", _not_understood(plan)))
    lines.append(("Data gaps", _gaps(plan)))
    lines += renewal_past_lines(plan.renewal_past)
    lines += warning_lines(data_warnings(plan), names=_names(plan))
    lines += _plan_warnings(plan, HOLIDAYS, label="Note")
    lines.append(("Owners to assign", _owners(plan)))
    return lines + not_saved_lines(plan)


def not_saved_lines(plan: Plan) -> list[tuple[str, str]]:
    """The warning that the plan could not be saved as a run, if it could not."""
    return _plan_warnings(plan, RUN_NOT_SAVED, label="Warning")


def next_steps(plan: Plan, *, workspace: Path | None = None) -> list[Step]:
    """(text, command) pairs: find at-risk first, check health, export or share;
    each command names WORKSPACE when one is given.

    A plan from a list alone suggests no command that needs a workspace; a
    list read from standard input is gone, so the export names a file.
    """
    # An account known only from the list has no health to check.
    known = [i for i in plan.accounts if not i.account_id.startswith(LIST_ID_PREFIX)]
    account = known[0].name if known else "ACCOUNT"
    scope = shlex.quote(plan.scope.text)
    export = "Export or share this plan"
    if plan.accounts_file == STDIN_LABEL:
        scope += " --accounts FILE"
        export = "Save the list to a file, then export or share this plan"
    elif plan.accounts_file is not None:
        scope += f" --accounts {shlex.quote(plan.accounts_file)}"
    last = (export, f"lifebuoy plan {scope} --format markdown --output plan.md")
    if plan.list_only:
        add = (ADD_DATA, "lifebuoy import csv accounts.csv --table accounts")
        return on_workspace([add, last], workspace)
    first = (
        ("Refresh the at-risk list", REFRESH)
        if plan.source_run is not None
        else ("Run an at-risk search first", "lifebuoy at-risk 'at-risk accounts'")
    )
    health = ("Check one account's health", f"lifebuoy health {shlex.quote(account)}")
    return on_workspace([first, health, last], workspace)


def _team_call(item: PlannedAccount) -> str:
    """ "team's call; rules say Critical" """
    if item.rule_tier is None:
        return f"{TEAM_CALL}; the rules give no tier"
    return f"{TEAM_CALL}; rules say {item.rule_tier.value}"


def _not_understood(plan: Plan) -> str:
    """Each account's unread words with a hint where one helps, then how to
    reword them."""
    grouped: dict[str, list[str]] = {}
    for name, words in plan.not_understood:
        shown = f'"{shorten(words, UNREAD_LIMIT)}"'
        hint = unread_hint(words)
        grouped.setdefault(name, []).append(f"{shown} ({hint})" if hint else shown)
    parts = [f"{name}: {', '.join(words)}" for name, words in grouped.items()]
    examples = ", ".join(f'"{example}"' for example in READ_EXAMPLES)
    return "; ".join(parts) + f". Reword in {plan.accounts_file}, e.g. {examples}"


def _tier_line(line: TierSummary, plan: Plan) -> str:
    if line.count == 0:
        return "none"
    arr = f"{money(line.arr, plan.reporting_currency)} ARR"
    if line.arr_unknown == line.count:
        arr = "ARR unknown"
    due = f"by {day(line.target_date)}"
    if line.first_due is not None and line.first_due != line.target_date:
        due = f"due {day(line.first_due)} to {day(line.target_date)}"
    text = f"{_accounts(line.count)}, {arr}, {due} ({line.timeline})"
    if line.arr_unknown and line.arr_unknown < line.count:
        text += f"; ARR unknown for {line.arr_unknown}"
    return text


def _accounts(count: int) -> str:
    return f"{count} account" if count == 1 else f"{count} accounts"


def _gaps(plan: Plan) -> str:
    if not plan.gaps:
        return "none"
    return "; ".join(
        f"{gap.needs} ({gap.signal.value.replace('_', ' ')})" for gap in plan.gaps
    )


def change_lines(changes: Sequence[TierChange]) -> list[tuple[str, str]]:
    """Changes since the run, grouped: recovered accounts, then tier moves."""
    recovered = [change.name for change in changes if change.now is None]
    moved = [
        f"{change.name} ({change.was.value} → {change.now.value})"
        for change in changes
        if change.now is not None
    ]
    lines = []
    if recovered:
        lines.append(("Recovered (no signal now)", listing(recovered)))
    if moved:
        lines.append(("Moved tier", listing(moved)))
    return lines


def renewal_past_lines(accounts: Sequence[PastRenewal]) -> list[tuple[str, str]]:
    """The accounts in scope whose renewal date has passed, to confirm in the CRM."""
    if not accounts:
        return []
    named = [f"{item.name} {item.renewal_date.isoformat()}" for item in accounts]
    return [
        (
            "Renewal date passed",
            f"{listing(named, brackets=True)} — confirm the renewal in the CRM",
        )
    ]


def data_warnings(plan: Plan) -> list[DataWarning]:
    """Warnings about the plan's data; passed renewals have a line of their own."""
    skipped = PLAN_KINDS | {RENEWAL_PAST, RUN_NOT_SAVED}
    return [item for item in plan.warnings if item.kind not in skipped]


def warning_lines(
    warnings: Sequence[DataWarning], *, names: Mapping[str, str]
) -> list[tuple[str, str]]:
    """One line per kind of warning, with the accounts it concerns."""
    # kind → the accounts' names in order of appearance (a dict keeps each once)
    grouped: dict[str, dict[str, None]] = {}
    for warning in warnings:
        name = names.get(warning.account_id or "")
        accounts = grouped.setdefault(warning_kind(warning, name=name), {})
        if name:
            accounts[name] = None
    return [
        (
            "Data warnings",
            f"{what}: {listing(list(found), brackets=True)}" if found else what,
        )
        for what, found in grouped.items()
    ]


def warning_kind(warning: DataWarning, *, name: str | None) -> str:
    """What the warning says, the same words for every account it concerns.

    A warning's kind names it when the kind is known; otherwise its message
    is the kind, without the account's name in front.
    """
    message = warning.message.strip()
    if name and message.startswith(name):
        message = message[len(name) :].lstrip(" :—-,")
    label = KIND_LABELS.get(warning.kind) if warning.account_id else None
    if label is None:
        return message
    days = DAYS.search(message)
    return label.format(days=days.group(1) if days else "the set number of")


def listing(names: Sequence[str], *, brackets: bool = False) -> str:
    """ "3 accounts: A, B, C" or "3 accounts (A, B, C)"; then "and N more"."""
    shown = ", ".join(names[:NAMES_SHOWN])
    hidden = len(names) - NAMES_SHOWN
    if hidden > 0:
        shown += f" and {hidden} more"
    if brackets:
        return f"{_accounts(len(names))} ({shown})"
    return f"{_accounts(len(names))}: {shown}"


def _names(plan: Plan) -> dict[str, str]:
    return {item.account_id: item.name for item in plan.accounts}


def _owners(plan: Plan) -> str:
    missing = plan.owners_to_assign
    if not missing:
        return "none"
    names = ", ".join(item.name for item in missing[:WARNING_LIMIT])
    if len(missing) > WARNING_LIMIT:
        names += f" and {len(missing) - WARNING_LIMIT} more"
    notes = "; ".join(dict.fromkeys(item.assign_note for item in missing))
    return f"{len(missing)} ({names}): {notes}"
