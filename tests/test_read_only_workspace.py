"""A workspace the user can only read: plans and at-risk lists, not saved runs.

Tests may run as root, who ignores file modes, so the control store is
opened the way SQLite opens a file it may not write: read-only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.cli import app
from lifebuoy.errors import ReadOnlyError, WorkspaceError
from lifebuoy.render.cells import markdown_text
from lifebuoy.workspace import control
from lifebuoy.workspace.control import control_failure

runner = CliRunner()


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    workspace = make_workspace(**TABLES)
    workspace.close()
    return workspace.path


def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, the control store opens as a file that cannot be written."""

    def engine(url: str, **options: Any) -> Engine:
        path = url.removeprefix("sqlite:///")
        return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", **options)

    monkeypatch.setattr(control, "create_engine", engine)


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, [*args, "-w", str(folder), "--as-of", AS_OF.isoformat()]
    )
    return result.exit_code, result.stdout, result.stderr


def not_saved(folder: Path, reason: str, *, what: str, words: str) -> str:
    store = folder / "lifebuoy.db"
    return (
        f"this {what} was not saved as a run (cannot use the control store "
        f'{store}: {reason}), so "{words}" will not find it'
    )


def test_a_plan_is_printed_with_a_warning_that_it_was_not_saved(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only(monkeypatch)

    code, out, err = run(folder, "plan", "Critical", "-f", "markdown")

    # No store yet and none can be made in the folder: SQLite cannot open it.
    warning = not_saved(
        folder, "unable to open database file", what="plan", words="from last plan"
    )
    assert code == 0
    assert "| Acme Corp ★ | $120,000 |" in out
    assert out.count("was not saved as a run") == 1
    assert (
        f"- **Owners to assign:** none\n- **Warning:** {markdown_text(warning)}\n"
        in out
    )
    assert err == f"WARNING {warning}\n"


def test_an_at_risk_list_says_it_was_not_saved_instead_of_its_run(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(folder, "at-risk", "all accounts", "-f", "json")
    read_only(monkeypatch)

    code, out, err = run(folder, "at-risk", "all accounts", "-f", "markdown")

    warning = not_saved(
        folder,
        "attempt to write a readonly database",
        what="at-risk list",
        words="from last at-risk list",
    )
    assert code == 0
    assert "- **Saved as:**" not in out
    last_lines = f"nothing missing\n- **Warning:** {markdown_text(warning)}\n\n"
    assert f"- **Would sharpen the list:** {last_lines}" in out
    assert out.count("was not saved as a run") == 1
    assert err == f"WARNING {warning}\n"


def test_the_json_has_no_run_id_and_the_warning(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(folder, "at-risk", "all accounts", "-f", "json")
    read_only(monkeypatch)

    code, out, _ = run(folder, "at-risk", "all accounts", "-f", "json")
    document = json.loads(out)

    assert code == 0
    assert document["run_id"] is None
    assert [item["message"] for item in document["summary"]["warnings"]][-1] == (
        not_saved(
            folder,
            "attempt to write a readonly database",
            what="at-risk list",
            words="from last at-risk list",
        )
    )


def test_a_plan_from_the_last_at_risk_list_reads_the_earlier_run(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(folder, "at-risk", "all accounts", "-f", "json")
    read_only(monkeypatch)

    code, out, err = run(
        folder, "plan", "Critical from last at-risk list", "-f", "json"
    )
    document = json.loads(out)

    assert code == 0
    assert document["summary"]["from_run"]["run_id"] == 1
    assert [item["account_id"] for item in document["accounts"]] == ["A1"]
    kinds = [item["kind"] for item in document["summary"]["warnings"]]
    assert kinds.count("run_not_saved") == 1
    assert err.startswith("WARNING this plan was not saved as a run")


def test_the_quiet_flag_keeps_the_warning_off_stderr(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only(monkeypatch)

    code, out, err = run(folder, "plan", "Critical", "-q")

    assert code == 0
    assert "was not saved as a run" in out
    assert err == ""


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("attempt to write a readonly database", ReadOnlyError),
        ("unable to open database file", ReadOnlyError),
        ("disk I/O error", WorkspaceError),
    ],
)
def test_a_store_that_cannot_be_written_is_told_apart(
    reason: str, kind: type[WorkspaceError]
) -> None:
    error = control_failure("ws/lifebuoy.db", Exception(reason))

    assert type(error) is kind
    assert error.message == f"cannot use the control store ws/lifebuoy.db: {reason}"
