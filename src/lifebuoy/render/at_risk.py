"""The at-risk list in every format: one table per tier, summary, next steps.

Like the plan without Owner and By: Account, ARR, Signals (the one or two
strongest) and Suggested action with the reason for it. Cells are escaped
with the plan's rules (render/cells.py).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from lifebuoy.collector import collector_paused
from lifebuoy.planning.at_risk import AtRiskEntry, AtRiskList
from lifebuoy.planning.model import Tier
from lifebuoy.planning.plan import TierSummary
from lifebuoy.render import content
from lifebuoy.render.cells import (
    code_span,
    day,
    markdown_cell,
    markdown_text,
    money,
    print_step,
    terminal_cell,
    terminal_console,
)
from lifebuoy.render.json import renewal_past_json
from lifebuoy.render.json_text import json_text
from lifebuoy.render.steps import Step, on_workspace

SCHEMA_VERSION = "1"
TITLE = "At-Risk Accounts"
TIER_ORDER = " → ".join(tier.value for tier in Tier)
COLUMNS = ("Account", "ARR", "Signals", "Suggested action")
TIER_GROUPS: tuple[tuple[Tier, ...], ...] = (
    (Tier.CRITICAL,),
    (Tier.HIGH,),
    (Tier.MEDIUM, Tier.WATCH),
)
TIER_COLOURS = {
    Tier.CRITICAL: "bold red",
    Tier.HIGH: "dark_orange",
    Tier.MEDIUM: "yellow",
    Tier.WATCH: "cyan",
}
LIST_LIMIT = 10
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Section:
    title: str
    tiers: tuple[Tier, ...]
    entries: tuple[AtRiskEntry, ...]

    @property
    def empty_line(self) -> str:
        return f"No accounts in {' or '.join(tier.value for tier in self.tiers)}."


# The words, once.


def header(result: AtRiskList) -> list[tuple[str, str]]:
    return [
        ("Scope", result.plan.scope.describe()),
        ("Date", day(result.plan.as_of)),
        *content.as_of_lines(result.plan),
        ("Tiers", TIER_ORDER),
    ]


def sections(result: AtRiskList) -> list[Section]:
    return [
        Section(
            title=" / ".join(tier.value for tier in tiers),
            tiers=tiers,
            entries=tuple(e for e in result.entries if e.tier in tiers),
        )
        for tiers in TIER_GROUPS
    ]


def row(entry: AtRiskEntry, *, section: Section) -> tuple[str, str, str, str]:
    """The four cells of an account, unescaped."""
    item = entry.planned
    account = item.account.account
    signals = "; ".join(item.why)
    if len(section.tiers) > 1:
        signals = f"{item.tier.value}: {signals}"
    action = f"{item.primary_action} — {entry.action_reason}"
    name = f"{account.name} {content.STAR}" if account.strategic else account.name
    return (name, money(account.arr, account.currency), signals, action)


def summary(result: AtRiskList) -> list[tuple[str, str]]:
    plan = result.plan
    lines = [
        (line.tier.value, _tier_line(line, plan.reporting_currency))
        for line in plan.summary
    ]
    if any(entry.planned.account.account.strategic for entry in result.entries):
        lines.append(("Strategic", content.STAR_NOTE))
    lines.append(("Healthy", f"{_accounts(plan.healthy)} with no signal"))
    if plan.churned:
        lines.append(("Churned", f"{_accounts(plan.churned)}, not listed"))
    if plan.outside_tiers:
        lines.append(
            ("Outside scope", f"{_accounts(plan.outside_tiers)} in other tiers")
        )
    if plan.unmatched:
        lines.append(
            (
                "Unmatched",
                f"{_accounts(plan.unmatched)} with signals no tier rule matches",
            )
        )
    lines += content.change_lines(plan.changes)
    lines.append(("Data gaps", "; ".join(result.gaps) or "none"))
    lines += content.renewal_past_lines(plan.renewal_past)
    lines += content.warning_lines(content.data_warnings(plan), names=_names(result))
    lines.append(
        ("Would sharpen the list", "; ".join(result.sharpen) or "nothing missing")
    )
    if result.run_id is not None:
        lines.append(("Saved as", f"at-risk run {result.run_id}"))
    return lines + content.not_saved_lines(plan)


def next_steps(result: AtRiskList, *, workspace: Path | None = None) -> list[Step]:
    """Plan from this list, check health, export; each names WORKSPACE if given."""
    entries = result.entries
    account = entries[0].planned.name if entries else "ACCOUNT"
    scope = shlex.quote(result.plan.scope.text)
    steps = [
        (
            "Plan interventions for Critical and High",
            "lifebuoy plan 'Critical and High from last at-risk list'",
        ),
        ("Check one account's health", f"lifebuoy health {shlex.quote(account)}"),
        (
            "Export or share this list",
            f"lifebuoy at-risk {scope} --format markdown --output at-risk.md",
        ),
    ]
    return on_workspace(steps, workspace)


def _tier_line(line: TierSummary, currency: str) -> str:
    if line.count == 0:
        return "none"
    if line.arr_unknown == line.count:
        return f"{_accounts(line.count)}, ARR unknown"
    text = f"{_accounts(line.count)}, {money(line.arr, currency)} ARR"
    if line.arr_unknown:
        text += f"; ARR unknown for {line.arr_unknown}"
    return text


def _accounts(count: int) -> str:
    return f"{count} account" if count == 1 else f"{count} accounts"


def _names(result: AtRiskList) -> dict[str, str]:
    return {entry.planned.account_id: entry.planned.name for entry in result.entries}


# Markdown.


def render_markdown(result: AtRiskList, *, workspace: Path | None = None) -> str:
    lines = [f"## {TITLE}", ""]
    for label, value in header(result):
        lines += [f"**{label}:** {markdown_text(value)}", ""]
    for section in sections(result):
        lines += [f"### {section.title}", ""]
        if not section.entries:
            lines += [section.empty_line, ""]
            continue
        lines += ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for entry in section.entries:
            cells = row(entry, section=section)
            lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
        lines.append("")
    lines += ["### Summary", ""]
    lines += [
        f"- **{label}:** {markdown_text(value)}" for label, value in summary(result)
    ]
    lines += ["", "### Next steps", ""]
    steps = next_steps(result, workspace=workspace)
    lines += [f"- {text}: {code_span(command)}" for text, command in steps]
    return "\n".join(lines) + "\n"


# Terminal.


def render_terminal(
    result: AtRiskList,
    *,
    width: int = 100,
    colour: bool = True,
    workspace: Path | None = None,
) -> str:
    console, buffer = terminal_console(width=width, colour=colour)
    console.print(Text(TITLE, style="bold"))
    for label, value in header(result):
        console.print(Text.assemble((f"{label}: ", "bold"), terminal_cell(value)))
    for section in sections(result):
        console.print()
        console.print(Text(section.title, style=TIER_COLOURS[section.tiers[0]]))
        if section.entries:
            console.print(_table(section))
        else:
            console.print(section.empty_line)
    console.print()
    console.print(Text("Summary", style="bold"))
    for label, value in summary(result):
        console.print(Text.assemble("  ", (f"{label}: ", "bold"), terminal_cell(value)))
    console.print()
    console.print(Text("Next steps", style="bold"))
    for text, command in next_steps(result, workspace=workspace):
        print_step(console, text, command)
    return buffer.getvalue()


def _table(section: Section) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Account", ratio=3)
    table.add_column("ARR", justify="right", no_wrap=True)
    table.add_column("Signals", ratio=5)
    table.add_column("Suggested action", ratio=6)
    for entry in section.entries:
        cells = row(entry, section=section)
        style = TIER_COLOURS[entry.tier] if len(section.tiers) > 1 else None
        table.add_row(*(Text(terminal_cell(c)) for c in cells), style=style)
    return table


# JSON.


def render_json(result: AtRiskList, *, workspace: Path | None = None) -> str:
    with collector_paused():
        document = at_risk_document(result, workspace=workspace)
    return json_text(document)


def at_risk_document(
    result: AtRiskList, *, workspace: Path | None = None
) -> dict[str, Any]:
    plan = result.plan
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "at-risk",
        "run_id": result.run_id,
        "scope": plan.scope.to_json(),
        "as_of": plan.as_of.isoformat(),
        "reporting_currency": plan.reporting_currency,
        "tier_order": [tier.value for tier in Tier],
        "accounts": [_account(entry) for entry in result.entries],
        "summary": {
            "tiers": [
                {
                    "tier": line.tier.value,
                    "count": line.count,
                    "arr": _money(line.arr),
                    "arr_unknown": line.arr_unknown,
                }
                for line in plan.summary
            ],
            "healthy": plan.healthy,
            "unmatched": plan.unmatched,
            "outside_tiers": plan.outside_tiers,
            "churned": plan.churned,
            "renewal_past": renewal_past_json(plan),
            "changes": [
                {
                    "account_id": change.account_id,
                    "name": change.name,
                    "was": change.was.value,
                    "now": change.now.value if change.now else None,
                }
                for change in plan.changes
            ],
            "gaps": list(result.gaps),
            "warnings": [
                {"account_id": warning.account_id, "message": warning.message}
                for warning in plan.warnings
            ],
            "would_sharpen": list(result.sharpen),
        },
        "next_steps": [
            {"text": text, "command": command}
            for text, command in next_steps(result, workspace=workspace)
        ],
    }


def _account(entry: AtRiskEntry) -> dict[str, Any]:
    item = entry.planned
    account = item.account.account
    return {
        "account_id": account.account_id,
        "name": account.name,
        "tier": item.tier.value,
        "strategic": account.strategic,
        "segment": account.segment,
        "arr": _money(account.arr),
        "currency": account.currency,
        "arr_reporting": _money(item.arr_reporting),
        "renewal_date": None
        if account.renewal_date is None
        else account.renewal_date.isoformat(),
        "signals_shown": list(item.why),
        "suggested_action": item.primary_action,
        "action_reason": entry.action_reason,
        "signals": [
            {
                "name": signal.name.value,
                "reason": signal.evidence.reason,
                "detail": signal.evidence.detail,
                "ids": list(signal.evidence.ids),
                "dates": [value.isoformat() for value in signal.evidence.dates],
                "source": signal.evidence.source,
            }
            for signal in item.signals
        ],
    }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))
