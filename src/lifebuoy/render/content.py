"""What every plan output says, as plain text before escaping for a format.

Markdown and the terminal show the same header, tables, summary and next
steps; this module decides the words once.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from lifebuoy.planning.model import Tier
from lifebuoy.planning.plan import Plan, PlannedAccount, TierSummary
from lifebuoy.planning.team_list import STDIN_LABEL
from lifebuoy.render.cells import day, money

TITLE = "Intervention Plan"
TIER_ORDER = " → ".join(tier.value for tier in Tier)
COLUMNS = ("Account", "ARR", "Why", "Action", "Owner", "By")
WARNING_LIMIT = 10


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
    return [
        ("Scope", plan.scope.describe()),
        ("Date", day(plan.as_of)),
        ("Tiers", TIER_ORDER),
    ]


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
    why = "; ".join(item.why)
    if len(section.tiers) > 1:
        why = f"{item.tier.value}: {why}"
    if item.not_understood:
        why = f"{why}; not understood: {'; '.join(item.not_understood)}"
    if item.team_tier is not None and item.team_tier is not item.rule_tier:
        why = f"{why} ({_team_tier(item)})"
    action = item.primary_action
    if item.secondary_action:
        action = f"{action}. Also: {item.secondary_action}"
    owner = item.owner
    if item.owner_note:
        owner = f"{owner} ({item.owner_note})"
    return (
        account.name,
        money(account.arr, account.currency),
        why,
        action,
        owner,
        day(item.due_date),
    )


def summary(plan: Plan) -> list[tuple[str, str]]:
    """(label, text) lines: tiers, healthy, changes, gaps, warnings, owners."""
    lines = [(line.tier.value, _tier_line(line, plan)) for line in plan.summary]
    lines.append(("Healthy", f"{_accounts(plan.healthy)} with no signal, not planned"))
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
    if plan.changes:
        lines.append(("Changed since the run", _changes(plan)))
    if plan.not_understood:
        lines.append(("Not understood", _not_understood(plan)))
    lines.append(("Data gaps", _gaps(plan)))
    if plan.warnings:
        lines.append(("Data warnings", _warnings(plan)))
    lines.append(("Owners to assign", _owners(plan)))
    return lines


def next_steps(plan: Plan) -> list[tuple[str, str]]:
    """(text, command) pairs: find at-risk first, check health, export or share."""
    account = plan.accounts[0].name if plan.accounts else "ACCOUNT"
    scope = shlex.quote(plan.scope.text)
    if plan.accounts_file is not None:
        source = "-" if plan.accounts_file == STDIN_LABEL else plan.accounts_file
        scope += f" --accounts {shlex.quote(source)}"
    return [
        ("Run an at-risk search first", "lifebuoy at-risk 'at-risk accounts'"),
        ("Check one account's health", f"lifebuoy health {shlex.quote(account)}"),
        (
            "Export or share this plan",
            f"lifebuoy plan {scope} --format markdown --output plan.md",
        ),
    ]


def _team_tier(item: PlannedAccount) -> str:
    rules = item.rule_tier.value if item.rule_tier else "no tier"
    return f"team's tier; rules say {rules}"


def _not_understood(plan: Plan) -> str:
    grouped: dict[str, list[str]] = {}
    for name, words in plan.not_understood:
        grouped.setdefault(name, []).append(f'"{words}"')
    parts = [f"{name}: {', '.join(words)}" for name, words in grouped.items()]
    return "; ".join(parts) + f" (fix the wording in {plan.accounts_file})"


def _tier_line(line: TierSummary, plan: Plan) -> str:
    if line.count == 0:
        return "none"
    text = (
        f"{_accounts(line.count)}, {money(line.arr, plan.reporting_currency)} ARR, "
        f"by {day(line.target_date)} ({line.timeline})"
    )
    if line.arr_unknown:
        text += f"; ARR unknown for {line.arr_unknown}"
    return text


def _accounts(count: int) -> str:
    return f"{count} account" if count == 1 else f"{count} accounts"


def _changes(plan: Plan) -> str:
    parts = []
    for change in plan.changes:
        now = change.now.value if change.now else "recovered"
        parts.append(f"{change.name} ({change.was.value} → {now})")
    return "; ".join(parts)


def _gaps(plan: Plan) -> str:
    if not plan.gaps:
        return "none"
    return "; ".join(
        f"{gap.needs} ({gap.signal.value.replace('_', ' ')})" for gap in plan.gaps
    )


def _warnings(plan: Plan) -> str:
    names = {item.account_id: item.name for item in plan.accounts}
    parts = []
    for warning in plan.warnings[:WARNING_LIMIT]:
        name = names.get(warning.account_id or "")
        parts.append(f"{name}: {warning.message}" if name else warning.message)
    hidden = len(plan.warnings) - WARNING_LIMIT
    if hidden > 0:
        parts.append(f"and {hidden} more (see --format json)")
    return "; ".join(parts)


def _owners(plan: Plan) -> str:
    missing = plan.owners_to_assign
    if not missing:
        return "none"
    names = ", ".join(item.name for item in missing[:WARNING_LIMIT])
    if len(missing) > WARNING_LIMIT:
        names += f" and {len(missing) - WARNING_LIMIT} more"
    notes = "; ".join(dict.fromkeys(item.assign_note for item in missing))
    return f"{len(missing)} ({names}): {notes}"
