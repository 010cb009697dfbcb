"""Top N around other words; churned counts under the whole scope; lapsed renewals."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from conftest import MakeWorkspace
from lifebuoy.errors import ScopeError
from lifebuoy.planning.at_risk import at_risk
from lifebuoy.planning.health import workspace_scope
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.plan import plan
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.render.json import plan_document

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


# -- churned accounts counted under the whole scope ------------------------

RATES = "[currency_rates]\nEUR = 1.5\n"
CHURNED = [
    # X1 renews in two weeks, $60,000; X2's €40,000 is $60,000; X3 lapsed.
    {"account_id": "X1", "name": "Xenon", "segment": "Enterprise", "arr": 60000,
     "renewal_date": date(2026, 12, 10), "status": "churned"},
    {"account_id": "X2", "name": "Xylem", "segment": "Enterprise", "arr": 40000,
     "currency": "EUR", "renewal_date": date(2027, 6, 1), "status": "churned"},
    {"account_id": "X3", "name": "Xerus", "segment": "SMB",
     "renewal_date": date(2026, 10, 1), "status": "churned"},
    {"account_id": "A1", "name": "Alder", "segment": "Enterprise", "arr": 90000,
     "renewal_date": date(2027, 9, 1), "health_score": 80},
]  # fmt: skip

CHURNED_CASES = [
    ("all accounts", 3),
    ("renewing in next two weeks", 1),  # X1 only
    ("ARR over $50k", 2),  # X1 $60,000 and X2 €40,000 = $60,000
    ("Enterprise ARR under $50k", 0),  # X2 is $60,000 once converted
    ("SMB", 1),  # X3, whose ARR and renewal are unknown or past
    ("renewing in Q1 2027", 0),
    ("Critical", 3),  # tier words do not narrow churned accounts
    ("Enterprise with payment issues", 0),  # churned accounts have no signal
]


@pytest.mark.parametrize(("text", "churned"), CHURNED_CASES)
def test_churned_accounts_are_counted_under_every_filter_but_tiers(
    make_workspace: MakeWorkspace, text: str, churned: int
) -> None:
    workspace = make_workspace(config=RATES, accounts=CHURNED)

    result = plan(workspace, text, as_of=AS_OF)
    listed = at_risk(
        workspace, workspace_scope(workspace, text, AS_OF), as_of=AS_OF, save=False
    )

    assert result.churned == churned
    assert plan_document(result)["summary"]["churned"] == churned
    assert listed.plan.churned == churned
