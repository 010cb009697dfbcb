"""The MCP server, started as `lifebuoy mcp` over stdio and called by the SDK's client.

The workspace is built by hand, so every expected value below is worked out
from its rows: Acme has an escalated ticket (Critical, due the Friday of the
as-of week), Initech a CRM health score of 30 (High, due in 14 days), Globex
renews in 18 days with no other signal (Watch), Hooli is healthy.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import anyio
import jsonschema
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult, TextContent, TextResourceContents, Tool

from conftest import MakeWorkspace, rows_to_arrow
from lifebuoy.workspace import Workspace, write_rows

AS_OF = "2026-12-03"
FRESH = {
    "health_score_updated_on": date(2026, 11, 1),
    "last_exec_touch_date": date(2026, 11, 1),
}
ACCOUNTS = [
    {
        "account_id": "A1",
        "name": "Acme Corp",
        "segment": "Enterprise",
        "arr": 120000,
        "health_score": 80,
        "renewal_date": date(2027, 6, 30),
        "csm": "Dana Lee",
        **FRESH,
    },
    {
        "account_id": "A2",
        "name": "Globex",
        "segment": "Mid-Market",
        "arr": 50000,
        "health_score": 85,
        "renewal_date": date(2026, 12, 21),
        "owner": "Sam Ortiz",
        **FRESH,
    },
    {"account_id": "A3", "name": "Initech", "arr": 30000, "health_score": 30, **FRESH},
    {"account_id": "A4", "name": "Hooli", "arr": 10000, "health_score": 90, **FRESH},
]
TICKETS = [
    {
        "ticket_id": "48213",
        "account_id": "A1",
        "created_at": datetime(2026, 11, 12, 15, 0),
        "status": "open",
        "priority": "high",
        "escalated": True,
        "subject": "Exports failing",
    },
]
ACME_ROW = (
    "| Acme Corp | $120,000 | Escalation 12 Nov (#48213) | Executive outreach and "
    "health review; confirm the escalation is resolved | Dana Lee | Fri 2026-12-04 |"
)
NO_WORKSPACE_HINT = (
    "Create one with 'lifebuoy demo' (sample data) or 'lifebuoy import SOURCE "
    "FILE', or point to an existing one with --workspace DIR or $LIFEBUOY_WORKSPACE."
)

Client = Callable[[ClientSession], Awaitable[None]]


@pytest.fixture
def folder(make_workspace: MakeWorkspace) -> Path:
    """The workspace folder, closed so that the server process can open it."""
    workspace = make_workspace(accounts=ACCOUNTS, tickets=TICKETS)
    workspace.close()
    return workspace.path


@dataclass
class Answers:
    """What one server session answered to the script of calls in ``answers``."""

    workspace: Path = Path()
    tools: list[Tool] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    calls: dict[str, CallToolResult] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Answers:
    """One server on the hand-built workspace, called in this order."""
    path = tmp_path_factory.mktemp("mcp") / "ws"
    with Workspace.create(path, environ={}) as workspace:
        write_rows(workspace, "accounts", rows_to_arrow("accounts", ACCOUNTS))
        write_rows(workspace, "tickets", rows_to_arrow("tickets", TICKETS))
    script = [
        ("plan", "plan_interventions", {"scope": "at-risk accounts"}),
        ("at-risk", "find_at_risk_customers", {"scope": "Critical and High"}),
        (
            "plan from run",
            "plan_interventions",
            {"scope": "Critical from last at-risk list"},
        ),
        ("health", "check_account_health", {"account_or_scope": "acme"}),
        ("health table", "check_account_health", {"account_or_scope": "all accounts"}),
        (
            "ambiguous",
            "plan_interventions",
            {"scope": "Enterprize at-risk accounts"},
        ),
        ("unknown account", "check_account_health", {"account_or_scope": "Initek"}),
    ]
    answered = Answers(workspace=path)

    async def client(session: ClientSession) -> None:
        answered.tools = (await session.list_tools()).tools
        listed = await session.list_resources()
        answered.resources = [str(resource.uri) for resource in listed.resources]
        for key, tool, arguments in script:
            answered.calls[key] = await session.call_tool(
                tool, {**arguments, "as_of": AS_OF}
            )
        for uri in answered.resources:
            answered.documents[uri] = await read_json(session, uri)

    run(path, client)
    return answered


@asynccontextmanager
async def connect(
    folder: Path, errlog: TextIO = sys.stderr
) -> AsyncIterator[ClientSession]:
    """A client session with `lifebuoy mcp --workspace FOLDER` in a subprocess."""
    server = StdioServerParameters(
        command=sys.executable,
        args=[
            "-c",
            "from lifebuoy.cli import main; main()",
            "mcp",
            "--workspace",
            str(folder),
        ],
    )
    async with (
        stdio_client(server, errlog=errlog) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


def run(folder: Path, client: Client, errlog: TextIO = sys.stderr) -> None:
    async def main() -> None:
        async with connect(folder, errlog) as session:
            await client(session)

    anyio.run(main)


def text_of(result: CallToolResult) -> str:
    [block] = result.content
    assert isinstance(block, TextContent)
    return block.text


def structured(result: CallToolResult) -> dict[str, Any]:
    document: dict[str, Any] | None = result.structured_content
    assert document is not None
    return document


async def read_json(session: ClientSession, uri: str) -> dict[str, Any]:
    result = await session.read_resource(uri)
    [contents] = result.contents
    assert isinstance(contents, TextResourceContents)
    document: dict[str, Any] = json.loads(contents.text)
    return document


def test_lists_the_three_tools_with_described_typed_parameters(
    answers: Answers,
) -> None:
    tools = {tool.name: tool for tool in answers.tools}

    assert set(tools) == {
        "plan_interventions",
        "find_at_risk_customers",
        "check_account_health",
    }
    for name, first in [
        ("plan_interventions", "scope"),
        ("find_at_risk_customers", "scope"),
        ("check_account_health", "account_or_scope"),
    ]:
        tool = tools[name]
        assert tool.description
        properties = tool.input_schema["properties"]
        assert tool.input_schema["required"] == [first]
        assert properties[first]["type"] == "string"
        assert properties[first]["examples"]
        assert properties["as_of"]["examples"] == ["2026-12-03"]
        assert {"type": "string", "format": "date"} in properties["as_of"]["anyOf"]


def test_plan_gives_the_markdown_and_the_plan_document(answers: Answers) -> None:
    result = answers.calls["plan"]

    assert not result.is_error
    markdown = text_of(result)
    assert markdown.startswith(
        "## Intervention Plan\n\n**Scope:** at-risk accounts\n\n"
        "**Date:** Thu 2026-12-03\n"
    )
    assert ACME_ROW in markdown
    assert "- **High:** 1 account, $30,000 ARR, by Thu 2026-12-17" in markdown
    document = structured(result)
    jsonschema.validate(document, answers.documents["lifebuoy://schema/plan"])
    assert document["kind"] == "plan"
    assert document["as_of"] == AS_OF
    assert [item["account_id"] for item in document["accounts"]] == ["A1", "A3", "A2"]
    assert document["summary"]["healthy"] == 1


def test_next_steps_name_the_servers_workspace(answers: Answers) -> None:
    """A command pasted from an assistant runs wherever the person's shell is."""
    option = f" -w {shlex.quote(str(answers.workspace.absolute()))}"

    for key in ("plan", "at-risk", "health"):
        steps = structured(answers.calls[key])["next_steps"]
        assert steps, key
        assert all(step["command"].endswith(option) for step in steps), key
        assert option in text_of(answers.calls[key])


