"""``lifebuoy plan``: the intervention plan."""

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
    not_available("plan")
