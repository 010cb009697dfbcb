"""Small pure parsers for the values found in exports: money, dates, flags, text.

Each parser takes what a reader produced (a string, or a number or date from
a spreadsheet or Parquet file) and returns a typed value, None for an empty
cell, or raises ValueError with a reason a user can act on.

Money is read by one rule whatever the file's delimiter or encoding: a mark
("." or ",") written more than once, or before the other mark, groups
thousands ("1.234.567", "1,234.56", "1.234,56"); a lone mark followed by
exactly three digits groups thousands too ("€30.000" and "$1,500" are
thirty thousand and fifteen hundred), since amounts in two-decimal
currencies never have three decimals; any other lone mark is the decimal
mark ("1.5", "1200,50", "0.500"). Before a multiplier (k, M, mm, B, bn) a
lone "." is the decimal mark ("1.250M" is 1,250,000, "2.5k" 2,500), and so
is a lone "," in a file whose decimal mark it is ("1,25M" in a semicolon
file): nobody groups the thousands of a number that a suffix scales. A lone
mark before three digits stays ambiguous otherwise after a multiplier
("$1,500K" in a comma file), in a currency with three decimals ("KWD
1.500"), or after four or more digits ("1234.567"): it is then read as the
file's decimal mark when it is one ("," in a semicolon file, "." elsewhere),
else as grouping, and the other reading is kept for a note. Marks written
more than once must group thousands, three digits after the first group
("1,234,567", "1.234.567", "1 234 567"), with at most one decimal mark after
them: "1.2.3", "1,2,3" and "1.23.456" are no amount.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from dateutil import parser as date_parser

from lifebuoy.workspace.settings import currency_code

DateOrder = Literal["mdy", "dmy", "ymd"]
Reading = Literal["exact", "ambiguous", "mdy", "dmy"]

EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 to 2119-01-10

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
MORE_DECIMALS = frozenset(
    {"BHD", "CLF", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", "UYW"}
)
"""ISO 4217 currencies with three or four decimals: "1.500" may be 1.5 there."""
MAX_MONEY = Decimal("1e16")
"""An amount this large is no sum a customer pays: rejected as too large."""
MULTIPLIERS = {"k": Decimal(1_000), "m": Decimal(1_000_000), "mm": Decimal(1_000_000)}
MULTIPLIERS |= {"b": Decimal(1_000_000_000), "bn": Decimal(1_000_000_000)}
MINUS_SIGNS = "\u2212\u2012\u2013\ufe63\uff0d"
SPACES = "\u00a0\u202f\u2009\u2007 '’"

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "x", "on", "checked"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "off", "unchecked"})

_EXPONENT = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_NUMBER = re.compile(r"^\d*\.?\d+$|^\d+\.$")
_LONE_MARK = re.compile(r"^(\d+)([.,])(\d{3})$")
_SPACE_RUN = re.compile(rf"[{SPACES}]+")
_MARKS_ONLY = re.compile(r"^[\d., ]+$")
_GROUPED = re.compile(r"^\d{1,3}([., ])\d{3}(?:\1\d{3})*(?:(?!\1)[.,]\d*)?$")
_CODE_FIRST = re.compile(r"^([A-Za-z]{3})\s*([\d(\-\u2212].*)$")
_CODE_LAST = re.compile(r"^(.*\d\)?[kKmMbB]?)\s*([A-Za-z]{3})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_SLASHED = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None
    other: Decimal | None = None
    """The other reading of an ambiguous amount ("KWD 1.500": 1,500 beside the
    1.5 read); None when the amount reads one way only."""


@dataclass(frozen=True)
class _Written:
    """An amount as written, taken apart: "(€1.250M)" is minus, EUR, "1.250", M."""

    negative: bool
    currency: str | None
    digits: str
    multiplier: Decimal
    marked: str
    """The digits with their marks, a space between two digits kept as one:
    "1 250,5" for "1 250,5M"."""

    @property
    def space_grouped(self) -> bool:
        return " " in self.marked


@dataclass(frozen=True)
class ParsedDate:
    value: date
    reading: Reading


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: object) -> str | None:
    """Text as written, NFC-normalised and trimmed; formulas stay plain text."""
    if value is None:
        return None
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():
        text = _CONTROL.sub("", text)
    return text.strip() or None


def parse_money(
    value: object, *, decimal_comma: bool = False, currency: str | None = None
) -> Money | None:
    """$1,200.50, 1.200,50 €, €30.000, 120k, 2.8K, (450), −450, 8.48E10, EUR 90.

    DECIMAL_COMMA says the file writes decimal commas (a semicolon CSV); it
    only settles an ambiguous amount. CURRENCY is the column's currency when
    the value names none. ValueError for an amount of MAX_MONEY or more.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("a true/false value is not an amount")
    if isinstance(value, int | float | Decimal):
        return Money(_bounded(_decimal(str(value))), None)

    written = _written(str(value))
    _check_grouping(written.marked)
    decimal_mark = "," if decimal_comma else "."
    digits, other = _money_digits(
        written,
        decimal_mark=decimal_mark,
        exact=(written.currency or currency or "").upper() not in MORE_DECIMALS,
    )
    amount = _bounded(_signed(written, _decimal(digits)))
    if other is None:
        return Money(amount, written.currency)
    return Money(amount, written.currency, _signed(written, _decimal(other)))


