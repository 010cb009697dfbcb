"""``lifebuoy demo``: build the demo workspace."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    AsOfOption,
    WorkspaceOption,
    handle_errors,
    parse_as_of,
    stderr,
)
from lifebuoy.sources.demo import DEMO_CONFIG, MAX_ACCOUNTS, DemoSummary, build_demo
from lifebuoy.workspace import Settings, Workspace


@app.command(epilog="Example: lifebuoy demo --accounts 400 --seed 7")
@handle_errors
def demo(
    workspace: WorkspaceOption = None,
    accounts: Annotated[
        int,
        typer.Option("--accounts", min=1, max=MAX_ACCOUNTS, help="How many accounts."),
    ] = 400,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
    as_of: AsOfOption = None,
) -> None:
    """Build a realistic demo workspace so every command runs at once.

    The same seed and as-of date always give the same data; running it again
    replaces the data of an existing workspace.
    """
    if as_of is not None:
        # A bad date is reported before any folder is created.
        parse_as_of(as_of, Settings())

    with Workspace.create(workspace, config_text=DEMO_CONFIG) as opened:
        day = parse_as_of(as_of, opened.settings)
        with _status(f"Building a demo workspace of {accounts} accounts…"):
            summary = build_demo(opened, accounts=accounts, seed=seed, as_of=day)

    report = describe(summary, path=opened.path, options=_options(workspace, as_of))
    Console(highlight=False, soft_wrap=True).print(report, markup=False, end="")


def describe(summary: DemoSummary, *, path: Path, options: str) -> str:
    """The short report: rows per table, where the workspace is, what to run next."""
    lines = [
        f"Demo workspace ready at {path}",
        f"{summary.accounts:,} accounts as of {summary.as_of.isoformat()}, "
        f"seed {summary.seed}",
        "",
    ]
    width = max(len(name) for name in summary.rows)
    for name, count in summary.rows.items():
        lines.append(f"  {name:<{width}}  {count:>9,}")
    lines += [
        "",
        "Next:",
        f'  lifebuoy at-risk "all accounts"{options}',
        f'  lifebuoy plan "Critical and High from last at-risk list"{options}',
    ]
    return "\n".join(lines) + "\n"


def _options(workspace: Path | None, as_of: str | None) -> str:
    """The options the next commands need to see this same workspace and day."""
    options = ""
    if workspace is not None:
        options += f" --workspace {workspace}"
    if as_of is not None:
        options += f" --as-of {as_of}"
    return options


def _status(message: str) -> contextlib.AbstractContextManager[object]:
    if stderr.is_terminal:
        return stderr.status(message)
    return contextlib.nullcontext()
