"""``lifebuoy at-risk``: tiers from the signals, the saved run, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.cli import app
from lifebuoy.planning.model import Tier
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.runs import last_run

runner = CliRunner()


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    return make_workspace(**TABLES).path


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["at-risk", *args, "-w", str(folder), "--as-of", AS_OF.isoformat()]
    )
    return result.exit_code, result.stdout, result.stderr


def test_tiers_from_the_workspace_in_json(folder: Path) -> None:
    code, out, _ = run(folder, "all accounts", "-f", "json")
    document = json.loads(out)

    assert code == 0
    # Acme Corp: escalated ticket T1 → Critical. =Birch | Co: no executive
    # meeting ever and renewal 301 days away → Medium. Cedar Health: an
    # executive QBR 3 days ago, renewal 209 days away → healthy. Dune churned.
    tiers = {row["account_id"]: row["tier"] for row in document["accounts"]}
    assert tiers == {"A1": "Critical", "B2": "Medium"}
    counts = {line["tier"]: line["count"] for line in document["summary"]["tiers"]}
    assert counts == {"Critical": 1, "High": 0, "Medium": 1, "Watch": 0}
    assert document["summary"]["healthy"] == 1
    assert document["run_id"] == 1


def test_the_run_is_saved_with_tiers_and_evidence(folder: Path) -> None:
    run(folder, "all accounts", "-f", "json")

    with Workspace.open(folder, environ={}) as workspace:
        saved = last_run(workspace, "at-risk")

    assert saved.scope.text == "all accounts"
    assert saved.as_of == AS_OF
    assert saved.candidates() == {"A1": Tier.CRITICAL, "B2": Tier.MEDIUM}
    acme = next(item for item in saved.accounts if item.account_id == "A1")
    escalation = next(s for s in acme.signals if s["name"] == "escalation")
    assert "T1" in escalation["evidence"]["ids"]


def test_from_last_at_risk_list_takes_the_saved_accounts(folder: Path) -> None:
    run(folder, "all accounts", "-f", "json")

    code, out, _ = run(folder, "Critical from last at-risk list", "-f", "json")
    document = json.loads(out)

    assert code == 0
    assert [row["account_id"] for row in document["accounts"]] == ["A1"]
    assert document["run_id"] == 2


def test_markdown_escapes_names_and_has_the_four_columns(folder: Path) -> None:
    code, out, _ = run(folder, "all accounts", "-f", "markdown")

    assert code == 0
    assert "| Account | ARR | Signals | Suggested action |" in out
    assert "| '=Birch \\| Co | €8,000 | Medium: " in out
    assert "- **Saved as:** at-risk run 1" in out


def test_an_unreadable_scope_asks_which_accounts(folder: Path) -> None:
    code, _, err = run(folder, "the purple ones")

    assert code == 2
    assert "error:" in err


def test_data_gaps_say_which_signals_are_missing(
    make_workspace: MakeWorkspace,
) -> None:
    folder = make_workspace(folder="crm-only", accounts=TABLES["accounts"]).path

    code, out, _ = run(folder, "all accounts", "-f", "json")
    document = json.loads(out)

    assert code == 0
    assert (
        "usage decline signals not available: no usage data"
        in (document["summary"]["gaps"])
    )
    assert any(
        line.startswith("product usage (active users or events per day) would add")
        for line in document["summary"]["would_sharpen"]
    )


def test_a_tier_whose_arr_is_all_unknown_says_so(make_workspace: MakeWorkspace) -> None:
    tables = {
        **TABLES,
        "accounts": [{**row, "arr": None} for row in TABLES["accounts"]],
    }
    folder = make_workspace(**tables).path

    code, out, _ = run(folder, "all accounts", "-f", "markdown")

    assert code == 0
    assert "- **Critical:** 1 account, ARR unknown\n" in out
    assert "$0 ARR" not in out


def test_an_as_of_before_any_data_is_warned_under_the_date(folder: Path) -> None:
    result = runner.invoke(
        app,
        [
            *("at-risk", "all accounts", "-w", str(folder)),
            *("--as-of", "2010-01-04", "-f", "markdown"),
        ],
    )

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    date = lines.index("**Date:** Mon 2010-01-04")
    assert lines[date + 2].startswith(
        "**Warning:** as-of 2010-01-04 is before the oldest data ("
    )
    assert "nothing was on record yet" in lines[date + 2]