def test_at_risk_is_saved_as_a_run_that_a_plan_can_draw_from(
    answers: Answers,
) -> None:
    found = answers.calls["at-risk"]
    planned = answers.calls["plan from run"]

    assert not found.is_error
    listed = structured(found)
    assert listed["kind"] == "at-risk"
    # Run 1 is the plan saved by the first call; the at-risk list is run 2.
    assert listed["run_id"] == 2
    assert [item["account_id"] for item in listed["accounts"]] == ["A1", "A3"]
    assert "Acme Corp" in text_of(found)
    assert "Initech" in text_of(found)
    assert "Globex" not in text_of(found)
    assert [item["account_id"] for item in structured(planned)["accounts"]] == ["A1"]
    assert ACME_ROW in text_of(planned)


def test_health_of_one_account_and_of_a_scope(answers: Answers) -> None:
    one = answers.calls["health"]
    table = answers.calls["health table"]

    assert not one.is_error
    report = structured(one)
    assert report["kind"] == "health"
    assert report["account_id"] == "A1"
    assert [flag["name"] for flag in report["risk_flags"]] == ["escalation"]
    assert report["risk_flags"][0]["ids"] == ["48213"]
    assert "Acme Corp" in text_of(one)
    rows = structured(table)
    assert rows["kind"] == "health_table"
    assert {item["account_id"] for item in rows["accounts"]} == {
        "A1",
        "A2",
        "A3",
        "A4",
    }


