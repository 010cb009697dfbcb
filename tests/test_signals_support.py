"""escalation and support_spike, at every window edge."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.signals import Contact, DataGap, SignalName
from signal_cases import account, at, fired, gaps, report


def ticket(ticket_id: str, created_at: datetime, **fields: Any) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id,
        "account_id": "A1",
        "created_at": created_at,
        **fields,
    }


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ticket("48213", at("2026-11-12"), escalated=True),
            "Escalation 12 Nov (#48213)",
        ),
        (ticket("7", at("2026-11-12"), priority="urgent"), "Escalation 12 Nov (#7)"),
        (ticket("7", at("2026-11-12"), priority="URGENT"), "Escalation 12 Nov (#7)"),
        (
            ticket("7", at("2026-11-12"), tags="billing, Escalated"),
            "Escalation 12 Nov (#7)",
        ),
        (ticket("7", at("2026-11-12"), priority="high", tags="billing"), None),
        (ticket("7", at("2026-11-12"), tags="escalatedness"), None),
        # first day of the 90-day window, its first second
        (
            ticket("7", at("2026-09-05", "00:00"), escalated=True),
            "Escalation 5 Sep (#7)",
        ),
        # exactly 90 days old: outside
        (ticket("7", at("2026-09-04", "23:59:59"), escalated=True), None),
        # last second of the as-of day, then the day after: ignored
        (
            ticket("7", at("2026-12-03", "23:59:59"), escalated=True),
            "Escalation 3 Dec (#7)",
        ),
        (ticket("7", at("2026-12-04", "00:00"), escalated=True), None),
    ],
)
def test_escalation(
    make_workspace: MakeWorkspace, row: dict[str, Any], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account()], tickets=[row])

    found = fired(workspace, SignalName.ESCALATION)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_escalation_evidence_names_the_latest_ticket(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=[account()],
        tickets=[
            ticket(
                "1", at("2026-10-01"), escalated=True, subject="Old", assignee="Ann"
            ),
            ticket(
                "2", at("2026-11-12"), escalated=True, subject="Outage", assignee="Bo"
            ),
            ticket("3", at("2026-11-20"), subject="Question", assignee="Cy"),
        ],
    )

    entry = report(workspace).accounts[0]
    evidence = entry.signals[0].evidence

    assert evidence.ids == ("2",)
    assert evidence.numbers == {"escalated_tickets": 2}
    assert evidence.snippet == "Outage"
    assert evidence.source == "tickets"
    assert evidence.detail == (
        "Ticket #2 escalated or urgent on 2026-11-12: 'Outage' "
        "(2 such tickets in the last 90 days)"
    )
    assert entry.contacts == (
        Contact("Ann", "support assignee"),
        Contact("Bo", "support assignee"),
    )


def test_escalation_dates_are_local_days(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        config='timezone = "America/New_York"\n',
        accounts=[account("A1"), account("A2"), account("A3")],
        tickets=[
            # 03:00 UTC on 4 Dec is 22:00 on 3 Dec in New York: inside
            {**ticket("1", at("2026-12-04", "03:00"), escalated=True)},
            # 03:00 UTC on 5 Sep is 23:00 on 4 Sep (EDT): 90 days old, outside
            {
                **ticket("2", at("2026-09-05", "03:00"), escalated=True),
                "account_id": "A2",
            },
            # 04:00 UTC on 5 Sep is midnight on 5 Sep (EDT): inside
            {
                **ticket("3", at("2026-09-05", "04:00"), escalated=True),
                "account_id": "A3",
            },
        ],
    )

    found = fired(workspace, SignalName.ESCALATION)

    assert {key: signal.evidence.reason for key, signal in found.items()} == {
        "A1": "Escalation 3 Dec (#1)",
        "A3": "Escalation 5 Sep (#3)",
    }


def recent(count: int, first: int = 0) -> list[dict[str, Any]]:
    """COUNT tickets inside the last 30 days (2026-11-04..2026-12-03)."""
    return [ticket(f"R{first + n}", at("2026-11-20")) for n in range(count)]


def baseline(count: int) -> list[dict[str, Any]]:
    """COUNT tickets in the 90 days before them (2026-08-06..2026-11-03)."""
    return [ticket(f"B{n}", at("2026-09-20")) for n in range(count)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # no history: average 0, and at least 3 tickets
        (recent(3), "Tickets 3 in 30d vs 0.0 avg"),
        (recent(2), None),
        # 9 tickets in 90 days = 3.0 per 30 days; 6 is exactly 2x
        (recent(6) + baseline(9), "Tickets 6 in 30d vs 3.0 avg"),
        (recent(5) + baseline(9), None),
        # 10 in 90 days = 3.3 per 30 days; 7 >= 6.67
        (recent(7) + baseline(10), "Tickets 7 in 30d vs 3.3 avg"),
        (recent(6) + baseline(10), None),
        # edges: 3 Nov is baseline, 4 Nov is recent, 5 Aug is outside both
        (
            [ticket(f"E{n}", at("2026-11-04", "00:00")) for n in range(3)]
            + [ticket("X", at("2026-11-03", "23:59"))],
            "Tickets 3 in 30d vs 0.3 avg",
        ),
        (
            [ticket(f"E{n}", at("2026-11-04", "00:00")) for n in range(3)]
            + [ticket(f"X{n}", at("2026-08-05", "23:59")) for n in range(9)],
            "Tickets 3 in 30d vs 0.0 avg",
        ),
        (
            [ticket(f"E{n}", at("2026-11-04", "00:00")) for n in range(3)]
            + [ticket(f"X{n}", at("2026-08-06", "00:00")) for n in range(5)],
            None,
        ),
        # tickets after the as-of day are ignored
        ([*recent(2), ticket("F", at("2026-12-04", "00:00"))], None),
    ],
)
def test_support_spike(
    make_workspace: MakeWorkspace, rows: list[dict[str, Any]], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account()], tickets=rows)

    found = fired(workspace, SignalName.SUPPORT_SPIKE)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_support_spike_evidence_lists_the_recent_tickets(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=[account()], tickets=recent(4) + baseline(3))

    evidence = fired(workspace, SignalName.SUPPORT_SPIKE)["A1"].evidence

    assert evidence.ids == ("R0", "R1", "R2", "R3")
    assert evidence.numbers["recent_tickets"] == 4
    assert evidence.numbers["baseline_tickets"] == 3
    assert "4 tickets in the last 30 days vs 1.0 on average" in evidence.detail


def test_without_tickets_both_signals_are_data_gaps(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=[account()])

    found = gaps(workspace)

    assert found[SignalName.ESCALATION] == DataGap(
        SignalName.ESCALATION, "no tickets data"
    )
    assert found[SignalName.SUPPORT_SPIKE].needs == "no tickets data"
    assert report(workspace).accounts[0].signals == ()


def test_deleted_tickets_count_nowhere(make_workspace: MakeWorkspace) -> None:
    # Deleted: an escalation with an assignee, three recent tickets that would
    # spike, a ticket naming a competitor. Kept: one plain ticket of 20 Nov.
    deleted = {"status": "deleted"}
    workspace = make_workspace(
        accounts=[account()],
        tickets=[
            ticket("1", at("2026-11-12"), escalated=True, assignee="Ann", **deleted),
            ticket("2", at("2026-11-20"), **deleted),
            ticket("3", at("2026-11-21"), status="Deleted"),
            ticket("4", at("2026-11-22"), subject="Trying Gainsight", **deleted),
            ticket("5", at("2026-11-20"), status="open"),
        ],
    )

    result = report(workspace)

    assert result.accounts[0].signals == ()
    assert result.accounts[0].contacts == ()


def test_a_spike_of_one_ticket_reads_singular(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        config="[signals]\nsupport_spike_min_tickets = 1\n",
        accounts=[account()],
        tickets=[ticket("9", at("2026-11-20"))],
    )

    evidence = fired(workspace, SignalName.SUPPORT_SPIKE)["A1"].evidence

    assert evidence.detail.startswith("1 ticket in the last 30 days vs 0.0")
