"""``lifebuoy health``: an account's health score, or a scope's."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

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
from lifebuoy.planning.health import HealthTable
from lifebuoy.planning.health import health as health_of
from lifebuoy.planning.model import Scope
from lifebuoy.planning.plan import interim_scope
from lifebuoy.render import health as render
from lifebuoy.signals.health import HealthReport
from lifebuoy.workspace.store import Workspace


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
    with Workspace.open(workspace) as opened:
        day = parse_as_of(as_of, opened.settings)
        result = health_of(opened, account_or_scope, as_of=day, parse_scope=_scope)
        emit(_render(result, output_format, output=output), output=output)


def _scope(workspace: Workspace, text: str, as_of: date) -> Scope:
    return interim_scope(text)


def _render(
    result: HealthReport | HealthTable,
    output_format: OutputFormat,
    *,
    output: object,
) -> str:
    if output_format is OutputFormat.markdown:
        return render.render_markdown(result)
    if output_format is OutputFormat.json:
        return render.render_json(result)
    colour = output is None and sys.stdout.isatty()
    return render.render_terminal(result, colour=colour)
