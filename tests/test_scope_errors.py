"""Scope errors in plain words: no parser internals, no negatives, short echoes."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from rich.console import Console

from lifebuoy.cli.scope import resolve_scope
from lifebuoy.errors import ScopeError
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.planning.scope_errors import explain, read_scope, underline

AS_OF = date(2026, 12, 3)
VOCABULARY = Vocabulary(
    segments=("Enterprise", "SMB"),
    regions=("EMEA",),
    owners=("Dana Ruiz",),
    accounts=("Pinecrest Manufacturing", "Silverline Systems", "Lumen Clinics"),
)
QUESTION = "Which accounts should I plan interventions for?"


def unread(text: str) -> ScopeError:
    with pytest.raises(ScopeError) as caught:
        read_scope(text, workspace=None, as_of=AS_OF, vocabulary=VOCABULARY)
    return caught.value


@pytest.mark.parametrize(
    "text",
    ["2", "Enterprise 2", "Critical renewing in", "with", "renewing before 60"],
)
def test_errors_never_list_parser_tokens(text: str) -> None:
    error = unread(text)

    assert error.message == QUESTION
    assert error.hint is not None
    assert "Expected" not in error.hint
    assert '"alternative"' not in error.hint
    assert '"arr"' not in error.hint


def test_a_bare_number_says_to_write_the_scope_in_words() -> None:
    error = unread("2")

    assert '"2" is only a number' in (error.hint or "")
    assert '"top 10 by ARR"' in (error.hint or "")


def test_what_must_follow_is_named_in_words() -> None:
    error = unread("top")

    assert "Next should come a number." in (error.hint or "")


@pytest.mark.parametrize(
    ("text", "phrase", "account"),
    [
        (
            "Pinecrest Manufacturing",
            "Pinecrest Manufacturing",
            "Pinecrest Manufacturing",
        ),
        ("Silverline", "Silverline", "Silverline Systems"),
        ("Critical Lumen Clinics", "Lumen Clinics", "Lumen Clinics"),
    ],
)
def test_an_account_name_points_to_health(text: str, phrase: str, account: str) -> None:
    error = unread(text)

    hint = error.hint or ""
    assert f'"{phrase}" looks like an account name; accounts are not a scope' in hint
    assert f'lifebuoy health "{account}"' in hint


def test_an_unknown_word_that_is_no_account_has_no_health_hint() -> None:
    error = unread("Enterprize")

    assert "lifebuoy health" not in (error.hint or "")
    assert 'Did you mean "Enterprise"?' in (error.hint or "")


@pytest.mark.parametrize(
    ("text", "negative"),
    [
        ("renewing in next -5 days", "-5"),
        ("ARR over -5", "-5"),
        ("ARR under -$5k", "-$5k"),
        ("ARR over $-50k", "$-50k"),
        ("top −3 by ARR", "−3"),
    ],
)
def test_negative_numbers_are_refused(text: str, negative: str) -> None:
    with pytest.raises(ScopeError) as caught:
        parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    assert caught.value.message == f'"{negative}" is a negative number'
    start = text.index(negative)
    assert caught.value.span == (start, start + len(negative))


def test_a_range_dash_and_a_date_are_not_negative() -> None:
    scope = parse_scope("ARR between 10k-50k", vocabulary=VOCABULARY, as_of=AS_OF)
    dated = parse_scope("renewing by 2027-01-31", vocabulary=VOCABULARY, as_of=AS_OF)

    assert (scope.arr_min, scope.arr_max) == (Decimal(10000), Decimal(50000))
    assert dated.renewal_to == date(2027, 1, 31)


def test_amounts_in_millions_keep_their_currency() -> None:
    scope = parse_scope("ARR over $1m", vocabulary=VOCABULARY, as_of=AS_OF)

    assert scope.arr_min == Decimal(1_000_000)
    assert scope.arr_symbol == "$"


def test_a_huge_scope_gives_a_short_error() -> None:
    error = unread("x" * 100_000)

    assert len(error.hint or "") < 1000
    assert "longer than 500 characters" in (error.hint or "")
    assert "…" in (error.hint or "")


def test_underline_cuts_long_text_around_the_unread_part() -> None:
    text = "a" * 200 + "BAD" + "b" * 200

    lines = underline(text, (200, 203))

    # 80 characters shown from 20 before the unread part, "…" on both sides
    assert lines[0] == "  …" + "a" * 20 + "BAD" + "b" * 57 + "…"
    assert lines[1] == "  " + " " * 21 + "^^^"


def test_underline_keeps_short_text_whole() -> None:
    assert underline("Enterprize", (0, 10)) == ["  Enterprize", "  ^^^^^^^^^^"]


def test_explain_ends_with_examples() -> None:
    error = ScopeError("cannot read", text="zz", span=(0, 2))

    assert explain(error).splitlines()[-1].startswith('For example: "')


class ClosedInput(io.StringIO):
    """A terminal whose input ends (Ctrl-D) at the first question."""

    def readline(self, size: int | None = -1) -> str:
        raise EOFError


def test_end_of_input_at_the_prompt_is_the_question() -> None:
    screen = io.StringIO()

    with pytest.raises(ScopeError) as caught:
        resolve_scope(
            "Enterprize",
            workspace=None,
            as_of=AS_OF,
            interactive=True,
            console=Console(file=screen, width=200),
            stream=ClosedInput(),
            vocabulary=VOCABULARY,
        )

    assert caught.value.message == QUESTION
    assert caught.value.text == "Enterprize"
    assert screen.getvalue().count(QUESTION) == 1
