"""The README's tour runs as written on a demo workspace."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lifebuoy.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
AS_OF = "2026-12-03"


def tour_commands() -> list[str]:
    """The lifebuoy commands of the tour's code block, without imports."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## A short tour", 1)[1].split("```", 2)[1]
    commands = []
    for line in block.splitlines():
        command = line.split(" #", 1)[0].strip()
        if command.startswith("lifebuoy ") and " import " not in f" {command} ":
            commands.append(command)
    return commands


def test_the_tour_lists_the_main_jobs() -> None:
    names = {shlex.split(command)[1] for command in tour_commands()}

    assert {"demo", "at-risk", "plan", "health", "runs"} <= names


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("readme") / "ws"


@pytest.mark.parametrize("command", tour_commands())
def test_tour_command_runs(
    command: str, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace.parent)
    args = [_from_root(arg) for arg in shlex.split(command)[1:]]
    if args[0] != "runs":
        args += ["--as-of", AS_OF]

    result = CliRunner().invoke(app, [*args, "--workspace", str(workspace)])

    assert result.exit_code == 0, result.output
    assert not re.search(r"Traceback|error:", result.output)


def _from_root(arg: str) -> str:
    """A path the README gives relative to the repository, made absolute."""
    return str(ROOT / arg) if "/" in arg and (ROOT / arg).exists() else arg
