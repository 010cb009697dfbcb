"""--output and --as-of are checked before any work; failures are clean errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MakeWorkspace
from lifebuoy.cli import app
from lifebuoy.cli.common import emit, parse_as_of
from lifebuoy.errors import LifebuoyError, UsageError
from lifebuoy.workspace import Settings, Workspace
from lifebuoy.workspace.runs import list_runs

runner = CliRunner()

ACCOUNTS = [{"account_id": "A1", "name": "Acme Corp", "arr": 1000, "health_score": 20}]


def _saved_runs(folder: Path) -> int:
    with Workspace.open(folder, environ={}) as opened:
        return len(list_runs(opened))


@pytest.mark.parametrize("command", ["plan", "at-risk", "health"])
def test_missing_folder_is_refused_before_any_run(
    command: str, make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    target = tmp_path / "nodir" / "out.md"

    options = ["-w", str(folder), "-f", "markdown", "--output", str(target)]

    result = runner.invoke(app, [command, "all accounts", *options])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"cannot write {target}: folder {target.parent} does not exist" in (
        result.output
    )
    assert "Give --output a file" in result.output
    assert _saved_runs(folder) == 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "it is a folder, not a file"),
        ("{tmp}", "it is a folder, not a file"),
        ("{tmp}/file.txt/x", "{tmp}/file.txt is not a folder"),
    ],
)
def test_bad_output_paths_name_the_reason(
    name: str, reason: str, make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    (tmp_path / "file.txt").write_text("keep", encoding="utf-8")
    target = name.format(tmp=tmp_path)

    result = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "--output", target]
    )

    assert result.exit_code == 1, result.output
    assert reason.format(tmp=tmp_path) in result.output
    assert "Traceback" not in result.output
    assert _saved_runs(folder) == 0
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_a_clean_error() -> None:
    with pytest.raises(LifebuoyError) as caught:
        emit("plan\n", output=Path("/dev/full"))

    assert caught.value.message == "cannot write /dev/full: no space left on the device"
    assert caught.value.hint is not None


def test_write_failure_on_the_command_line_exits_1(
    make_workspace: MakeWorkspace,
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path

    result = runner.invoke(
        app, ["health", "Acme Corp", "-w", str(folder), "-o", "/dev/full"]
    )

    assert result.exit_code == 1
    assert "cannot write /dev/full" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_as_of_must_be_written_with_dashes() -> None:
    with pytest.raises(UsageError) as caught:
        parse_as_of("20261203", Settings())

    assert caught.value.message == "--as-of '20261203' is not a date"


def test_as_of_more_than_five_years_ahead_or_25_back_is_refused() -> None:
    today = datetime.now(UTC).date()
    far_ahead = today + timedelta(days=6 * 366)
    far_back = today - timedelta(days=26 * 366)

    for day, years in ((far_ahead, 5), (far_back, 25)):
        with pytest.raises(UsageError) as caught:
            parse_as_of(day.isoformat(), Settings())
        assert f"more than {years} years from today" in caught.value.message


def test_as_of_within_five_years_is_kept() -> None:
    today = datetime.now(UTC).date()
    near = today - timedelta(days=4 * 365)

    assert parse_as_of(near.isoformat(), Settings()) == near


def test_far_as_of_on_the_command_line_exits_2(make_workspace: MakeWorkspace) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path

    result = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "--as-of", "2099-01-01"]
    )

    assert result.exit_code == 2
    assert "--as-of 2099-01-01 is more than 5 years from today" in result.output


@pytest.mark.parametrize("name", ["data.duckdb", "lifebuoy.db", "config.toml"])
def test_a_workspace_file_is_never_an_output(
    name: str, make_workspace: MakeWorkspace
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    target = folder / name
    before = target.read_bytes() if target.exists() else None
    if before is None:
        target.write_text("# settings\n", encoding="utf-8")
        before = target.read_bytes()

    result = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-f", "markdown", "-o",
              str(target)],
    )  # fmt: skip

    assert result.exit_code == 1
    assert f"cannot write {target}: it is in the lifebuoy workspace " in (result.output)
    assert target.read_bytes() == before


def test_the_list_being_planned_is_never_the_output(tmp_path: Path) -> None:
    team = tmp_path / "at-risk.csv"
    team.write_text("account,signals\nAcme,escalation last week\n", encoding="utf-8")

    result = runner.invoke(
        app, ["plan", "all accounts", "--accounts", str(team), "-w",
              str(tmp_path / "none"), "-f", "markdown", "-o", str(team)],
    )  # fmt: skip

    assert result.exit_code == 1
    assert f"cannot write {team}: it is the list this command reads" in result.output
    assert team.read_text(encoding="utf-8").startswith("account,signals\n")


def test_a_file_that_is_not_text_is_never_overwritten(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    sheet = tmp_path / "book.xlsx"
    sheet.write_bytes(b"PK\x03\x04\x00\x00binary")
    notes = tmp_path / "notes.md"
    notes.write_text("old notes\n", encoding="utf-8")

    refused = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-o", str(sheet)]
    )
    replaced = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-f", "markdown", "-o",
              str(notes)],
    )  # fmt: skip

    assert refused.exit_code == 1
    assert "it is not a text file" in refused.output
    assert sheet.read_bytes() == b"PK\x03\x04\x00\x00binary"
    assert replaced.exit_code == 0
    assert notes.read_text(encoding="utf-8").startswith("## Intervention Plan")


def test_printed_json_is_the_text_as_rendered(make_workspace: MakeWorkspace) -> None:
    named = [{**ACCOUNTS[0], "name": "Acme :warning: [b]Corp[/b]"}]
    folder = make_workspace(accounts=named).path

    result = runner.invoke(app, ["plan", "all accounts", "-w", str(folder), "-f",
                                 "json"])  # fmt: skip

    assert result.exit_code == 0
    assert '"name": "Acme :warning: [b]Corp[/b]"' in result.stdout


def test_ctrl_c_is_one_message_and_exit_1(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path

    def interrupted(*args: object, **kwargs: object) -> Workspace:
        raise KeyboardInterrupt

    monkeypatch.setattr(Workspace, "open", interrupted)
    result = runner.invoke(app, ["at-risk", "all accounts", "-w", str(folder)])

    assert result.exit_code == 1
    assert result.output.startswith("error: interrupted\n")
    assert "Run the command again to finish" in result.output


@pytest.mark.parametrize("link", ["symbolic", "hard", "new file"])
def test_no_link_or_new_file_leads_into_the_workspace(
    link: str, make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    config = folder / "config.toml"
    before = config.read_bytes()
    target = tmp_path / "plan.md"
    if link == "symbolic":
        target.symlink_to(config)
    elif link == "hard":
        target.hardlink_to(config)
    else:
        target = folder / "plan.md"

    result = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-o", str(target)]
    )

    assert result.exit_code == 1
    assert f"cannot write {target}: it is in the lifebuoy workspace " in result.output
    assert config.read_bytes() == before
    assert link != "new file" or not target.exists()


def test_output_dash_prints_and_a_file_s_extension_sets_the_format(
    make_workspace: MakeWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_workspace(accounts=ACCOUNTS).path
    monkeypatch.chdir(tmp_path)

    printed = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-f", "json", "-o", "-"]
    )
    to_markdown = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-o", "plan.md"]
    )
    quiet = runner.invoke(
        app, ["plan", "all accounts", "-w", str(folder), "-o", "plan.json", "-q"]
    )

    assert printed.exit_code == 0 and printed.stdout.startswith("{")
    assert not (tmp_path / "-").exists()
    assert to_markdown.exit_code == 0
    assert to_markdown.stderr.endswith("wrote plan.md\n")
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert text.startswith("## Intervention Plan")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "plan.json").read_text(encoding="utf-8").startswith("{")
