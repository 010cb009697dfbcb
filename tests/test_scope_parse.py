"""The scope language: phrases and the filters they parse to, or the question."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import RunRef, Scope, Tier
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.signals.model import SignalName as S

AS_OF = date(2026, 12, 3)  # a Thursday in Q4
VOCABULARY = Vocabulary(
    segments=("Enterprise", "Mid-Market", "SMB"),
    regions=("EMEA", "North America", "APAC"),
    owners=("Dana Ruiz", "Sam Lee", "Priya Shah"),
)
C, H, M, W = Tier.CRITICAL, Tier.HIGH, Tier.MEDIUM, Tier.WATCH
LAST_AT_RISK = RunRef(kind="at-risk")


def d(text: str) -> date:
    return date.fromisoformat(text)


def window(start: date, end: date) -> dict[str, date]:
    return {"renewal_from": start, "renewal_to": end}


AT_RISK = {"from_run": LAST_AT_RISK}

PHRASES: list[tuple[str, dict[str, Any]]] = [
    # the founding document's three examples
    (
        "Critical and High from last at-risk list",
        {"tiers": {C, H}, "from_run": LAST_AT_RISK},
    ),
    (
        "accounts renewing in next 60 days with risk flags",
        {
            "renewal_from": AS_OF,
            "renewal_to": d("2027-02-01"),
            "any_signal": True,
        },
    ),
    ("Enterprise at-risk accounts", {"segments": {"Enterprise"}}),
    # tiers
    ("Critical/High", {"tiers": {C, H}}),
    ("critical + high", {"tiers": {C, H}}),
    ("CRITICAL, HIGH and MEDIUM", {"tiers": {C, H, M}}),
    ("Watch", {"tiers": {W}}),
    ("criticals", {"tiers": {C}}),
    ("medium tier accounts please", {"tiers": {M}}),
    # saved runs
    ("Critical/High from last at-risk run", {"tiers": {C, H}, **AT_RISK}),
    ("from the last run", {"from_run": RunRef(kind="any")}),
    ("from run 12", {"from_run": RunRef(kind="any", run_id=12)}),
    ("from at-risk run 7", {"from_run": RunRef(kind="at-risk", run_id=7)}),
    ("from the latest at-risk list", {"from_run": LAST_AT_RISK}),
    ("from most recent at risk run", {"from_run": LAST_AT_RISK}),
    ("Critical and High from find-at-risk-customers", {"tiers": {C, H}, **AT_RISK}),
    ("from last plan", {"from_run": RunRef(kind="plan")}),
    # segments, regions
    ("Mid-Market", {"segments": {"Mid-Market"}}),
    ("mid market", {"segments": {"Mid-Market"}}),
    ("MID-MARKET accounts", {"segments": {"Mid-Market"}}),
    ("EMEA", {"regions": {"EMEA"}}),
    ("Enterprise accounts in EMEA", {"segments": {"Enterprise"}, "regions": {"EMEA"}}),
    ("enterprise and mid-market", {"segments": {"Enterprise", "Mid-Market"}}),
    ("north america smb", {"segments": {"SMB"}, "regions": {"North America"}}),
    ("segment Enterprise", {"segments": {"Enterprise"}}),
    ("APAC region", {"regions": {"APAC"}}),
    # renewal windows
    ("renewing in next 60 days", window(AS_OF, d("2027-02-01"))),
    ("renewing in the next 3 months", window(AS_OF, d("2027-03-03"))),
    ("renewing within 2 weeks", window(AS_OF, d("2026-12-17"))),
    ("renewals within the next 90 days", window(AS_OF, d("2027-03-03"))),
    ("renewing in 30 days", window(AS_OF, d("2027-01-02"))),
    ("renewing in Q4", window(AS_OF, d("2026-12-31"))),
    ("renewing in Q1", window(d("2027-01-01"), d("2027-03-31"))),
    ("renewing in Q1 2027", window(d("2027-01-01"), d("2027-03-31"))),
    ("renewing Q3 2027", window(d("2027-07-01"), d("2027-09-30"))),
    ("renewing before 2027-03-31", window(AS_OF, d("2027-03-30"))),
    ("renewing by 2027-03-31", window(AS_OF, d("2027-03-31"))),
    ("renewing until 2027-01-15", window(AS_OF, d("2027-01-15"))),
    ("renewing before Q2", window(AS_OF, d("2027-03-31"))),
    ("renewing this quarter", window(AS_OF, d("2026-12-31"))),
    ("renewing next quarter", window(d("2027-01-01"), d("2027-03-31"))),
    ("renewing next month", window(d("2027-01-01"), d("2027-01-31"))),
    ("renewing this week", window(AS_OF, d("2026-12-06"))),
    ("renewing next week", window(d("2026-12-07"), d("2026-12-13"))),
    ("renewing in March", window(d("2027-03-01"), d("2027-03-31"))),
    ("renewing in December", window(AS_OF, d("2026-12-31"))),
    ("renewing in 2027", window(d("2027-01-01"), d("2027-12-31"))),
    # a day of the month: the next one on or after the as-of day
    ("renewing before March 31", window(AS_OF, d("2027-03-30"))),
    ("renewing by 31 March", window(AS_OF, d("2027-03-31"))),
    ("renewing by Dec 20", window(AS_OF, d("2026-12-20"))),
    ("renewing by Dec 2", window(AS_OF, d("2027-12-02"))),
    ("renewing before March 31 2028", window(AS_OF, d("2028-03-30"))),
    ("renewing by 15 Jan 2027", window(AS_OF, d("2027-01-15"))),
    ("renewing by Feb 29", window(AS_OF, d("2028-02-29"))),
    (
        "renewing between Jan 15 and March 31",
        window(d("2027-01-15"), d("2027-03-31")),
    ),
    ("renewing after 2027-06-30", {"renewal_from": d("2027-07-01")}),
    (
        "renewing between 2027-01-15 and 2027-02-15",
        window(d("2027-01-15"), d("2027-02-15")),
    ),
    ("renewing soon", window(AS_OF, d("2027-03-03"))),
    (
        "renewing in Q1 renewing before 2027-02-01",
        window(d("2027-01-01"), d("2027-01-31")),
    ),
    # signals
    ("with risk flags", {"any_signal": True}),
    ("with payment issues", {"signals": {S.PAYMENT_FAILED, S.PAYMENT_LATE}}),
    ("with usage decline", {"signals": {S.USAGE_DECLINE}}),
    ("with an escalation", {"signals": {S.ESCALATION}}),
    ("with escalations", {"signals": {S.ESCALATION}}),
    ("evaluating alternatives", {"signals": {S.EVALUATING_ALTERNATIVES}}),
    ("with competitors", {"signals": {S.EVALUATING_ALTERNATIVES}}),
    ("with NPS detractors", {"signals": {S.NPS_DETRACTOR}}),
    ("with champion left", {"signals": {S.CHAMPION_LEFT}}),
    ("with failed payments", {"signals": {S.PAYMENT_FAILED}}),
    ("with late payments", {"signals": {S.PAYMENT_LATE}}),
    ("with declining usage", {"signals": {S.USAGE_DECLINE}}),
    ("with support spike", {"signals": {S.SUPPORT_SPIKE}}),
    ("with low health", {"signals": {S.LOW_HEALTH}}),
    ("with no exec touch", {"signals": {S.NO_EXEC_TOUCH}}),
    ("with slow response", {"signals": {S.SLOW_RESPONSE}}),
    ("with payment_failed", {"signals": {S.PAYMENT_FAILED}}),
    (
        "with payment issues and usage decline",
        {"signals": {S.PAYMENT_FAILED, S.PAYMENT_LATE, S.USAGE_DECLINE}},
    ),
    # owners
    ("owned by Dana Ruiz", {"owners": {"Dana Ruiz"}}),
    ("Dana's accounts", {"owners": {"Dana Ruiz"}}),
    ("owned by sam", {"owners": {"Sam Lee"}}),
    ("Shah's accounts", {"owners": {"Priya Shah"}}),
    ("owner Dana Ruiz and Sam Lee", {"owners": {"Dana Ruiz", "Sam Lee"}}),
    # ARR and top N
    ("ARR over $50k", {"arr_min": Decimal(50000)}),
    ("over 100,000 ARR", {"arr_min": Decimal(100000)}),
    ("under $10k", {"arr_max": Decimal(10000)}),
    ("ARR > 1.5m", {"arr_min": Decimal(1500000)}),
    ("ARR at least 2 million", {"arr_min": Decimal(2000000)}),
    ("ARR between 10k and 50k", {"arr_min": Decimal(10000), "arr_max": Decimal(50000)}),
    ("top 10 by ARR", {"top_n": 10}),
    ("top 5 accounts", {"top_n": 5}),
    # all / at-risk
    ("all accounts", {"include_healthy": True}),
    ("at-risk accounts", {}),
    ("all Critical accounts", {"tiers": {C}}),
    # combined
    (
        "Enterprise Critical and High renewing in Q1 with payment issues, ARR over 50k",
        {
            "segments": {"Enterprise"},
            "tiers": {C, H},
            "renewal_from": d("2027-01-01"),
            "renewal_to": d("2027-03-31"),
            "signals": {S.PAYMENT_FAILED, S.PAYMENT_LATE},
            "arr_min": Decimal(50000),
        },
    ),
    (
        "Please, top 20 EMEA accounts owned by Dana Ruiz renewing this quarter!",
        {
            "top_n": 20,
            "regions": {"EMEA"},
            "owners": {"Dana Ruiz"},
            "renewal_from": AS_OF,
            "renewal_to": d("2026-12-31"),
        },
    ),
    (
        "high from run 3 with an escalation",
        {"tiers": {H}, "from_run": RunRef("any", 3), "signals": {S.ESCALATION}},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "fields"), PHRASES, ids=[p for p, _ in PHRASES])
def test_phrase_parses_to_filter(text: str, fields: dict[str, Any]) -> None:
    expected = Scope(
        text=text,
        **{
            key: frozenset(value) if isinstance(value, set) else value
            for key, value in fields.items()
        },
    )

    assert parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF) == expected


def test_the_table_is_large_enough() -> None:
    assert len(PHRASES) >= 60


ASKED: list[tuple[str, str, str | None]] = [
    # text, the part underlined, a suggestion that must be offered
    ("Critcal and High", "Critcal", "Critical"),
    ("Enterprize at-risk accounts", "Enterprize", "Enterprise"),
    ("renwing in next 60 days", "renwing", "renewing"),
    ("mid markt", "markt", "Mid-Market"),
    ("owned by Dana Ruis", "Ruis", "Dana Ruiz"),
    ("EMAE accounts", "EMAE", "EMEA"),
    ("Dana accounts", "Dana", "owned by Dana Ruiz"),
    ("segment EMEA", "EMEA", "region EMEA"),
    ("with payment isues", "isues", "issue"),
    ("renewing in 60", "60", "renewing in the next 60 days"),
    ("from", "from", "from last at-risk list"),
]


@pytest.mark.parametrize(("text", "underlined", "suggestion"), ASKED)
def test_typos_and_unknown_names_are_asked_about(
    text: str, underlined: str, suggestion: str | None
) -> None:
    with pytest.raises(ScopeError) as caught:
        parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    error = caught.value
    assert error.span is not None
    assert text[error.span[0] : error.span[1]] == underlined
    assert suggestion in error.suggestions


NOT_PARSED: list[tuple[str, str]] = [
    # text, the part underlined
    ("", ""),
    ("the accounts please", "the accounts please"),
    ("renewing in", "in"),
    ("with risk", "risk"),
    ("renewing before 2027-02-30", "2027-02-30"),
    ("renewing before Feb 30", "Feb 30"),
    ("renewing before 31 April 2027", "31 April 2027"),
    ("renewing in Q4 2025", "renewing in Q4 2025"),
    ("renewing in next 0 days", "0"),
    ("renewing in next 99999 days", "in next 99999 days"),
    ("ARR over 100k under 50k", "under 50k"),
    ("top 0 by ARR", "0"),
    ("from run 3 from run 4", "from run 4"),
    ("ARR over $1,00", "$1,00"),
    ("without escalations", "without"),
    ("Critical High renewing", "renewing"),
    ("by ARR", "by"),
    ("accounts ٣", "٣"),
]


@pytest.mark.parametrize(("text", "underlined"), NOT_PARSED)
def test_phrases_that_must_not_parse(text: str, underlined: str) -> None:
    with pytest.raises(ScopeError) as caught:
        parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    span = caught.value.span
    assert span is not None
    assert text[span[0] : span[1]] == underlined


def test_a_first_name_shared_by_two_owners_is_asked_about() -> None:
    vocabulary = Vocabulary(owners=("Dana Ruiz", "Dana Cole"))

    with pytest.raises(ScopeError) as caught:
        parse_scope("Dana's accounts", vocabulary=vocabulary, as_of=AS_OF)

    assert set(caught.value.suggestions) == {
        "owned by Dana Ruiz",
        "owned by Dana Cole",
    }


def test_a_name_that_is_both_segment_and_region_is_asked_about() -> None:
    vocabulary = Vocabulary(segments=("Public",), regions=("Public",))

    with pytest.raises(ScopeError) as caught:
        parse_scope("Public", vocabulary=vocabulary, as_of=AS_OF)

    assert set(caught.value.suggestions) == {"segment Public", "region Public"}
    scope = parse_scope("region public", vocabulary=vocabulary, as_of=AS_OF)
    assert scope.regions == frozenset({"Public"})


def test_a_known_value_made_of_scope_words_is_a_name() -> None:
    vocabulary = Vocabulary(segments=("High Touch",))

    scope = parse_scope("High Touch critical", vocabulary=vocabulary, as_of=AS_OF)

    assert scope.segments == frozenset({"High Touch"})
    assert scope.tiers == frozenset({C})


def test_an_empty_workspace_knows_no_segment() -> None:
    with pytest.raises(ScopeError):
        parse_scope("Enterprise", vocabulary=Vocabulary(), as_of=AS_OF)


def test_renewing_soon_follows_the_configured_window() -> None:
    scope = parse_scope(
        "renewing soon", vocabulary=VOCABULARY, as_of=AS_OF, soon_days=30
    )

    assert (scope.renewal_from, scope.renewal_to) == (AS_OF, d("2027-01-02"))


def test_vocabulary_is_read_from_the_accounts_table(make_workspace: Any) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "a1", "name": "Acme", "segment": "Enterprise",
             "region": "EMEA", "owner": "Dana Ruiz", "csm": "Priya Shah"},
            {"account_id": "a2", "name": "Beta", "segment": "SMB",
             "region": None, "owner": "Dana Ruiz", "csm": None},
        ]
    )  # fmt: skip

    vocabulary = Vocabulary.from_workspace(workspace)

    assert vocabulary == Vocabulary(
        segments=("Enterprise", "SMB"),
        regions=("EMEA",),
        owners=("Dana Ruiz", "Priya Shah"),
        accounts=("Acme", "Beta"),
    )


DESCRIBED = [
    ("at-risk accounts", "at-risk accounts"),
    ("all accounts", "all accounts"),
    (
        "Enterprise Critical and High renewing in next 60 days",
        "Enterprise · tiers Critical, High · renewing 2026-12-03 to 2027-02-01",
    ),
    (
        "High from last at-risk list owned by Sam Lee",
        "from last at-risk list · owned by Sam Lee · tier High",
    ),
    (
        "EMEA with payment issues ARR over $50k top 10 by ARR",
        "EMEA · with payment failed or payment late · ARR $50,000 or more"
        " · top 10 by ARR",
    ),
    ("renewing before 2027-03-31 with risk flags",
     "renewing 2026-12-03 to 2027-03-30 · with risk flags"),
    ("under $10k from run 4", "from run 4 · ARR up to $10,000"),
    ("ARR over $1m", "ARR $1,000,000 or more"),
    ("ARR over €1.5 million", "ARR €1,500,000 or more"),
    ("ARR over 50k", "ARR 50,000 or more"),
    ("Enterprise at-risk accounts", "Enterprise · at-risk accounts"),
    ("Enterprise", "Enterprise"),
    ("Critical at-risk accounts", "tier Critical"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "words"), DESCRIBED)
def test_scope_is_echoed_in_plain_words(text: str, words: str) -> None:
    scope = parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    assert scope.describe() == words


@pytest.mark.parametrize("text", [text for text, _ in PHRASES])
def test_scope_survives_its_json(text: str) -> None:
    scope = parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    assert Scope.from_json(scope.to_json()) == scope


@pytest.mark.parametrize(
    ("text", "underlined", "suggestions", "hint"),
    [
        (
            "not Enterprise",
            "not",
            ("Mid-Market and SMB",),
            'For every account but those, name the others: "Mid-Market and SMB" '
            "(an account with no segment is then left out).",
        ),
        (
            "Critical excluding EMEA",
            "excluding",
            ("North America and APAC",),
            "For every account but those, name the others: "
            '"North America and APAC" (an account with no region is then left out).',
        ),
        (
            "except SMB",
            "except",
            ("Enterprise and Mid-Market",),
            "For every account but those, name the others: "
            '"Enterprise and Mid-Market" (an account with no segment is then left '
            "out).",
        ),
        (
            "Enterprise but not EMEA",
            "but",
            ("North America and APAC",),
            "For every account but those, name the others: "
            '"North America and APAC" (an account with no region is then left out).',
        ),
        (
            "without escalations",
            "without",
            (),
            'Name what to include, e.g. "with payment issues", or plan "all accounts".',
        ),
    ],
)
def test_a_word_that_leaves_accounts_out_offers_what_to_include(
    text: str, underlined: str, suggestions: tuple[str, ...], hint: str
) -> None:
    with pytest.raises(ScopeError) as caught:
        parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    error = caught.value
    assert error.message == (
        f'"{underlined}" cannot be read: a scope names the accounts to include, '
        "not those to leave out"
    )
    assert error.span is not None
    assert text[error.span[0] : error.span[1]] == underlined
    assert error.suggestions == suggestions
    assert error.hint == hint
    for suggestion in suggestions:
        parse_scope(suggestion, vocabulary=VOCABULARY, as_of=AS_OF)


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Europe", {"EMEA"}),
        ("asia pacific", {"APAC"}),
        ("Enterprise in Europe", {"EMEA"}),
    ],
)
def test_regions_are_found_by_their_plain_names(text: str, regions: set[str]) -> None:
    scope = parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)

    assert scope.regions == frozenset(regions)


def test_north_america_reads_as_na_where_the_region_is_written_so() -> None:
    vocabulary = Vocabulary(regions=("NA", "EMEA", "LATAM"))

    assert parse_scope(
        "North America", vocabulary=vocabulary, as_of=AS_OF
    ).regions == frozenset({"NA"})
    assert parse_scope(
        "latin america", vocabulary=vocabulary, as_of=AS_OF
    ).regions == frozenset({"LATAM"})
