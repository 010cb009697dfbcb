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
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    handle_errors,
    parse_as_of,
    stderr,
)
from lifebuoy.errors import LifebuoyError
from lifebuoy.sources.demo import (
    DEMO_CONFIG,
    MAX_ACCOUNTS,
    SOURCE,
    DemoSummary,
    build_demo,
)
from lifebuoy.workspace import Settings, Workspace
from lifebuoy.workspace.control import clear_runs
from lifebuoy.workspace.schema import CANONICAL


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
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a workspace's imported data too."),
    ] = False,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Build a realistic demo workspace so every command runs at once.

    The same seed and as-of date always give the same data; running it again
    replaces the demo data and clears the saved runs. A workspace holding
    imported data is left alone unless --force is given.
    """
    if as_of is not None:
        # A bad date is reported before any folder is created.
        parse_as_of(as_of, Settings())

    with Workspace.create(workspace, config_text=DEMO_CONFIG) as opened:
        day = parse_as_of(as_of, opened.settings)
        if not force:
            refuse_imported_data(opened)
        with _status(f"Building a demo workspace of {accounts} accounts…"):
            summary = build_demo(opened, accounts=accounts, seed=seed, as_of=day)
        cleared = _clear_runs(opened)

    if cleared:
        stderr.print(f"Cleared {cleared} saved runs of the previous data.")

    report = describe(summary, path=opened.path, options=_options(workspace, as_of))
    Console(highlight=False, soft_wrap=True).print(report, markup=False, end="")


def refuse_imported_data(workspace: Workspace) -> None:
    """Fail when the workspace holds data that did not come from the demo."""
    imported = _imported_rows(workspace)
    if not imported:
        return

    counts = ", ".join(f"{table} {count:,}" for table, count in imported.items())
    raise LifebuoyError(
        f"the workspace at {workspace.path} holds imported data ({counts} rows); "
        "'lifebuoy demo' would replace it",
        hint=(
            "Build the demo in another folder with --workspace DIR, or add --force "
            "to replace the data (its saved runs are cleared too)."
        ),
    )


def _imported_rows(workspace: Workspace) -> dict[str, int]:
    """Rows per canonical table whose source is not the demo."""
    imported: dict[str, int] = {}
    for name, spec in CANONICAL.items():
        if "source" not in spec.column_names:
            continue
        row = workspace.connection.execute(
            f'SELECT count(*) FROM "{name}" WHERE source IS DISTINCT FROM ?',
            [SOURCE],
        ).fetchone()
        if row and row[0]:
            imported[name] = int(row[0])
    return imported


def _clear_runs(workspace: Workspace) -> int:
    """Saved runs refer to the data just replaced: delete them."""
    if not workspace.control_path.exists():
        return 0
    return clear_runs(workspace.control_path)


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
