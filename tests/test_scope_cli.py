"""Asking "Which accounts...?": exit 2 without a terminal, ask again on one."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated, Any

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from lifebuoy.cli import app
from lifebuoy.cli.common import handle_errors
from lifebuoy.cli.scope import resolve_scope
from lifebuoy.errors import ScopeError
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.runs import RunAccountRecord, save_run

AS_OF = date(2026, 12, 3)
ACCOUNTS = [
    {"account_id": "a1", "name": "Acme", "segment": "Enterprise", "region": "EMEA",
     "owner": "Dana Ruiz"},
    {"account_id": "a2", "name": "Beta", "segment": "Mid-Market", "region": "APAC",
     "owner": "Sam Lee"},
]  # fmt: skip
EXAMPLES = (
    'For example: "Critical/High from last at-risk run", "accounts renewing in '
    'next 60 days with risk flags", "Enterprise at-risk accounts", "owned by Dana '
    'Ruiz, ARR over $50k", "all accounts".'
)

runner = CliRunner()


@pytest.fixture
def workspace(make_workspace: Any) -> Workspace:
    built: Workspace = make_workspace(accounts=ACCOUNTS)
    return built


def scope_app(workspace: Workspace) -> typer.Typer:
    """A command that reads its scope the way plan, at-risk and health do."""
    command_app = typer.Typer()

    @command_app.command()
    @handle_errors
    def scope(text: Annotated[str, typer.Argument()]) -> None:
        parsed = resolve_scope(text, workspace=workspace, as_of=AS_OF)
        typer.echo(f"Scope: {parsed.describe()}")

    return command_app


def test_an_ambiguous_scope_without_a_terminal_exits_2(workspace: Workspace) -> None:
    result = runner.invoke(scope_app(workspace), ["Enterprize at-risk accounts"])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: Which accounts should I plan interventions for?\n"
        "  Enterprize at-risk accounts\n"
        "  ^^^^^^^^^^\n"
        '"Enterprize" matches no segment, region or owner in this workspace, '
        "and no scope word\n"
        'Did you mean "Enterprise"?\n'
        f"{EXAMPLES}\n"
    )


def test_a_scope_that_stops_short_points_at_its_end(workspace: Workspace) -> None:
    result = runner.invoke(scope_app(workspace), ["Critical renewing in"])

    assert result.exit_code == 2
    assert "  Critical renewing in\n                    ^^\n" in result.stderr
    assert 'the scope stops short after "Critical renewing in"' in result.stderr


def test_a_clear_scope_runs(workspace: Workspace) -> None:
    result = runner.invoke(scope_app(workspace), ["mid market critical/high"])

    assert result.exit_code == 0
    assert result.stdout == "Scope: Mid-Market · tiers Critical, High\n"


def test_on_a_terminal_the_question_is_asked_again(workspace: Workspace) -> None:
    screen = io.StringIO()
    answers = io.StringIO("Enterprize\nEnterprise critical\n")

    scope = resolve_scope(
        "Dana accounts",
        workspace=workspace,
        as_of=AS_OF,
        interactive=True,
        console=Console(file=screen, width=200),
        stream=answers,
    )

    assert scope == Scope(
        text="Enterprise critical",
        segments=frozenset({"Enterprise"}),
        tiers=frozenset({Tier.CRITICAL}),
    )
    shown = screen.getvalue()
    assert shown.count("Which accounts should I plan interventions for?") == 2
    assert '"Dana" is not a segment or region in this workspace' in shown
    assert 'Did you mean "owned by Dana Ruiz"?' in shown
    assert "  Enterprize\n  ^^^^^^^^^^\n" in shown


def test_after_three_unclear_answers_it_gives_up(workspace: Workspace) -> None:
    screen = io.StringIO()
    answers = io.StringIO("nonsense\nmore nonsense\nstill nonsense\nEnterprise\n")

    with pytest.raises(ScopeError) as caught:
        resolve_scope(
            "Enterprize",
            workspace=workspace,
            as_of=AS_OF,
            interactive=True,
            console=Console(file=screen, width=200),
            stream=answers,
        )

    assert caught.value.message == "Which accounts should I plan interventions for?"
    assert caught.value.text == "still nonsense"
    assert screen.getvalue().count("Which accounts should I plan") == 3
    assert answers.readline() == "Enterprise\n"


def save(workspace: Workspace, text: str, tiers: list[Tier | None]) -> int:
    accounts = [
        RunAccountRecord(f"a{number}", f"Account {number}", tier, [])
        for number, tier in enumerate(tiers, start=1)
    ]
    return save_run(
        workspace,
        kind="at-risk",
        scope=Scope(text=text),
        as_of=AS_OF,
        settings=workspace.settings,
        sources={"accounts": len(accounts)},
        accounts=accounts,
    )


def test_runs_lists_saved_runs(workspace: Workspace) -> None:
    save(workspace, "all accounts", [Tier.CRITICAL, Tier.HIGH, Tier.HIGH, None])

    result = runner.invoke(
        app, ["runs", "--workspace", str(workspace.path)], env={"COLUMNS": "200"}
    )

    assert result.exit_code == 0, result.output
    assert "all accounts" in result.stdout
    assert "Critical 1 · High 2" in result.stdout
    assert "2026-12-03" in result.stdout


def test_runs_without_runs_says_what_to_run(workspace: Workspace) -> None:
    result = runner.invoke(app, ["runs", "--workspace", str(workspace.path)])

    assert result.exit_code == 0
    # The workspace given is named, so the command runs as pasted.
    assert result.stdout == (
        'No saved runs yet; run `lifebuoy at-risk "all accounts" '
        f"-w {workspace.path}` first.\n"
    )


def test_runs_show_one_run(workspace: Workspace) -> None:
    run_id = save(workspace, "Critical", [Tier.CRITICAL, None])

    result = runner.invoke(
        app,
        ["runs", "show", str(run_id), "--workspace", str(workspace.path)],
        env={"COLUMNS": "200"},
    )

    assert result.exit_code == 0, result.output
    assert f"Run {run_id} · at-risk" in result.stdout
    assert "Scope: at-risk accounts  (asked: Critical)" in result.stdout
    assert "Account 1" in result.stdout
    assert "healthy" in result.stdout


def test_runs_show_an_unknown_run_fails(workspace: Workspace) -> None:
    result = runner.invoke(
        app, ["runs", "show", "7", "--workspace", str(workspace.path)]
    )

    assert result.exit_code == 1
    assert "there is no run 7" in result.stderr
