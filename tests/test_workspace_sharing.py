"""Several commands on one workspace: readers side by side, a writer alone."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from lifebuoy.errors import WorkspaceError
from lifebuoy.workspace import Workspace

HOLD = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("holding", flush=True)
time.sleep(float(sys.argv[3]))
connection.close()
"""


@contextmanager
def held(path: Path, mode: str, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the data file at PATH for SECONDS."""
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path / "data.duckdb"), mode, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "holding"
        yield other
    finally:
        other.kill()
        other.wait()
        if other.stdout is not None:
            other.stdout.close()


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    workspace = make_workspace(accounts=[{"account_id": "A1", "name": "Acme"}])
    path = workspace.path
    workspace.close()
    return path


def test_readers_share_the_data_file(folder: Path) -> None:
    with (
        held(folder, "read", 30),
        Workspace.open(folder, environ={}, read_only=True) as workspace,
    ):
        assert workspace.count("accounts") == 1


def test_a_reader_waits_for_a_writer_to_finish(folder: Path) -> None:
    environ = {"LIFEBUOY_LOCK_WAIT_SECONDS": "20"}
    with held(folder, "write", 1.5):
        started = time.monotonic()
        with Workspace.open(folder, environ=environ, read_only=True) as workspace:
            assert workspace.count("accounts") == 1
            waited = time.monotonic() - started

    assert waited > 0.5


def test_a_writer_that_does_not_finish_in_time_is_named(folder: Path) -> None:
    environ = {"LIFEBUOY_LOCK_WAIT_SECONDS": "0.3"}
    with held(folder, "write", 30), pytest.raises(WorkspaceError) as caught:
        Workspace.open(folder, environ=environ, read_only=True).count("accounts")

    assert "another lifebuoy command is using it" in caught.value.message
    assert "LIFEBUOY_LOCK_WAIT_SECONDS" in (caught.value.hint or "")


def test_a_read_only_workspace_cannot_be_written(folder: Path) -> None:
    with (
        Workspace.open(folder, environ={}, read_only=True) as workspace,
        pytest.raises(Exception, match="read-only"),
    ):
        workspace.connection.execute("DELETE FROM accounts")

    with Workspace.open(folder, environ={}) as workspace:
        assert workspace.count("accounts") == 1


def test_an_older_workspace_is_brought_up_to_date_before_reading(
    folder: Path,
) -> None:
    with Workspace.open(folder, environ={}) as workspace:
        workspace.connection.execute("ALTER TABLE accounts DROP COLUMN domain")
        workspace.connection.execute("DROP TABLE chat_messages")
        assert not workspace.is_current()

    with Workspace.open(folder, environ={}, read_only=True) as workspace:
        assert workspace.is_current()
        assert workspace.count("chat_messages") == 0
