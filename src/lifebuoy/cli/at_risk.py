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
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    check_output,
    handle_errors,
    parse_as_of,
    show,
)
from lifebuoy.cli.scope import resolve_scope
from lifebuoy.planning.at_risk import at_risk as find_at_risk
from lifebuoy.render import at_risk as render
from lifebuoy.workspace.store import Workspace


@app.command(name="at-risk", epilog='Example: lifebuoy at-risk "all accounts"')
@handle_errors
def at_risk(
    scope: Annotated[str, typer.Argument(help="Which accounts, in plain words.")],
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    output: OutputOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Find at-risk accounts, with their signals; saved as a run."""
    check_output(output, workspace=workspace)
    with Workspace.open(workspace, read_only=True) as opened:
        day = parse_as_of(as_of, opened.settings)
        parsed = resolve_scope(scope, workspace=opened, as_of=day)
        result = find_at_risk(opened, parsed, as_of=day)

    show(
        result,
        output_format,
        output=output,
        markdown=render.render_markdown,
        json=render.render_json,
        terminal=render.render_terminal,
        workspace=workspace,
    )
