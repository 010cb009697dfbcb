"""The as-of day, read the same way by the CLI and the MCP tools."""

from __future__ import annotations

from datetime import date

import pytest

from lifebuoy.errors import UsageError
from lifebuoy.planning.as_of import check_as_of, read_as_of

TODAY = date(2026, 12, 3)


def test_a_day_up_to_five_years_ahead_or_25_back_is_kept() -> None:
    assert read_as_of("2031-12-03", today=TODAY) == date(2031, 12, 3)
    assert check_as_of(date(2001, 12, 3), today=TODAY, name="as_of") == date(
        2001, 12, 3
    )
    # the vendors' own sample exports are years old and are planned as of then
    assert read_as_of("2022-01-10", today=date(2027, 3, 15)) == date(2022, 1, 10)


def test_a_day_more_than_25_years_back_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        read_as_of("2001-12-02", today=TODAY)

    assert caught.value.message == (
        "--as-of 2001-12-02 is more than 25 years from today (2026-12-03)"
    )


def test_a_day_more_than_five_years_away_names_the_argument_and_the_range() -> None:
    with pytest.raises(UsageError) as caught:
        check_as_of(date(2099, 1, 1), today=TODAY, name="as_of")

    assert caught.value.message == (
        "as_of 2099-01-01 is more than 5 years from today (2026-12-03)"
    )
    assert caught.value.hint == (
        "Give a day between 2001-12-03 and 2031-12-03; "
        "a day further away is most likely a slip of the keyboard."
    )


def test_a_day_not_written_yyyy_mm_dd_is_not_a_date() -> None:
    with pytest.raises(UsageError) as caught:
        read_as_of("2026-12-3", today=TODAY)

    assert caught.value.message == "--as-of '2026-12-3' is not a date"
    assert caught.value.hint == (
        "Write it as YYYY-MM-DD, for example --as-of 2026-12-03."
    )


def test_29_february_five_years_on_is_the_28th() -> None:
    with pytest.raises(UsageError) as caught:
        check_as_of(date(2033, 3, 1), today=date(2028, 2, 29))

    assert "between 2003-02-28 and 2033-02-28" in str(caught.value.hint)
