"""``lifebuoy import``: load exports into the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lifebuoy.cli.app import app
from lifebuoy.cli.common import WorkspaceOption, handle_errors, not_available


@app.command(
    name="import",
    epilog="Example: lifebuoy import hubspot companies.json owners.json",
)
@handle_errors
def import_(
    source: Annotated[str, typer.Argument(help="hubspot, salesforce, csv, …")],
    paths: Annotated[list[Path], typer.Argument(help="Files to import.")],
    workspace: WorkspaceOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report only; write nothing.")
    ] = False,
) -> None:
    """Load exports from a CRM, support desk, billing or other system."""
    not_available("import")