def _written(text: str) -> _Written:
    negative, text = _strip_sign(text.strip())
    currency, text = _strip_currency(text)
    sign_inside, text = _strip_sign(text)
    multiplier, marked = _strip_multiplier(_SPACE_RUN.sub(_grouping_space, text))
    digits = marked.replace(" ", "")
    return _Written(negative != sign_inside, currency, digits, multiplier, marked)


def _grouping_space(run: re.Match[str]) -> str:
    """One space for a run of spaces between two digits; none for any other."""
    text, start, end = run.string, run.start(), run.end()
    between = text[start - 1 : start].isdigit() and text[end : end + 1].isdigit()
    return " " if between else ""


def _check_grouping(marked: str) -> None:
    """ValueError for digits whose marks group no thousands ("1.2.3", "1,2,3",
    "1.23.456"); a lone "." or "," is left to ``_money_digits``."""
    if not _MARKS_ONLY.match(marked) or _GROUPED.match(marked):
        return
    if " " in marked or len(re.findall(r"[.,]", marked)) > 1:
        raise ValueError(
            "not an amount: thousands separators group three digits, as in "
            "1,234,567.50, 1.234.567,50 or 1 234 567 (or write 1234567.50)"
        )


def _signed(written: _Written, number: Decimal) -> Decimal:
    amount = number * written.multiplier
    return -amount if written.negative else amount


def _bounded(amount: Decimal) -> Decimal:
    if abs(amount) >= MAX_MONEY:
        raise ValueError(
            f"the amount is too large (an amount is under {MAX_MONEY:,.0f})"
        )
    return amount


def _money_digits(
    written: _Written, *, decimal_mark: str, exact: bool
) -> tuple[str, str | None]:
    """The amount's plain digits, and the other plain reading when ambiguous.

    EXACT says the currency has at most two decimals.
    """
    text = written.digits
    match = _LONE_MARK.match(text)
    if match is None:
        return _plain_number(text), None
    whole, mark, part = match.groups()
    as_decimal, as_grouping = f"{whole}.{part}", f"{whole}{part}"
    if whole.startswith("0") or written.space_grouped:
        return as_decimal, None
    if written.multiplier != 1 and mark in {".", decimal_mark}:
        return as_decimal, None
    if exact and len(whole) <= 3 and written.multiplier == 1:
        return as_grouping, None
    if mark == decimal_mark:
        return as_decimal, as_grouping
    return as_grouping, as_decimal


def _number(value: object) -> Decimal:
    """A plain number: a lone mark is its decimal mark ("1.500" is 1.5)."""
    try:
        written = _written(str(value))
        _check_grouping(written.marked)
        number = _decimal(_plain_number(written.digits)) * written.multiplier
    except ValueError:
        raise ValueError(
            "not a number (expected e.g. 42, 3.5 or 1,234; thousands separators "
            "group three digits)"
        ) from None
    return -number if written.negative else number


def _strip_sign(text: str) -> tuple[bool, str]:
    text = text.strip()
    if len(text) > 1 and text[0] == "(" and text[-1] == ")":
        return True, text[1:-1].strip()
    if text[:1] in MINUS_SIGNS or text[:1] == "-":
        return True, text[1:].strip()
    if text[-1:] in MINUS_SIGNS or text[-1:] == "-":
        return True, text[:-1].strip()
    return False, text


def _strip_currency(text: str) -> tuple[str | None, str]:
    for symbol, code in CURRENCY_SYMBOLS.items():
        if text.startswith(symbol) or text.endswith(symbol):
            return code, text.strip(symbol).strip()
    if match := _CODE_FIRST.match(text):
        return match.group(1).upper(), match.group(2)
    if match := _CODE_LAST.match(text):
        return match.group(2).upper(), match.group(1)
    return None, text


def _strip_multiplier(text: str) -> tuple[Decimal, str]:
    lowered = text.lower()
    for suffix in ("mm", "bn", "k", "m", "b"):
        if lowered.endswith(suffix) and lowered[: -len(suffix)][-1:].isdigit():
            return MULTIPLIERS[suffix], text[: -len(suffix)]
    return Decimal(1), text


def _plain_number(text: str) -> str:
    if _EXPONENT.match(text):
        return text
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        return text.replace(grouping, "").replace(decimal_mark, ".")
    if "," in text:
        if _GROUPED_COMMA.match(text) or text.count(",") > 1:
            return text.replace(",", "")
        return text.replace(",", ".")
    if text.count(".") > 1:
        return text.replace(".", "")
    return text


def _decimal(text: str) -> Decimal:
    if not (_NUMBER.match(text) or _EXPONENT.match(text)):
        raise ValueError("not an amount (expected e.g. 1200.50, $1,200.50 or 120k)")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError("not an amount") from None


