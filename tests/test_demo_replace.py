"""`lifebuoy demo` on an existing workspace: imported data is kept unless --force."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import MakeWorkspace
from lifebuoy.cli import app
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.runs import list_runs

runner = CliRunner()

IMPORTED = [
    {"account_id": "N1", "name": "Neg Co", "arr": 500, "source": "csv"},
    {"account_id": "N2", "name": "Pos Co", "arr": 900, "source": "csv"},
]


def _demo(folder: Path, *extra: str) -> tuple[int, str]:
    options = ["-w", str(folder), "--accounts", "20", "--as-of", "2026-12-03"]
    result = runner.invoke(app, ["demo", *options, *extra])
    return result.exit_code, result.output


def _accounts(folder: Path) -> list[str]:
    with Workspace.open(folder, environ={}) as opened:
        rows = opened.connection.execute(
            "SELECT name FROM accounts ORDER BY name"
        ).fetchall()
    return [row[0] for row in rows]


def _runs(folder: Path) -> int:
    with Workspace.open(folder, environ={}) as opened:
        return len(list_runs(opened))


def test_demo_refuses_a_workspace_with_imported_accounts(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=IMPORTED)
    workspace.close()

    code, output = _demo(workspace.path)

    assert code == 1
    assert "holds imported data (accounts 2 rows)" in output
    assert "--force" in output
    assert _accounts(workspace.path) == ["Neg Co", "Pos Co"]


def test_force_replaces_imported_data_and_clears_runs(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=IMPORTED)
    workspace.close()
    runner.invoke(app, ["at-risk", "all accounts", "-w", str(workspace.path)])
    assert _runs(workspace.path) == 1

    code, output = _demo(workspace.path, "--force")

    assert code == 0, output
    assert "Neg Co" not in _accounts(workspace.path)
    assert len(_accounts(workspace.path)) == 20
    assert "Cleared 1 saved runs of the previous data." in output
    assert _runs(workspace.path) == 0


def test_rebuilding_a_demo_workspace_needs_no_force_and_clears_runs(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    assert _demo(folder)[0] == 0
    for _ in range(2):
        runner.invoke(
            app, ["at-risk", "all accounts", "-w", str(folder), "--as-of", "2026-12-03"]
        )
    assert _runs(folder) == 2

    code, output = _demo(folder)

    assert code == 0, output
    assert "Cleared 2 saved runs" in output
    assert _runs(folder) == 0
