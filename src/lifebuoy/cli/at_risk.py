"""``lifebuoy at-risk``: find at-risk accounts and save the run."""

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
    check_output,
    emit,
    handle_errors,
    parse_as_of,
)
from lifebuoy.cli.scope import resolve_scope
from lifebuoy.planning.at_risk import AtRiskList
from lifebuoy.planning.at_risk import at_risk as find_at_risk
from lifebuoy.render import at_risk as render
from lifebuoy.workspace.store import Workspace

WIDTH = 100


@app.command(name="at-risk", epilog='Example: lifebuoy at-risk "all accounts"')
@handle_errors
def at_risk(
    scope: Annotated[str, typer.Argument(help="Which accounts, in plain words.")],
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    output: OutputOption = None,
) -> None:
    """Find at-risk accounts, with their signals; saved as a run."""
    check_output(output)
    with Workspace.open(workspace) as opened:
        day = parse_as_of(as_of, opened.settings)
        parsed = resolve_scope(scope, workspace=opened, as_of=day)
        result = find_at_risk(opened, parsed, as_of=day)

    console = Console(highlight=False, soft_wrap=True)
    text = _render(result, output_format, console=console, to_file=output is not None)
    if output is None and output_format is OutputFormat.terminal:
        typer.echo(text, nl=False)
        return
    emit(text, output=output, console=console)


def _render(
    result: AtRiskList, output_format: OutputFormat, *, console: Console, to_file: bool
) -> str:
    if output_format is OutputFormat.markdown:
        return render.render_markdown(result)
    if output_format is OutputFormat.json:
        return render.render_json(result)
    on_screen = not to_file and console.is_terminal
    return render.render_terminal(
        result, width=console.width if on_screen else WIDTH, colour=on_screen
    )
