"""``lifebuoy runs``: the saved at-risk and plan runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    FormatOption,
    OutputFormat,
    OutputOption,
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    check_output,
    handle_errors,
    show,
)
from lifebuoy.errors import UsageError
from lifebuoy.render import runs as render
from lifebuoy.workspace.runs import get_run, list_runs
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
    output: OutputOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """List the saved runs, newest first.

    Example: lifebuoy runs --format json
    """
    if context.invoked_subcommand is not None:
        return
    check_output(output, workspace=workspace)
    with Workspace.open(workspace, read_only=True) as opened:
        summaries = list_runs(opened)
    _show(summaries, output_format, output=output, workspace=workspace)


@runs_app.command(name="show", epilog="Example: lifebuoy runs show 3")
@handle_errors
def show_run(
    run_id: RunNumberArgument,
    workspace: WorkspaceOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    output: OutputOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Show run N: its scope, as-of date, settings hash and every account."""
    check_output(output, workspace=workspace)
    with Workspace.open(workspace, read_only=True) as opened:
        run = get_run(opened, run_id)
    _show(run, output_format, output=output, workspace=workspace)


def _show(
    result: render.Runs,
    output_format: OutputFormat,
    *,
    output: Path | None,
    workspace: Path | None,
) -> None:
    show(
        result,
        output_format,
        output=output,
        markdown=render.render_markdown,
        json=render.render_json,
        terminal=render.render_terminal,
        workspace=workspace,
    )
