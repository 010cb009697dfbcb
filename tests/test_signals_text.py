"""evaluating_alternatives: configured names and phrases on word boundaries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.signals import Contact, SignalName
from signal_cases import account, at, fired, gaps, report

FRONT = '[signals]\ncompetitors = ["Front", "C++ Tools"]\n'


def ticket(body: str, created_at: datetime | None = None) -> dict[str, Any]:
    return {
        "ticket_id": "T1",
        "account_id": "A1",
        "created_at": created_at or at("2026-11-12"),
        "subject": "Renewal",
        "body": body,
    }


def chat(text: str, ts: datetime | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "message_id": "M1",
        "account_id": "A1",
        "ts": ts or at("2026-11-03", "09:30"),
        "author": "Kim",
        "text": text,
        **fields,
    }


def activity(body: str, day: str, kind: str = "meeting") -> dict[str, Any]:
    return {
        "activity_id": "AC1",
        "account_id": "A1",
        "date": date.fromisoformat(day),
        "type": kind,
        "body": body,
    }


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        (
            {"tickets": [ticket("We looked at Gainsight")]},
            "Mentions Gainsight (ticket 12 Nov)",
        ),
        (
            {"tickets": [ticket("we looked at GAINSIGHT.")]},
            "Mentions Gainsight (ticket 12 Nov)",
        ),
        ({"tickets": [ticket("the gainsights of the year")]}, None),
        (
            {"chat_messages": [chat("They are Evaluating   alternatives now")]},
            "Evaluating alternatives (chat 3 Nov)",
        ),
        (
            {"chat_messages": [chat("an RFP is coming")]},
            "Evaluating alternatives (chat 3 Nov)",
        ),
        ({"chat_messages": [chat("the rfpx tool")]}, None),
        # a named competitor is shown before a phrase found earlier in the text
        (
            {"chat_messages": [chat("They are considering switching to Totango")]},
            "Mentions Totango (chat 3 Nov)",
        ),
        (
            {"activities": [activity("Said: considering switching", "2026-09-05")]},
            "Evaluating alternatives (meeting 5 Sep)",
        ),
        # exactly 90 days old, and after the as-of day: outside
        ({"activities": [activity("considering switching", "2026-09-04")]}, None),
        ({"activities": [activity("considering switching", "2026-12-04")]}, None),
        (
            {"activities": [activity("RFP sent", "2026-11-20", "email_in")]},
            "Evaluating alternatives (email 20 Nov)",
        ),
        ({"tickets": [ticket("Gainsight", at("2026-09-04", "23:59"))]}, None),
        ({"tickets": [ticket("Gainsight", at("2026-12-04", "00:00"))]}, None),
        (
            {"tickets": [ticket("Gainsight", at("2026-09-05", "00:00"))]},
            "Mentions Gainsight (ticket 5 Sep)",
        ),
        ({"tickets": [ticket("All quiet")], "chat_messages": [chat("fine")]}, None),
    ],
)
def test_evaluating_alternatives(
    make_workspace: MakeWorkspace, tables: dict[str, Any], expected: str | None
) -> None:
    workspace = make_workspace(accounts=[account()], **tables)

    found = fired(workspace, SignalName.EVALUATING_ALTERNATIVES)

    assert (found["A1"].evidence.reason if found else None) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The frontend is slow", None),
        ("Front sent a proposal", "Mentions Front (ticket 12 Nov)"),
        ("moving to front, sadly", "Mentions Front (ticket 12 Nov)"),
        ("store-front issue", "Mentions Front (ticket 12 Nov)"),
        ("we use c++ tools daily", "Mentions C++ Tools (ticket 12 Nov)"),
        ("Gainsight", None),
    ],
)
def test_competitors_are_configuration_on_word_boundaries(
    make_workspace: MakeWorkspace, body: str, expected: str | None
) -> None:
    workspace = make_workspace(
        config=FRONT, accounts=[account()], tickets=[ticket(body)]
    )

    found = fired(workspace, SignalName.EVALUATING_ALTERNATIVES)

    assert (found["A1"].evidence.reason if found else None) == expected


def test_evidence_carries_the_latest_match_and_a_trimmed_snippet(
    make_workspace: MakeWorkspace,
) -> None:
    long_text = "x" * 200 + " they mentioned Totango in the call " + "y" * 200
    workspace = make_workspace(
        accounts=[account()],
        tickets=[ticket("Gainsight", at("2026-10-01"))],
        chat_messages=[chat(long_text, at("2026-11-20", "15:00"))],
    )

    evidence = fired(workspace, SignalName.EVALUATING_ALTERNATIVES)["A1"].evidence

    assert evidence.reason == "Mentions Totango (chat 20 Nov)"
    assert evidence.ids == ("M1",)
    assert evidence.dates == (date(2026, 11, 20),)
    assert evidence.numbers == {"matching_texts": 2}
    assert evidence.source == "chat_messages"
    assert evidence.snippet is not None
    assert "they mentioned Totango in the call" in evidence.snippet
    assert evidence.snippet.startswith("…") and evidence.snippet.endswith("…")
    assert len(evidence.snippet) <= 122


def test_chat_dates_are_local_days(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        config='timezone = "Asia/Tokyo"\n',
        accounts=[account()],
        chat_messages=[chat("Gainsight demo", at("2026-11-03", "20:00"))],
    )

    evidence = fired(workspace, SignalName.EVALUATING_ALTERNATIVES)["A1"].evidence

    assert evidence.reason == "Mentions Gainsight (chat 4 Nov)"


def test_chat_authors_are_contacts(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=[account()],
        chat_messages=[
            chat("all good", message_id="M1", author="Kim"),
            chat("renewal next month", message_id="M2", author="Lee"),
            chat("old news", at("2026-08-01"), message_id="M3", author="Old"),
        ],
    )

    assert report(workspace).accounts[0].contacts == (
        Contact("Kim", "chat"),
        Contact("Lee", "chat"),
    )


def test_without_any_text_source_the_signal_is_a_data_gap(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=[account()])

    needs = gaps(workspace)[SignalName.EVALUATING_ALTERNATIVES].needs

    assert needs == "no tickets, activities or chat data"
