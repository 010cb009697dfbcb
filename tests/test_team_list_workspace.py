"""A team's list over the demo workspace: each account's signals are the union."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from lifebuoy.cli import app
from lifebuoy.render.json import plan_schema
from lifebuoy.signals import signals
from lifebuoy.signals.model import AccountSignals
from lifebuoy.sources.demo import build_demo
from lifebuoy.workspace import Workspace

AS_OF = date(2026, 12, 3)
runner = CliRunner()

# Names as a team writes them: other case, a legal suffix, or only a web site.
LIST = """Company,Website,Risk flags,CSM,Next step
DELTA MANUFACTURING,,invoice 20 days late; NPS 3,Ana Ortiz,
Vantage Studios Inc.,,champion left; reorg,,
Riverbend,https://www.riverbendmarine.co/,escalated last week,,exec call Friday
Zephyr Widgets,,usage down 40%,,
"""
LISTED = {
    "Delta Manufacturing Inc.": {("payment_failed", "list"), ("nps_detractor", "list")},
    "Vantage Studios": {("champion_left", "list")},
    "Riverbend Marine": {("escalation", "list")},
}
"""The demo accounts the list names, and the signals its words give them."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("demo")
    with Workspace.create(path, environ={}) as workspace:
        build_demo(workspace, accounts=120, seed=7, as_of=AS_OF)
    yield path


def workspace_signals(folder: Path) -> dict[str, AccountSignals]:
    with Workspace.open(folder, environ={}) as workspace:
        report = signals(workspace, as_of=AS_OF)
    return {item.account.name: item for item in report.accounts}


def plan_document(folder: Path, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("plan", "all accounts", "--accounts", str(path), "-w", str(folder)),
            *("--as-of", AS_OF.isoformat(), "-f", "json"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_matched_accounts_plan_with_both_sources_signals(
    demo: Path, tmp_path: Path
) -> None:
    known = workspace_signals(demo)
    planned = {item["name"]: item for item in plan_document(demo, tmp_path)["accounts"]}

    for name, from_list in LISTED.items():
        data = known[name]
        from_data = {(s.name.value, s.evidence.source) for s in data.signals}
        item = planned[name]
        found = {(signal["name"], signal["source"]) for signal in item["signals"]}
        assert item["account_id"] == data.account.account_id
        assert from_data, f"{name} has no signal in the demo data"
        assert found == from_data | from_list
        assert all(source != "list" for _, source in from_data)


def test_the_union_changes_the_plan_and_the_team_decisions_stand(
    demo: Path, tmp_path: Path
) -> None:
    document = plan_document(demo, tmp_path)
    planned = {item["name"]: item for item in document["accounts"]}

    delta = planned["Delta Manufacturing Inc."]
    assert delta["tier"] == "Critical"
    assert (delta["owner"], delta["owner_source"]) == ("Ana Ortiz", "list")
    riverbend = planned["Riverbend Marine"]
    assert riverbend["primary_action"] == "Exec call Friday"
    assert planned["Vantage Studios"]["not_understood"] == ["reorg"]
    assert document["summary"]["not_understood"] == [
        {
            "name": "Vantage Studios",
            "words": "reorg",
            "hint": 'write "champion left" once someone leaves',
        }
    ]
    jsonschema.validate(document, plan_schema())


def test_accounts_only_on_the_list_are_planned_from_the_list(
    demo: Path, tmp_path: Path
) -> None:
    document = plan_document(demo, tmp_path)
    planned = {item["name"]: item for item in document["accounts"]}

    assert set(planned) == {*LISTED, "Zephyr Widgets"}
    zephyr = planned["Zephyr Widgets"]
    assert zephyr["account_id"] == "list:zephyr-widgets"
    assert [(s["name"], s["source"]) for s in zephyr["signals"]] == [
        ("usage_decline", "list")
    ]


def test_unmatched_and_ambiguous_rows_are_warned_never_merged(
    demo: Path, tmp_path: Path
) -> None:
    path = tmp_path / "short.csv"
    # The demo has six "Falcon …" accounts and no "Not In Crm Ltd".
    path.write_text(
        "Account,Notes\nFalcon,usage down 40%\nNot In Crm Ltd,escalated\n"
        "Nowhere Co,NPS 9\n",
        encoding="utf-8",
    )

    result = runner.invoke(
        app,
        [
            *("plan", "all accounts", "--accounts", str(path), "-w", str(demo)),
            *("--as-of", AS_OF.isoformat(), "-f", "markdown"),
        ],
    )

    assert result.exit_code == 0, result.stderr
    assert (
        "- **Data warnings:** Falcon matches 6 accounts in the workspace; planned "
        "from the list alone — write the full name"
    ) in result.stdout
    assert (
        "- **Data warnings:** 2 listed accounts have no data in the workspace: "
        "Not In Crm Ltd, Nowhere Co; planned from the list alone (check the "
        "spelling, or import their data)"
    ) in result.stdout
    assert "| Falcon | — | usage down 40% |" in result.stdout
    # With a workspace, the health step names an account the workspace knows.
    assert "lifebuoy health 'Not In Crm Ltd'" not in result.stdout
    assert "Not understood" not in result.stdout


def test_values_the_list_writes_otherwise_than_the_workspace_are_named(
    demo: Path, tmp_path: Path
) -> None:
    path = tmp_path / "owners.csv"
    # The workspace: Vantage Studios $5,800, CSM Elena Rossi, renewing 2027-08-26;
    # Riverbend Marine $8,400, CSM Dana Ruiz, renewing 2027-08-19.
    path.write_text(
        "Account,ARR,Renewal,CSM,Notes\n"
        "Vantage Studios,5800,2027-08-26,elena rossi,champion left\n"
        "Riverbend Marine,9000,2027-09-30,Sam Lee,escalated\n",
        encoding="utf-8",
    )

    result = runner.invoke(
        app,
        [
            *("plan", "all accounts", "--accounts", str(path), "-w", str(demo)),
            *("--as-of", AS_OF.isoformat(), "-f", "json"),
        ],
    )

    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    differs = [
        warning["message"]
        for warning in document["summary"]["warnings"]
        if warning["kind"] == "list_differs"
    ]
    assert differs == [
        f"Riverbend Marine: {path} line 3 gives ARR $9,000 (workspace $8,400); "
        "renewal 2027-09-30 (workspace 2027-08-19); owner Sam Lee (workspace Dana "
        "Ruiz); the list's values are used"
    ]
    riverbend = next(
        item for item in document["accounts"] if item["name"] == "Riverbend Marine"
    )
    assert (riverbend["arr"], riverbend["owner"]) == ("9000.00", "Sam Lee")
