"""``lifebuoy runs`` and ``runs show N`` in every format: exit code and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.cli import app
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.runs import SavedRun, get_run

runner = CliRunner()


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    workspace = make_workspace(**TABLES)
    workspace.close()
    return workspace.path


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout


def saved_run(folder: Path) -> SavedRun:
    """An at-risk run of every account, as saved."""
    code, _ = invoke("at-risk", "all accounts", "-w", folder, "--as-of", AS_OF)
    assert code == 0
    with Workspace.open(folder, environ={}, read_only=True) as workspace:
        return get_run(workspace, 1)


def test_the_runs_as_a_markdown_table(folder: Path) -> None:
    created = f"{saved_run(folder).created_at:%Y-%m-%d %H:%M}"

    code, out = invoke("runs", "-w", folder, "--format", "markdown")

    assert code == 0
    assert out == (
        "## Saved Runs\n"
        "\n"
        "| Id | Kind | Created | As of | Scope | Accounts per tier |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"| 1 | at-risk | {created} | 2026-12-03 | all accounts "
        "| Critical 1 · Medium 1 |\n"
    )


def test_one_run_as_markdown(folder: Path) -> None:
    run = saved_run(folder)

    code, out = invoke("runs", "show", "1", "-w", folder, "-f", "markdown")

    assert code == 0
    assert out == (
        "## Run 1\n"
        "\n"
        "**Kind:** at-risk\n"
        "\n"
        f"**Created:** {run.created_at:%Y-%m-%d %H:%M} UTC\n"
        "\n"
        "**Scope:** all accounts (asked: all accounts)\n"
        "\n"
        "**As of:** 2026-12-03\n"
        "\n"
        f"**Settings:** {run.config_hash[:12]}\n"
        "\n"
        "**Sources:** accounts 4, contacts 2, tickets 2, usage 2, nps 2, invoices 1, "
        "activities 4, chat\\_messages 0\n"
        "\n"
        "| Account | Tier | Signals |\n"
        "| --- | --- | --- |\n"
        "| Acme Corp | Critical | escalation: Escalation 25 Nov (#T1); "
        "payment\\_failed: Invoice I1 $10,000 (20 days past due); "
        "usage\\_decline: Usage −40% (30d to 20 Nov); "
        "champion\\_left: Champion Kim Park left 1 Oct; "
        "nps\\_detractor: NPS 4 on 10 Oct; "
        "slow\\_response: Outreach unanswered 23 days; "
        "renewal\\_soon: Renews in 57 days (2027-01-29) |\n"
        "| '=Birch \\| Co | Medium | no\\_exec\\_touch: No exec touch in 90+ days |\n"
    )


def test_no_runs_yet_in_markdown_names_the_command_and_workspace(
    folder: Path,
) -> None:
    code, out = invoke("runs", "-w", folder, "-f", "markdown")

    assert code == 0
    assert out == (
        "## Saved Runs\n"
        "\n"
        f'No saved runs yet; run `lifebuoy at-risk "all accounts" -w {folder}` '
        "first.\n"
    )


def test_the_runs_and_one_run_in_json(folder: Path) -> None:
    run = saved_run(folder)

    listed = json.loads(invoke("runs", "-w", folder, "-f", "json")[1])
    shown = json.loads(invoke("runs", "show", "1", "-w", folder, "-f", "json")[1])

    assert listed == [
        {
            "id": 1,
            "kind": "at-risk",
            "created_at": run.created_at.isoformat(),
            "as_of": "2026-12-03",
            "scope": "all accounts",
            "accounts": 2,
            "tiers": {"Critical": 1, "High": 0, "Medium": 1, "Watch": 0},
        }
    ]
    assert shown["id"] == 1
    assert shown["scope_echo"] == "all accounts"
    assert [account["tier"] for account in shown["accounts"]] == ["Critical", "Medium"]


def test_the_terminal_keeps_its_tables(folder: Path) -> None:
    run = saved_run(folder)

    code, out = invoke("runs", "show", "1", "-w", folder)

    assert code == 0
    assert out.splitlines()[:2] == [
        f"Run 1 · at-risk · created {run.created_at:%Y-%m-%d %H:%M} UTC",
        "Scope: all accounts  (asked: all accounts)",
    ]
    assert "┃ Account" in out
    assert "| Account |" not in out


def test_the_runs_and_one_run_to_a_file_in_the_format_of_its_name(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_run(folder)
    monkeypatch.chdir(tmp_path)

    listed = runner.invoke(app, ["runs", "-w", str(folder), "--output", "runs.md"])
    shown = runner.invoke(app, ["runs", "show", "1", "-w", str(folder), "-o", "r.json"])

    assert listed.exit_code == shown.exit_code == 0
    assert (listed.stdout, shown.stdout) == ("", "")
    assert (listed.stderr, shown.stderr) == ("wrote runs.md\n", "wrote r.json\n")
    assert (tmp_path / "runs.md").read_text(encoding="utf-8") == invoke(
        "runs", "-w", folder, "-f", "markdown"
    )[1]
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == invoke(
        "runs", "show", "1", "-w", folder, "-f", "json"
    )[1]


@pytest.mark.parametrize("command", [["runs"], ["runs", "show", "1"]])
def test_runs_output_dash_prints_and_the_workspace_is_never_written(
    command: list[str], folder: Path
) -> None:
    saved_run(folder)
    target = folder / "runs.md"

    printed = invoke(*command, "-w", folder, "-f", "markdown", "-o", "-")
    refused = runner.invoke(app, [*command, "-w", str(folder), "-o", str(target)])

    assert printed == invoke(*command, "-w", folder, "-f", "markdown")
    assert printed[1].startswith("## ")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: cannot write {target}: it is in the lifebuoy workspace {folder}\n"
        "Give --output a file in an existing folder you can write to, or leave it "
        "out to print to the screen.\n"
    )
    assert not target.exists()
