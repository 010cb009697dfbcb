"""Cell values and their escaping, per output format.

Every renderer formats money and dates the same way and escapes each cell for
its format: a "|" or a newline must not break a Markdown table, a leading
"=", "+", "-" or "@" must not become a spreadsheet formula when a table is
pasted into one, and control characters never reach a terminal.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rich.console import Console
from rich.text import Text

UNKNOWN = "—"
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "CAD": "CA$",
    "AUD": "A$",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def money(amount: Decimal | None, currency: str | None) -> str:
    """ "$120,000", "€80,000", "CHF 5,000"; "—" when unknown."""
    if amount is None:
        return UNKNOWN
    code = (currency or "USD").upper()
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if whole < 0 else ""
    digits = f"{abs(whole):,.0f}"
    symbol = SYMBOLS.get(code)
    if symbol is None:
        return f"{sign}{code} {digits}"
    return f"{sign}{symbol}{digits}"


def day(value: date | None) -> str:
    """ "Fri 2026-12-04"; "—" when unknown."""
    if value is None:
        return UNKNOWN
    return f"{WEEKDAY_NAMES[value.weekday()]} {value.isoformat()}"


def one_line(text: str) -> str:
    """TEXT on one line, without control characters."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def defuse_formula(text: str) -> str:
    """A leading quote keeps a spreadsheet from reading TEXT as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def markdown_cell(text: str) -> str:
    """TEXT safe inside a Markdown table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", defuse_formula(one_line(text)))


def markdown_text(text: str) -> str:
    """TEXT safe in a Markdown paragraph or list item."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def code_span(text: str) -> str:
    """TEXT as inline Markdown code, whatever backticks it holds."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if longest:
        return f"{fence} {text} {fence}"
    return f"{fence}{text}{fence}"


def terminal_cell(text: str) -> str:
    """TEXT safe to print on a terminal: one line, no control sequences."""
    return one_line(text)


def print_step(console: Console, text: str, command: str) -> None:
    """One next step; its line is never broken, so the command pastes whole."""
    line = Text.assemble(f"  {text}: ", (terminal_cell(command), "bold"))
    console.print(line, soft_wrap=True)


def terminal_console(*, width: int, colour: bool) -> tuple[Console, io.StringIO]:
    """A Rich console that writes WIDTH columns into a buffer, coloured or plain."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    return console, buffer
