"""``lifebuoy plan``: the intervention plan."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    AsOfOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    emit,
    handle_errors,
    parse_as_of,
)
from lifebuoy.cli.scope import resolve_scope
from lifebuoy.planning.plan import Plan, save_plan_run
from lifebuoy.planning.plan import plan as build
from lifebuoy.render.json import render_json
from lifebuoy.render.markdown import render_markdown
from lifebuoy.render.terminal import WIDTH, render_terminal
from lifebuoy.workspace.store import Workspace


@app.command(epilog='Example: lifebuoy plan "Critical and High from last at-risk list"')
@handle_errors
def plan(
    scope: Annotated[str, typer.Argument(help="Which accounts, in plain words.")],
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    output: OutputOption = None,
) -> None:
    """The intervention plan: tiers, actions, owners and due dates."""
    with Workspace.open(workspace) as opened:
        day = parse_as_of(as_of, opened.settings)
        parsed = resolve_scope(scope, workspace=opened, as_of=day)
        result = build(opened, parsed, as_of=day)
        save_plan_run(opened, result, kind="plan")

    console = Console(highlight=False, soft_wrap=True)
    text = _render(result, output_format, console=console, to_file=output is not None)
    if output is None and output_format is OutputFormat.terminal:
        # Already styled by Rich; printed as is so the colours survive.
        typer.echo(text, nl=False)
        return
    emit(text, output=output, console=console)


def _render(
    result: Plan, output_format: OutputFormat, *, console: Console, to_file: bool
) -> str:
    if output_format is OutputFormat.markdown:
        return render_markdown(result)
    if output_format is OutputFormat.json:
        return render_json(result)
    on_screen = not to_file and console.is_terminal
    return render_terminal(
        result, width=console.width if on_screen else WIDTH, colour=on_screen
    )
