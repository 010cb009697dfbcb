"""lifebuoy plan --accounts: a team's list at the command line, with or without data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from lifebuoy.cli import app
from lifebuoy.workspace import Workspace

FIXTURE = Path(__file__).parent / "fixtures" / "team_list.csv"
runner = CliRunner()

MARKDOWN_LIST = """| Account | Why | Tier | Mood |
| --- | --- | --- | --- |
| Acme | NPS 4; renews in 20 days | | sad |
| Globex | new CFO | High | |
"""


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(
        app,
        [*args, "-w", str(tmp_path / "no-workspace"), "--as-of", "2026-12-03"],
        input=stdin,
    )


def names(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    return [account["name"] for account in document["accounts"]]


def test_no_workspace_and_no_list_says_exactly_what_to_provide(
    tmp_path: Path,
) -> None:
    result = run(tmp_path, "plan", "all accounts")

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"error: no lifebuoy workspace at {tmp_path / 'no-workspace'} and no "
        "list of accounts (--accounts FILE): nothing to plan from"
    )
    assert "      account,ARR,renewal,tier,signals,owner,action" in lines
    assert "  - sample data to try it: lifebuoy demo" in lines
    assert any("lifebuoy import salesforce accounts.csv" in line for line in lines)
    assert any("signals (or risk flags, why, notes)" in line for line in lines)


def test_an_empty_workspace_and_no_list_says_what_to_provide(
    tmp_path: Path,
) -> None:
    Workspace.create(tmp_path / "empty", environ={}).close()

    result = runner.invoke(app, ["plan", "High", "-w", str(tmp_path / "empty")])

    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: the workspace at {tmp_path / 'empty'} holds no accounts"
    )
    assert "      account,ARR,renewal,tier,signals,owner,action" in result.stderr


def test_a_list_plans_without_any_workspace(tmp_path: Path) -> None:
    result = run(
        tmp_path, "plan", "all accounts", "--accounts", str(FIXTURE), "-f", "json"
    )

    # Without a EUR rate, the EUR account's ARR sorts last in its tier.
    assert names(result) == [
        "Pinecrest Labs",
        "Larkspur Health",
        "Blue Yonder Co",
        "Quill | Ink Studio",
        "Harbor Foods",
        "Keystone Logistics",
        "Orbit Analytics",
    ]
    assert not (tmp_path / "no-workspace").exists()


def test_scope_tiers_use_the_team_tier(tmp_path: Path) -> None:
    result = run(tmp_path, "plan", "High", "--accounts", str(FIXTURE), "-f", "json")

    # Harbor Foods: the rules say Critical, the team wrote High.
    assert names(result) == ["Harbor Foods"]


def test_scope_segments_come_from_the_list(tmp_path: Path) -> None:
    result = run(
        tmp_path, "plan", "Enterprise", "--accounts", str(FIXTURE), "-f", "json"
    )

    assert names(result) == ["Pinecrest Labs", "Larkspur Health", "Orbit Analytics"]


def test_a_markdown_table_on_standard_input(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "plan",
        "all accounts",
        "--accounts",
        "-",
        "-f",
        "markdown",
        stdin=MARKDOWN_LIST,
    )

    assert result.exit_code == 0, result.stderr
    assert (
        "| Acme | — | NPS 4; renews in 20 days | Executive outreach; address the "
        "detractor feedback before renewal | TBD (write an owner in the list) | "
        "Fri 2026-12-04 |"
    ) in result.stdout
    assert (
        "| Globex | — | High on the team's list; not understood: new CFO "
        "(team's tier; rules say no tier) |"
    ) in result.stdout
    assert "--accounts - --format markdown" in result.stdout
    assert (
        "- **Data warnings:** standard input: columns not read: 'Mood' (rename "
        "them to a header lifebuoy understands to use them)"
    ) in result.stdout


def test_a_saved_run_scope_with_a_list_is_bad_usage(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "plan",
        "Critical from last at-risk list",
        "--accounts",
        str(FIXTURE),
    )

    assert result.exit_code == 2
    assert "--accounts gives the accounts" in result.stderr


def test_an_unreadable_list_is_an_error_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("ARR,Notes\n5000,NPS 4\n", encoding="utf-8")

    result = run(tmp_path, "plan", "all accounts", "--accounts", str(path))

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: no account column")
    assert "Traceback" not in result.stderr


def test_risk_words_in_the_tier_column_are_read_as_signals(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Account,Risk\nAcme,payment failed\nGlobex,reorg\nInitech,High\n",
        encoding="utf-8",
    )

    result = run(
        tmp_path, "plan", "all accounts", "--accounts", str(path), "-f", "json"
    )

    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    planned = {item["name"]: item for item in document["accounts"]}
    assert planned["Acme"]["tier"] == "Critical"
    assert planned["Acme"]["team_tier"] is None
    assert [s["name"] for s in planned["Acme"]["signals"]] == ["payment_failed"]
    assert planned["Initech"]["team_tier"] == "High"
    assert "Globex" not in planned
    assert document["summary"]["not_understood"] == [
        {"name": "Globex", "words": "tier reorg"}
    ]
