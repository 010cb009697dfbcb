"""``lifebuoy health``: an account's health score, or a scope's."""

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
from lifebuoy.planning.health import HealthTable
from lifebuoy.planning.health import health as health_of
from lifebuoy.render import health as render
from lifebuoy.signals.health import HealthReport
from lifebuoy.workspace.store import Workspace

WIDTH = 100


@app.command(epilog='Example: lifebuoy health "Acme Corp"')
@handle_errors
def health(
    account_or_scope: Annotated[
        str, typer.Argument(help="An account id or name, or a scope.")
    ],
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    output: OutputOption = None,
) -> None:
    """Health score 0-100 with its factors and risk flags."""
    check_output(output)
    with Workspace.open(workspace) as opened:
        day = parse_as_of(as_of, opened.settings)
        result = health_of(opened, account_or_scope, as_of=day)

    console = Console(highlight=False, soft_wrap=True)
    text = _render(result, output_format, console=console, to_file=output is not None)
    if output is None and output_format is OutputFormat.terminal:
        typer.echo(text, nl=False)
        return
    emit(text, output=output, console=console)


def _render(
    result: HealthReport | HealthTable,
    output_format: OutputFormat,
    *,
    console: Console,
    to_file: bool,
) -> str:
    if output_format is OutputFormat.markdown:
        return render.render_markdown(result)
    if output_format is OutputFormat.json:
        return render.render_json(result)
    on_screen = not to_file and console.is_terminal
    return render.render_terminal(
        result, width=console.width if on_screen else WIDTH, colour=on_screen
    )
