"""An API page that says more records follow, given without the pages after it,
is reported: which file, how many records it says exist, how many were read,
and the fix. Rows read are still loaded, so the exit code does not change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from import_helpers import do_import, write
from lifebuoy.cli import app

runner = CliRunner()
FOLLOW = "export the remaining pages and import them together"


def page(folder: Path, name: str, body: dict[str, Any]) -> Path:
    return write(folder, name, json.dumps(body))


def salesforce(records: int, *, total: int, done: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "totalSize": total,
        "done": done,
        "records": [
            {"attributes": {"type": "Account"}, "Id": f"001{n}", "Name": f"Co {n}"}
            for n in range(records)
        ],
    }
    if not done:
        body["nextRecordsUrl"] = "/services/data/v59.0/query/01gA-2000"
    return body


def test_a_salesforce_page_with_more_to_follow_is_reported(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    first = page(tmp_path, "p1.json", salesforce(2, total=2086, done=False))

    report = do_import(make_workspace(), "salesforce", first, dry_run=True)

    assert report.missing_pages == [
        f"{first} says 2,086 records in all and more pages follow "
        "(nextRecordsUrl /services/data/v59.0/query/01gA-2000); 2 read — " + FOLLOW
    ]
    assert report.exit_code == 0


def test_every_salesforce_page_given_says_nothing(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    first = page(tmp_path, "p1.json", salesforce(2, total=3, done=False))
    last = page(tmp_path, "p2.json", salesforce(1, total=3, done=True))

    report = do_import(make_workspace(), "salesforce", first, last, dry_run=True)

    assert report.missing_pages == []


def test_a_salesforce_page_missing_in_between_is_reported(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    first = page(tmp_path, "p1.json", salesforce(2, total=5, done=False))
    last = page(tmp_path, "p3.json", salesforce(1, total=5, done=True))

    report = do_import(make_workspace(), "salesforce", first, last, dry_run=True)

    assert report.missing_pages == [
        f"{first}, {last} say 5 records in all; 3 read — a page in between is "
        "missing: export every page and import them together"
    ]


def test_a_hubspot_page_with_paging_next_is_reported_on_screen(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    body = {
        "total": 21,
        "results": [{"id": "9", "properties": {"name": "Acme", "domain": "a.io"}}],
        "paging": {"next": {"after": "1"}},
    }
    first = page(tmp_path, "companies.json", body)
    folder = make_workspace().path

    result = runner.invoke(
        app, ["import", "hubspot", str(first), "--dry-run", "-w", str(folder)]
    )

    assert result.exit_code == 0
    assert (
        f"Pages missing: {first} says 21 records in all and more pages follow "
        f"(paging.next.after 1); 1 read — {FOLLOW}"
    ) in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("extra", "follows"),
    [
        (
            {"next_page": "https://x.zendesk.com/api/v2/tickets.json?page=2"},
            "next_page https://x.zendesk.com/api/v2/tickets.json?page=2",
        ),
        (
            {
                "meta": {"has_more": True},
                "links": {"next": "https://x.zendesk.com/n"},
            },
            "meta.has_more, links.next https://x.zendesk.com/n",
        ),
        (
            {"end_of_stream": False, "next_page": "https://x.zendesk.com/i"},
            "end_of_stream false, next_page https://x.zendesk.com/i",
        ),
    ],
)
def test_a_zendesk_page_with_more_to_follow_is_reported(
    make_workspace: MakeWorkspace, tmp_path: Path, extra: dict[str, Any], follows: str
) -> None:
    ticket = {"id": 1, "subject": "Help", "created_at": "2026-11-01T10:00:00Z"}
    first = page(tmp_path, "tickets.json", {"tickets": [ticket], **extra})

    report = do_import(make_workspace(), "zendesk", first, dry_run=True)

    assert report.missing_pages == [
        f"{first} says more pages follow ({follows}); 1 read — {FOLLOW}"
    ]


def test_the_last_zendesk_pages_say_nothing(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ticket = {"id": 1, "subject": "Help", "created_at": "2026-11-01T10:00:00Z"}
    offset = page(tmp_path, "a.json", {"tickets": [ticket], "next_page": None})
    stream = page(
        tmp_path,
        "b.json",
        {"tickets": [ticket], "end_of_stream": True, "next_page": "https://x/i"},
    )

    report = do_import(make_workspace(), "zendesk", offset, stream, dry_run=True)

    assert report.missing_pages == []


def test_an_intercom_page_with_pages_next_is_reported(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    body = {
        "type": "list",
        "data": [{"type": "company", "id": "c1", "name": "Acme"}],
        "pages": {"type": "pages", "next": {"starting_after": "abc"}},
    }
    first = page(tmp_path, "companies.json", body)

    report = do_import(make_workspace(), "intercom", first, dry_run=True)

    assert report.missing_pages == [
        f'{first} says more pages follow (pages.next {{"starting_after": "abc"}}); '
        f"1 read — {FOLLOW}"
    ]
