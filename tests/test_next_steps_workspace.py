"""Next steps name the workspace they were made on, so they run as pasted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.cli import app

runner = CliRunner()

COMMANDS = [
    ["at-risk", "all accounts"],
    ["plan", "Critical and High"],
    ["health", "Acme Corp"],
    ["health", "all accounts"],
]


@pytest.fixture(autouse=True)
def no_workspace_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIFEBUOY_WORKSPACE", raising=False)


def steps(args: list[str], *, env: dict[str, str] | None = None) -> list[str]:
    """The commands of the JSON's next steps."""
    result = runner.invoke(
        app, [*args, "--as-of", AS_OF.isoformat(), "-f", "json"], env=env
    )
    assert result.exit_code == 0, result.output
    return [step["command"] for step in json.loads(result.stdout)["next_steps"]]


def test_a_given_workspace_is_quoted_in_every_at_risk_step(
    make_workspace: MakeWorkspace,
) -> None:
    folder = make_workspace(folder="my ws", **TABLES).path

    found = steps(["at-risk", "all accounts", "-w", str(folder)])

    option = f"-w '{folder}'"
    assert found == [
        f"lifebuoy plan 'Critical and High from last at-risk list' {option}",
        f"lifebuoy health 'Acme Corp' {option}",
        f"lifebuoy at-risk 'all accounts' --format markdown --output at-risk.md "
        f"{option}",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_step_of_every_command_names_the_workspace(
    command: list[str], make_workspace: MakeWorkspace
) -> None:
    folder = make_workspace(folder="my ws", **TABLES).path

    found = steps([*command, "-w", str(folder)])

    assert found
    assert all(step.endswith(f" -w '{folder}'") for step in found)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_workspace_given_before_the_command_is_named_too(
    command: list[str], make_workspace: MakeWorkspace
) -> None:
    folder = make_workspace(**TABLES).path

    found = steps(["-w", str(folder), *command])

    assert all(step.endswith(f" -w {folder}") for step in found)


def test_the_workspace_variable_is_named_too(make_workspace: MakeWorkspace) -> None:
    folder = make_workspace(**TABLES).path

    found = steps(["health", "Acme Corp"], env={"LIFEBUOY_WORKSPACE": str(folder)})

    assert found[0] == f"lifebuoy at-risk 'at-risk accounts' -w {folder}"


@pytest.mark.parametrize("command", COMMANDS)
def test_the_default_workspace_is_not_named(
    command: list[str],
    make_workspace: MakeWorkspace,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    make_workspace(folder=".lifebuoy", **TABLES)
    monkeypatch.chdir(tmp_path)

    found = steps(command)

    assert found
    assert not any(" -w " in step for step in found)


def test_markdown_and_terminal_steps_name_the_workspace(
    make_workspace: MakeWorkspace,
) -> None:
    folder = make_workspace(**TABLES).path
    args = ["plan", "Critical", "-w", str(folder), "--as-of", AS_OF.isoformat()]

    markdown = runner.invoke(app, [*args, "-f", "markdown"])
    terminal = runner.invoke(app, args, env={"COLUMNS": "200"})

    assert markdown.exit_code == terminal.exit_code == 0
    assert markdown.stdout.split("### Next steps\n\n")[1] == (
        f"- Run an at-risk search first: `lifebuoy at-risk 'at-risk accounts' "
        f"-w {folder}`\n"
        f"- Check one account's health: `lifebuoy health 'Acme Corp' -w {folder}`\n"
        f"- Export or share this plan: `lifebuoy plan Critical --format markdown "
        f"--output plan.md -w {folder}`\n"
    )
    assert terminal.stdout.split("Next steps\n")[1] == (
        f"  Run an at-risk search first: lifebuoy at-risk 'at-risk accounts' "
        f"-w {folder}\n"
        f"  Check one account's health: lifebuoy health 'Acme Corp' -w {folder}\n"
        f"  Export or share this plan: lifebuoy plan Critical --format markdown "
        f"--output plan.md -w {folder}\n"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_step_is_one_terminal_line_however_narrow(
    command: list[str], make_workspace: MakeWorkspace
) -> None:
    folder = make_workspace(folder="a long workspace folder name", **TABLES).path

    result = runner.invoke(
        app,
        [*command, "-w", str(folder), "--as-of", AS_OF.isoformat()],
        env={"COLUMNS": "60"},
    )

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    shown = lines[lines.index("Next steps") + 1 :]
    assert shown
    for line in shown:
        assert line.startswith("  ")
        assert line.endswith(f"-w '{folder}'")
