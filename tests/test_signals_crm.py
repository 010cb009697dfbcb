"""nps_detractor, low_health, renewal_soon, and the stale-data warnings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.signals import DataWarning, SignalName
from signal_cases import account, at, fired, gaps, report


def response(
    score: int, responded_at: datetime, response_id: str = "R1", **fields: Any
) -> dict[str, Any]:
    return {
        "response_id": response_id,
        "account_id": "A1",
        "score": score,
        "responded_at": responded_at,
        **fields,
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([response(3, at("2026-10-02"))], "NPS 3 on 2 Oct"),
        ([response(6, at("2026-10-02"))], "NPS 6 on 2 Oct"),
        ([response(0, at("2026-10-02"))], "NPS 0 on 2 Oct"),
        ([response(7, at("2026-10-02"))], None),
        # only the latest response counts
        ([response(3, at("2025-01-01")), response(9, at("2026-10-02"), "R2")], None),
        (
            [response(9, at("2025-01-01")), response(2, at("2026-10-02"), "R2")],
            "NPS 2 on 2 Oct",
        ),
        # a response after the as-of day is not known yet
        (
            [
                response(3, at("2026-12-03", "23:59")),
                response(9, at("2026-12-04", "00:00"), "R2"),
            ],
            "NPS 3 on 3 Dec",
        ),
    ],
)
def test_nps_detractor(
    make_workspace: MakeWorkspace, rows: list[dict[str, Any]], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account()], nps=rows)

    found = fired(workspace, SignalName.NPS_DETRACTOR)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_nps_evidence_quotes_the_comment(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        config="[signals]\nnps_detractor_max = 4\n",
        accounts=[account("A1"), account("A2")],
        nps=[
            response(
                4, at("2026-10-02"), comment="Too   slow\nlately", respondent="Al"
            ),
            {**response(5, at("2026-10-02"), "R2"), "account_id": "A2"},
        ],
    )

    found = fired(workspace, SignalName.NPS_DETRACTOR)

    assert list(found) == ["A1"]
    evidence = found["A1"].evidence
    assert evidence.snippet == "Too slow lately"
    assert evidence.ids == ("R1",)
    assert evidence.dates == (date(2026, 10, 2),)
    assert evidence.detail == (
        "Latest NPS response R1: 4 from Al on 2026-10-02 (detractor: 4 or lower)"
    )


def test_nps_gap(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=[account()])

    assert gaps(workspace)[SignalName.NPS_DETRACTOR].needs == "no NPS data"


@pytest.mark.parametrize(
    ("score", "expected"),
    [(39, "CRM health 39"), (0, "CRM health 0"), (40, None), (None, None)],
)
def test_low_health(
    make_workspace: MakeWorkspace, score: int | None, expected: str | None
) -> None:
    workspace = make_workspace(
        accounts=[account("A1", health_score=score), account("A2", health_score=80)]
    )

    found = fired(workspace, SignalName.LOW_HEALTH)

    assert (found["A1"].evidence.reason if "A1" in found else None) == expected


@pytest.mark.parametrize(
    ("updated", "expected"),
    [
        (None, "CRM health 12"),
        (date(2026, 12, 3), "CRM health 12"),
        # recorded after the as-of day: the score was not known then
        (date(2026, 12, 4), None),
    ],
)
def test_low_health_counts_only_a_score_known_by_the_as_of_day(
    make_workspace: MakeWorkspace, updated: date | None, expected: str | None
) -> None:
    workspace = make_workspace(
        accounts=[account("A1", health_score=12, health_score_updated_on=updated)]
    )

    found = fired(workspace, SignalName.LOW_HEALTH)

    assert (found["A1"].evidence.reason if "A1" in found else None) == expected


# As of 2026-12-03, the next 90 days run to 2027-03-03.
@pytest.mark.parametrize(
    ("renewal", "expected"),
    [
        ("2026-12-03", "Renews today (2026-12-03)"),
        ("2027-01-17", "Renews in 45 days (2027-01-17)"),
        ("2027-03-03", "Renews in 90 days (2027-03-03)"),
        ("2027-03-04", None),
        ("2026-12-02", None),
    ],
)
def test_renewal_soon(
    make_workspace: MakeWorkspace, renewal: str, expected: str | None
) -> None:
    workspace = make_workspace(
        config='timezone = "Pacific/Kiritimati"\n',
        accounts=[account(renewal_date=date.fromisoformat(renewal))],
    )

    found = fired(workspace, SignalName.RENEWAL_SOON)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_crm_fields_missing_everywhere_are_gaps(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=[account()])

    found = gaps(workspace)

    assert found[SignalName.LOW_HEALTH].needs == "no health_score in accounts"
    assert found[SignalName.RENEWAL_SOON].needs == "no renewal_date in accounts"


def test_stale_crm_data_is_warned_about(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=[
            account("A1", renewal_date=date(2026, 12, 2)),
            account("A2", renewal_date=date(2026, 12, 3)),
            # not updated in the last 90 days (2026-09-05..2026-12-03)
            account("A3", health_score=70, health_score_updated_on=date(2026, 9, 4)),
            account("A4", health_score=70, health_score_updated_on=date(2026, 9, 5)),
            account("A5", status="churned", renewal_date=date(2025, 1, 1)),
        ]
    )

    assert report(workspace).warnings == (
        DataWarning(
            "A1",
            "renewal date 2026-12-02 is already past; update it in the CRM",
            kind="renewal_past",
        ),
        DataWarning(
            "A3",
            "CRM health score last updated 2026-09-04, more than 90 days ago; "
            "it may not reflect the account today",
            kind="stale_health_score",
        ),
    )


def test_a_renewal_tomorrow_reads_one_day(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=[account("A1", renewal_date=date(2026, 12, 4))])

    evidence = fired(workspace, SignalName.RENEWAL_SOON)["A1"].evidence

    assert evidence.reason == "Renews in 1 day (2026-12-04)"
    assert evidence.detail == "Renewal date 2026-12-04, 1 day after the as-of day"
