"""Top N around other words; churned counts under the whole scope; lapsed renewals."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.scope import Vocabulary, parse_scope

AS_OF = date(2026, 12, 3)
VOCABULARY = Vocabulary(
    segments=("Enterprise", "SMB"), regions=("EMEA", "APAC"), owners=("Dana Ruiz",)
)


def scope(text: str) -> Scope:
    return parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)


# -- top N around other words ----------------------------------------------

TOP_ORDERS = [
    # a new word order, the order read today, what both mean
    ("top 5 Enterprise accounts by ARR", "Enterprise top 5 by ARR"),
    ("top 10 accounts in EMEA by ARR", "EMEA top 10 by ARR"),
    ("top 3 Critical by ARR", "Critical top 3 by ARR"),
    ("top five Enterprise accounts by revenue", "Enterprise top 5 by ARR"),
    ("Enterprise by ARR top 5", "Enterprise top 5 by ARR"),
]


@pytest.mark.parametrize(("text", "today"), TOP_ORDERS)
def test_top_n_reads_around_other_words(text: str, today: str) -> None:
    assert dataclasses.replace(scope(text), text=today) == scope(today)


def test_top_n_around_other_words_keeps_their_filters() -> None:
    read = scope("top 3 Critical by ARR")

    assert (read.top_n, read.tiers, read.segments) == (3, {Tier.CRITICAL}, set())


UNREAD_TOP = [
    # text, the part underlined, the working order offered
    ("top Enterprise 5 by ARR", "Enterprise", "Enterprise top 5 by ARR"),
    ("5 top Enterprise by ARR", "5", "Enterprise top 5 by ARR"),
    ("top by ARR 5", "by", "top 5 by ARR"),
]


@pytest.mark.parametrize(("text", "underlined", "order"), UNREAD_TOP)
def test_an_unread_top_n_offers_the_working_order(
    text: str, underlined: str, order: str
) -> None:
    with pytest.raises(ScopeError) as caught:
        scope(text)

    error = caught.value
    assert error.span is not None
    assert text[error.span[0] : error.span[1]] == underlined
    assert error.suggestions[0] == order
    assert f'Did you mean "{order}"?' in (error.hint or "")


@pytest.mark.parametrize("text", ["by ARR", "Enterprise by ARR"])
def test_by_arr_without_a_count_asks_how_many(text: str) -> None:
    with pytest.raises(ScopeError) as caught:
        scope(text)

    error = caught.value
    assert error.span is not None
    assert text[error.span[0] : error.span[1]] == "by"
    assert error.suggestions == ("top 10 by ARR",)
