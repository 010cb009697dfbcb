"""Run history in the control store: save, read back, list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from lifebuoy.errors import LifebuoyError
from lifebuoy.planning.model import RunRef, Scope, Tier
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.runs import (
    RunAccountRecord,
    config_hash,
    get_run,
    last_run,
    list_runs,
    resolve_run,
    save_run,
    signals_to_json,
)

AS_OF = date(2026, 12, 3)
ESCALATION = [
    {
        "name": "escalation",
        "evidence": {"reason": "Escalation 12 Nov (#48213)", "ids": ["48213"]},
    }
]
ACCOUNTS = [
    RunAccountRecord("a1", "Acme", Tier.CRITICAL, ESCALATION),
    RunAccountRecord("a2", "Beta", Tier.HIGH, []),
    RunAccountRecord("a3", "Gamma", Tier.HIGH, []),
    RunAccountRecord("a4", "Delta", None, []),
]


@pytest.fixture
def workspace(make_workspace: Any) -> Workspace:
    built: Workspace = make_workspace()
    return built


def save(
    workspace: Workspace,
    *,
    kind: Any = "at-risk",
    text: str = "all accounts",
    accounts: list[RunAccountRecord] = ACCOUNTS,
) -> int:
    return save_run(
        workspace,
        kind=kind,
        scope=Scope(text=text, include_healthy=True),
        as_of=AS_OF,
        settings=workspace.settings,
        sources={"accounts": 4, "tickets": 0},
        accounts=accounts,
    )


def test_a_saved_run_reads_back_whole(workspace: Workspace) -> None:
    scope = Scope(
        text="Critical and High renewing before 2027-03-31",
        tiers=frozenset({Tier.CRITICAL, Tier.HIGH}),
        renewal_from=AS_OF,
        renewal_to=date(2027, 3, 30),
        arr_min=Decimal("50000"),
    )
    run_id = save_run(
        workspace,
        kind="at-risk",
        scope=scope,
        as_of=AS_OF,
        settings=workspace.settings,
        sources={"accounts": 4},
        accounts=ACCOUNTS,
    )

    run = get_run(workspace, run_id)

    assert run.id == run_id
    assert run.kind == "at-risk"
    assert run.scope == scope
    assert run.scope.text == "Critical and High renewing before 2027-03-31"
    assert run.as_of == AS_OF
    assert run.sources == {"accounts": 4}
    assert run.accounts == tuple(ACCOUNTS)
    assert len(run.config_hash) == 64


def test_the_config_hash_follows_the_settings(workspace: Workspace) -> None:
    berlin = workspace.settings.model_copy(update={"timezone": "Europe/Berlin"})

    assert config_hash(workspace.settings) == config_hash(
        workspace.settings.model_copy()
    )
    assert config_hash(workspace.settings) != config_hash(berlin)


def test_last_run_is_the_newest_of_its_kind(workspace: Workspace) -> None:
    first = save(workspace, text="all accounts")
    second = save(workspace, text="Enterprise")
    plan = save(workspace, kind="plan", text="Critical")

    assert last_run(workspace).id == second
    assert last_run(workspace, "plan").id == plan
    assert last_run(workspace, "any").id == plan
    assert get_run(workspace, first).scope.text == "all accounts"


def test_without_a_saved_run_the_message_says_what_to_run(
    workspace: Workspace,
) -> None:
    with pytest.raises(LifebuoyError) as caught:
        last_run(workspace)

    assert caught.value.message == (
        'no saved at-risk list yet; run `lifebuoy at-risk "all accounts"` first'
    )


def test_an_unknown_run_id_is_a_clear_error(workspace: Workspace) -> None:
    save(workspace)

    with pytest.raises(LifebuoyError, match="there is no run 99"):
        get_run(workspace, 99)


def test_resolve_run_checks_the_kind(workspace: Workspace) -> None:
    plan = save(workspace, kind="plan")
    at_risk = save(workspace)

    assert resolve_run(workspace, RunRef("at-risk")).id == at_risk
    assert resolve_run(workspace, RunRef("any", plan)).id == plan
    with pytest.raises(LifebuoyError, match=f"run {plan} is a plan run"):
        resolve_run(workspace, RunRef("at-risk", plan))


def test_candidates_are_the_tiered_accounts_in_the_tiers_asked(
    workspace: Workspace,
) -> None:
    run = get_run(workspace, save(workspace))

    assert run.candidates() == {
        "a1": Tier.CRITICAL,
        "a2": Tier.HIGH,
        "a3": Tier.HIGH,
    }
    assert run.candidates([Tier.CRITICAL]) == {"a1": Tier.CRITICAL}


def test_runs_are_listed_newest_first_with_counts_per_tier(
    workspace: Workspace,
) -> None:
    first = save(workspace)
    second = save(workspace, kind="plan", text="Critical", accounts=ACCOUNTS[:1])

    runs = list_runs(workspace)

    assert [run.id for run in runs] == [second, first]
    assert runs[1].tier_counts == {
        Tier.CRITICAL: 1,
        Tier.HIGH: 2,
        Tier.MEDIUM: 0,
        Tier.WATCH: 0,
    }
    assert runs[1].accounts == 4
    assert runs[0].tier_counts[Tier.CRITICAL] == 1
    assert runs[0].accounts == 1
    assert runs[0].scope_text == "Critical"


def test_no_runs_list_empty(workspace: Workspace) -> None:
    assert list_runs(workspace) == []


def test_signals_become_plain_json() -> None:
    signal = Signal(
        SignalName.PAYMENT_FAILED,
        Evidence(
            reason="Invoice 881 failed",
            detail="Payment of $1,200.50 failed on 2026-11-20",
            ids=("881",),
            dates=(date(2026, 11, 20),),
            numbers={"amount": Decimal("1200.50"), "days": 13},
            source="invoices",
        ),
    )

    assert signals_to_json([signal]) == [
        {
            "name": "payment_failed",
            "evidence": {
                "reason": "Invoice 881 failed",
                "detail": "Payment of $1,200.50 failed on 2026-11-20",
                "ids": ["881"],
                "dates": ["2026-11-20"],
                "numbers": {"amount": "1200.50", "days": 13},
                "snippet": None,
                "source": "invoices",
            },
        }
    ]
