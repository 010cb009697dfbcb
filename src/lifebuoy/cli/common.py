"""What every command shares: options, error handling, logging, output."""

from __future__ import annotations

import errno
import functools
import logging
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, Protocol, TypeVar

import typer
from rich.console import Console

from lifebuoy.errors import LifebuoyError
from lifebuoy.log import logger
from lifebuoy.planning.as_of import read_as_of
from lifebuoy.workspace.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)

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


OUTPUT_HINT = (
    "Give --output a file in an existing folder you can write to, "
    "or leave it out to print to the screen."
)


def parse_as_of(text: str | None, settings: Settings) -> date:
    """The --as-of date, or today in the configured time zone."""
    today = datetime.now(settings.zone).date()
    if text is None:
        return today
    return read_as_of(text, today=today)


def check_output(path: Path | None) -> None:
    """Refuse an --output file that cannot be written, before any work is done."""
    if path is None:
        return

    reason = _unwritable(path)
    if reason is not None:
        raise LifebuoyError(f"cannot write {path}: {reason}", hint=OUTPUT_HINT)


def _unwritable(path: Path) -> str | None:
    """Why PATH cannot be written, or None when it looks writable."""
    if path.is_dir():
        return "it is a folder, not a file"

    folder = path.parent
    if not folder.exists():
        return f"folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"

    if path.exists():
        return None if os.access(path, os.W_OK) else "permission denied"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"folder {folder} is not writable"
    return None


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


WIDTH = 100
"""Terminal output written to a file or a pipe is laid out this wide, unless
$COLUMNS says otherwise."""


class TerminalRenderer(Protocol[T_contra]):
    def __call__(self, result: T_contra, /, *, width: int, colour: bool) -> str: ...


def show(
    result: T,
    output_format: OutputFormat,
    *,
    output: Path | None,
    markdown: Callable[[T], str],
    json: Callable[[T], str],
    terminal: TerminalRenderer[T],
) -> None:
    """Render RESULT in the chosen format to the screen or to OUTPUT."""
    console = Console(highlight=False, soft_wrap=True)
    if output_format is OutputFormat.markdown:
        text = markdown(result)
    elif output_format is OutputFormat.json:
        text = json(result)
    else:
        on_screen = output is None and console.is_terminal
        sized = on_screen or bool(os.environ.get("COLUMNS"))
        text = terminal(
            result, width=console.width if sized else WIDTH, colour=on_screen
        )
        if output is None:
            # Already styled by Rich; printed as is so the colours survive.
            typer.echo(text, nl=False)
            return
    emit(text, output=output, console=console)


def emit(text: str, *, output: Path | None, console: Console | None = None) -> None:
    """Print TEXT, or write it to OUTPUT and say where it went."""
    if output is None:
        (console or Console(highlight=False, soft_wrap=True)).print(
            text, markup=False, end=""
        )
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LifebuoyError(
            f"cannot write {output}: {_write_failure(output, exc)}", hint=OUTPUT_HINT
        ) from None
    stderr.print(f"wrote {output}")


def _write_failure(path: Path, exc: OSError) -> str:
    """The reason a write failed, in the user's words."""
    reason = _unwritable(path)
    if reason is not None:
        return reason
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return (exc.strerror or str(exc)).lower()


def not_available(command: str) -> Any:
    raise LifebuoyError(f"'lifebuoy {command}' is not available yet")
