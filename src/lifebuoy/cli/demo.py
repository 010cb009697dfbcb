"""``lifebuoy demo``: build the demo workspace."""

from __future__ import annotations

from typing import Annotated

import typer

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    AsOfOption,
    WorkspaceOption,
    handle_errors,
    not_available,
)


@app.command(epilog="Example: lifebuoy demo --accounts 400 --seed 7")
@handle_errors
def demo(
    workspace: WorkspaceOption = None,
    accounts: Annotated[
        int, typer.Option("--accounts", min=1, help="How many accounts.")
    ] = 400,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
    as_of: AsOfOption = None,
) -> None:
    """Build a realistic demo workspace so every command runs at once."""
    not_available("demo")
