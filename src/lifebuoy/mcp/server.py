"""lifebuoy as an MCP server over stdio: the same core as the CLI, for an assistant.

Tools: ``plan_interventions``, ``find_at_risk_customers`` and
``check_account_health`` give the Markdown a person reads and the JSON
document (structured content) an assistant reasons over. A scope lifebuoy
cannot read exactly is answered with the clarifying question and its close
matches, as a normal result, so the assistant can ask the person and call
again. lifebuoy's errors (no workspace, a bad setting) come back as tool
errors with the CLI's message; the server keeps answering.

Resources: the workspace's data sources with their freshness and data gaps,
the active playbook, and the JSON Schema of the plan.

The workspace is opened afresh for every call, so a workspace created or
fixed while the server runs is picked up by the next call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError
from pydantic_core import ErrorDetails

from lifebuoy import __version__
from lifebuoy.collector import release_frozen
from lifebuoy.errors import LifebuoyError, ScopeError, UsageError
from lifebuoy.log import logger
from lifebuoy.planning.as_of import check_as_of, not_a_date
from lifebuoy.planning.at_risk import at_risk, gap_lines, sharpen_lines
from lifebuoy.planning.health import health
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.plan import keep_run, plan
from lifebuoy.planning.playbook import Playbook, workspace_playbook
from lifebuoy.planning.scope import EXAMPLES
from lifebuoy.planning.scope_errors import read_scope
from lifebuoy.render import at_risk as at_risk_render
from lifebuoy.render import health as health_render
from lifebuoy.render.json import plan_document, plan_schema
from lifebuoy.render.json_text import json_text
from lifebuoy.render.markdown import render_markdown
from lifebuoy.signals import signals
from lifebuoy.signals.health import HealthReport
from lifebuoy.workspace.schema import CANONICAL
from lifebuoy.workspace.store import DATA_FILE, Workspace, resolve_path

NAME = "lifebuoy"
SOURCES_URI = "lifebuoy://workspace/sources"
PLAYBOOK_URI = "lifebuoy://playbook"
SCHEMA_URI = "lifebuoy://schema/plan"

DATE_COLUMNS: dict[str, str] = {
    "tickets": "created_at",
    "usage": "date",
    "nps": "responded_at",
    "invoices": "due_date",
    "activities": "date",
    "chat_messages": "ts",
}
"""The column whose latest value tells how fresh each dated table is."""

INSTRUCTIONS = (
    "lifebuoy plans interventions for customer accounts at risk of churning. "
    "Every account in scope gets a tier (Critical, High, Medium, Watch) from its "
    "churn signals, the signals behind it, one action, an owner and a due date. "
    "A scope is plain words, e.g. "
    + ", ".join(f'"{example}"' for example in EXAMPLES)
    + ". When a tool answers with a question instead of a result, ask the person "
    "and call again with their words. Read the resources "
    f"{SOURCES_URI} (data freshness and gaps) and {PLAYBOOK_URI} (tier rules, "
    "actions, timelines) to explain why a plan looks as it does."
)

ScopeArgument = Annotated[
    str,
    Field(
        description=(
            "Which accounts, in plain words: tiers, a saved run, segments, "
            "regions, renewal windows, signals, owners, ARR, top N by ARR."
        ),
        examples=[
            "Critical and High from last at-risk list",
            "accounts renewing in next 60 days with risk flags",
            "Enterprise at-risk accounts",
            "all accounts",
        ],
    ),
]
AccountArgument = Annotated[
    str,
    Field(
        description=(
            "An account id or name (or a unique part of the name), or a scope "
            "in plain words for a table of accounts, worst first."
        ),
        examples=["Pinecrest Manufacturing", "ACC-00042", "top 10 accounts by ARR"],
    ),
]
AsOfArgument = Annotated[
    date | None,
    Field(
        description=(
            "Compute as of this day, YYYY-MM-DD; data dated later is ignored. "
            "Default: today in the workspace's time zone."
        ),
        examples=["2026-12-03"],
    ),
]

Work = Callable[[Workspace, date], CallToolResult]

ARGUMENTS: dict[str, tuple[str, str]] = {
    "scope": ("the accounts in plain words", '"Critical and High"'),
    "account_or_scope": (
        "an account name or id, or a scope in plain words",
        '"Acme Corp"',
    ),
}
"""What each text argument holds, and an example, for the message when it is wrong."""


class _Server(MCPServer[Any]):
    """The SDK's server; arguments that do not fit are worded as lifebuoy words them."""

    async def call_tool(
        self,
        name: str,
        arguments: dict[str, Any],
        context: Context[Any, Any] | None = None,
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            if not isinstance(error.__cause__, ValidationError):
                raise
            return error_result(argument_error(error.__cause__))


def argument_error(error: ValidationError) -> UsageError:
    """Each wrong argument in ERROR: its name, the value given, the form expected."""
    wrong = [_wrong_argument(detail) for detail in error.errors()]
    return UsageError(
        "; ".join(each.message for each in wrong),
        hint=" ".join(each.hint for each in wrong if each.hint),
    )


def _wrong_argument(detail: ErrorDetails) -> UsageError:
    name = ".".join(str(part) for part in detail["loc"]) or "the arguments"
    if name == "as_of" and detail["type"] != "missing":
        return not_a_date(detail["input"], name=name)

    expected, example = ARGUMENTS.get(name, ("text", '"..."'))
    hint = f"Give {name} as {expected}, for example {name} {example}."
    if detail["type"] == "missing":
        return UsageError(f"{name} is missing", hint=hint)
    return UsageError(f"{name} {detail['input']!r} is not {expected}", hint=hint)


def build_server(workspace: Path | None = None) -> MCPServer:
    """The server for the workspace folder WORKSPACE (or $LIFEBUOY_WORKSPACE)."""
    folder = resolve_path(workspace).absolute()
    lock = threading.Lock()
    server = _Server(
        NAME, instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    saves_run = ToolAnnotations(read_only_hint=False, open_world_hint=False)

    @server.tool(
        title="Plan interventions",
        annotations=saves_run,
        description=(
            "The intervention plan for a scope: per tier, each account with the "
            "signals that put it there (Why), one action, an owner and a due "
            "date, then a summary with data gaps and owners to assign. Returns "
            f"Markdown, and the plan document (JSON Schema at {SCHEMA_URI}) as "
            "structured content. Saved as a plan run. An unclear scope returns "
            "a question to ask the person."
        ),
    )
    def plan_interventions(
        scope: ScopeArgument, as_of: AsOfArgument = None
    ) -> CallToolResult:
        return _call(folder, lock, as_of, lambda opened, day: _plan(opened, scope, day))

    @server.tool(
        title="Find at-risk customers",
        annotations=saves_run,
        description=(
            "The at-risk list for a scope: one table per tier with each "
            "account's strongest signals and a suggested action with its "
            "reason, the data gaps and the data that would sharpen the list. "
            "Saved as an at-risk run, so a later plan 'Critical and High from "
            "last at-risk list' plans exactly these accounts. Returns Markdown "
            "and the JSON document. An unclear scope returns a question."
        ),
    )
    def find_at_risk_customers(
        scope: ScopeArgument, as_of: AsOfArgument = None
    ) -> CallToolResult:
        return _call(
            folder, lock, as_of, lambda opened, day: _at_risk(opened, scope, day)
        )

    @server.tool(
        title="Check account health",
        annotations=read_only,
        description=(
            "The 0-100 health score of one account (usage 35%, support 25%, "
            "satisfaction 20%, commercial 10%, relationship 10%): risk flags, "
            "positive, negative and missing factors, inputs, the trend against "
            "30 days earlier and the CRM's own score. For a scope, a table of "
            "every account in it, worst first. Returns Markdown and the JSON "
            "document. An unknown account or unclear scope returns a question."
        ),
    )
    def check_account_health(
        account_or_scope: AccountArgument, as_of: AsOfArgument = None
    ) -> CallToolResult:
        return _call(
            folder,
            lock,
            as_of,
            lambda opened, day: _health(opened, account_or_scope, day),
        )

    @server.resource(
        SOURCES_URI,
        name="data-sources",
        title="Data sources",
        mime_type="application/json",
        description=(
            "Each table of the workspace with its rows and the first and latest "
            "date it holds (freshness, as of today), the signals that cannot be "
            "computed for lack of data, and the data that would add them."
        ),
    )
    def data_sources() -> str:
        with _resource(folder, lock) as opened:
            return _dump(sources_document(opened, as_of=_today(opened)))

    @server.resource(
        PLAYBOOK_URI,
        name="playbook",
        title="Active playbook",
        mime_type="application/json",
        description=(
            "The playbook the plan follows: ordered tier rules (the first that "
            "matches decides the tier), the action for each signal, and the due "
            "date timeline of each tier."
        ),
    )
    def active_playbook() -> str:
        with _resource(folder, lock) as opened:
            found = workspace_playbook(opened.path, opened.settings.playbook)
            return _dump(playbook_document(found))

    @server.resource(
        SCHEMA_URI,
        name="plan-schema",
        title="Plan JSON Schema",
        mime_type="application/schema+json",
        description="The JSON Schema of plan_interventions' structured content.",
    )
    def schema() -> str:
        return _dump(plan_schema())

    return server


def serve(workspace: Path | None = None) -> None:
    """Answer MCP requests on stdin and stdout until the client closes them."""
    folder = resolve_path(workspace).absolute()
    if not (folder / DATA_FILE).exists():
        logger.warning(
            "no lifebuoy workspace at %s yet; each call says so until one is "
            "created ('lifebuoy demo' or 'lifebuoy import SOURCE FILE')",
            folder,
        )
    build_server(workspace).run("stdio")


def _call(
    folder: Path, lock: threading.Lock, as_of: date | None, work: Work
) -> CallToolResult:
    """WORK on the opened workspace; lifebuoy's errors as questions or tool errors."""
    try:
        with lock, Workspace.open(folder, read_only=True) as opened:
            today = _today(opened)
            day = check_as_of(as_of, today=today, name="as_of") if as_of else today
            return work(opened, day)
    except ScopeError as error:
        return question_result(error)
    except LifebuoyError as error:
        return error_result(error)
    finally:
        release_frozen()


def _plan(workspace: Workspace, text: str, as_of: date) -> CallToolResult:
    scope = _read_scope(workspace, text, as_of)
    result, _ = keep_run(workspace, plan(workspace, scope, as_of=as_of), kind="plan")
    folder = workspace.path
    return _result(
        render_markdown(result, workspace=folder),
        plan_document(result, workspace=folder),
    )


def _at_risk(workspace: Workspace, text: str, as_of: date) -> CallToolResult:
    # plan() draws the candidates of a scope "from last at-risk list" itself.
    scope = _read_scope(workspace, text, as_of)
    result = at_risk(workspace, scope, as_of=as_of)
    return _result(
        at_risk_render.render_markdown(result, workspace=workspace.path),
        at_risk_render.at_risk_document(result, workspace=workspace.path),
    )


def _health(workspace: Workspace, text: str, as_of: date) -> CallToolResult:
    reader = _ScopeReader()
    try:
        result = health(workspace, text, as_of=as_of, parse_scope=reader)
    except ScopeError as error:
        asked = reader.asked
        raise ScopeError(
            error.message,
            hint=error.hint,
            text=text,
            span=asked.span if asked else None,
            suggestions=error.suggestions or (asked.suggestions if asked else ()),
        ) from error
    document = (
        health_render.report_document(result, workspace=workspace.path)
        if isinstance(result, HealthReport)
        else health_render.table_document(result, workspace=workspace.path)
    )
    markdown = health_render.render_markdown(result, workspace=workspace.path)
    return _result(markdown, document)


def _read_scope(workspace: Workspace, text: str, as_of: date) -> Scope:
    """TEXT as a scope, or the clarifying question as a ScopeError; never a prompt."""
    return read_scope(text, workspace=workspace, as_of=as_of)


class _ScopeReader:
    """Reads a scope for ``health`` without prompting; keeps the question asked."""

    def __init__(self) -> None:
        self.asked: ScopeError | None = None

    def __call__(self, workspace: Workspace, text: str, as_of: date) -> Scope:
        try:
            return _read_scope(workspace, text, as_of)
        except ScopeError as error:
            self.asked = error
            raise


def _result(markdown: str, document: dict[str, Any]) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=markdown)],
        structured_content=document,
    )