def parse_date(value: object, *, order: DateOrder = "mdy") -> ParsedDate | None:
    """A calendar date as written: never shifted by a time zone or offset."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return ParsedDate(value.date(), "exact")
    if isinstance(value, date):
        return ParsedDate(value, "exact")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ParsedDate(_excel_serial(float(value)).date(), "exact")

    text = str(value).strip()
    if match := _ISO_DATE.match(text):
        return ParsedDate(_checked_date(*map(int, match.groups())), "exact")
    if _SERIAL.match(text):
        return ParsedDate(_excel_serial(float(text)).date(), "exact")
    if match := _COMPACT.match(text):
        return ParsedDate(_checked_date(*map(int, match.groups())), "exact")
    if match := _SLASHED.match(text):
        return _slashed(*match.groups(), order=order)
    return ParsedDate(_free_text(text, order=order).date(), "exact")


def parse_timestamp(value: object, *, order: DateOrder = "mdy") -> datetime | None:
    """A moment in UTC without a zone; a time without a zone is taken as UTC."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return _to_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(float(value))

    text = str(value).strip()
    if _SERIAL.match(text):
        return _excel_serial(float(text))
    try:
        return _to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    if _SLASHED.match(text) or _COMPACT.match(text):
        parsed = parse_date(text, order=order)
        assert parsed is not None
        return datetime(parsed.value.year, parsed.value.month, parsed.value.day)
    return _to_utc(_free_text(text, order=order))


def _to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _excel_serial(serial: float) -> datetime:
    low, high = EXCEL_SERIAL_RANGE
    if not low <= serial <= high:
        raise ValueError(
            f"the number {serial:g} is not a date (spreadsheet serial dates lie "
            f"between {low} and {high})"
        )
    start = datetime(EXCEL_EPOCH.year, EXCEL_EPOCH.month, EXCEL_EPOCH.day)
    return start + timedelta(days=serial)


def _checked_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"not a date: {exc}") from None


def _slashed(first: str, second: str, third: str, *, order: DateOrder) -> ParsedDate:
    if len(first) == 4:
        return ParsedDate(_checked_date(int(first), int(second), int(third)), "exact")
    year = _full_year(third)
    a, b = int(first), int(second)
    if a > 12 and b <= 12:
        return ParsedDate(_checked_date(year, b, a), "dmy")
    if b > 12 and a <= 12:
        return ParsedDate(_checked_date(year, a, b), "mdy")
    if a == b:
        return ParsedDate(_checked_date(year, a, b), "exact")
    if order == "mdy":
        return ParsedDate(_checked_date(year, a, b), "ambiguous")
    # "ymd" settles only year-first dates; two-digit pairs then read day-first
    return ParsedDate(_checked_date(year, b, a), "ambiguous")


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


def _free_text(text: str, *, order: DateOrder) -> datetime:
    first_default = datetime(2001, 1, 1)
    second_default = datetime(2002, 2, 2)
    try:
        first = date_parser.parse(text, dayfirst=order == "dmy", default=first_default)
        second = date_parser.parse(
            text, dayfirst=order == "dmy", default=second_default
        )
    except (ValueError, OverflowError):
        raise ValueError(
            "not a date (expected e.g. 2026-04-15 or 15 Apr 2026)"
        ) from None
    if first.date() != second.date():
        raise ValueError("an incomplete date: day, month and year are all needed")
    return first


def parse_currency(value: object) -> str | None:
    """A currency column's value as an ISO 4217 code: "eur" and "€" are EUR.

    Raises ValueError, naming close codes, for anything else, since an amount
    in an unknown currency can be neither converted nor summed.
    """
    text = clean_text(value)
    if text is None:
        return None
    return currency_code(CURRENCY_SYMBOLS.get(text, text))


def parse_bool(value: object) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("not a yes/no value (expected true/false, yes/no or 1/0)")


def parse_int(value: object) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("a true/false value is not a number")
    if isinstance(value, int):
        return value
    number = _number(value)
    if number != number.to_integral_value():
        raise ValueError("not a whole number")
    return int(number)


def parse_float(value: object) -> float | None:
    if is_blank(value):
        return None
    return float(_number(str(value).rstrip("%")))


def parse_domain(value: object) -> str | None:
    """acme.com from acme.com, https://www.acme.com/about or jo@acme.com."""
    text = clean_text(value)
    if text is None:
        return None
    text = text.lower()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    text = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", text)
    text = re.split(r"[/?#:\s]", text, maxsplit=1)[0].strip(".")
    text = text.removeprefix("www.")
    if "." not in text or not re.fullmatch(r"[a-z0-9\-.]+", text):
        raise ValueError("not a web domain (expected e.g. acme.com)")
    return text


LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation",
        "co", "gmbh", "ag", "sa", "sas", "sarl", "plc", "bv", "nv",
        "oy", "ab", "as", "aps", "srl", "spa", "pty", "kk", "lp", "llp",
    }
)  # fmt: skip


def normalise_name(name: str) -> str:
    """The form names are compared in: "Acme, Inc." and "ACME Inc" are "acme"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("&", " and ")
    words = re.sub(r"[^\w]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
