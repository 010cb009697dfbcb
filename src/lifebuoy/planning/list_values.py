"""The values a team's list writes, read for its rows, each problem said plainly.

Money is read by the importers' rule (``sources.values.parse_money``), the
same for every delimiter and encoding: "€30.000" and "$1,500" are thirty
thousand and fifteen hundred, "1.5" is one and a half, "1.250M" is one
and a quarter million. An ARR that rule leaves ambiguous ("$1,500K", "KWD
1.500") is read and said with its other reading, so no thousandfold slip
passes unsaid.

A value that cannot be read, an ARR of 10^16 or more ("1e400") or below
zero included, is left unknown; the problem is returned to be said with the
row's line and column. Nothing here knows lines or files.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lifebuoy.sources.values import (
    DateOrder,
    Money,
    ParsedDate,
    parse_date,
    parse_domain,
    parse_money,
)


@dataclass(frozen=True)
class Cell:
    """A value as written in a row, and the header of its column."""

    header: str
    text: str


def read_arr(
    cell: Cell, *, decimal_comma: bool, currency: str | None
) -> tuple[Money | None, str | None]:
    """The ARR in CELL (None when unknown), and a problem to say, if any.

    CURRENCY is the row's currency when the cell names none.
    """
    try:
        money = parse_money(cell.text, decimal_comma=decimal_comma, currency=currency)
    except ValueError as exc:
        return None, _unknown(cell, str(exc), what="ARR")
    if money is None:
        return None, None
    if money.amount < 0:
        reason = "ARR cannot be negative (leave the cell empty when it is unknown)"
        return None, _unknown(cell, reason, what="ARR")

    if money.other is None:
        return money, None
    read, other = shown(money.amount), shown(money.other)
    return money, (
        f"{cell.text!r} may be {read} or {other}; read as {read} (write the "
        "amount without a thousands separator to be sure)"
    )


def read_renewal(
    cell: Cell, *, order: DateOrder
) -> tuple[ParsedDate | None, str | None]:
    """The renewal date in CELL (None when unknown) and how it could be read,
    and a problem to say."""
    try:
        return parse_date(cell.text, order=order), None
    except ValueError as exc:
        return None, _unknown(cell, str(exc), what="renewal date")


def read_domain(cell: Cell) -> tuple[str | None, str | None]:
    """The web domain in CELL (None when unknown), and a problem to say."""
    try:
        return parse_domain(cell.text), None
    except ValueError as exc:
        return None, _unknown(cell, str(exc), what="domain")


def shown(amount: Decimal) -> str:
    """An amount as a note shows it: 1,250,000 and 1.5, without trailing zeros."""
    return f"{amount.normalize():,f}"


def _unknown(cell: Cell, reason: str, *, what: str) -> str:
    return f"{cell.text!r}: {reason}; {what} left unknown"
