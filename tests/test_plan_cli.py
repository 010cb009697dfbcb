"""``lifebuoy plan`` on a hand-built workspace: exit codes and output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from conftest import MakeWorkspace
from lifebuoy.cli import app

runner = CliRunner()

ACCOUNTS = [
    {
        "account_id": "A1",
        "name": "Acme | Corp",
        "arr": 120000,
        "renewal_date": date(2027, 6, 30),
        "csm": "Dana Lee",
        "health_score": 30,
        "health_score_updated_on": date(2026, 11, 1),
        "last_exec_touch_date": date(2026, 11, 1),
    },
    {
        "account_id": "A2",
        "name": "Globex",
        "arr": 50000,
        "renewal_date": date(2027, 6, 30),
        "owner": "Sam Ortiz",
        "health_score": 90,
        "health_score_updated_on": date(2026, 11, 1),
        "last_exec_touch_date": date(2026, 11, 1),
    },
]


def _workspace(make_workspace: MakeWorkspace) -> Path:
    return make_workspace(accounts=ACCOUNTS).path


def test_markdown_plan_to_a_file(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    folder = _workspace(make_workspace)
    target = tmp_path / "plan.md"

    result = runner.invoke(
        app,
        [
            "plan",
            "at-risk accounts",
            "-w",
            str(folder),
            "--as-of",
            "2026-12-03",
            "--format",
            "markdown",
            "--output",
            str(target),
        ],
    )

    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "| Acme \\| Corp | $120,000 | CRM health 30 " in text
    assert "| Health review | Dana Lee | Thu 2026-12-17 |" in text
    assert "Globex" not in text.split("### Summary")[0]
    assert "- **Healthy:** 1 account with no signal, not planned" in text


def test_json_plan_on_stdout(make_workspace: MakeWorkspace) -> None:
    folder = _workspace(make_workspace)

    result = runner.invoke(
        app,
        ["plan", "High", "-w", str(folder), "--as-of", "2026-12-03", "-f", "json"],
    )

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema_version"] == "1"
    assert [item["account_id"] for item in document["accounts"]] == ["A1"]
    assert document["accounts"][0]["due_date"] == "2026-12-17"


def test_terminal_plan_fits_100_columns(make_workspace: MakeWorkspace) -> None:
    folder = _workspace(make_workspace)

    result = runner.invoke(
        app, ["plan", "Critical and High", "-w", str(folder), "--as-of", "2026-12-03"]
    )

    assert result.exit_code == 0, result.output
    assert "Intervention Plan" in result.stdout
    assert "No accounts in Critical." in result.stdout
    lines = result.stdout.splitlines()
    # next steps are never broken, so that a command pastes whole
    body = lines[: lines.index("Next steps")]
    assert max(len(line) for line in body) <= 100


def test_unparsed_scope_exits_2(make_workspace: MakeWorkspace) -> None:
    folder = _workspace(make_workspace)

    result = runner.invoke(app, ["plan", "the purple ones", "-w", str(folder)])

    assert result.exit_code == 2
    assert "Which accounts should I plan interventions for?" in result.output


def test_bad_as_of_exits_2(make_workspace: MakeWorkspace) -> None:
    folder = _workspace(make_workspace)

    result = runner.invoke(app, ["plan", "High", "-w", str(folder), "--as-of", "soon"])

    assert result.exit_code == 2
    assert "--as-of 'soon' is not a date" in result.output


def test_missing_workspace_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "High", "-w", str(tmp_path / "none")])

    assert result.exit_code == 1
    assert "no lifebuoy workspace" in result.output


def test_bad_playbook_setting_names_the_key(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=ACCOUNTS, config='playbook = "team.toml"\n')
    (workspace.path / "team.toml").write_text(
        '[actions]\nescalaton = "Call them"\n', encoding="utf-8"
    )

    result = runner.invoke(
        app, ["plan", "High", "-w", str(workspace.path), "--as-of", "2026-12-03"]
    )

    assert result.exit_code == 1
    assert "actions.escalaton" in result.output
    assert "did you mean 'escalation'?" in result.output
