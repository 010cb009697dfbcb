"""Intercom conversations and companies: the real sample pages and fixtures.

Counted with jq, independently of lifebuoy:

- conversations_list.json: 5 conversations (4 open, 1 snoozed), all
  priority "not_priority", no tags, no rating; count_reopens 1 on
  215474207175846, 0 elsewhere; 4 opened by a user at example.com, one
  (215474207061545) with source null.
- conversation_with_parts.json: conversation 215474207061545 again (updated
  1778133222, older than the list's 1778133276), with 15 parts of which 4
  are comments ("This is a test reply from Nango automation").
- companies_scroll_page1.json: 5 companies (four named "[Demo]", one "Test
  Company"), no website.
No conversation names a company or contact company, and no account has
the domain example.com, so all 5 conversations are kept as unmatched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts

INTERCOM = SAMPLES / "intercom"
REPLY = "This is a test reply from Nango automation"

samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


@samples
def test_every_intercom_sample(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "intercom", *sorted(INTERCOM.glob("*.json")))

    assert report.tables == {
        "accounts": TableCounts(read=5, loaded=5),
        "tickets": TableCounts(read=5, loaded=5, unmatched=5),
    }
    assert report.exit_code == 0
    assert rows(
        workspace, "SELECT name, count(*) FROM accounts GROUP BY 1 ORDER BY 1"
    ) == [("Test Company", 1), ("[Demo]", 4)]
    assert rows(
        workspace,
        "SELECT status, priority, reopens, body FROM tickets "
        "WHERE ticket_id = 'intercom:215474207061545'",
    ) == [("snoozed", "normal", 0, "\n\n".join([REPLY] * 4))]
    assert rows(
        workspace,
        "SELECT reopens, body FROM tickets "
        "WHERE ticket_id = 'intercom:215474207175846'",
    ) == [(1, "Test conversation for close action")]


def test_conversations_link_by_contact_company_or_email(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A", "name": "Acme", "domain": "acme.io"}]
    )
    companies = {
        "type": "list",
        "data": [{"type": "company", "id": "c1", "name": "Globex",
                  "website": "https://globex.com"}],
    }  # fmt: skip
    contacts = {
        "type": "list",
        "data": [{"type": "contact", "id": "k1",
                  "companies": {"data": [{"id": "c1"}]}}],
    }  # fmt: skip

    def conversation(number: int, contact: str, email: str) -> dict[str, object]:
        return {
            "type": "conversation", "id": str(number), "state": "open",
            "priority": "priority", "created_at": 1767225600,
            "updated_at": 1767225600,
            "tags": {"tags": [{"name": "Escalated"}]} if number == 1 else {},
            "statistics": {"count_reopens": 2},
            "conversation_rating": {"rating": 2},
            "source": {"body": "<p>Help &amp; more</p>",
                       "author": {"type": "user", "email": email}},
            "contacts": {"contacts": [{"id": contact}]},
        }  # fmt: skip

    listing = {
        "type": "conversation.list",
        "conversations": [
            conversation(1, "k1", "x@globex.com"),
            conversation(2, "k2", "ann@acme.io"),
            conversation(3, "k3", "bo@gmail.com"),
        ],
    }
    paths = [
        write(tmp_path, name, json.dumps(page))
        for name, page in (("c.json", companies), ("k.json", contacts),
                           ("v.json", listing))
    ]  # fmt: skip

    report = do_import(workspace, "intercom", *paths)

    assert report.tables["tickets"] == TableCounts(read=3, loaded=3, unmatched=1)
    assert rows(
        workspace,
        "SELECT ticket_id, account_id, priority, escalated, reopens, csat, body "
        "FROM tickets ORDER BY 1",
    ) == [
        ("intercom:1", "intercom:c1", "high", True, 2, 2.0, "Help & more"),
        ("intercom:2", "A", "high", False, 2, 2.0, "Help & more"),
        ("intercom:3", None, "high", False, 2, 2.0, "Help & more"),
    ]


def test_a_page_that_is_not_intercom_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.json", json.dumps({"tickets": []}))

    with pytest.raises(Exception, match="not an Intercom page"):
        do_import(make_workspace(), "intercom", path)


@samples
def test_a_scroll_page_that_still_held_companies_says_more_follow(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()
    page = INTERCOM / "companies_scroll_page1.json"

    report = do_import(workspace, "intercom", page)

    # the page holds 5 companies and scroll_param 43cc3160-…: scrolling goes on
    # until a page comes back empty, and that page was not given
    assert report.missing_pages == [
        f"{page} says more pages follow (scroll_param "
        '"43cc3160-7bb8-4666-8b23-d2da2dc42bba"); 5 read — export the remaining '
        "pages and import them together"
    ]


@samples
def test_scrolling_ends_at_the_empty_page(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    last = write(
        tmp_path,
        "companies_scroll_page2.json",
        json.dumps({"type": "list", "data": [], "scroll_param": "43cc3160"}),
    )

    report = do_import(
        workspace, "intercom", INTERCOM / "companies_scroll_page1.json", last
    )

    assert report.missing_pages == []
    assert report.tables == {"accounts": TableCounts(read=5, loaded=5)}
