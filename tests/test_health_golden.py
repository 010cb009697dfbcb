"""The health report and table on a hand-built workspace equal hand-written files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.planning.health import HealthTable
from lifebuoy.planning.model import Scope
from lifebuoy.render import health as render
from lifebuoy.signals.health import HealthReport, load_accounts, score_accounts
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.workspace import Workspace

GOLDEN = Path(__file__).parent / "golden"

FLAGS = {
    "A1": (
        Signal(
            SignalName.ESCALATION,
            Evidence(
                reason="Escalation 25 Nov (#T1)",
                detail="Ticket #T1 escalated on 2026-11-25: 'Exports fail'.",
                ids=("T1",),
            ),
        ),
        Signal(
            SignalName.PAYMENT_FAILED,
            Evidence(
                reason="Invoice I1 20 days past due",
                detail="Invoice I1 of $10,000 due 2026-11-13, unpaid for 20 days.",
                ids=("I1",),
            ),
        ),
    ),
    "B2": (
        Signal(
            SignalName.NO_EXEC_TOUCH,
            Evidence(
                reason="No executive meeting on record",
                detail="No executive meeting or call recorded.",
            ),
        ),
    ),
}


@pytest.fixture
def workspace(make_workspace: MakeWorkspace) -> Workspace:
    return make_workspace(**TABLES)


def _reports(workspace: Workspace) -> list[HealthReport]:
    active = [row for row in load_accounts(workspace) if not row[2]]
    return score_accounts(workspace, active, as_of=AS_OF, flags=FLAGS)


def _table(workspace: Workspace) -> HealthTable:
    reports = sorted(_reports(workspace), key=lambda report: report.score or 0)
    scope = Scope(text="all accounts", include_healthy=True)
    return HealthTable(scope=scope, as_of=AS_OF, reports=tuple(reports))


def test_report_markdown_equals_the_hand_written_file(workspace: Workspace) -> None:
    expected = (GOLDEN / "health_report.md").read_text(encoding="utf-8")

    assert render.render_markdown(_reports(workspace)[0]) == expected


def test_report_json_equals_the_hand_written_file(workspace: Workspace) -> None:
    expected = json.loads((GOLDEN / "health_report.json").read_text(encoding="utf-8"))

    assert json.loads(render.render_json(_reports(workspace)[0])) == expected


def test_table_markdown_equals_the_hand_written_file(workspace: Workspace) -> None:
    expected = (GOLDEN / "health_table.md").read_text(encoding="utf-8")

    assert render.render_markdown(_table(workspace)) == expected


def test_table_json_equals_the_hand_written_file(workspace: Workspace) -> None:
    expected = json.loads((GOLDEN / "health_table.json").read_text(encoding="utf-8"))

    assert json.loads(render.render_json(_table(workspace))) == expected


def test_terminal_shows_the_same_content_without_colour(workspace: Workspace) -> None:
    text = render.render_terminal(_reports(workspace)[0], colour=False, width=120)

    assert "Account Health: Acme Corp" in text
    assert "Health score: 39 / 100, red (↓ 37 since Tue 2026-11-03)" in text
    assert text.index("Risk flags") < text.index("Health score")
    assert "\x1b[" not in text
