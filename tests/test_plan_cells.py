"""Cell formatting and escaping per output format."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lifebuoy.render.cells import code_span, day, markdown_cell, money, terminal_cell


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("120000"), "USD", "$120,000"),
        (Decimal("80000.49"), "EUR", "€80,000"),
        (Decimal("80000.50"), "eur", "€80,001"),
        (Decimal("999.5"), "GBP", "£1,000"),
        (Decimal("5000"), "CHF", "CHF 5,000"),
        (Decimal("0"), "USD", "$0"),
        (None, "USD", "—"),
    ],
)
def test_money(amount: Decimal | None, currency: str, expected: str) -> None:
    assert money(amount, currency) == expected


def test_day_is_weekday_and_iso_date() -> None:
    assert day(date(2026, 12, 4)) == "Fri 2026-12-04"
    assert day(None) == "—"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme | Corp", "Acme \\| Corp"),
        ("Two\nlines", "Two lines"),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1 555", "'+1 555"),
        ("-5", "'-5"),
        ("@home", "'@home"),
        ("a_b *c* [d] <e> `f` \\g", "a\\_b \\*c\\* \\[d\\] \\<e\\> \\`f\\` \\\\g"),
        ("Bell\x07 ring", "Bell ring"),
    ],
)
def test_markdown_cell(text: str, expected: str) -> None:
    assert markdown_cell(text) == expected


def test_terminal_cell_drops_control_sequences() -> None:
    assert terminal_cell("Evil\x1b[31m\nCorp") == "Evil[31m Corp"


def test_code_span_survives_backticks() -> None:
    assert code_span("lifebuoy health Acme") == "`lifebuoy health Acme`"
    assert code_span("a `b` c") == "`` a `b` c ``"