def question_result(error: ScopeError) -> CallToolResult:
    """The clarifying question as a normal result: ask the person, call again."""
    unread = None
    if error.span is not None:
        start, end = error.span
        unread = error.text[start:end]
    document = {
        "kind": "question",
        "question": error.message,
        "details": error.hint,
        "scope": error.text,
        "unread": unread,
        "suggestions": list(error.suggestions),
        "examples": list(EXAMPLES),
    }
    return CallToolResult(
        content=[TextContent(type="text", text=str(error))],
        structured_content=document,
    )


def error_result(error: LifebuoyError) -> CallToolResult:
    """ERROR as a tool error, worded as the CLI words it."""
    text = f"error: {error.message}"
    if error.hint:
        text += f"\n{error.hint}"
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


@contextmanager
def _resource(folder: Path, lock: threading.Lock) -> Iterator[Workspace]:
    """The opened workspace for a resource; lifebuoy's errors as resource errors."""
    try:
        with lock, Workspace.open(folder, read_only=True) as opened:
            yield opened
    except LifebuoyError as error:
        raise ResourceError(str(error)) from error
    finally:
        release_frozen()


def _today(workspace: Workspace) -> date:
    return datetime.now(workspace.settings.zone).date()


def _dump(document: dict[str, Any]) -> str:
    return json_text(document)


