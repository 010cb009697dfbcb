"""Properties of the signal engine that hold for any data (hypothesis)."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import rows_to_arrow
from lifebuoy.signals import SignalName, SignalReport, signals
from lifebuoy.workspace import Workspace, write_rows
from signal_cases import AS_OF

ACCOUNTS = [
    {"account_id": f"A{n}", "name": f"Account {n}", "health_score": 30 + 10 * n}
    for n in range(3)
]
TEXTS = ("all fine", "trialling Gainsight", "evaluating alternatives", "")
Tables = Mapping[str, Sequence[Mapping[str, Any]]]
TICKET_SIGNALS = {SignalName.ESCALATION, SignalName.SUPPORT_SPIKE}

PROPERTY = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

account_ids = st.sampled_from([row["account_id"] for row in ACCOUNTS])
moments = st.builds(
    lambda days, minutes: (
        datetime.combine(AS_OF, datetime.min.time())
        - timedelta(days=days, minutes=minutes)
    ),
    st.integers(-3, 150),
    st.integers(-720, 720),
)
days = st.builds(lambda back: AS_OF - timedelta(days=back), st.integers(-3, 150))

ticket_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account_id": account_ids,
            "created_at": moments,
            "escalated": st.booleans(),
            "priority": st.sampled_from(["normal", "urgent", "high"]),
            "body": st.sampled_from(TEXTS),
            "assignee": st.sampled_from(["Ann", "Bo", None]),
        }
    ),
    max_size=25,
)
nps_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account_id": account_ids,
            "score": st.integers(0, 10),
            "responded_at": moments,
        }
    ),
    max_size=6,
)
invoice_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account_id": account_ids,
            "due_date": days,
            "status": st.sampled_from(["open", "paid", "failed", "void"]),
        }
    ),
    max_size=6,
)
activity_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account_id": account_ids,
            "date": days,
            "type": st.sampled_from(
                ["email_out", "email_in", "meeting", "call", "qbr"]
            ),
            "executive": st.booleans(),
            "body": st.sampled_from(TEXTS),
        }
    ),
    max_size=8,
)
usage_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account_id": account_ids,
            "date": days,
            "active_users": st.integers(0, 50),
            "events": st.integers(0, 500),
        }
    ),
    max_size=10,
    unique_by=lambda row: (row["account_id"], row["date"]),
)
chat_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account_id": account_ids,
            "ts": moments,
            "author": st.sampled_from(["Kim", "Lee"]),
            "text": st.sampled_from(TEXTS),
        }
    ),
    max_size=5,
)


def with_ids(rows: Sequence[Mapping[str, Any]], key: str, prefix: str) -> list[Any]:
    return [{key: f"{prefix}{n}", **row} for n, row in enumerate(rows)]


def build(folder: Path, tables: Tables) -> Workspace:
    workspace = Workspace.create(folder / "ws", environ={})
    for table, rows in tables.items():
        if rows:
            write_rows(workspace, table, rows_to_arrow(table, rows))
    return workspace


def run(tables: Tables, as_of: date = AS_OF) -> SignalReport:
    """Signals of a fresh workspace holding TABLES."""
    with tempfile.TemporaryDirectory() as folder:
        workspace = build(Path(folder), tables)
        try:
            return signals(workspace, as_of=as_of)
        finally:
            workspace.close()


def escalated_accounts(found: SignalReport) -> set[str]:
    return {
        entry.account.account_id
        for entry in found.accounts
        if SignalName.ESCALATION in entry.names
    }


@PROPERTY
@given(
    tickets=ticket_rows,
    extra=st.fixed_dictionaries(
        {"account_id": account_ids, "created_at": moments, "escalated": st.just(True)}
    ),
)
def test_adding_an_escalated_ticket_never_removes_the_escalation(
    tickets: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    rows = with_ids(tickets, "ticket_id", "T")
    before = escalated_accounts(run({"accounts": ACCOUNTS, "tickets": rows}))

    more = [*rows, {"ticket_id": "NEW", **extra}]
    after = escalated_accounts(run({"accounts": ACCOUNTS, "tickets": more}))

    assert before <= after


@PROPERTY
@given(tickets=ticket_rows, chat=chat_rows, nps=nps_rows)
def test_removing_every_ticket_turns_ticket_signals_into_gaps(
    tickets: list[dict[str, Any]], chat: list[dict[str, Any]], nps: list[dict[str, Any]]
) -> None:
    tables = {
        "accounts": ACCOUNTS,
        "tickets": with_ids(tickets, "ticket_id", "T"),
        "chat_messages": with_ids(chat, "message_id", "M"),
        "nps": with_ids(nps, "response_id", "R"),
    }

    with tempfile.TemporaryDirectory() as folder:
        workspace = build(Path(folder), tables)
        before = signals(workspace, as_of=AS_OF)
        workspace.connection.execute("DELETE FROM tickets")
        after = signals(workspace, as_of=AS_OF)
        workspace.close()

    assert TICKET_SIGNALS & before.unavailable() == (
        set() if tickets else TICKET_SIGNALS
    )
    assert after.unavailable() >= TICKET_SIGNALS
    assert all(not entry.names & TICKET_SIGNALS for entry in after.accounts)
    text_gap = SignalName.EVALUATING_ALTERNATIVES in after.unavailable()
    assert text_gap == (not chat)
    others = TICKET_SIGNALS | {SignalName.EVALUATING_ALTERNATIVES}
    assert before.unavailable() - others == after.unavailable() - others


@PROPERTY
@given(
    tickets=ticket_rows,
    nps=nps_rows,
    invoices=invoice_rows,
    activities=activity_rows,
    usage=usage_rows,
    chat=chat_rows,
    seed=st.integers(0, 2**32 - 1),
)
def test_signals_do_not_depend_on_row_order(
    tickets: list[dict[str, Any]],
    nps: list[dict[str, Any]],
    invoices: list[dict[str, Any]],
    activities: list[dict[str, Any]],
    usage: list[dict[str, Any]],
    chat: list[dict[str, Any]],
    seed: int,
) -> None:
    tables: dict[str, list[Any]] = {
        "accounts": list(ACCOUNTS),
        "tickets": with_ids(tickets, "ticket_id", "T"),
        "nps": with_ids(nps, "response_id", "R"),
        "invoices": with_ids(invoices, "invoice_id", "INV-"),
        "activities": with_ids(activities, "activity_id", "AC"),
        "usage": list(usage),
        "chat_messages": with_ids(chat, "message_id", "M"),
    }
    shuffled = {name: list(rows) for name, rows in tables.items()}
    shuffler = random.Random(seed)
    for rows in shuffled.values():
        shuffler.shuffle(rows)

    assert run(tables) == run(shuffled)