def test_an_ambiguous_scope_returns_the_question(answers: Answers) -> None:
    result = answers.calls["ambiguous"]
    health = answers.calls["unknown account"]

    assert not result.is_error
    assert text_of(result).startswith(
        "Which accounts should I plan interventions for?\n"
        "  Enterprize at-risk accounts\n"
        "  ^^^^^^^^^^\n"
    )
    assert 'Did you mean "Enterprise"?' in text_of(result)
    question = structured(result)
    assert question["kind"] == "question"
    assert question["question"] == "Which accounts should I plan interventions for?"
    assert question["scope"] == "Enterprize at-risk accounts"
    assert question["unread"] == "Enterprize"
    assert question["suggestions"] == ["Enterprise"]
    assert not health.is_error
    assert text_of(health).startswith("no account matches 'Initek'\n")
    assert "Did you mean: Initech (A3)?" in text_of(health)
    assert structured(health)["kind"] == "question"


def test_a_missing_workspace_is_a_tool_error_and_the_server_goes_on(
    folder: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "later"

    async def client(session: ClientSession) -> None:
        first = await session.call_tool(
            "plan_interventions", {"scope": "all accounts", "as_of": AS_OF}
        )
        tools = await session.list_tools()
        shutil.copytree(folder, missing)
        second = await session.call_tool(
            "plan_interventions", {"scope": "Critical", "as_of": AS_OF}
        )

        assert first.is_error
        assert text_of(first) == (
            f"error: no lifebuoy workspace at {missing}\n{NO_WORKSPACE_HINT}"
        )
        assert len(tools.tools) == 3
        assert not second.is_error
        assert ACME_ROW in text_of(second)

    run(missing, client)


def test_the_server_warns_at_start_up_of_a_missing_workspace(tmp_path: Path) -> None:
    missing = tmp_path / "later"
    log = tmp_path / "stderr.txt"

    async def client(session: ClientSession) -> None:
        tools = await session.list_tools()
        assert len(tools.tools) == 3

    with log.open("w", encoding="utf-8") as errlog:
        run(missing, client, errlog)

    warnings = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
    assert warnings == [
        f"WARNING no lifebuoy workspace at {missing} yet; each call says so until "
        "one is created ('lifebuoy demo' or 'lifebuoy import SOURCE FILE')"
    ]


def test_the_server_says_nothing_at_start_up_of_a_workspace(
    folder: Path, tmp_path: Path
) -> None:
    log = tmp_path / "stderr.txt"

    async def client(session: ClientSession) -> None:
        await session.list_tools()

    with log.open("w", encoding="utf-8") as errlog:
        run(folder, client, errlog)

    assert log.read_text(encoding="utf-8").strip() == ""


def test_wrong_arguments_are_tool_errors_in_plain_words(folder: Path) -> None:
    async def client(session: ClientSession) -> None:
        far = await session.call_tool(
            "plan_interventions", {"scope": "Critical", "as_of": "2099-01-01"}
        )
        not_a_day = await session.call_tool(
            "find_at_risk_customers", {"scope": "Critical", "as_of": "notadate"}
        )
        no_scope = await session.call_tool("plan_interventions", {"as_of": AS_OF})
        both = await session.call_tool("check_account_health", {"as_of": "3 Dec"})
        kept = await session.call_tool(
            "plan_interventions", {"scope": "Critical", "as_of": AS_OF}
        )

        for result in (far, not_a_day, no_scope, both):
            assert result.is_error
            assert "pydantic" not in text_of(result)
            assert "http" not in text_of(result)
        far_message, far_hint = text_of(far).split("\n")
        assert far_message.startswith(
            "error: as_of 2099-01-01 is more than 5 years from today ("
        )
        assert far_hint.startswith("Give a day between ")
        assert text_of(not_a_day) == (
            "error: as_of 'notadate' is not a date\n"
            'Write it as YYYY-MM-DD, for example as_of "2026-12-03".'
        )
        assert text_of(no_scope) == (
            "error: scope is missing\n"
            "Give scope as the accounts in plain words, for example "
            'scope "Critical and High".'
        )
        assert text_of(both) == (
            "error: account_or_scope is missing; as_of '3 Dec' is not a date\n"
            "Give account_or_scope as an account name or id, or a scope in plain "
            'words, for example account_or_scope "Acme Corp". Write it as '
            'YYYY-MM-DD, for example as_of "2026-12-03".'
        )
        assert not kept.is_error
        assert ACME_ROW in text_of(kept)

    run(folder, client)


def test_a_bad_setting_is_a_tool_error_with_its_key_and_file(folder: Path) -> None:
    config = folder / "config.toml"
    config.write_text("[signals]\nescalation_days = -3\n", encoding="utf-8")

    async def client(session: ClientSession) -> None:
        failed = await session.call_tool(
            "find_at_risk_customers", {"scope": "all accounts", "as_of": AS_OF}
        )
        config.write_text("", encoding="utf-8")
        fixed = await session.call_tool(
            "find_at_risk_customers", {"scope": "all accounts", "as_of": AS_OF}
        )

        assert failed.is_error
        assert text_of(failed) == (
            "error: invalid configuration:\n"
            f"  setting 'signals.escalation_days' = -3 from {config}: "
            "Input should be greater than 0"
        )
        assert not fixed.is_error
        assert structured(fixed)["run_id"] == 1

    run(folder, client)


def test_resources_explain_the_data_and_the_playbook(answers: Answers) -> None:
    sources = answers.documents["lifebuoy://workspace/sources"]
    playbook = answers.documents["lifebuoy://playbook"]

    assert answers.resources == [
        "lifebuoy://workspace/sources",
        "lifebuoy://playbook",
        "lifebuoy://schema/plan",
    ]
    tables = {entry["table"]: entry for entry in sources["sources"]}
    assert tables["accounts"]["rows"] == 4
    assert tables["tickets"]["rows"] == 1
    assert tables["tickets"]["first"] == "2026-11-12"
    assert tables["tickets"]["latest"] == "2026-11-12"
    assert tables["usage"]["rows"] == 0
    assert tables["usage"]["latest"] is None
    assert "usage decline signals not available: no usage data" in sources["gaps"]
    assert playbook["source"] == "shipped playbook"
    assert playbook["rules"][0] == {
        "tier": "Critical",
        "when": "evaluating_alternatives or escalation or payment_failed",
    }
    payment = {
        "signals": ["payment_failed"],
        "action": "Payment follow-up with billing",
    }
    assert payment in playbook["actions"]
    assert playbook["timelines"][0] == {
        "tier": "Critical",
        "rule": "end_of_week",
        "days": 0,
        "label": "end of the working week",
    }