def sources_document(workspace: Workspace, *, as_of: date) -> dict[str, Any]:
    """Every table's rows and date range, and the gaps in the signals."""
    report = signals(workspace, as_of=as_of)
    return {
        "workspace": str(workspace.path),
        "as_of": as_of.isoformat(),
        "sources": [_source(workspace, name, as_of=as_of) for name in CANONICAL],
        "gaps": list(gap_lines(report.gaps)),
        "would_sharpen": list(sharpen_lines(report.gaps)),
        "warnings": [
            {"account_id": warning.account_id, "message": warning.message}
            for warning in report.warnings
        ],
    }


def _source(workspace: Workspace, table: str, *, as_of: date) -> dict[str, Any]:
    entry: dict[str, Any] = {"table": table, "rows": workspace.count(table)}
    column = DATE_COLUMNS.get(table)
    if column is None:
        return entry
    first, latest = _date_range(workspace, table, column)
    entry.update(
        date_column=column,
        first=first.isoformat() if first else None,
        latest=latest.isoformat() if latest else None,
        days_since_latest=(as_of - latest).days if latest else None,
    )
    return entry


def _date_range(
    workspace: Workspace, table: str, column: str
) -> tuple[date | None, date | None]:
    value = f'CAST("{column}" AS DATE)'
    row = workspace.connection.execute(
        f'SELECT min({value}), max({value}) FROM "{table}"'
    ).fetchone()
    if row is None:
        return None, None
    return row[0], row[1]


def playbook_document(playbook: Playbook) -> dict[str, Any]:
    """The playbook's tier rules, actions and timelines, in order."""
    return {
        "source": playbook.source,
        "tiers": [tier.value for tier in Tier],
        "rules": [
            {"tier": rule.tier.value, "when": rule.describe()}
            for rule in playbook.rules
        ],
        "actions": [
            {
                "signals": sorted(name.value for name in entry.signals),
                "action": entry.action,
            }
            for entry in playbook.actions
        ],
        "timelines": [
            {
                "tier": tier.value,
                "rule": timeline.rule,
                "days": timeline.days,
                "label": timeline.label,
            }
            for tier, timeline in playbook.timelines.items()
        ],
    }
