"""A damaged workspace file is named with what to do; a lock is told apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from lifebuoy.cli import app
from lifebuoy.errors import WorkspaceError
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.control import clear_runs, control_engine
from lifebuoy.workspace.store import open_failure

runner = CliRunner()

ACCOUNTS = [{"account_id": "A1", "name": "Acme Corp", "arr": 1000, "health_score": 20}]


def _closed_workspace(make_workspace: MakeWorkspace) -> Path:
    workspace = make_workspace(accounts=ACCOUNTS)
    workspace.close()
    return workspace.path


@pytest.mark.parametrize("content", [b"junk\n", b"", bytes(range(256)) * 20])
def test_damaged_data_file_says_so_and_how_to_rebuild(
    content: bytes, make_workspace: MakeWorkspace
) -> None:
    folder = _closed_workspace(make_workspace)
    (folder / "data.duckdb").write_bytes(content)

    result = runner.invoke(app, ["plan", "all accounts", "-w", str(folder)])

    assert result.exit_code == 1
    assert f"the data file {folder / 'data.duckdb'} is damaged" in result.output
    assert "lifebuoy import" in result.output
    assert "lifebuoy demo" in result.output
    assert "another lifebuoy process" not in result.output


def test_a_lock_is_not_called_damage() -> None:
    locked = duckdb.IOException(
        'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held'
    )

    error = open_failure(Path("x.duckdb"), locked)

    assert error.message == "cannot open x.duckdb: another lifebuoy command is using it"
    assert error.hint is not None and "once the import has finished" in error.hint


def test_a_file_held_by_another_process_is_reported_as_in_use(tmp_path: Path) -> None:
    data = tmp_path / "data.duckdb"
    duckdb.connect(str(data)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(data)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(WorkspaceError) as caught:
            Workspace.open(tmp_path, environ={"LIFEBUOY_LOCK_WAIT_SECONDS": "0"})
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()

    assert caught.value.message.endswith("another lifebuoy command is using it")


_HOLD = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("command", [["runs"], ["plan", "all accounts"]])
def test_damaged_control_store_is_a_workspace_error(
    command: list[str], make_workspace: MakeWorkspace
) -> None:
    folder = _closed_workspace(make_workspace)
    (folder / "lifebuoy.db").write_text("junk\n", encoding="utf-8")

    result = runner.invoke(app, [*command, "-w", str(folder)])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"the control store {folder / 'lifebuoy.db'} is damaged" in result.output
    assert "move it aside" in result.output
    assert "run history starts anew" in result.output


def test_control_engine_raises_workspace_error(tmp_path: Path) -> None:
    store = tmp_path / "lifebuoy.db"
    store.write_bytes(b"\x00" * 100)

    with pytest.raises(WorkspaceError, match="is damaged"):
        control_engine(store)


def test_clear_runs_counts_what_it_deleted(make_workspace: MakeWorkspace) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    for _ in range(2):
        runner.invoke(app, ["at-risk", "all accounts", "-w", str(folder)])

    assert clear_runs(folder / "lifebuoy.db") == 2
    assert clear_runs(folder / "lifebuoy.db") == 0
