"""usage_decline: the last 30 days against the 30 before, at every edge."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.signals import SignalName
from signal_cases import account, fired, gaps, report


def usage(day: str, users: int, events: int = 1000, **fields: Any) -> dict[str, Any]:
    return {
        "account_id": "A1",
        "date": date.fromisoformat(day),
        "active_users": users,
        "events": events,
        **fields,
    }


# Another account reporting on the as-of day keeps the workspace's usage current.
CURRENT = {**usage("2026-12-03", 5), "account_id": "A2"}


# As of 2026-12-03: recent = 2026-11-04..2026-12-03, before = 2026-10-05..11-03.
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([usage("2026-10-05", 100), usage("2026-12-03", 69)], "Usage −31% (30d)"),
        # exactly 30% down is not more than 30%
        ([usage("2026-10-05", 100), usage("2026-12-03", 70)], None),
        ([usage("2026-10-05", 100), usage("2026-12-03", 120)], None),
        # events alone may decline
        (
            [usage("2026-10-05", 10, 1000), usage("2026-12-03", 10, 600)],
            "Usage −40% (30d)",
        ),
        # active users are averaged over rows: 100 and 100 vs 60 and 78
        (
            [
                usage("2026-10-06", 100),
                usage("2026-10-07", 100, 1000),
                usage("2026-11-20", 60, 1000),
                usage("2026-11-21", 78, 1000),
                CURRENT,
            ],
            "Usage −31% (30d)",
        ),
        # edges: 3 Nov is "before", 4 Nov is "recent", 4 Oct is outside
        (
            [usage("2026-11-03", 100), usage("2026-11-04", 50), CURRENT],
            "Usage −50% (30d)",
        ),
        ([usage("2026-10-04", 100), usage("2026-11-04", 50), CURRENT], None),
        # rows after the as-of day are ignored
        (
            [usage("2026-10-05", 100), usage("2026-12-03", 90), usage("2026-12-04", 1)],
            None,
        ),
        # no row in the recent window at all: usage stopped
        (
            [usage("2026-10-05", 100), CURRENT],
            "Usage −100% (30d)",
        ),
    ],
)
def test_usage_decline(
    make_workspace: MakeWorkspace, rows: list[dict[str, Any]], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account("A1"), account("A2")], usage=rows)

    found = fired(workspace, SignalName.USAGE_DECLINE)

    assert (found["A1"].evidence.reason if "A1" in found else None) == expected


def test_usage_decline_evidence_has_the_numbers_compared(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=[account()],
        usage=[usage("2026-10-05", 100, 2000), usage("2026-12-03", 58, 1500)],
    )

    evidence = fired(workspace, SignalName.USAGE_DECLINE)["A1"].evidence

    assert evidence.detail == (
        "Active users averaged 58.0 in the last 30 days vs 100.0 in the 30 days "
        "before; events 1,500 vs 2,000"
    )
    assert evidence.numbers["change_percent"] == -42
    assert evidence.dates == (date(2026, 11, 4), date(2026, 12, 3))


def test_the_decline_threshold_comes_from_the_settings(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        config="[signals]\nusage_decline_percent = 50\nusage_decline_days = 7\n",
        accounts=[account()],
        usage=[usage("2026-11-27", 100), usage("2026-12-03", 55)],
    )

    assert fired(workspace, SignalName.USAGE_DECLINE) == {}


@pytest.mark.parametrize(
    ("rows", "needs"),
    [
        ([], "no usage data"),
        ([usage("2026-10-05", 100)], "no usage data in the last 30 days"),
    ],
)
def test_usage_data_gap(
    make_workspace: MakeWorkspace, rows: list[dict[str, Any]], needs: str
) -> None:
    workspace = make_workspace(accounts=[account()], usage=rows)

    assert gaps(workspace)[SignalName.USAGE_DECLINE].needs == needs


def test_usage_ending_before_the_as_of_day_is_compared_up_to_its_end(
    make_workspace: MakeWorkspace,
) -> None:
    # Data ends 2026-12-03; as of 2026-12-14 the windows end on 12-03:
    # recent = 2026-11-04..12-03, before = 2026-10-05..11-03.
    # A1 every 10 days: 11-04, 11-14, 11-24, 12-03 recent (4,000 events) vs
    # 10-15, 10-25 before (2,000): up, no signal. Measured up to 12-14 it read
    # 11-24, 12-03 (2,000) against 10-25, 11-04, 11-14 (3,000): −33%, falsely.
    # A2 went dark after 10-25 while A1 reports: −100%.
    days = ("2026-10-15", "2026-10-25", "2026-11-04", "2026-11-14", "2026-11-24")
    rows = [usage(day, 100, 1000) for day in (*days, "2026-12-03")]
    rows += [{**usage(day, 50, 500), "account_id": "A2"} for day in days[:2]]
    workspace = make_workspace(accounts=[account("A1"), account("A2")], usage=rows)
    as_of = date(2026, 12, 14)

    found = fired(workspace, SignalName.USAGE_DECLINE, as_of)
    warnings = report(workspace, as_of).warnings

    assert list(found) == ["A2"]
    evidence = found["A2"].evidence
    assert evidence.reason == "Usage −100% (30d to 3 Dec)"
    assert evidence.detail == (
        "Active users averaged 0.0 in the 30 days to 2026-12-03 vs 50.0 in the "
        "30 days before; events 0 vs 1,000"
    )
    assert evidence.dates == (date(2026, 11, 4), date(2026, 12, 3))
    assert [(w.account_id, w.message, w.kind) for w in warnings] == [
        (
            None,
            "usage data ends 2026-12-03, 11 days before the as-of date; "
            "usage compared up to then",
            "usage_stale",
        )
    ]


@pytest.mark.parametrize(
    ("config", "as_of", "expected"),
    [
        # 3 days behind is not more than the default 3
        ("", date(2026, 12, 6), None),
        ("", date(2026, 12, 7), "usage data ends 2026-12-03, 4 days before"),
        ("[signals]\nusage_stale_days = 4\n", date(2026, 12, 7), None),
        ("[signals]\nusage_stale_days = 0\n", date(2026, 12, 4), "1 day before"),
    ],
)
def test_stale_usage_warning_follows_the_setting(
    make_workspace: MakeWorkspace, config: str, as_of: date, expected: str | None
) -> None:
    workspace = make_workspace(
        config=config,
        accounts=[account()],
        usage=[usage("2026-11-20", 100), usage("2026-12-03", 100)],
    )

    stale = [w.message for w in report(workspace, as_of).warnings]

    if expected is None:
        assert stale == []
    else:
        assert len(stale) == 1
        assert expected in stale[0]
