"""What every command shares: options, error handling, logging, output."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from lifebuoy.errors import LifebuoyError, UsageError
from lifebuoy.log import logger
from lifebuoy.workspace.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Workspace folder [default: $LIFEBUOY_WORKSPACE or ./.lifebuoy].",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Plan as of this date, YYYY-MM-DD [default: today].",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE instead of the screen."),
]


def parse_as_of(text: str | None, settings: Settings) -> date:
    """The --as-of date, or today in the configured time zone."""
    if text is None:
        return datetime.now(settings.zone).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--as-of {text!r} is not a date",
            hint="Write it as YYYY-MM-DD, for example --as-of 2026-12-03.",
        ) from None


def configure_logging(*, verbose: int, quiet: bool) -> None:
    """Send the package's log lines to stderr at the level the flags ask for."""
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose > 1:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn lifebuoy's errors into one message on stderr and the exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LifebuoyError as exc:
            stderr.print(f"[bold red]error:[/] {exc.message}", markup=True)
            if exc.hint:
                stderr.print(exc.hint, markup=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def emit(text: str, *, output: Path | None, console: Console | None = None) -> None:
    """Print TEXT, or write it to OUTPUT and say where it went."""
    if output is None:
        (console or Console(highlight=False, soft_wrap=True)).print(
            text, markup=False, end=""
        )
        return
    output.write_text(text, encoding="utf-8")
    stderr.print(f"wrote {output}")


def not_available(command: str) -> Any:
    raise LifebuoyError(f"'lifebuoy {command}' is not available yet")
