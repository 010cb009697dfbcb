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
        "Northwind Traders",
    ]
    assert not (tmp_path / "no-workspace").exists()


def test_every_listed_account_is_planned_none_counted_healthy(
    tmp_path: Path,
) -> None:
    text = "account,arr,tier\nX,1,High\nY,2,Hot\nZ,3,P1\nW,4,red\nV,5,purple\n"

    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", "json", stdin=text
    )

    document = json.loads(result.stdout)
    tiers = {item["name"]: item["tier"] for item in document["accounts"]}
    assert tiers == {
        "W": "Critical",
        "Z": "Critical",
        "Y": "Critical",
        "X": "High",
        "V": "Watch",
    }
    assert document["summary"]["healthy"] == 0
    assert document["summary"]["not_understood"] == [
        {
            "name": "V",
            "words": "tier purple",
            "hint": "a tier is Critical, High, Medium or Watch",
        }
    ]


def test_a_listed_account_without_tier_or_risk_is_watched(tmp_path: Path) -> None:
    text = "Account,Notes\nKappa,\nLambda,reorg in progress\n"

    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", "markdown",
        stdin=text,
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    action = "Health review: confirm the team's concern and record the signal"
    assert (
        f"| Kappa | — | Watch: listed by the team; no risk read | {action} |"
    ) in result.stdout
    assert (
        "| Lambda | — | Watch: listed by the team; no risk read; not understood: "
        f"reorg in progress | {action} |"
    ) in result.stdout
    assert "- **Healthy:** 0 accounts with no signal, not planned" in result.stdout


def test_a_team_tier_without_a_signal_gets_a_capitalised_action(
    tmp_path: Path,
) -> None:
    text = "Account,Tier\nAcme,High\n"

    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", "json", stdin=text
    )

    (account,) = json.loads(result.stdout)["accounts"]
    assert account["primary_action"] == (
        "Health review: confirm the team's concern and record the signal"
    )


def test_next_steps_without_a_workspace_need_none(tmp_path: Path) -> None:
    result = run(
        tmp_path, "plan", "all accounts", "--accounts", str(FIXTURE), "-f", "markdown"
    )

    assert result.exit_code == 0, result.stderr
    steps = result.stdout.split("### Next steps")[1]
    assert "lifebuoy at-risk" not in steps
    assert "lifebuoy health" not in steps
    # The folder given is named: pasted without it, a default workspace's
    # data would join the list.
    assert (
        f"`lifebuoy plan 'all accounts' --accounts {FIXTURE} --format markdown "
        f"--output plan.md -w {tmp_path / 'no-workspace'}`"
    ) in steps


def test_all_arr_unknown_is_said_not_counted_as_zero(tmp_path: Path) -> None:
    text = "Account,Notes\nAcme,escalated\n"

    result = run(
        tmp_path, "plan", "all accounts", "--accounts", "-", "-f", "markdown",
        stdin=text,
    )  # fmt: skip

    assert "- **Critical:** 1 account, ARR unknown, by Fri 2026-12-04" in result.stdout
    assert "$0 ARR" not in result.stdout


def test_a_list_with_only_headers_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "hdr.csv"
    path.write_text("Account,ARR\n", encoding="utf-8")

    result = run(tmp_path, "plan", "all accounts", "--accounts", str(path))

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path} has no rows\n")


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
        "| Acme | — | NPS 4; renews in 20 days (2026-12-23) | Executive outreach; "
        "address the "
        "detractor feedback before renewal | TBD (write an owner in the list) | "
        "Fri 2026-12-04 |"
    ) in result.stdout
    assert (
        "| Globex | — | High (team's call; no signal found); not understood: new CFO |"
    ) in result.stdout
    # The list on standard input is gone by then: the export names a file.
    assert "--accounts - " not in result.stdout
    assert (
        "- Save the list to a file, then export or share this plan: `lifebuoy plan "
        "'all accounts' --accounts FILE --format markdown --output plan.md "
        f"-w {tmp_path / 'no-workspace'}`"
    ) in result.stdout
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
    assert planned["Globex"]["tier"] == "Watch"
    assert planned["Globex"]["team_tier"] is None
    assert document["summary"]["not_understood"] == [
        {
            "name": "Globex",
            "words": "tier reorg",
            "hint": "a tier is Critical, High, Medium or Watch",
        }
    ]
