"""End to end: a hand-built workspace, the signal engine and the plan."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from conftest import MakeWorkspace
from lifebuoy.planning import plan
from lifebuoy.render.json import render_json
from lifebuoy.render.markdown import render_markdown

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 12, 3)
FRESH = {
    "health_score_updated_on": date(2026, 11, 1),
    "last_exec_touch_date": date(2026, 11, 1),
}

ACCOUNTS = [
    {
        "account_id": "A1",
        "name": "Acme | Corp",
        "arr": 120000,
        "health_score": 80,
        "renewal_date": date(2027, 6, 30),
        "csm": "Dana Lee",
        "owner": "Sam Ortiz",
        **FRESH,
    },
    {
        "account_id": "A2",
        "name": "Globex",
        "arr": 50000,
        "health_score": 85,
        "renewal_date": date(2026, 12, 21),
        "owner": "Sam Ortiz",
        **FRESH,
    },
    {"account_id": "A3", "name": "Initech", "arr": 30000, "health_score": 30, **FRESH},
    {"account_id": "A4", "name": "Hooli", "arr": 10000, "health_score": 90, **FRESH},
]
TICKETS = [
    {
        "ticket_id": "48213",
        "account_id": "A1",
        "created_at": datetime(2026, 11, 12, 15, 0),
        "status": "open",
        "priority": "high",
        "escalated": True,
        "subject": "Exports failing",
        "assignee": "Riley Chen",
    },
]


def test_workspace_plan_equals_the_hand_written_markdown(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS, tickets=TICKETS)
    expected = (GOLDEN / "plan_workspace.md").read_text(encoding="utf-8")

    result = plan(workspace, "at-risk accounts", as_of=AS_OF)

    assert render_markdown(result) == expected


def test_escalation_assignee_is_a_contact_not_the_owner(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS, tickets=TICKETS)

    document = json.loads(render_json(plan(workspace, "Critical", as_of=AS_OF)))

    [acme] = document["accounts"]
    assert acme["owner"] == "Dana Lee"
    assert acme["contacts"] == [{"name": "Riley Chen", "role": "support assignee"}]
    assert acme["signals"][0]["ids"] == ["48213"]
