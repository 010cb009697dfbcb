"""``lifebuoy plan``: the intervention plan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lifebuoy.cli.app import app
from lifebuoy.cli.common import (
    AsOfOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    QuietOption,
    VerboseOption,
    WorkspaceOption,
    check_output,
    handle_errors,
    parse_as_of,
    show,
)
from lifebuoy.cli.scope import resolve_scope
from lifebuoy.errors import WorkspaceError
from lifebuoy.planning.list_plan import list_vocabulary, plan_from_list
from lifebuoy.planning.plan import Plan, keep_run
from lifebuoy.planning.plan import plan as build
from lifebuoy.planning.playbook import load_playbook, workspace_playbook
from lifebuoy.planning.team_list import STDIN, read_team_list, what_to_provide
from lifebuoy.render.json import render_json
from lifebuoy.render.markdown import render_markdown
from lifebuoy.render.terminal import render_terminal
from lifebuoy.workspace.settings import load_settings
from lifebuoy.workspace.store import DATA_FILE, Workspace, resolve_path

AccountsOption = Annotated[
    str | None,
    typer.Option(
        "--accounts",
        "-a",
        help="Plan the accounts of a team's at-risk list: CSV, XLSX or a Markdown "
        "table ('-' reads standard input). No workspace needed.",
        show_default=False,
    ),
]


@app.command(
    epilog='Example: lifebuoy plan "Critical and High from last at-risk list"  '
    '(or from a list: lifebuoy plan "all accounts" --accounts at-risk.csv)'
)
@handle_errors
def plan(
    scope: Annotated[str, typer.Argument(help="Which accounts, in plain words.")],
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = OutputFormat.terminal,
    output: OutputOption = None,
    accounts: AccountsOption = None,
    verbose: VerboseOption = 0,
    quiet: QuietOption = False,
) -> None:
    """The intervention plan: tiers, actions, owners and due dates."""
    given = [Path(accounts)] if accounts not in (None, STDIN) else []
    check_output(output, inputs=given, workspace=workspace)
    if accounts is not None:
        result = _plan_list(scope, accounts, workspace=workspace, as_of=as_of)
    else:
        result = _plan_workspace(scope, workspace=workspace, as_of=as_of)

    show(
        result,
        output_format,
        output=output,
        markdown=render_markdown,
        json=render_json,
        terminal=render_terminal,
        workspace=workspace,
    )


def _plan_workspace(scope: str, *, workspace: Path | None, as_of: str | None) -> Plan:
    folder = resolve_path(workspace)
    if not (folder / DATA_FILE).exists():
        raise WorkspaceError(
            f"no lifebuoy workspace at {folder} and no list of accounts "
            "(--accounts FILE): nothing to plan from",
            hint=what_to_provide(),
        )
    with Workspace.open(workspace, read_only=True) as opened:
        if opened.count("accounts") == 0:
            raise WorkspaceError(
                f"the workspace at {folder} holds no accounts and no list of "
                "accounts was given (--accounts FILE): nothing to plan from",
                hint=what_to_provide(),
            )
        day = parse_as_of(as_of, opened.settings)
        parsed = resolve_scope(scope, workspace=opened, as_of=day)
        result, _ = keep_run(opened, build(opened, parsed, as_of=day), kind="plan")
    return result


def _plan_list(
    scope: str, accounts: str, *, workspace: Path | None, as_of: str | None
) -> Plan:
    """The plan of a team's list; with the workspace's data when there is one."""
    stdin = sys.stdin.buffer.read() if accounts == STDIN else None
    if not (resolve_path(workspace) / DATA_FILE).exists():
        settings = load_settings()
        day = parse_as_of(as_of, settings)
        team = read_team_list(
            accounts, date_order=settings.imports.date_order, stdin=stdin
        )
        parsed = resolve_scope(
            scope,
            workspace=None,
            as_of=day,
            vocabulary=list_vocabulary(team, None),
            settings=settings,
        )
        playbook = load_playbook(settings.playbook)
        return plan_from_list(
            team, parsed, settings=settings, playbook=playbook, as_of=day
        )

    with Workspace.open(workspace, read_only=True) as opened:
        settings = opened.settings
        day = parse_as_of(as_of, settings)
        team = read_team_list(
            accounts, date_order=settings.imports.date_order, stdin=stdin
        )
        parsed = resolve_scope(
            scope,
            workspace=opened,
            as_of=day,
            vocabulary=list_vocabulary(team, opened),
        )
        return plan_from_list(
            team,
            parsed,
            settings=settings,
            playbook=workspace_playbook(opened.path, settings.playbook),
            as_of=day,
            workspace=opened,
        )
