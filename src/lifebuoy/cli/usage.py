"""Bad command-line usage, worded like lifebuoy's other errors.

Typer reports a mistyped option, a missing argument or a bad value in
Click's words ("Error: No such option: --formt"). The root command catches
those errors, and lifebuoy's own raised while options are read (an unknown
--format, a run number that is not one), and prints one message: "error: …",
then hints, then where to find the command's help; it exits 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import typer
from pydantic import ValidationError

# Typer names its parsing errors and context only in its vendored Click;
# pyproject pins the Typer minor version these names are read from.
from typer._click.core import Context, Parameter
from typer._click.exceptions import (
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
)
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from lifebuoy.cli.common import print_error
from lifebuoy.errors import LifebuoyError

NUMBER = re.compile(r"-\d+(\.\d+)?")
"""A negative number, which the parser takes for an option."""

TOKENS = "lifebuoy.tokens"
"""Where the root context's meta keeps the command line, as typed."""

QUOTE_HINT = "Put an argument of several words in quotes."


class LifebuoyGroup(TyperGroup):
    """The root command: the usage errors of every command are worded here."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.meta[TOKENS] = list(args)
        with worded_usage_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        with worded_usage_errors():
            return super().invoke(ctx)


@contextmanager
def worded_usage_errors() -> Iterator[None]:
    """Print a usage error in lifebuoy's words and exit with its code."""
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except ClickUsageError as exc:
        lines, code = describe(exc), 2
    except LifebuoyError as exc:
        lines, code = _lines(exc), exc.exit_code
    else:
        return
    print_error(*lines)
    raise typer.Exit(code)


def describe(error: ClickUsageError) -> list[str]:
    """The message, then the hints, for one of Typer's usage errors."""
    ctx = error.ctx
    if isinstance(error, NoSuchOption):
        meant = _number_for_argument(error)
        if meant is not None:
            return _lines(meant)
        lines = _unknown_option(error)
    elif isinstance(error, MissingParameter):
        lines = _missing(error)
    elif isinstance(error, BadParameter):
        lines = _bad_value(error)
    else:
        lines = _other(error)

    if ctx is not None:
        lines.append(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.")
    return lines


def _number_for_argument(error: NoSuchOption) -> LifebuoyError | None:
    """What the command's only argument says of a negative number given to it.

    The parser takes "-12" for the options -1 and -2; when the argument has
    a check of its own ("lifebuoy runs show -12"), that check's error, on the
    number as typed, is the one to show.
    """
    ctx = error.ctx
    number = _typed_number(error)
    argument = _only_argument(ctx)
    if ctx is None or number is None or argument is None:
        return None
    try:
        argument.process_value(ctx, number)
    except LifebuoyError as exc:
        return exc
    except ClickUsageError:
        pass  # one of Typer's own checks: "no such option" says enough
    return None


def _typed_number(error: NoSuchOption) -> str | None:
    """The negative number on the command line that the unknown option began."""
    tokens = error.ctx.meta.get(TOKENS, []) if error.ctx is not None else []
    for token in tokens:
        if NUMBER.fullmatch(token) and token.startswith(error.option_name):
            return str(token)
    return None


def _unknown_option(error: NoSuchOption) -> list[str]:
    number = _typed_number(error)
    if number is not None and _arguments(error.ctx):
        return [
            f"no such option {number}",
            f"If {number} is a value, put -- before the command's arguments.",
        ]

    lines = [f"no such option {error.option_name}"]
    if error.possibilities:
        lines.append(f"Did you mean {' or '.join(sorted(error.possibilities))}?")
    return lines


def _missing(error: MissingParameter) -> list[str]:
    param = error.param
    if param is None:
        return [_sentence(error.format_message())]
    return [f"missing {param.param_type_name} {_name(param)}", *_example(error.ctx)]


def _bad_value(error: BadParameter) -> list[str]:
    name = _name(error.param) if error.param is not None else "value"
    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        first = cause.errors()[0]
        reason = str(first["msg"]).removeprefix("Value error, ")
        return [f"{name} {first['input']!r} is not valid: {_sentence(reason)}"]
    return [f"{name} is not valid: {_sentence(error.message)}"]


def _other(error: ClickUsageError) -> list[str]:
    """Errors Typer words itself: an unknown command, extra arguments, …"""
    message, _, suggestion = error.format_message().partition(". Did you mean ")
    swallowed = _swallowed_option(error.ctx)
    if message.startswith("Got unexpected extra argument") and swallowed:
        option, taken = swallowed
        return [
            f"{option} needs a value, but is followed by the option {taken}",
            f"Write the value right after {option}.",
        ]
    lines = [_sentence(message)]
    if suggestion:
        lines.append(f"Did you mean {suggestion}")
    extra = message.startswith("Got unexpected extra argument")
    if extra and _arguments(error.ctx):
        lines += [QUOTE_HINT, *_example(error.ctx)]
    return lines


def _swallowed_option(ctx: Context | None) -> tuple[str, str] | None:
    """An option typed without its value, so the next option became the value:
    ("--as-of", "-w") for "plan Critical --as-of -w ws"."""
    if ctx is None:
        return None
    valued = {
        name
        for param in ctx.command.params
        if param.param_type_name == "option" and not getattr(param, "is_flag", False)
        for name in param.opts
    }
    tokens: list[str] = ctx.find_root().meta.get(TOKENS, [])
    for typed, following in pairwise(tokens):
        option = typed.split("=", 1)[0]
        if (
            option in valued
            and "=" not in typed
            and following.startswith("-")
            and not NUMBER.fullmatch(following)
            and following != "-"
        ):
            return option, following
    return None


def _lines(error: LifebuoyError) -> list[str]:
    return [error.message, *([error.hint] if error.hint else [])]


def _arguments(ctx: Context | None) -> list[Parameter]:
    if ctx is None:
        return []
    return [
        param for param in ctx.command.params if param.param_type_name == "argument"
    ]


def _only_argument(ctx: Context | None) -> Parameter | None:
    arguments = _arguments(ctx)
    return arguments[0] if len(arguments) == 1 else None


def _name(param: Parameter) -> str:
    """An option by its long name, an argument by its upper-case name."""
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return (param.metavar or param.name or "argument").upper()


def _example(ctx: Context | None) -> list[str]:
    """The command's example line, from its epilog."""
    epilog = ctx.command.epilog if ctx is not None else None
    if epilog and epilog.startswith("Example:"):
        return [epilog]
    return []


def _sentence(text: str) -> str:
    """Click's sentence as the rest of a lifebuoy message: lower case, no stop."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]
