"""On the demo workspace the at-risk list, the plan and health agree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lifebuoy.cli import app
from lifebuoy.sources.demo import build_demo
from lifebuoy.workspace import Workspace

AS_OF = date(2026, 12, 3)
runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("demo")
    with Workspace.create(path, environ={}) as workspace:
        build_demo(workspace, accounts=300, seed=7, as_of=AS_OF)
    yield path


def document(folder: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(
        app, [*args, "-w", str(folder), "--as-of", AS_OF.isoformat(), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def tier_counts(doc: dict[str, Any]) -> dict[str, int]:
    return {line["tier"]: line["count"] for line in doc["summary"]["tiers"]}


@pytest.mark.parametrize("scope", ["all accounts", "Critical and High"])
def test_at_risk_tier_counts_equal_the_plans(folder: Path, scope: str) -> None:
    at_risk = document(folder, "at-risk", scope)
    plan = document(folder, "plan", scope)

    assert tier_counts(at_risk) == tier_counts(plan)
    assert sum(tier_counts(at_risk).values()) > 0
    assert [row["account_id"] for row in at_risk["accounts"]] == [
        row["account_id"] for row in plan["accounts"]
    ]


def test_health_of_a_critical_account_lists_the_plans_why(folder: Path) -> None:
    plan = document(folder, "plan", "Critical")
    critical = plan["accounts"][:5]
    assert critical

    for account in critical:
        health = document(folder, "health", account["account_id"])
        reasons = [flag["reason"] for flag in health["risk_flags"]]

        assert set(account["why"]) <= set(reasons), account["name"]
