"""The Typer application: thin commands over the core."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lifebuoy import __version__
from lifebuoy.cli.common import WORKSPACE_HELP, configure_logging
from lifebuoy.cli.usage import LifebuoyGroup

app = typer.Typer(
    name="lifebuoy",
    cls=LifebuoyGroup,
    help=(
        "Plan interventions for customer accounts at risk of churning.\n\n"
        'Example: lifebuoy plan "Critical and High from last at-risk list"'
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lifebuoy {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help=f"{WORKSPACE_HELP} The command's own -w wins.",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        int,
        typer.Option("--verbose", "-v", count=True, help="More log lines (-vv)."),
    ] = 0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    # The command reads WORKSPACE from this context when it is given no -w.
    configure_logging(verbose=verbose, quiet=quiet)


def main() -> None:
    app()


# Each command lives in its own module and registers itself on ``app``.
from lifebuoy.cli import at_risk, demo, health, imports, mcp, plan, runs  # noqa: E402, F401
