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
    WorkspaceOption,
    handle_errors,
    not_available,
)


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
    not_available("health")
