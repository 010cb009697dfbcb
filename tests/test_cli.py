"""The command line: help texts, version and exit codes."""

from __future__ import annotations

import typer
from typer.main import get_command
from typer.testing import CliRunner

from lifebuoy import __version__
from lifebuoy.cli import app

runner = CliRunner()


def command_names() -> list[str]:
    group = get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


def test_every_design_command_exists() -> None:
    assert {"plan", "at-risk", "health", "import", "demo"} <= set(command_names())


def test_every_command_has_help_with_an_example() -> None:
    for name in command_names():
        for flag in ("-h", "--help"):
            result = runner.invoke(app, [name, flag])

            assert result.exit_code == 0, (name, result.output)
            assert "Example: lifebuoy " in result.output, name


def test_top_level_help_and_version() -> None:
    help_result = runner.invoke(app, ["-h"])
    version_result = runner.invoke(app, ["--version"])

    assert help_result.exit_code == 0
    assert "Example: lifebuoy plan" in help_result.output
    assert version_result.output == f"lifebuoy {__version__}\n"


def test_missing_argument_is_bad_usage() -> None:
    result = runner.invoke(app, ["plan"])

    assert result.exit_code == 2
    assert "error: missing argument SCOPE" in result.stderr


def test_unknown_option_is_bad_usage() -> None:
    result = runner.invoke(app, ["plan", "all accounts", "--colour", "red"])

    assert result.exit_code == 2
    assert "error: no such option --colour" in result.stderr
