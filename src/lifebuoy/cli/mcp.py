"""``lifebuoy mcp``: the MCP server over stdio, for an AI assistant."""

from __future__ import annotations

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    handle_errors,
)


@app.command(epilog="Example: lifebuoy mcp --workspace ~/cs/.lifebuoy")
@handle_errors
def mcp(
    workspace: WorkspaceOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """Serve the plan, at-risk list and health to an MCP client over stdio.

    Register it in the client's configuration as the command "lifebuoy" with
    the arguments "mcp --workspace DIR". Stdout carries the protocol only;
    log lines go to stderr.
    """
    from lifebuoy.mcp import serve

    serve(workspace)
