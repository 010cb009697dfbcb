"""Options where a user types them, and usage errors in lifebuoy's words."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner, Result

from conftest import MakeWorkspace
from health_rows import AS_OF, TABLES
from lifebuoy.cli import app
from lifebuoy.log import logger

runner = CliRunner()

COMMANDS = [
    ["at-risk"],
    ["demo"],
    ["health"],
    ["import"],
    ["mcp"],
    ["plan"],
    ["runs"],
    ["runs", "show"],
]
FORMAT_COMMANDS = [
    ["plan", "all accounts"],
    ["at-risk", "all accounts"],
    ["health", "Acme Corp"],
    ["import", "csv", "accounts.csv"],
    ["runs"],
    ["runs", "show", "1"],
]
UNKNOWN_FORMAT = "error: unknown format 'xml'\nUse one of: terminal, markdown, json.\n"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, [str(arg) for arg in args], env=env)


@pytest.fixture(autouse=True)
def logger_as_it_was() -> Iterator[None]:
    """Each invocation sets the package logger; put it back afterwards."""
    level, handlers, propagate = logger.level, logger.handlers[:], logger.propagate
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers
    logger.propagate = propagate


@pytest.fixture
def empty(make_workspace: MakeWorkspace) -> Path:
    return make_workspace().path


def test_the_list_of_commands_is_every_command() -> None:
    group = get_command(app)
    assert isinstance(group, typer.core.TyperGroup)

    found = []
    for name, command in group.commands.items():
        found.append([name])
        if isinstance(command, typer.core.TyperGroup):
            found += [[name, sub] for sub in command.commands]

    assert sorted(found) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_workspace_verbose_and_quiet(command: list[str]) -> None:
    result = invoke(*command, "-h")

    assert result.exit_code == 0
    assert "-w, --workspace" in result.stdout
    assert "-v, --verbose" in result.stdout
    assert "-q, --quiet" in result.stdout


@pytest.mark.parametrize(
    ("before", "after", "level"),
    [
        ([], [], logging.WARNING),
        ([], ["-q"], logging.ERROR),
        ([], ["-v"], logging.INFO),
        ([], ["-v", "-v"], logging.DEBUG),
        ([], ["-vv"], logging.DEBUG),
        (["-vv"], [], logging.DEBUG),
        (["-q"], ["-v"], logging.INFO),
        (["-v"], ["-q"], logging.ERROR),
        (["-q"], [], logging.ERROR),
        ([], ["-q", "-v"], logging.ERROR),
        ([], ["--verbose", "--quiet"], logging.ERROR),
    ],
)
def test_log_flags_after_the_command_replace_those_before(
    empty: Path, before: list[str], after: list[str], level: int
) -> None:
    result = invoke(*before, "runs", "-w", empty, *after)

    assert result.exit_code == 0, result.output
    assert logger.level == level


def test_verbose_after_the_command_prints_its_steps(
    make_workspace: MakeWorkspace,
) -> None:
    folder = make_workspace(**TABLES).path

    result = invoke("at-risk", "all accounts", "-w", folder, "--as-of", AS_OF, "-v")

    assert result.exit_code == 0
    assert "INFO saved at-risk run 1 with 2 accounts\n" in result.stderr


def test_quiet_after_the_command_leaves_stderr_empty(
    make_workspace: MakeWorkspace,
) -> None:
    folder = make_workspace(**TABLES).path

    result = invoke("-v", "at-risk", "all accounts", "-w", folder, "-q")

    assert result.exit_code == 0
    assert result.stderr == ""


def test_workspace_before_the_command(make_workspace: MakeWorkspace) -> None:
    folder = make_workspace(**TABLES).path

    result = invoke(
        "--workspace", folder, "at-risk", "all accounts", "--as-of", AS_OF, "-f", "json"
    )

    assert result.exit_code == 0, result.output
    tiers = {
        row["account_id"]: row["tier"] for row in json.loads(result.stdout)["accounts"]
    }
    assert tiers == {"A1": "Critical", "B2": "Medium"}


NO_WORKSPACE = "error: no lifebuoy workspace at {missing}\n"
NO_RUN_IN_WS = "error: there is no run 1 in {ws}/"


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (["-w", "{ws}", "runs"], 0, ""),
        (["-w", "{missing}", "runs", "-w", "{ws}"], 0, ""),
        (["-w", "{ws}", "runs", "-w", "{missing}"], 1, NO_WORKSPACE),
        (["-w", "{ws}", "runs", "-w", "{missing}", "show", "1"], 1, NO_WORKSPACE),
        (["-w", "{missing}", "runs", "-w", "{ws}", "show", "1"], 1, NO_RUN_IN_WS),
        (["-w", "{missing}", "runs", "show", "1", "-w", "{ws}"], 1, NO_RUN_IN_WS),
        (["-w", "{ws}", "runs", "show", "1"], 1, NO_RUN_IN_WS),
    ],
)
def test_the_nearest_workspace_to_the_command_wins(
    empty: Path, args: list[str], code: int, stderr: str
) -> None:
    paths = {"ws": empty, "missing": empty.parent / "missing"}

    result = invoke(*(arg.format(**paths) for arg in args))

    assert result.exit_code == code, result.output
    assert result.stderr.startswith(stderr.format(**paths))


def test_the_environment_variable_still_names_the_workspace(empty: Path) -> None:
    result = invoke("runs", env={"LIFEBUOY_WORKSPACE": str(empty)})

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("No saved runs yet")


def test_workspace_before_the_command_wins_over_the_environment(empty: Path) -> None:
    missing = empty.parent / "missing"

    result = invoke("-w", empty, "runs", env={"LIFEBUOY_WORKSPACE": str(missing)})

    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", FORMAT_COMMANDS, ids=" ".join)
def test_an_unknown_format_names_the_valid_ones(command: list[str]) -> None:
    result = invoke(*command, "--format", "xml")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == UNKNOWN_FORMAT


def test_a_format_close_to_a_valid_one_is_suggested() -> None:
    result = invoke("plan", "all accounts", "-f", "jsno")

    assert result.exit_code == 2
    assert result.stderr == (
        "error: unknown format 'jsno'\n"
        "Did you mean json? Use one of: terminal, markdown, json.\n"
    )


def test_a_format_in_capitals_is_understood(empty: Path) -> None:
    result = invoke("runs", "-w", empty, "--format", "JSON")

    assert result.exit_code == 0, result.output
    assert result.stdout == "[]\n"


@pytest.mark.parametrize("number", ["-1", "-12", "0", "x", "1.5", "-2.5", "٣", "1e3"])
def test_a_run_number_must_be_a_positive_whole_number(number: str) -> None:
    result = invoke("runs", "show", number)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: the run number must be a positive whole number, not '{number}'\n"
        "`lifebuoy runs` lists the saved runs with their numbers.\n"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unknown_option_on_any_command(command: list[str]) -> None:
    result = invoke(*command, "--xyzzy")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: no such option --xyzzy\n"
        f"Try 'lifebuoy {' '.join(command)} -h' for help.\n"
    )


PLAN_EXAMPLE = (
    'Example: lifebuoy plan "Critical and High from last at-risk list"  '
    '(or from a list: lifebuoy plan "all accounts" --accounts at-risk.csv)\n'
)
IMPORT_EXAMPLE = (
    "Example: lifebuoy import hubspot companies.json owners.json "
    "(or: lifebuoy import csv tickets.xlsx --table tickets)\n"
)


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["plan"],
            "error: missing argument SCOPE\n"
            + PLAN_EXAMPLE
            + "Try 'lifebuoy plan -h' for help.\n",
        ),
        (
            ["at-risk"],
            "error: missing argument SCOPE\n"
            'Example: lifebuoy at-risk "all accounts"\n'
            "Try 'lifebuoy at-risk -h' for help.\n",
        ),
        (
            ["health"],
            "error: missing argument ACCOUNT_OR_SCOPE\n"
            'Example: lifebuoy health "Acme Corp"\n'
            "Try 'lifebuoy health -h' for help.\n",
        ),
        (
            ["import"],
            "error: missing argument SOURCE\n"
            + IMPORT_EXAMPLE
            + "Try 'lifebuoy import -h' for help.\n",
        ),
        (
            ["import", "csv"],
            "error: missing argument PATHS\n"
            + IMPORT_EXAMPLE
            + "Try 'lifebuoy import -h' for help.\n",
        ),
        (
            ["runs", "show"],
            "error: missing argument N\n"
            "Example: lifebuoy runs show 3\n"
            "Try 'lifebuoy runs show -h' for help.\n",
        ),
        (
            ["plan", "all accounts", "--formt", "json"],
            "error: no such option --formt\n"
            "Did you mean --format?\n"
            "Try 'lifebuoy plan -h' for help.\n",
        ),
        (
            ["runs", "--wrkspace", "ws"],
            "error: no such option --wrkspace\n"
            "Did you mean --workspace?\n"
            "Try 'lifebuoy runs -h' for help.\n",
        ),
        (
            ["--quite", "runs"],
            "error: no such option --quite\n"
            "Did you mean --quiet?\n"
            "Try 'lifebuoy -h' for help.\n",
        ),
        (
            ["health", "-45"],
            "error: no such option -45\n"
            "If -45 is a value, put -- before the command's arguments.\n"
            "Try 'lifebuoy health -h' for help.\n",
        ),
        (
            ["import", "csv", "-3"],
            "error: no such option -3\n"
            "If -3 is a value, put -- before the command's arguments.\n"
            "Try 'lifebuoy import -h' for help.\n",
        ),
        (
            ["plan", "Enterprise", "accounts"],
            "error: got unexpected extra argument(s) (accounts)\n"
            "Put an argument of several words in quotes.\n"
            + PLAN_EXAMPLE
            + "Try 'lifebuoy plan -h' for help.\n",
        ),
        (
            ["plan", "Critical", "--as-of", "-w", "ws"],
            "error: --as-of needs a value, but is followed by the option -w\n"
            "Write the value right after --as-of.\n"
            "Try 'lifebuoy plan -h' for help.\n",
        ),
        (
            ["plan", "Critical", "--as-of", "-3", "ws"],
            "error: got unexpected extra argument(s) (ws)\n"
            "Put an argument of several words in quotes.\n"
            + PLAN_EXAMPLE
            + "Try 'lifebuoy plan -h' for help.\n",
        ),
        (
            ["mcp", "now"],
            "error: got unexpected extra argument(s) (now)\n"
            "Try 'lifebuoy mcp -h' for help.\n",
        ),
        (
            ["demo", "--accounts", "0"],
            "error: --accounts '0' is not valid: input should be greater than or "
            "equal to 1\n"
            "Try 'lifebuoy demo -h' for help.\n",
        ),
        (
            ["at-risk", "all accounts", "--as-of"],
            "error: option '--as-of' requires an argument\n",
        ),
        (
            ["import", "csv", "a.csv", "--dry-run=yes"],
            "error: option '--dry-run' does not take a value\n",
        ),
        (
            ["plna", "all accounts"],
            "error: no such command 'plna'\n"
            "Did you mean 'plan'?\n"
            "Try 'lifebuoy -h' for help.\n",
        ),
        (["-v"], "error: missing command\nTry 'lifebuoy -h' for help.\n"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_usage_errors_say_one_thing_and_exit_2(args: list[str], stderr: str) -> None:
    result = invoke(*args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == stderr


def test_no_command_still_shows_the_help() -> None:
    result = invoke()

    assert result.exit_code == 2
    assert "Usage: lifebuoy [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "error:" not in result.output


def test_a_bad_format_creates_no_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "ws"

    result = invoke("import", "csv", "accounts.csv", "-w", folder, "-f", "xml")

    assert result.exit_code == 2
    assert not folder.exists()
