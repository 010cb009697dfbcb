"""Health measures read from the workspace as of a date, in its time zone."""

from __future__ import annotations

from datetime import datetime

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.signals.health import load_accounts, score_accounts
from lifebuoy.signals.health_measures import measure
from lifebuoy.signals.health_scoring import Dimension
from lifebuoy.workspace import Workspace

ACCOUNT = [{"account_id": "A1", "name": "Acme Corp"}]


def ticket(ticket_id: str, created_at: datetime, **fields: object) -> dict[str, object]:
    return {
        "ticket_id": ticket_id,
        "account_id": "A1",
        "created_at": created_at,
        **fields,
    }


def test_ticket_windows_follow_the_workspace_time_zone(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        config='timezone = "America/New_York"\n',
        accounts=ACCOUNT,
        tickets=[
            # 22:00 on 3 Dec in New York: the as-of day, inside.
            ticket("T1", datetime(2026, 12, 4, 3, 0), escalated=True),
            # 23:30 on 3 Nov in New York: 31 days back, outside 30 days.
            ticket("T2", datetime(2026, 11, 4, 4, 30)),
            # 01:00 on 4 Dec in New York: after the as-of day, ignored.
            ticket("T3", datetime(2026, 12, 4, 6, 0), escalated=True),
        ],
    )

    values = measure(workspace, as_of=AS_OF)["A1"].values

    assert values["tickets_30"] == 1
    assert values["escalations_90"] == 1


def test_rows_after_the_as_of_day_are_ignored_everywhere(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(**TABLES)

    # As of 1 Oct only T2 (15 Sep), usage of 20 Oct is in the future, N1 (10 Oct)
    # too, so the latest NPS is N2's 8; the meeting of 20 Sep is 11 days old.
    values = measure(workspace, as_of=datetime(2026, 10, 1).date())["A1"].values

    assert values["tickets_30"] == 1
    assert "days_since_active" not in values
    assert values["nps_latest"] == 8
    assert values["days_since_meeting"] == 11
    assert values["overdue_invoices"] == 0


def test_segment_weights_from_the_config_file(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        config="[health.segment_weights.enterprise]\nusage = 1\n", **TABLES
    )
    acme = [row for row in load_accounts(workspace) if row[0].account_id == "A1"]

    (report,) = score_accounts(workspace, acme, as_of=AS_OF)

    # Only usage weighs for Enterprise: the usage dimension alone. Usage ends
    # 20 Nov, so it is read up to then: users and events −40% score 15 each,
    # last active 0 days before the end scores 100: (43.3 + 15) / 2 = 29.2.
    assert report.score == 29
    assert set(report.weights) == {dimension for dimension in report.dimensions}


def test_adding_nps_data_changes_only_the_satisfaction_dimension(
    make_workspace: MakeWorkspace,
) -> None:
    without = make_workspace(
        folder="without", **{k: v for k, v in TABLES.items() if k != "nps"}
    )
    with_nps = make_workspace(folder="with", **TABLES)

    def dimensions(workspace: Workspace) -> dict[Dimension, int]:
        acme = [row for row in load_accounts(workspace) if row[0].account_id == "A1"]
        return score_accounts(workspace, acme, as_of=AS_OF)[0].dimensions

    before, after = dimensions(without), dimensions(with_nps)

    assert Dimension.SATISFACTION not in before
    assert after[Dimension.SATISFACTION] == 30
    assert {d: after[d] for d in before} == before


def test_a_renewal_date_alone_gives_no_score(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A1", "name": "Acme", "renewal_date": AS_OF}]
    )

    (report,) = score_accounts(workspace, load_accounts(workspace), as_of=AS_OF)

    assert report.score is None
    assert "commercial: no billing data" in report.missing


def test_usage_ending_early_is_measured_up_to_its_end(
    make_workspace: MakeWorkspace,
) -> None:
    # Usage ends 2026-12-03; as of 2026-12-14 the 30 days to 12-03 (11-04..)
    # hold 12-03 (100 users) and the 30 before (10-05..11-03) hold 11-01 (100):
    # ±0%. The last active day is 12-03, 0 days before the end of the data.
    usage = [
        {"account_id": "A1", "date": d, "active_users": 100, "events": 1000}
        for d in (datetime(2026, 11, 1).date(), datetime(2026, 12, 3).date())
    ]
    workspace = make_workspace(accounts=ACCOUNT, usage=usage)
    as_of = datetime(2026, 12, 14).date()

    values = measure(workspace, as_of=as_of)["A1"].values
    report = score_accounts(workspace, load_accounts(workspace), as_of=as_of)[0]

    assert values["active_users_change"] == 0
    assert values["events_change"] == 0
    assert values["days_since_active"] == 0
    texts = [factor.text for factor in report.factors]
    assert texts == [
        "active users ±0% (30 days to 3 Dec vs 30 before)",
        "events ±0% (30 days to 3 Dec vs 30 before)",
        "last active day 3 Dec (usage data ends 3 Dec)",
    ]
    assert report.missing[-1] == (
        "usage: data ends 2026-12-03, 11 days before the as-of date; "
        "usage compared up to then"
    )


def test_deleted_tickets_are_not_measured(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=ACCOUNT,
        tickets=[
            ticket("T1", datetime(2026, 11, 20, 12), escalated=True, reopens=2),
            ticket("T2", datetime(2026, 11, 21, 12), status="deleted", reopens=5),
            ticket("T3", datetime(2026, 11, 22, 12), escalated=True, status="deleted"),
        ],
    )

    values = measure(workspace, as_of=AS_OF)["A1"].values

    assert values["tickets_30"] == 1
    assert values["escalations_90"] == 1
    assert values["reopens_90"] == 2
