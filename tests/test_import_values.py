"""Parsing messy values: money, dates, timestamps, flags, domains and names."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifebuoy.sources.values import (
    Money,
    ParsedDate,
    clean_text,
    normalise_name,
    parse_bool,
    parse_date,
    parse_domain,
    parse_float,
    parse_int,
    parse_money,
    parse_timestamp,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,200.50", Money(Decimal("1200.50"), "USD")),
        ("1.200,50 €", Money(Decimal("1200.50"), "EUR")),
        ("120k", Money(Decimal("120000"), None)),
        ("2.8K", Money(Decimal("2800"), None)),
        ("(450)", Money(Decimal("-450"), None)),
        ("\u2212450", Money(Decimal("-450"), None)),
        ("-$5", Money(Decimal("-5"), "USD")),
        ("8.48E10", Money(Decimal("84800000000"), None)),
        ("EUR 90", Money(Decimal("90"), "EUR")),
        # a code after a multiplied amount, as teams write it
        ("40K EUR", Money(Decimal("40000"), "EUR")),
        ("1.2M USD", Money(Decimal("1200000.0"), "USD")),
        ("40 KWD", Money(Decimal("40"), "KWD")),
        ("90 gbp", Money(Decimal("90"), "GBP")),
        ("1 200,50", Money(Decimal("1200.50"), None)),
        ("1\u00a0200", Money(Decimal("1200"), None)),
        ("1,200", Money(Decimal("1200"), None)),
        ("1,234,567.8", Money(Decimal("1234567.8"), None)),
        ("1200,5", Money(Decimal("1200.5"), None)),
        ("£3.5m", Money(Decimal("3500000"), "GBP")),
        ("", None),
        ("  ", None),
    ],
)
def test_money(text: str, expected: Money | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200,50", Decimal("1200.50")),
        ("1.200", Decimal("1200")),
        ("3,5k", Decimal(3500)),
    ],
)
def test_money_in_a_decimal_comma_file(text: str, expected: Decimal) -> None:
    money = parse_money(text, decimal_comma=True)

    assert money is not None
    assert money.amount == expected


@pytest.mark.parametrize("text", ["n/a", "12 apples", "$", "1.2.3,4,5x"])
def test_money_that_is_not_money(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(text)


@pytest.mark.parametrize(
    "text",
    ["$1.2.3", "1,2,3", "1.23.456", "1,234,56", "1.234.56,7", "1,234.567.8",
     "12 3", "1 23 456", "1 234.567.890", "1234,567.89", "1,,000", "1.2.3k"],
)  # fmt: skip
def test_marks_that_group_no_thousands_are_no_amount(text: str) -> None:
    with pytest.raises(ValueError, match="thousands separators group three digits"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567", Decimal(1234567)),
        ("1.234.567", Decimal(1234567)),
        ("1 234 567", Decimal(1234567)),
        ("1\u202f234\u00a0567", Decimal(1234567)),
        ("1'234'567.50", Decimal("1234567.50")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12 500 €", Decimal(12500)),
        ("USD 40k", Decimal(40000)),
        ("40 k", Decimal(40000)),
        ("1,250.5k", Decimal(1250500)),
    ],
)
def test_marks_that_group_thousands_are_an_amount(text: str, expected: Decimal) -> None:
    money = parse_money(text)

    assert money is not None
    assert money.amount == expected


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_money_written_with_thousands_separators_reads_back(amount: Decimal) -> None:
    written = f"${abs(amount):,.2f}"
    if amount < 0:
        written = f"({written})"

    assert parse_money(written) == Money(amount, "USD")


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-04-15", "mdy", ParsedDate(date(2026, 4, 15), "exact")),
        # a renewal date with a time and offset keeps the day as written
        ("2026-03-31T23:30:00-05:00", "mdy", ParsedDate(date(2026, 3, 31), "exact")),
        ("2026-04-01T00:30:00+02:00", "dmy", ParsedDate(date(2026, 4, 1), "exact")),
        ("46000", "mdy", ParsedDate(date(2025, 12, 9), "exact")),
        ("45658", "mdy", ParsedDate(date(2025, 1, 1), "exact")),
        ("20260415", "mdy", ParsedDate(date(2026, 4, 15), "exact")),
        ("03/04/2026", "mdy", ParsedDate(date(2026, 3, 4), "ambiguous")),
        ("03/04/2026", "dmy", ParsedDate(date(2026, 4, 3), "ambiguous")),
        ("13/04/2026", "mdy", ParsedDate(date(2026, 4, 13), "dmy")),
        ("04/13/2026", "dmy", ParsedDate(date(2026, 4, 13), "mdy")),
        ("05.05.26", "dmy", ParsedDate(date(2026, 5, 5), "exact")),
        ("2026/4/5", "dmy", ParsedDate(date(2026, 4, 5), "exact")),
        ("15 Apr 2026", "mdy", ParsedDate(date(2026, 4, 15), "exact")),
        ("April 15, 2026", "dmy", ParsedDate(date(2026, 4, 15), "exact")),
    ],
)
def test_dates(text: str, order: str, expected: ParsedDate) -> None:
    assert parse_date(text, order=order) == expected  # type: ignore[arg-type]


def test_spreadsheet_values_are_dates_already() -> None:
    assert parse_date(datetime(2026, 4, 15, 23, 0)) == ParsedDate(
        date(2026, 4, 15), "exact"
    )
    assert parse_date(46000) == ParsedDate(date(2025, 12, 9), "exact")


@pytest.mark.parametrize("text", ["April 2026", "31/02/2026", "soon", "123"])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01T07:25:37.000+0000", datetime(2026, 5, 1, 7, 25, 37)),
        ("2026-03-31T23:30:00-05:00", datetime(2026, 4, 1, 4, 30)),
        ("2026-02-25T16:14:38.670Z", datetime(2026, 2, 25, 16, 14, 38, 670000)),
        ("2026-04-15 09:00", datetime(2026, 4, 15, 9, 0)),
        ("46000.5", datetime(2025, 12, 9, 12, 0)),
        ("03/04/2026", datetime(2026, 3, 4)),
    ],
)
def test_timestamps_in_utc(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", True),
        ("x", True),
        ("TRUE", True),
        ("0", False),
        ("no", False),
        ("", None),
    ],
)
def test_flags(text: str, expected: bool | None) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","Acme")', "+Acme", "-Acme", "@Acme"],
)
def test_formula_looking_text_stays_plain_text(text: str) -> None:
    assert clean_text(f"  {text} ") == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("acme.com", "acme.com"),
        ("https://www.Acme.com/about?x=1", "acme.com"),
        ("jo@acme.co.uk", "acme.co.uk"),
        ("www.burlington.com", "burlington.com"),
        ("acme.com:8443", "acme.com"),
    ],
)
def test_domains(text: str, expected: str) -> None:
    assert parse_domain(text) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Acme, Inc.", "ACME Inc"),
        ("Acme Corporation", "acme"),
        ("Pébéo of America", "PEBEO OF AMERICA"),
        ("Smith & Sons Ltd", "smith and sons"),
    ],
)
def test_names_compare_normalised(first: str, second: str) -> None:
    assert normalise_name(first) == normalise_name(second)


def test_different_names_stay_different() -> None:
    assert normalise_name("Acme Labs") != normalise_name("Acme")


@pytest.mark.parametrize(
    ("text", "whole", "number"),
    [
        ("42", 42, 42.0),
        ("1,234", 1234, 1234.0),
        ("1.234.567", 1234567, 1234567.0),
        ("3.5", None, 3.5),
        ("12%", None, 12.0),
    ],
)
def test_counts_and_numbers_read_as_written(
    text: str, whole: int | None, number: float
) -> None:
    if whole is None:
        with pytest.raises(ValueError, match="not"):
            parse_int(text)
    else:
        assert parse_int(text) == whole
    assert parse_float(text) == number


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1,2,3", "1.23.456", "4 2"])
def test_what_is_not_a_number_is_called_so(text: str) -> None:
    expected = (
        "not a number (expected e.g. 42, 3.5 or 1,234; thousands separators group "
        "three digits)"
    )
    for parse in (parse_int, parse_float):
        with pytest.raises(ValueError) as caught:
            parse(text)
        assert str(caught.value) == expected
