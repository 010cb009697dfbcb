"""The engine as a whole: accounts listed, severity order, windows defined once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lifebuoy.signals
from conftest import MakeWorkspace
from lifebuoy.errors import ConfigError
from lifebuoy.signals import SignalName
from lifebuoy.signals.context import python_values
from lifebuoy.signals.windows import (
    Window,
    days_before,
    last_days,
    local_date,
    next_days,
    utc_midnight,
)
from signal_cases import AS_OF, account, at, report


def test_every_active_account_is_listed_in_id_order(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=[
            account("B2"),
            account("A1", status="churned", health_score=10),
            account("C3", status=None, health_score=10),
            account("A9", status="Active", health_score=90),
        ]
    )

    found = report(workspace)

    assert [entry.account.account_id for entry in found.accounts] == ["A9", "B2", "C3"]
    assert found.accounts[0].signals == ()
    assert [signal.name for signal in found.accounts[2].signals] == [
        SignalName.LOW_HEALTH
    ]
    assert found.as_of == AS_OF


def test_signals_come_most_severe_first(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=[account(health_score=10, renewal_date=date(2026, 12, 20))],
        tickets=[
            {
                "ticket_id": "1",
                "account_id": "A1",
                "created_at": at("2026-11-12"),
                "escalated": True,
                "body": "they are considering switching",
            }
        ],
        nps=[
            {
                "response_id": "R1",
                "account_id": "A1",
                "score": 2,
                "responded_at": at("2026-11-01"),
            }
        ],
    )

    names = [signal.name for signal in report(workspace).accounts[0].signals]

    assert names == [
        SignalName.EVALUATING_ALTERNATIVES,
        SignalName.ESCALATION,
        SignalName.LOW_HEALTH,
        SignalName.NPS_DETRACTOR,
        SignalName.RENEWAL_SOON,
    ]


def test_an_empty_workspace_reports_no_accounts(make_workspace: MakeWorkspace) -> None:
    assert report(make_workspace()).accounts == ()


def test_an_empty_workspace_still_says_what_data_each_signal_lacks(
    make_workspace: MakeWorkspace,
) -> None:
    found = report(make_workspace())

    assert {gap.signal for gap in found.gaps} == set(SignalName)
    needs = {gap.signal: gap.needs for gap in found.gaps}
    assert needs[SignalName.USAGE_DECLINE] == "no usage data"


def test_a_bad_threshold_is_a_configuration_error(
    make_workspace: MakeWorkspace,
) -> None:
    with pytest.raises(ConfigError) as caught:
        make_workspace(config="[signals]\nescalation_days = 0\n")

    assert "signals.escalation_days" in caught.value.message


def test_the_public_namespace_exports_what_it_lists() -> None:
    for name in lifebuoy.signals.__all__:
        assert hasattr(lifebuoy.signals, name)
    assert "signals" in lifebuoy.signals.__all__


@pytest.mark.parametrize(
    ("window", "first", "last", "days"),
    [
        (last_days(AS_OF, 90), date(2026, 9, 5), date(2026, 12, 3), 90),
        (last_days(AS_OF, 1), date(2026, 12, 3), date(2026, 12, 3), 1),
        (
            days_before(last_days(AS_OF, 30), 90),
            date(2026, 8, 6),
            date(2026, 11, 3),
            90,
        ),
        (next_days(AS_OF, 90), date(2026, 12, 3), date(2027, 3, 3), 91),
    ],
)
def test_window_edges(window: Window, first: date, last: date, days: int) -> None:
    assert (window.first, window.last, window.days) == (first, last, days)


@pytest.mark.parametrize(
    ("day", "zone", "instant"),
    [
        (date(2026, 12, 3), "UTC", datetime(2026, 12, 3, 0, 0)),
        (date(2026, 12, 3), "America/New_York", datetime(2026, 12, 3, 5, 0)),
        (date(2026, 7, 3), "America/New_York", datetime(2026, 7, 3, 4, 0)),
        (date(2026, 3, 8), "America/New_York", datetime(2026, 3, 8, 5, 0)),
        (date(2026, 3, 9), "America/New_York", datetime(2026, 3, 9, 4, 0)),
        (date(2026, 12, 3), "Asia/Kolkata", datetime(2026, 12, 2, 18, 30)),
    ],
)
def test_local_days_begin_at_utc_instants(
    day: date, zone: str, instant: datetime
) -> None:
    assert utc_midnight(day, ZoneInfo(zone)) == instant
    assert local_date(instant, ZoneInfo(zone)) == day


def test_a_window_ends_where_the_next_day_begins() -> None:
    zone = ZoneInfo("Europe/Berlin")
    window = last_days(AS_OF, 30)

    assert window.start(zone) == datetime(2026, 11, 3, 23, 0)
    assert window.end(zone) == datetime(2026, 12, 3, 23, 0)


@given(st.lists(st.none() | st.dates(date(1900, 1, 1), date(2200, 12, 31))))
def test_fetched_dates_are_the_days_stored(days: list[date | None]) -> None:
    column = pa.chunked_array([days[:3], days[3:]], type=pa.date32())

    assert python_values(column) == days


def test_fetched_values_other_than_dates_are_arrow_s_own() -> None:
    column = pa.chunked_array([["a", None], ["b"]])

    assert python_values(column) == ["a", None, "b"]
