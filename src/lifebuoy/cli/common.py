"""What every command shares: options, error handling, logging, output."""

from __future__ import annotations

import difflib
import errno
import functools
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, Protocol, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from lifebuoy.errors import LifebuoyError, UsageError
from lifebuoy.log import logger
from lifebuoy.planning.as_of import read_as_of
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import (
    CONFIG_FILE,
    CONTROL_FILE,
    DATA_FILE,
    DEFAULT_DIR,
    resolve_path,
)

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


def _workspace_before_command(ctx: typer.Context, value: Path | None) -> Path | None:
    """The command's own -w, else the nearest one given before the command."""
    parent = ctx.parent
    while value is None and parent is not None:
        value = parent.params.get("workspace")
        parent = parent.parent
    return value


def read_format(text: str) -> OutputFormat:
    """The --format value; an unknown one is bad usage naming the valid ones."""
    names = [item.value for item in OutputFormat]
    if text.lower() in names:
        return OutputFormat(text.lower())

    hint = f"Use one of: {', '.join(names)}."
    close = difflib.get_close_matches(text.lower(), names, n=1)
    if close:
        hint = f"Did you mean {close[0]}? {hint}"
    raise UsageError(f"unknown format {text!r}", hint=hint)


def _log_level_after_command(
    ctx: typer.Context, param: typer.CallbackParam, value: int
) -> int:
    """-v or -q after a command: replaces the log level set before the command.

    Both flags are read from the command line in the order given; once both
    are known, -q wins, as it does before the command.
    """
    flags = {**ctx.params, str(param.name): value}
    verbose = int(flags.get("verbose", 0))
    quiet = bool(flags.get("quiet", False))
    if verbose or quiet:
        configure_logging(verbose=verbose, quiet=quiet)
    return value


WORKSPACE_HELP = "Workspace folder [default: $LIFEBUOY_WORKSPACE or ./.lifebuoy]."
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        callback=_workspace_before_command,
        help=f"{WORKSPACE_HELP} Wins over a -w given before the command.",
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
    typer.Option("--format", "-f", parser=read_format, help="Output format."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE instead of the screen."),
]
VerboseOption = Annotated[
    int,
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        callback=_log_level_after_command,
        help="More log lines (-vv). Replaces -v/-q given before the command.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        callback=_log_level_after_command,
        help="Only errors on stderr; wins over -v. Replaces -v/-q given before "
        "the command.",
    ),
]


INTERRUPTED_HINT = (
    "Nothing after the interruption was done. Run the command again to finish; "
    "importing the same file again adds nothing twice."
)

BY_SUFFIX = {
    ".md": OutputFormat.markdown,
    ".markdown": OutputFormat.markdown,
    ".json": OutputFormat.json,
}
"""The format an --output file's extension asks for, when none is given."""

STDOUT = Path("-")
"""--output - prints to the screen, as leaving it out does."""

WORKSPACE_FILES = frozenset({DATA_FILE, CONTROL_FILE, CONFIG_FILE})
"""A workspace's own files: never an --output."""

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


def check_output(
    path: Path | None,
    *,
    inputs: Sequence[Path] = (),
    workspace: Path | None = None,
) -> None:
    """Refuse an --output file that cannot be written, or must not be: inside
    the WORKSPACE folder or another workspace's file (through a link too), a
    file read by this command, anything not text. Checked before any work."""
    if path is None or path == STDOUT:
        return

    reason = _unwritable(path) or _precious(path, inputs, workspace=workspace)
    if reason is not None:
        raise LifebuoyError(f"cannot write {path}: {reason}", hint=OUTPUT_HINT)


def _precious(
    path: Path, inputs: Sequence[Path], *, workspace: Path | None
) -> str | None:
    """Why writing PATH would lose something, or None."""
    target = path.resolve()
    folder = resolve_path(workspace).resolve()
    if target.parent == folder or any(
        _same_file(path, folder / name) for name in WORKSPACE_FILES
    ):
        return f"it is in the lifebuoy workspace {folder}"
    if not target.is_file():
        return None
    if any(_same_file(path, given) for given in inputs):
        return "it is the list this command reads"
    if target.name in WORKSPACE_FILES and (target.parent / DATA_FILE).exists():
        return f"it is part of the lifebuoy workspace in {target.parent}"
    try:
        with target.open("rb") as existing:
            start = existing.read(8192)
    except OSError:
        return None
    if b"\0" in start:
        return "it is not a text file (a database, spreadsheet or archive?)"
    return None


def _same_file(path: Path, other: Path) -> bool:
    try:
        return other.is_file() and path.samefile(other)
    except OSError:
        return False


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
    """Turn lifebuoy's errors, and Ctrl-C, into one message on stderr and the
    exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LifebuoyError as exc:
            print_error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print_error("interrupted", INTERRUPTED_HINT)
            raise typer.Exit(1) from None

    return wrapper


def print_error(message: str, *hints: str | None) -> None:
    """One error on stderr: "error: MESSAGE", then each hint on its own line."""
    stderr.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    for hint in hints:
        if hint:
            stderr.print(hint, markup=False)


WIDTH = 100
"""Terminal output written to a file or a pipe is laid out this wide, unless
$COLUMNS says otherwise."""


class Renderer(Protocol[T_contra]):
    def __call__(self, result: T_contra, /, *, workspace: Path | None) -> str: ...


class TerminalRenderer(Protocol[T_contra]):
    def __call__(
        self, result: T_contra, /, *, width: int, colour: bool, workspace: Path | None
    ) -> str: ...


def named_workspace(option: Path | None) -> Path | None:
    """The workspace suggested commands must name (-w): the one given, or the
    one $LIFEBUOY_WORKSPACE names; None for the default ./.lifebuoy."""
    folder = resolve_path(option)
    if option is None and folder == DEFAULT_DIR:
        return None
    return folder


def show(
    result: T,
    output_format: OutputFormat,
    *,
    output: Path | None,
    markdown: Renderer[T],
    json: Renderer[T],
    terminal: TerminalRenderer[T],
    workspace: Path | None = None,
) -> None:
    """Render RESULT in the chosen format to the screen or to OUTPUT.

    Written to a .md or .json file, terminal output (the default) becomes
    Markdown or JSON: a terminal table belongs on a screen. The next steps
    name WORKSPACE (the --workspace option) unless it is the default.
    """
    named = named_workspace(workspace)
    if output == STDOUT:
        output = None
    if output is not None and output_format is OutputFormat.terminal:
        output_format = BY_SUFFIX.get(output.suffix.lower(), output_format)
    console = Console(highlight=False, soft_wrap=True)
    if output_format is OutputFormat.markdown:
        text = markdown(result, workspace=named)
    elif output_format is OutputFormat.json:
        text = json(result, workspace=named)
    else:
        on_screen = output is None and console.is_terminal
        sized = on_screen or bool(os.environ.get("COLUMNS"))
        width = console.width if sized else WIDTH
        text = terminal(result, width=width, colour=on_screen, workspace=named)
        if output is None:
            # Already styled by Rich; printed as is so the colours survive.
            typer.echo(text, nl=False)
            return
    emit(text, output=output)


def emit(text: str, *, output: Path | None) -> None:
    """Print TEXT as it is, or write it to OUTPUT and say where it went."""
    if output is None or output == STDOUT:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LifebuoyError(
            f"cannot write {output}: {_write_failure(output, exc)}", hint=OUTPUT_HINT
        ) from None
    if logger.isEnabledFor(logging.WARNING):
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
