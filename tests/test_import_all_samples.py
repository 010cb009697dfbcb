"""Every sample together: a workspace built from all of them, then at-risk and plan.

The samples were recorded on different days, so each check reads the
workspace as of a date just after the events it looks at:

- 2024-11-20: the Zendesk incremental export's urgent tickets (created
  2024-11-15) are in the 90-day escalation window.
- 2025-04-30: the Stripe invoice.payment_failed invoice in_1234 (finalized
  2025-04-23) is open and failed.
- 2022-01-10: the Delighted responses (2022-01-04) are the latest NPS.

How records reach accounts:

- The Zendesk export names requesters by id only and no ticket of it has an
  organization the organizations page lists, so on its own every one of its
  tickets is unmatched (kept, counted). A Zendesk users page written here,
  as GET /api/v2/users.json returns it, gives the requesters of the seven
  urgent tickets e-mail addresses at two CRM domains: burlington.com
  (Burlington Textiles, tickets 2, 3, 7) and genepoint.com (GenePoint,
  tickets 8, 10, 12, 13). Other requesters stay unmatched.
- The Stripe customer cus_1234 ("Example Customer", example.org) matches no
  CRM account by domain or name, so it becomes its own account, and the
  failed invoice is on it.
- The Delighted people file lists none of the respondents; a people page
  written here gives the six detractors (scores 3, 1, 0, 3, 6, 0) e-mail
  addresses at edgecomm.com (Edge Communications: persons 1040825885,
  1040826151, 1040826156) and pyramid.com (Pyramid Construction:
  1040826161, 1040826168, 1040826163); the promoters and passives stay
  unmatched.
- Chargebee's "Acme Corp" matches the Salesforce Data Loader account of the
  same name; Initech LLC and Globex Inc become accounts of their own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from import_helpers import SAMPLES, write
from lifebuoy.cli import app

runner = CliRunner()

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")

BURLINGTON = "salesforce:001dM00003jU9GyQAK"
GENEPOINT = "salesforce:001dM00003jU9H7QAK"
EDGE = "salesforce:001dM00003jU9GxQAK"
PYRAMID = "salesforce:001dM00003jU9GzQAK"
EXAMPLE_CUSTOMER = "stripe:cus_1234"

REQUESTERS = {
    16921906664348: "ann@burlington.com",  # ticket 2 (and 14, normal)
    16921881495708: "bo@burlington.com",  # ticket 3 (and 15, normal)
    16921895909020: "cy@burlington.com",  # ticket 7 (and 19, normal)
    16921921308188: "di@genepoint.com",  # ticket 8 (and 20, normal)
    16921906888092: "ed@genepoint.com",  # ticket 10 (and 22, deleted)
    16921891917084: "fay@genepoint.com",  # ticket 12 (and 25, deleted)
    16921906952092: "gus@genepoint.com",  # ticket 13
}
RESPONDENTS = {
    "1040825885": "p1@edgecomm.com",
    "1040826151": "p2@edgecomm.com",
    "1040826156": "p3@edgecomm.com",
    "1040826161": "p4@pyramid.com",
    "1040826168": "p5@pyramid.com",
    "1040826163": "p6@pyramid.com",
}


def _import(folder: Path, source: str, *paths: Path) -> dict[str, Any]:
    result = runner.invoke(
        app, ["import", source, *map(str, paths), "-w", str(folder), "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("all")
    workspace = base / "ws"
    users = [
        {"id": user, "email": email, "organization_id": None}
        for user, email in REQUESTERS.items()
    ]
    people = [{"id": person, "email": email} for person, email in RESPONDENTS.items()]
    zendesk_users = write(base, "zendesk_users.json", json.dumps({"users": users}))
    delighted_people = write(base, "delighted_people.json", json.dumps(people))

    reports = {
        "hubspot": _import(
            workspace, "hubspot", *sorted((SAMPLES / "hubspot").iterdir())
        ),
        "salesforce": _import(
            workspace, "salesforce", *sorted((SAMPLES / "salesforce").iterdir())
        ),
        "zendesk": _import(
            workspace,
            "zendesk",
            *sorted((SAMPLES / "zendesk").iterdir()),
            zendesk_users,
        ),
        "intercom": _import(
            workspace, "intercom", *sorted((SAMPLES / "intercom").iterdir())
        ),
        "stripe": _import(workspace, "stripe", *sorted((SAMPLES / "stripe").iterdir())),
        "chargebee": _import(
            workspace, "chargebee", *sorted((SAMPLES / "chargebee").iterdir())
        ),
        "delighted": _import(
            workspace,
            "delighted",
            *sorted((SAMPLES / "delighted").iterdir()),
            delighted_people,
        ),
        "slack": _import(workspace, "slack", SAMPLES / "slack" / "channels.json"),
        "amplitude": _import(
            workspace, "amplitude", *(SAMPLES / "amplitude").iterdir()
        ),
        "segment": _import(workspace, "segment", *(SAMPLES / "segment").iterdir()),
    }
    (base / "reports.json").write_text(json.dumps(reports), encoding="utf-8")
    return workspace


def _reports(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder.parent / "reports.json").read_text())
    return data


def test_the_imports_of_every_sample(folder: Path) -> None:
    reports = _reports(folder)
    counts = {
        (source, table): (numbers["read"], numbers["loaded"], numbers["unmatched"])
        for source, report in reports.items()
        for table, numbers in report["tables"].items()
    }

    assert counts == {
        ("hubspot", "accounts"): (69, 67, 0),
        ("salesforce", "accounts"): (549, 549, 0),
        ("salesforce", "tickets"): (26, 26, 0),
        ("zendesk", "accounts"): (5, 5, 0),
        # 32 tickets: 2 of Nango's organization, 13 by the requesters above
        # (jq: ids 2, 3, 7, 8, 10, 12, 13, 14, 15, 19, 20, 22, 25); 17 unmatched.
        ("zendesk", "tickets"): (32, 32, 17),
        ("intercom", "accounts"): (5, 5, 0),
        ("intercom", "tickets"): (5, 5, 5),
        ("stripe", "accounts"): (3, 3, 0),
        ("stripe", "invoices"): (10, 10, 0),
        ("chargebee", "accounts"): (3, 2, 0),
        ("chargebee", "invoices"): (6, 6, 0),
        ("delighted", "nps"): (10, 10, 4),
        ("slack", "chat_messages"): (11, 11, 11),
        ("segment", "usage"): (1, 1, 1),
    }
    # The 5 HubSpot deals only update accounts and name no company.
    assert reports["hubspot"]["updates"] == {
        "deals": {"read": 5, "loaded": 0, "updated": 0, "unchanged": 0,
                  "duplicate": 0, "rejected": 0, "unmatched": 5}
    }  # fmt: skip
    # The only rejects: two HubSpot companies with neither a name nor a domain.
    assert {source: report["rejected"] for source, report in reports.items()} == {
        "hubspot": 2, "salesforce": 0, "zendesk": 0, "intercom": 0, "stripe": 0,
        "chargebee": 0, "delighted": 0, "slack": 0, "amplitude": 0, "segment": 0,
    }  # fmt: skip
    assert reports["amplitude"]["tables"] == {}
    assert "3 Amplitude events of 3 users" in reports["amplitude"]["notes"][0]


def _at_risk(folder: Path, as_of: str) -> dict[str, Any]:
    result = runner.invoke(
        app,
        ["at-risk", "all accounts", "-w", str(folder), "--as-of", as_of, "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _signals(document: dict[str, Any], account_id: str) -> tuple[str, set[str]]:
    row = next(row for row in document["accounts"] if row["account_id"] == account_id)
    return row["tier"], {signal["name"] for signal in row["signals"]}


def test_urgent_zendesk_tickets_are_escalations(folder: Path) -> None:
    document = _at_risk(folder, "2024-11-20")

    assert _signals(document, BURLINGTON) == (
        "Critical",
        {"escalation", "support_spike"},
    )
    assert _signals(document, GENEPOINT) == (
        "Critical",
        {"escalation", "support_spike"},
    )
    escalated = {
        row["account_id"]
        for row in document["accounts"]
        if any(signal["name"] == "escalation" for signal in row["signals"])
    }
    assert escalated == {BURLINGTON, GENEPOINT}
    gaps = document["summary"]["gaps"]
    # Segment's only usage day is 2024-07-18; no sample has contacts.
    assert (
        "usage decline signals not available: no usage data in the last 30 days" in gaps
    )
    assert "champion left signals not available: no contacts data" in gaps


def test_the_failed_stripe_invoice_is_a_payment_issue(folder: Path) -> None:
    document = _at_risk(folder, "2025-04-30")

    tier, signals = _signals(document, EXAMPLE_CUSTOMER)
    assert tier == "Critical"
    assert "payment_failed" in signals


def test_delighted_detractors_are_nps_signals(folder: Path) -> None:
    document = _at_risk(folder, "2022-01-10")

    for account in (EDGE, PYRAMID):
        assert "nps_detractor" in _signals(document, account)[1]


def test_the_plan_of_at_risk_accounts(folder: Path) -> None:
    result = runner.invoke(
        app,
        ["plan", "at-risk accounts", "-w", str(folder), "--as-of", "2024-11-20",
         "-f", "markdown"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    critical = result.stdout.split("## Critical")[1].split("\n## ")[0]
    assert "Burlington Textiles Corp of America" in critical
    assert "GenePoint" in critical
    assert "Escalation" in critical
