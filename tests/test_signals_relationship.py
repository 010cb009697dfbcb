"""no_exec_touch, slow_response and champion_left, at every window edge."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.signals import SignalName
from signal_cases import account, fired, gaps


def activity(
    day: str, kind: str, activity_id: str = "AC1", **fields: Any
) -> dict[str, Any]:
    return {
        "activity_id": activity_id,
        "account_id": "A1",
        "date": date.fromisoformat(day),
        "type": kind,
        **fields,
    }


# As of 2026-12-03, the last 90 days start on 2026-09-05.
@pytest.mark.parametrize(
    ("crm_day", "rows", "expected"),
    [
        (None, [activity("2026-09-05", "meeting", executive=True)], None),
        (
            None,
            [activity("2026-09-04", "meeting", executive=True)],
            "No exec meeting since 4 Sep",
        ),
        (None, [activity("2026-10-01", "qbr")], None),
        (None, [activity("2026-10-01", "meeting")], "No exec touch in 90+ days"),
        (
            None,
            [
                activity("2026-12-04", "meeting", "AC2", executive=True),
                activity("2026-06-02", "meeting", executive=True),
            ],
            "No exec meeting since 2 Jun",
        ),
        ("2026-10-01", [activity("2026-06-02", "qbr")], None),
        ("2026-06-02", [activity("2026-07-10", "qbr")], "No exec meeting since 10 Jul"),
        ("2026-07-10", [activity("2026-06-02", "qbr")], "No exec meeting since 10 Jul"),
        # a CRM date after the as-of day is not known yet
        ("2026-12-10", [activity("2026-06-02", "qbr")], "No exec meeting since 2 Jun"),
        ("2026-09-05", [], None),
        ("2026-09-04", [], "No exec meeting since 4 Sep"),
    ],
)
def test_no_exec_touch(
    make_workspace: MakeWorkspace,
    crm_day: str | None,
    rows: list[dict[str, Any]],
    expected: str | None,
) -> None:
    touched = date.fromisoformat(crm_day) if crm_day else None
    workspace = make_workspace(
        accounts=[account(last_exec_touch_date=touched)], activities=rows
    )

    found = fired(workspace, SignalName.NO_EXEC_TOUCH)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_no_exec_touch_evidence_names_the_meeting(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=[account()],
        activities=[activity("2026-06-02", "meeting", "AC9", executive=True)],
    )

    evidence = fired(workspace, SignalName.NO_EXEC_TOUCH)["A1"].evidence

    assert evidence.ids == ("AC9",)
    assert evidence.dates == (date(2026, 6, 2),)
    assert evidence.numbers == {"days_since": 184}
    assert evidence.source == "activities"


def test_no_exec_touch_is_a_gap_only_without_both_sources(
    make_workspace: MakeWorkspace,
) -> None:
    without = make_workspace(folder="without", accounts=[account()])
    with_crm = make_workspace(
        folder="crm", accounts=[account(last_exec_touch_date=date(2026, 1, 5))]
    )

    assert gaps(without)[SignalName.NO_EXEC_TOUCH].needs == (
        "no activities data and no last_exec_touch_date in accounts"
    )
    assert SignalName.NO_EXEC_TOUCH not in gaps(with_crm)
    assert "A1" in fired(with_crm, SignalName.NO_EXEC_TOUCH)


# As of 2026-12-03: an outreach on 2026-11-19 waited 14 days, 2026-11-18 waited 15.
@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([activity("2026-11-18", "email_out")], "Outreach unanswered 15 days"),
        ([activity("2026-11-19", "email_out")], None),
        ([activity("2026-11-18", "call")], "Outreach unanswered 15 days"),
        (
            [
                activity("2026-11-01", "email_out"),
                activity("2026-11-10", "email_in", "AC2"),
            ],
            None,
        ),
        (
            [
                activity("2026-11-01", "email_out"),
                activity("2026-11-01", "meeting", "AC2"),
            ],
            None,
        ),
        (
            [
                activity("2026-11-01", "email_in", "AC2"),
                activity("2026-11-10", "email_out"),
            ],
            "Outreach unanswered 23 days",
        ),
        # a call answers the email, but is itself outreach waiting for a reply
        (
            [
                activity("2026-11-01", "email_out"),
                activity("2026-11-02", "call", "AC2"),
            ],
            "Outreach unanswered 31 days",
        ),
        (
            [
                activity("2026-11-01", "email_out"),
                activity("2026-11-02", "call", "AC2"),
                activity("2026-11-02", "email_in", "AC3"),
            ],
            None,
        ),
        # the earliest unanswered outreach counts
        (
            [
                activity("2026-11-01", "email_out", "AC1"),
                activity("2026-11-10", "email_out", "AC2"),
            ],
            "Outreach unanswered 32 days",
        ),
        # a reply after the as-of day was not known then
        (
            [
                activity("2026-11-01", "email_out"),
                activity("2026-12-04", "email_in", "AC2"),
            ],
            "Outreach unanswered 32 days",
        ),
        ([activity("2026-11-01", "note")], None),
    ],
)
def test_slow_response(
    make_workspace: MakeWorkspace, rows: list[dict[str, Any]], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account()], activities=rows)

    found = fired(workspace, SignalName.SLOW_RESPONSE)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_slow_response_threshold_and_gap(make_workspace: MakeWorkspace) -> None:
    relaxed = make_workspace(
        folder="relaxed",
        config="[signals]\nslow_response_days = 30\n",
        accounts=[account()],
        activities=[activity("2026-11-03", "email_out")],
    )
    empty = make_workspace(folder="empty", accounts=[account()])

    assert fired(relaxed, SignalName.SLOW_RESPONSE) == {}
    assert gaps(empty)[SignalName.SLOW_RESPONSE].needs == "no activities data"


def contact(role: str, departed_on: str | None, **fields: Any) -> dict[str, Any]:
    return {
        "contact_id": "C1",
        "account_id": "A1",
        "name": "Jane Roe",
        "role": role,
        "status": "departed" if departed_on else "active",
        "departed_on": date.fromisoformat(departed_on) if departed_on else None,
        **fields,
    }


# As of 2026-12-03, the last 180 days start on 2026-06-07.
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (contact("champion", "2026-10-04"), "Champion Jane Roe left 4 Oct"),
        (contact("Sponsor", "2026-06-07"), "Sponsor Jane Roe left 7 Jun"),
        (contact("champion", "2026-06-06"), None),
        (contact("champion", "2026-12-03"), "Champion Jane Roe left 3 Dec"),
        (contact("champion", "2026-12-04"), None),
        (contact("user", "2026-10-04"), None),
        (contact("champion", None), None),
    ],
)
def test_champion_left(
    make_workspace: MakeWorkspace, row: dict[str, Any], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account()], contacts=[row])

    found = fired(workspace, SignalName.CHAMPION_LEFT)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_champion_left_gap(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=[account()])

    assert gaps(workspace)[SignalName.CHAMPION_LEFT].needs == "no contacts data"
