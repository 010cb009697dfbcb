"""``lifebuoy at-risk``: find at-risk accounts and save the run."""

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
    not_available("at-risk")
