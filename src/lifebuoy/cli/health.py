"""``lifebuoy health``: an account's health score, or a scope's."""

from __future__ import annotations

from typing import Annotated

import typer

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    AsOfOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    check_output,
    handle_errors,
    parse_as_of,
    show,
)
from lifebuoy.planning.health import health as health_of
from lifebuoy.render import health as render
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
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Health score 0-100 with its factors and risk flags."""
    check_output(output, workspace=workspace)
    with Workspace.open(workspace, read_only=True) as opened:
        day = parse_as_of(as_of, opened.settings)
        result = health_of(opened, account_or_scope, as_of=day)

    show(
        result,
        output_format,
        output=output,
        markdown=render.render_markdown,
        json=render.render_json,
        terminal=render.render_terminal,
        workspace=workspace,
    )
