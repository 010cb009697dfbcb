"""The saved runs in every format: the list of runs, and one run with its accounts.

The list shows each run's id, kind, when it was made, its as-of date, scope
and accounts per tier, newest first; one run adds its settings hash, sources
and every account with its tier and signals, worst tier first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from lifebuoy.planning.model import Tier
from lifebuoy.render.cells import (
    code_span,
    markdown_text,
    terminal_cell,
    terminal_console,
)
from lifebuoy.render.json_text import json_text
from lifebuoy.render.markdown import table as markdown_table
from lifebuoy.render.steps import on_workspace
from lifebuoy.workspace.runs import RunAccountRecord, RunSummary, SavedRun

LIST_TITLE = "Saved Runs"
LIST_COLUMNS = ("Id", "Kind", "Created", "As of", "Scope", "Accounts per tier")
RUN_COLUMNS = ("Account", "Tier", "Signals")
FIRST_RUN = 'lifebuoy at-risk "all accounts"'

Runs = Sequence[RunSummary] | SavedRun
"""What ``lifebuoy runs`` shows: the list of runs, or one run."""


# The words, once.


def first_run(workspace: Path | None) -> str:
    """The command that saves a first run in WORKSPACE."""
    [(_, command)] = on_workspace([("", FIRST_RUN)], workspace)
    return command


def list_rows(summaries: Sequence[RunSummary]) -> list[tuple[str, ...]]:
    return [
        (
            str(item.id),
            item.kind,
            f"{item.created_at:%Y-%m-%d %H:%M}",
            item.as_of.isoformat(),
            item.scope_text,
            _tiers(item.tier_counts),
        )
        for item in summaries
    ]


def run_facts(run: SavedRun) -> dict[str, str]:
    """Label → value: kind, when made, scope, as-of date, settings, sources."""
    return {
        "Kind": run.kind,
        "Created": f"{run.created_at:%Y-%m-%d %H:%M} UTC",
        "Scope": f"{run.scope.describe()} (asked: {run.scope.text})",
        "As of": run.as_of.isoformat(),
        "Settings": run.config_hash[:12],
        "Sources": _sources(run.sources),
    }


def run_rows(run: SavedRun) -> list[tuple[str, ...]]:
    """Every account of RUN, worst tier first, then by name."""
    return [
        (
            account.name,
            account.tier.value if account.tier else "healthy",
            "; ".join(_signal_words(signal) for signal in account.signals) or "—",
        )
        for account in sorted(run.accounts, key=_worst_first)
    ]


def _worst_first(account: RunAccountRecord) -> tuple[int, str]:
    return (account.tier.rank if account.tier else len(Tier), account.name)


def _tiers(counts: dict[Tier, int]) -> str:
    parts = [f"{tier.value} {count}" for tier, count in counts.items() if count]
    return " · ".join(parts) or "—"


def _sources(sources: dict[str, Any]) -> str:
    return ", ".join(f"{name} {value}" for name, value in sources.items()) or "—"


def _signal_words(signal: dict[str, Any]) -> str:
    name = str(signal.get("name", "?"))
    evidence = signal.get("evidence")
    if isinstance(evidence, dict) and evidence.get("reason"):
        return f"{name}: {evidence['reason']}"
    return name


# Markdown.


def render_markdown(result: Runs, *, workspace: Path | None = None) -> str:
    """The list as a Markdown table, or one run: its header, then its accounts."""
    if isinstance(result, SavedRun):
        lines = [f"## Run {result.id}", ""]
        for label, value in run_facts(result).items():
            lines += [f"**{label}:** {markdown_text(value)}", ""]
        lines += markdown_table(RUN_COLUMNS, run_rows(result))
    elif result:
        lines = [f"## {LIST_TITLE}", ""]
        lines += markdown_table(LIST_COLUMNS, list_rows(result))
    else:
        command = code_span(first_run(workspace))
        lines = [f"## {LIST_TITLE}", "", f"No saved runs yet; run {command} first."]
    return "\n".join(lines) + "\n"


# Terminal.


def render_terminal(
    result: Runs,
    *,
    width: int = 100,
    colour: bool = True,
    workspace: Path | None = None,
) -> str:
    console, buffer = terminal_console(width=width, colour=colour)
    if isinstance(result, SavedRun):
        console.print(Text("\n".join(_run_lines(result))))
        console.print(_rich_table(RUN_COLUMNS, run_rows(result)))
    elif result:
        console.print(_rich_table(LIST_COLUMNS, list_rows(result)))
    else:
        command = terminal_cell(first_run(workspace))
        # One line however long: a command broken across lines does not paste.
        console.print(f"No saved runs yet; run `{command}` first.", soft_wrap=True)
    return buffer.getvalue()


def _run_lines(run: SavedRun) -> list[str]:
    """Which run, its scope, then its as-of date, settings and sources."""
    facts = {label: terminal_cell(value) for label, value in run_facts(run).items()}
    return [
        f"Run {run.id} · {facts['Kind']} · created {facts['Created']}",
        f"Scope: {terminal_cell(run.scope.describe())}"
        f"  (asked: {terminal_cell(run.scope.text)})",
        f"As of {facts['As of']} · settings {facts['Settings']}"
        f" · sources {facts['Sources']}",
    ]


def _rich_table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    table = Table(*columns)
    for row in rows:
        table.add_row(*(Text(terminal_cell(cell)) for cell in row))
    return table


# JSON.


def render_json(result: Runs, *, workspace: Path | None = None) -> str:
    """A list of runs, or one run with every account's signals and evidence."""
    if isinstance(result, SavedRun):
        return json_text(run_document(result))
    return json_text([summary_document(item) for item in result])


def summary_document(item: RunSummary) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "created_at": item.created_at.isoformat(),
        "as_of": item.as_of.isoformat(),
        "scope": item.scope_text,
        "accounts": item.accounts,
        "tiers": {tier.value: count for tier, count in item.tier_counts.items()},
    }


def run_document(run: SavedRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "kind": run.kind,
        "created_at": run.created_at.isoformat(),
        "as_of": run.as_of.isoformat(),
        "scope": run.scope.to_json(),
        "scope_echo": run.scope.describe(),
        "config_hash": run.config_hash,
        "sources": run.sources,
        "accounts": [
            {
                "account_id": account.account_id,
                "name": account.name,
                "tier": account.tier.value if account.tier else None,
                "signals": account.signals,
            }
            for account in run.accounts
        ],
    }
