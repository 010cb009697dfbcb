"""The Typer application: thin commands over the core."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lifebuoy import __version__
from lifebuoy.cli.common import (
    AsOfOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    configure_logging,
    handle_errors,
    not_available,
)

app = typer.Typer(
    name="lifebuoy",
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
    configure_logging(verbose=verbose, quiet=quiet)


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


def main() -> None:
    app()
