"""Any text given as a scope either parses or raises ScopeError, quickly."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.planning.scope_words import KEYWORDS, MAX_TEXT

VOCABULARY = Vocabulary(
    segments=("Enterprise", "Mid-Market", "High Touch"),
    regions=("EMEA", "North America"),
    owners=("Dana Ruiz", "Dana Cole", "Sam Lee"),
)
PIECES = [
    *KEYWORDS,
    "Enterprise", "mid-market", "EMEA", "Dana's", "Ruiz", "q1", "Q4", "2027",
    "2027-03-31", "2027-02-30", "$50k", "100,000", "1,00", "60", "0", "-", "/",
    "+", ",", "'s", "€", ">", "at-risk", "find-at-risk-customers", "٣", "\u0301",
]  # fmt: skip

phrases = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=10).map(
        "".join
    ),
)
as_of_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2190, 12, 31))

# The bound on time: hypothesis fails any single parse slower than this.
BOUND = settings(max_examples=400, deadline=timedelta(seconds=2))


def parse_or_scope_error(text: str, as_of: date) -> Scope | ScopeError:
    try:
        return parse_scope(text, vocabulary=VOCABULARY, as_of=as_of)
    except ScopeError as error:
        return error


@BOUND
@given(text=phrases, as_of=as_of_dates)
def test_any_text_parses_or_raises_scope_error(text: str, as_of: date) -> None:
    result = parse_or_scope_error(text, as_of)

    if isinstance(result, ScopeError):
        assert result.text == text
        if result.span is not None:
            start, end = result.span
            assert 0 <= start <= end <= len(text)
    else:
        assert result.text == text
        assert Scope.from_json(result.to_json()) == result


@BOUND
@given(text=phrases, as_of=as_of_dates)
def test_renewal_windows_never_start_before_as_of(text: str, as_of: date) -> None:
    result = parse_or_scope_error(text, as_of)

    if isinstance(result, Scope) and result.renewal_from is not None:
        assert result.renewal_from >= as_of
        assert result.renewal_to is None or result.renewal_to >= result.renewal_from


@settings(max_examples=50, deadline=timedelta(seconds=2))
@given(text=st.text(min_size=MAX_TEXT + 1, max_size=MAX_TEXT * 4))
def test_overlong_text_is_refused(text: str) -> None:
    result = parse_or_scope_error(text, date(2026, 12, 3))

    assert isinstance(result, ScopeError)
    assert result.span == (MAX_TEXT, len(text))
