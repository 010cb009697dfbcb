"""Zendesk tickets and organizations: the real sample pages and small fixtures.

Counted with jq, independently of lifebuoy:

- organizations_list.json: 5 organizations, none with domain_names.
- tickets_incremental_export.json (instance ramco8103): 28 tickets, 28
  distinct ids; 7 urgent (ids 2, 3, 7, 8, 10, 12, 13); 6 deleted (22, 23,
  25, 26, 27, 28); 2 with organization_id 16921842276764, which is not in
  the organizations file (another instance); 26 with no organization.
- tickets_list_cursor_page.json (instance nango-1049): 4 tickets, ids 1–4
  like the export's, so ids are qualified by instance; tickets 3 and 4
  belong to organization 46406146527249 ("Nango"); ticket 2 is low priority
  with a literal "urgent" tag.
- Every ticket's satisfaction_rating is {"score": "unoffered"}.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts

ZENDESK = SAMPLES / "zendesk"

samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


@samples
def test_every_zendesk_sample(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "zendesk", *sorted(ZENDESK.glob("*.json")))

    assert report.tables == {
        "accounts": TableCounts(read=5, loaded=5),
        "tickets": TableCounts(read=32, loaded=32, unmatched=30),
    }
    assert report.exit_code == 0
    assert rows(
        workspace,
        "SELECT ticket_id FROM tickets WHERE escalated ORDER BY created_at, ticket_id",
    ) == [
        ("zendesk:ramco8103/2",), ("zendesk:ramco8103/3",), ("zendesk:ramco8103/7",),
        ("zendesk:ramco8103/8",), ("zendesk:ramco8103/10",),
        ("zendesk:ramco8103/12",), ("zendesk:ramco8103/13",),
    ]  # fmt: skip
    assert rows(workspace, "SELECT count(*) FROM tickets WHERE status = 'deleted'") == [
        (6,)
    ]
    assert rows(
        workspace,
        "SELECT t.ticket_id, a.name FROM tickets t JOIN accounts a USING (account_id) "
        "ORDER BY 1",
    ) == [("zendesk:nango-1049/3", "Nango"), ("zendesk:nango-1049/4", "Nango")]
    assert rows(workspace, "SELECT count(*) FROM tickets WHERE csat IS NULL") == [(32,)]


@samples
def test_a_low_priority_ticket_tagged_urgent_is_not_escalated(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()

    do_import(workspace, "zendesk", ZENDESK / "tickets_list_cursor_page.json")

    assert rows(
        workspace,
        "SELECT priority, escalated, created_at FROM tickets "
        "WHERE ticket_id = 'zendesk:nango-1049/2'",
    ) == [("low", False, datetime(2026, 5, 6, 8, 16, 30))]


@samples
def test_reimporting_the_export_changes_nothing(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()
    export = ZENDESK / "tickets_incremental_export.json"
    do_import(workspace, "zendesk", export)

    again = do_import(workspace, "zendesk", export)

    assert again.tables == {
        "tickets": TableCounts(read=28, unchanged=28, unmatched=26 + 2)
    }


def _ticket(ticket_id: int, **fields: object) -> dict[str, object]:
    return {
        "id": ticket_id,
        "url": f"https://acme.zendesk.com/api/v2/tickets/{ticket_id}.json",
        "created_at": "2026-03-01T10:00:00Z",
        "updated_at": "2026-03-01T10:00:00Z",
        "status": "open",
        "priority": "normal",
        "tags": [],
        "via": {"channel": "email"},
        "organization_id": None,
        "requester_id": 1,
        "satisfaction_rating": {"score": "unoffered"},
        "subject": f"ticket {ticket_id}",
        **fields,
    }


def _page(tmp_path: Path, name: str, **content: object) -> Path:
    return write(tmp_path, name, json.dumps(content))


def test_repeats_in_the_export_keep_the_newest_copy(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    first = _page(
        tmp_path, "p1.json", tickets=[_ticket(7, status="open")], end_of_stream=False
    )
    second = _page(
        tmp_path,
        "p2.json",
        tickets=[_ticket(7, status="solved", updated_at="2026-03-02T09:00:00Z")],
        end_of_stream=True,
    )

    report = do_import(workspace, "zendesk", second, first)

    # Each copy read is counted as unmatched (no organization, no requester).
    assert report.tables == {
        "tickets": TableCounts(read=2, loaded=1, duplicate=1, unmatched=2)
    }
    assert rows(workspace, "SELECT ticket_id, status FROM tickets") == [
        ("zendesk:acme/7", "solved")
    ]


def test_columns_from_priority_tags_rating_and_via(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    page = _page(
        tmp_path,
        "tickets.json",
        tickets=[
            _ticket(1, priority="urgent", satisfaction_rating={"score": "bad"}),
            _ticket(2, tags=["Escalated", "billing"]),
            _ticket(3, tags=["not_escalated"], satisfaction_rating={"score": "good"}),
            _ticket(4, priority="urgent", status="deleted"),
        ],
    )

    do_import(workspace, "zendesk", page)

    assert rows(
        workspace,
        "SELECT ticket_id, priority, escalated, csat, tags, status FROM tickets "
        "ORDER BY ticket_id",
    ) == [
        ("zendesk:acme/1", "urgent", True, 1.0, "via:email", "open"),
        ("zendesk:acme/2", "normal", True, None, "Escalated, billing, via:email",
         "open"),
        ("zendesk:acme/3", "normal", False, 5.0, "not_escalated, via:email", "open"),
        ("zendesk:acme/4", "urgent", False, None, "via:email", "deleted"),
    ]  # fmt: skip


def test_tickets_without_organization_match_by_requester(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[
            {"account_id": "A", "name": "Acme Rockets", "domain": "acme.io"},
            {"account_id": "B", "name": "Globex", "domain": "globex.com"},
        ]
    )
    users = [
        {"id": 1, "email": "ann@acme.io", "name": "Ann", "organization_id": None},
        {"id": 2, "email": "bo@gmail.com", "name": "Bo", "organization_id": None},
        {"id": 3, "email": "cy@x.org", "name": "Cy", "organization_id": 90},
        {"id": 4, "email": "di@initech.com", "name": "Di", "organization_id": None},
    ]
    organizations = [{"id": 90, "name": "Globex Corp.", "domain_names": ["globex.com"]}]
    page = _page(
        tmp_path,
        "tickets.json",
        tickets=[_ticket(n, requester_id=n) for n in (1, 2, 3, 4)],
        users=users,
    )
    orgs = _page(tmp_path, "orgs.json", organizations=organizations)

    report = do_import(workspace, "zendesk", page, orgs)

    assert report.tables["tickets"] == TableCounts(read=4, loaded=4, unmatched=2)
    assert report.matched_by == {"domain": 1}
    assert rows(
        workspace, "SELECT ticket_id, account_id FROM tickets ORDER BY ticket_id"
    ) == [
        ("zendesk:acme/1", "A"),
        ("zendesk:acme/2", None),
        ("zendesk:acme/3", "B"),
        ("zendesk:acme/4", "zendesk:initech.com"),
    ]


def test_a_file_that_is_not_zendesk_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    page = _page(tmp_path, "x.json", results=[])

    with pytest.raises(Exception, match="not a Zendesk page"):
        do_import(workspace, "zendesk", page)


def test_a_tickets_csv_goes_through_the_generic_path(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A", "name": "Acme"}])
    path = write(
        tmp_path,
        "tickets.csv",
        "Ticket ID,Organization,Created at,Priority,Status\n"
        "11,Acme,2026-03-01 10:00,Urgent,Open\n",
    )

    report = do_import(workspace, "csv", path, table="tickets")

    assert report.tables == {"tickets": TableCounts(read=1, loaded=1)}
    assert rows(workspace, "SELECT ticket_id, account_id, priority FROM tickets") == [
        ("11", "A", "urgent")
    ]


def test_escalation_tags_come_from_the_settings(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(config='[signals]\nescalation_tags = ["hot"]\n')
    page = _page(
        tmp_path,
        "tickets.json",
        tickets=[_ticket(1, tags=["HOT"]), _ticket(2, tags=["escalated"])],
    )

    do_import(workspace, "zendesk", page)

    assert rows(
        workspace, "SELECT ticket_id, escalated FROM tickets ORDER BY ticket_id"
    ) == [("zendesk:acme/1", True), ("zendesk:acme/2", False)]
