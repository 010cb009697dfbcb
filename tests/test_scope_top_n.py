"""'top N by ARR' keeps the N largest accounts the other words of the scope select.

The workspace below, in US dollars at EUR = 1.08, largest first:

    G1 Granite   Enterprise  $200,000  healthy
    G2 Garnet    SMB         $150,000  healthy
    H1 Harbor    Enterprise  €100,000  High (low health)  = $108,000
    G3 Gull      Enterprise  $105,000  healthy
    C1 Crest     Enterprise   $90,000  Critical (escalation)
    W1 Willow    Enterprise   $80,000  Watch (renews in 43 days)
    H2 Hazel     SMB          $70,000  High (low health)
    C2 Cobalt    SMB          $20,000  Critical (escalation)
    C3 Cedar     Enterprise   unknown  Critical (escalation)
    A1 Alder     SMB          unknown  healthy (first by id, last in plan order)
    Z1 Zephyr    Enterprise  $500,000  churned: never ranked
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.planning.at_risk import at_risk
from lifebuoy.planning.health import HealthTable, health, workspace_scope
from lifebuoy.planning.plan import Plan, plan
from lifebuoy.render import at_risk as at_risk_render
from lifebuoy.render import content
from lifebuoy.workspace import Workspace

AS_OF = date(2026, 12, 3)
RATES = "[currency_rates]\nEUR = 1.08\n"
FRESH = {
    "health_score_updated_on": date(2026, 11, 1),
    "last_exec_touch_date": date(2026, 11, 1),
}


def _account(account_id: str, name: str, segment: str, **fields: Any) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "name": name,
        "segment": segment,
        "health_score": 80,
        **FRESH,
        **fields,
    }


ACCOUNTS = [
    _account("G1", "Granite", "Enterprise", arr=200000),
    _account("G2", "Garnet", "SMB", arr=150000),
    _account("H1", "Harbor", "Enterprise", arr=100000, currency="EUR", health_score=30),
    _account("G3", "Gull", "Enterprise", arr=105000),
    _account("C1", "Crest", "Enterprise", arr=90000),
    _account("W1", "Willow", "Enterprise", arr=80000, renewal_date=date(2027, 1, 15)),
    _account("H2", "Hazel", "SMB", arr=70000, health_score=30),
    _account("C2", "Cobalt", "SMB", arr=20000),
    _account("C3", "Cedar", "Enterprise"),
    _account("A1", "Alder", "SMB"),
    _account("Z1", "Zephyr", "Enterprise", arr=500000, status="churned"),
]
TICKETS = [
    {
        "ticket_id": f"T-{account_id}",
        "account_id": account_id,
        "created_at": datetime(2026, 11, 20, 10, 0),
        "status": "open",
        "priority": "high",
        "escalated": True,
        "subject": "Exports failing",
    }
    for account_id in ("C1", "C2", "C3")
]


@pytest.fixture
def workspace(make_workspace: MakeWorkspace) -> Workspace:
    return make_workspace(config=RATES, accounts=ACCOUNTS, tickets=TICKETS)


def _planned(result: Plan) -> list[str]:
    return [item.account_id for item in result.accounts]


def _listed(table: HealthTable) -> set[str]:
    return {report.account.account_id for report in table.reports}


# (scope, planned in plan order, healthy among the N, health table's accounts)
CASES = [
    # The book's four largest: G1, G2, H1, G3; only Harbor is at risk.
    ("top 4 by ARR", ["H1"], 3, {"G1", "G2", "H1", "G3"}),
    # Critical: C1 $90k, C2 $20k, C3 unknown.
    ("Critical top 2 by ARR", ["C1", "C2"], 0, {"C1", "C2"}),
    # At risk: H1 $108k, C1 $90k, W1 $80k, H2 $70k, C2 $20k, C3 unknown.
    ("at-risk accounts top 3 by ARR", ["C1", "H1", "W1"], 0, {"H1", "C1", "W1"}),
    # Enterprise: G1 $200k, H1 $108k, G3 $105k, C1 $90k, W1 $80k, C3 unknown.
    ("Enterprise top 3 by ARR", ["H1"], 2, {"G1", "H1", "G3"}),
    # Harbor's €100,000 is $108,000, above Gull's $105,000; unconverted it is not.
    ("Enterprise top 2 by ARR", ["H1"], 1, {"G1", "H1"}),
    # Unknown ARR comes last: all 8 known, then Cedar (Critical) before Alder
    # (no tier), in plan order.
    (
        "top 9 by ARR",
        ["C1", "C2", "C3", "H1", "H2", "W1"],
        3,
        {"G1", "G2", "H1", "G3", "C1", "W1", "H2", "C2", "C3"},
    ),
    ("Critical top 3 by ARR", ["C1", "C2", "C3"], 0, {"C1", "C2", "C3"}),
]


@pytest.mark.parametrize(("text", "planned", "healthy", "listed"), CASES)
def test_plan_keeps_the_top_n_of_what_the_words_select(
    workspace: Workspace, text: str, planned: list[str], healthy: int, listed: set[str]
) -> None:
    result = plan(workspace, text, as_of=AS_OF)

    assert _planned(result) == planned
    assert (result.healthy, result.unmatched, result.churned) == (healthy, 0, 0)


@pytest.mark.parametrize(("text", "planned", "healthy", "listed"), CASES)
def test_at_risk_keeps_the_top_n_of_what_the_words_select(
    workspace: Workspace, text: str, planned: list[str], healthy: int, listed: set[str]
) -> None:
    scope = workspace_scope(workspace, text, AS_OF)

    result = at_risk(workspace, scope, as_of=AS_OF, save=False)

    assert [entry.planned.account_id for entry in result.entries] == planned
    assert result.plan.healthy == healthy


@pytest.mark.parametrize(("text", "planned", "healthy", "listed"), CASES)
def test_health_keeps_the_top_n_of_what_the_words_select(
    workspace: Workspace, text: str, planned: list[str], healthy: int, listed: set[str]
) -> None:
    table = health(workspace, text, as_of=AS_OF)

    assert isinstance(table, HealthTable)
    assert _listed(table) == listed


def test_the_summaries_count_the_rest_of_the_n_as_healthy(
    workspace: Workspace,
) -> None:
    result = plan(workspace, "top 4 by ARR", as_of=AS_OF)
    listed = at_risk(
        workspace, workspace_scope(workspace, "top 4 by ARR", AS_OF), as_of=AS_OF
    )

    lines = dict(content.summary(result))
    assert lines["High"].startswith("1 account, $108,000 ARR")
    assert lines["Healthy"] == "3 accounts with no signal, not planned"
    assert "Churned" not in lines
    assert ("Healthy", "3 accounts with no signal") in at_risk_render.summary(listed)


def test_other_tiers_stay_counted_outside_the_scope(workspace: Workspace) -> None:
    result = plan(workspace, "Critical top 2 by ARR", as_of=AS_OF)

    # H1, H2 (High) and W1 (Watch) are at risk in tiers the scope leaves out.
    assert result.outside_tiers == 3


def test_the_scope_is_echoed_as_written(workspace: Workspace) -> None:
    result = plan(workspace, "top 10 accounts by ARR", as_of=AS_OF)

    assert result.scope.describe() == "top 10 by ARR"


def test_without_a_rate_the_converted_account_ranks_as_unknown(
    make_workspace: MakeWorkspace, caplog: pytest.LogCaptureFixture
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS, tickets=TICKETS)

    with caplog.at_level(logging.WARNING, logger="lifebuoy"):
        table = health(workspace, "Enterprise top 2 by ARR", as_of=AS_OF)

    # With no EUR rate Harbor's ARR is unknown: Granite and Gull are the two.
    assert isinstance(table, HealthTable)
    assert _listed(table) == {"G1", "G3"}
    assert not [record for record in caplog.records if "top 2" in record.message]


def test_reaching_unknown_arr_is_warned_about(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="lifebuoy"):
        health(workspace, "SMB top 4 by ARR", as_of=AS_OF)

    # SMB: G2, H2, C2 known, A1 unknown.
    [message] = [r.message for r in caplog.records if r.message.startswith("top")]
    assert message.startswith(
        "top 4 by ARR: 3 of the 4 accounts ranked have a known ARR; "
        "1 without one fill the rest in plan order."
    )


def test_from_the_last_at_risk_list_keeps_its_n_largest(
    workspace: Workspace,
) -> None:
    at_risk(
        workspace, workspace_scope(workspace, "at-risk accounts", AS_OF), as_of=AS_OF
    )

    whole = plan(workspace, "from last at-risk list top 2 by ARR", as_of=AS_OF)
    critical = plan(workspace, "Critical from last at-risk list top 2", as_of=AS_OF)
    table = health(workspace, "from last at-risk list top 2 by ARR", as_of=AS_OF)

    # The list holds H1 $108k, C1 $90k, W1 $80k, H2 $70k, C2 $20k, C3 unknown.
    assert _planned(whole) == ["C1", "H1"]
    assert _planned(critical) == ["C1", "C2"]
    assert isinstance(table, HealthTable)
    assert _listed(table) == {"H1", "C1"}


def test_a_health_table_of_at_risk_accounts_leaves_healthy_ones_out(
    workspace: Workspace,
) -> None:
    table = health(workspace, "Enterprise at-risk accounts", as_of=AS_OF)

    # Enterprise: G1 and G3 are healthy; H1, C1, W1 and C3 are at risk.
    assert isinstance(table, HealthTable)
    assert _listed(table) == {"H1", "C1", "W1", "C3"}
