"""``lifebuoy runs``: the saved at-risk and plan runs."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    FormatOption,
    OutputFormat,
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    handle_errors,
)
from lifebuoy.errors import UsageError
from lifebuoy.planning.model import Tier
from lifebuoy.workspace.runs import RunSummary, SavedRun, get_run, list_runs
from lifebuoy.workspace.store import Workspace

runs_app = typer.Typer(
    help=(
        "The saved at-risk and plan runs.\n\n"
        "Example: lifebuoy runs          (list them)\n\n"
        "Example: lifebuoy runs show 3   (one run with its accounts)"
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(runs_app, name="runs")


def read_run_number(text: str) -> int:
    """N of `lifebuoy runs show N`: a positive whole number."""
    if re.fullmatch(r"[0-9]+", str(text)) and int(text) > 0:
        return int(text)
    raise UsageError(
        f"the run number must be a positive whole number, not {text!r}",
        hint="`lifebuoy runs` lists the saved runs with their numbers.",
    )


RunNumberArgument = Annotated[
    int,
    typer.Argument(metavar="N", parser=read_run_number, help="The run's number."),
]


@runs_app.callback()
@handle_errors
def runs(
    context: typer.Context,
    workspace: WorkspaceOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """List the saved runs, newest first.

    Example: lifebuoy runs --format json
    """
    if context.invoked_subcommand is not None:
        return
    with Workspace.open(workspace, read_only=True) as opened:
        summaries = list_runs(opened)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps([_summary_json(item) for item in summaries], indent=2))
        return
    if not summaries:
        typer.echo('No saved runs yet; run `lifebuoy at-risk "all accounts"` first.')
        return
    _console().print(_summary_table(summaries))


@runs_app.command(epilog="Example: lifebuoy runs show 3")
@handle_errors
def show(
    run_id: RunNumberArgument,
    workspace: WorkspaceOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Show run N: its scope, as-of date, settings hash and every account."""
    with Workspace.open(workspace, read_only=True) as opened:
        run = get_run(opened, run_id)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(_run_json(run), indent=2))
        return
    console = _console()
    console.print(
        f"Run {run.id} · {run.kind} · created {run.created_at:%Y-%m-%d %H:%M} UTC\n"
        f"Scope: {run.scope.describe()}  (asked: {run.scope.text})\n"
        f"As of {run.as_of.isoformat()} · settings {run.config_hash[:12]}"
        f" · sources {_sources(run.sources)}"
    )
    console.print(_account_table(run))


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _tiers(counts: dict[Tier, int]) -> str:
    parts = [f"{tier.value} {count}" for tier, count in counts.items() if count]
    return " · ".join(parts) or "—"


def _sources(sources: dict[str, Any]) -> str:
    return ", ".join(f"{name} {value}" for name, value in sources.items()) or "—"


def _summary_table(summaries: list[RunSummary]) -> Table:
    table = Table("Id", "Kind", "Created", "As of", "Scope", "Accounts per tier")
    for item in summaries:
        table.add_row(
            str(item.id),
            item.kind,
            f"{item.created_at:%Y-%m-%d %H:%M}",
            item.as_of.isoformat(),
            item.scope_text,
            _tiers(item.tier_counts),
        )
    return table


def _account_table(run: SavedRun) -> Table:
    table = Table("Account", "Tier", "Signals")
    ordered = sorted(
        run.accounts,
        key=lambda item: (item.tier.rank if item.tier else len(Tier), item.name),
    )
    for account in ordered:
        signals = "; ".join(_signal_words(signal) for signal in account.signals)
        table.add_row(
            account.name,
            account.tier.value if account.tier else "healthy",
            signals or "—",
        )
    return table


def _signal_words(signal: dict[str, Any]) -> str:
    name = str(signal.get("name", "?"))
    evidence = signal.get("evidence")
    if isinstance(evidence, dict) and evidence.get("reason"):
        return f"{name}: {evidence['reason']}"
    return name


def _summary_json(item: RunSummary) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "created_at": item.created_at.isoformat(),
        "as_of": item.as_of.isoformat(),
        "scope": item.scope_text,
        "accounts": item.accounts,
        "tiers": {tier.value: count for tier, count in item.tier_counts.items()},
    }


def _run_json(run: SavedRun) -> dict[str, Any]:
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
