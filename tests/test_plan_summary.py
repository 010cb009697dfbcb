"""The plan's header and summary: the run it came from, grouped changes and warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conftest import MakeWorkspace
from lifebuoy.planning.at_risk import build_at_risk
from lifebuoy.planning.model import Scope, Tier
from lifebuoy.planning.plan import (
    Plan,
    RunSource,
    TierChange,
    build_plan,
    count_churned,
    plan,
)
from lifebuoy.planning.playbook import load_playbook
from lifebuoy.render import at_risk as at_risk_render
from lifebuoy.render import content
from lifebuoy.render.json import plan_document
from lifebuoy.signals.model import DataWarning
from lifebuoy.workspace.runs import RunAccountRecord, save_run
from plan_helpers import AS_OF, GOLDEN_SCOPE, SETTINGS, golden_report

RUN = RunSource(run_id=3, kind="at-risk", as_of=date(2026, 11, 2), scope="all accounts")


def golden_plan(**fields: object) -> Plan:
    result = build_plan(
        golden_report(),
        scope=GOLDEN_SCOPE,
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
    )
    return replace(result, **fields)  # type: ignore[arg-type]


def labels(lines: list[tuple[str, str]]) -> list[str]:
    return [label for label, _ in lines]


def test_a_plan_from_a_run_names_the_run_and_its_age() -> None:
    lines = content.header(golden_plan(source_run=RUN))

    assert ("From", "at-risk run 3 of Mon 2026-11-02 (scope: all accounts)") in lines
    # 2026-11-02 to 2026-12-03: 28 days of November left + 3 of December
    assert (
        "Warning",
        "run 3 is 31 days older than this plan; tiers may have changed since. "
        "Refresh it: lifebuoy at-risk 'all accounts'",
    ) in lines
    assert labels(lines) == ["Scope", "From", "Warning", "Date", "Tiers"]


def test_a_week_old_run_gives_no_warning() -> None:
    recent = replace(RUN, as_of=date(2026, 11, 26))

    lines = content.header(golden_plan(source_run=recent))

    assert labels(lines) == ["Scope", "From", "Date", "Tiers"]


def test_a_plan_without_a_run_has_no_from_line() -> None:
    assert labels(content.header(golden_plan())) == ["Scope", "Date", "Tiers"]


def test_a_plan_from_a_run_says_no_healthy_and_offers_a_refresh() -> None:
    result = golden_plan(source_run=RUN)

    assert "Healthy" not in labels(content.summary(result))
    assert content.next_steps(result)[0] == (
        "Refresh the at-risk list",
        "lifebuoy at-risk 'all accounts'",
    )


def test_a_plan_without_a_run_still_says_run_at_risk_first() -> None:
    result = golden_plan()

    assert "Healthy" in labels(content.summary(result))
    assert content.next_steps(result)[0][0] == "Run an at-risk search first"


def test_changes_are_grouped_and_capped() -> None:
    recovered = [TierChange(f"R{n}", f"Rec {n}", Tier.HIGH, None) for n in range(1, 13)]
    moved = [
        TierChange("M1", "Moe", Tier.HIGH, Tier.MEDIUM),
        TierChange("M2", "Max", Tier.CRITICAL, Tier.HIGH),
    ]

    lines = content.change_lines([*recovered, *moved])

    assert lines == [
        (
            "Recovered (no signal now)",
            "12 accounts: Rec 1, Rec 2, Rec 3, Rec 4, Rec 5, Rec 6, Rec 7, Rec 8 "
            "and 4 more",
        ),
        ("Moved tier", "2 accounts: Moe (High → Medium), Max (Critical → High)"),
    ]


def test_warnings_of_one_kind_make_one_line() -> None:
    names = {f"A{n}": f"Account {n}" for n in range(1, 10)}
    stale = [
        DataWarning(
            f"A{n}",
            f"CRM health score last updated 2026-0{n}-01, more than 90 days ago; "
            "it may not reflect the account today",
            kind="stale_health_score",
        )
        for n in range(1, 10)
    ]
    plain = [
        DataWarning("A1", "Account 1: renewal date missing"),
        DataWarning("A2", "renewal date missing"),
        DataWarning(None, "usage data ends 2026-11-20", kind="usage_stale"),
    ]

    lines = content.warning_lines([*stale, *plain], names=names)

    assert lines == [
        (
            "Data warnings",
            "CRM health score older than 90 days: 9 accounts (Account 1, "
            "Account 2, Account 3, Account 4, Account 5, Account 6, Account 7, "
            "Account 8 and 1 more)",
        ),
        ("Data warnings", "renewal date missing: 2 accounts (Account 1, Account 2)"),
        ("Data warnings", "usage data ends 2026-11-20"),
    ]


def test_json_keeps_every_warning_and_the_run() -> None:
    warnings = tuple(
        DataWarning(f"A{n}", "stale", kind="stale_health_score") for n in range(12)
    )

    document = plan_document(golden_plan(source_run=RUN, warnings=warnings))

    assert len(document["summary"]["warnings"]) == 12
    assert document["summary"]["warnings"][0]["kind"] == "stale_health_score"
    assert document["summary"]["from_run"] == {
        "run_id": 3,
        "kind": "at-risk",
        "as_of": "2026-11-02",
        "scope": "all accounts",
    }


def test_strategic_accounts_are_starred_and_explained() -> None:
    result = golden_plan()
    critical = content.sections(result)[0]

    names = [content.row(item, section=critical)[0] for item in critical.rows]

    # =Globex is the golden report's one strategic account
    assert names == ["=Globex ★", "Acme | Corp"]
    assert ("Strategic", "★ strategic account, listed first in its tier") in (
        content.summary(result)
    )


def test_churned_accounts_are_counted_in_the_summary() -> None:
    assert ("Churned", "8 accounts, not planned") in content.summary(
        golden_plan(churned=8)
    )
    assert "Churned" not in labels(content.summary(golden_plan()))


ACCOUNTS = [
    {"account_id": "A1", "name": "Alpha", "segment": "Enterprise", "status": "churned",
     "owner": "Dana Ruiz"},
    {"account_id": "A2", "name": "Beta", "segment": "SMB", "status": "Churned",
     "csm": "Dana Ruiz"},
    {"account_id": "A3", "name": "Gamma", "segment": "Enterprise", "status": "active"},
    {"account_id": "A4", "name": "Delta", "segment": "Enterprise", "status": None},
]  # fmt: skip


def test_churned_accounts_are_counted_within_the_scope(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS)

    assert count_churned(workspace, Scope(text="all")) == 2
    enterprise = Scope(text="Enterprise", segments=frozenset({"Enterprise"}))
    assert count_churned(workspace, enterprise) == 1
    dana = Scope(text="Dana", owners=frozenset({"Dana Ruiz"}))
    assert count_churned(workspace, dana) == 2
    assert count_churned(workspace, Scope(text="x", regions=frozenset({"EMEA"}))) == 0


def test_a_plan_from_the_last_run_carries_the_run(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS)
    run_id = save_run(
        workspace,
        kind="at-risk",
        scope=Scope(text="all accounts", include_healthy=True),
        as_of=date(2026, 11, 2),
        settings=workspace.settings,
        sources={"accounts": 4},
        accounts=[RunAccountRecord("A3", "Gamma", Tier.HIGH, [])],
    )

    result = plan(workspace, "from last at-risk list", as_of=AS_OF)

    assert result.source_run == RunSource(
        run_id, "at-risk", date(2026, 11, 2), "all accounts"
    )
    assert result.churned == 0  # a run's accounts: churned ones were never in it
    assert [(c.name, c.was, c.now) for c in result.changes] == [
        ("Gamma", Tier.HIGH, None)
    ]


def test_a_plan_of_the_workspace_counts_its_churned_accounts(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS)

    result = plan(workspace, "at-risk accounts", as_of=AS_OF)

    assert result.churned == 2
    assert result.source_run is None


def test_the_at_risk_summary_groups_changes_and_warnings() -> None:
    playbook = load_playbook()
    changes = tuple(
        TierChange(f"R{n}", f"Rec {n}", Tier.WATCH, None) for n in range(1, 11)
    )
    warnings = (
        DataWarning("A5", "CRM health score not updated in 120 days"),
        DataWarning(None, "usage data ends 2026-11-20", kind="usage_stale"),
    )
    result = golden_plan(changes=changes, warnings=warnings, churned=3)

    lines = at_risk_render.summary(build_at_risk(result, playbook=playbook))

    assert (
        "Recovered (no signal now)",
        "10 accounts: Rec 1, Rec 2, Rec 3, Rec 4, Rec 5, Rec 6, Rec 7, Rec 8 "
        "and 2 more",
    ) in lines
    # A5 is Hooli in the golden report
    assert (
        "Data warnings",
        "CRM health score not updated in 120 days: 1 account (Hooli)",
    ) in lines
    assert ("Data warnings", "usage data ends 2026-11-20") in lines
    assert ("Churned", "3 accounts, not listed") in lines


PAST_RENEWALS = [
    {"account_id": "P1", "name": "Pioneer", "segment": "Enterprise",
     "renewal_date": date(2026, 11, 20)},
    {"account_id": "P2", "name": "Quarry", "segment": "SMB",
     "renewal_date": date(2026, 10, 1)},
    {"account_id": "P3", "name": "Rook", "segment": "Enterprise",
     "renewal_date": date(2027, 1, 10)},
    {"account_id": "P4", "name": "Sable", "segment": "Enterprise",
     "status": "churned", "renewal_date": date(2026, 9, 1)},
    {"account_id": "P5", "name": "Tarn", "segment": "Enterprise",
     "renewal_date": date(2026, 12, 3)},
]  # fmt: skip


def test_passed_renewals_in_scope_are_named_oldest_first(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=PAST_RENEWALS)

    result = plan(workspace, "at-risk accounts", as_of=AS_OF)

    # Pioneer and Quarry have no signal, so neither is planned; Rook renews
    # within 90 days (Watch); Sable is churned; Tarn renews on the as-of day.
    assert [item.name for item in result.accounts] == ["Tarn", "Rook"]
    assert [(item.name, item.renewal_date) for item in result.renewal_past] == [
        ("Quarry", date(2026, 10, 1)),
        ("Pioneer", date(2026, 11, 20)),
    ]
    assert (
        "Renewal date passed",
        "2 accounts (Quarry 2026-10-01, Pioneer 2026-11-20) — confirm the "
        "renewal in the CRM",
    ) in content.summary(result)
    assert "Data warnings" not in labels(content.summary(result))


def test_passed_renewals_follow_the_scope_but_not_its_tier_words(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=PAST_RENEWALS)

    enterprise = plan(workspace, "Enterprise Critical accounts", as_of=AS_OF)
    smb = plan(workspace, "SMB at-risk accounts", as_of=AS_OF)

    assert enterprise.accounts == ()
    assert [item.account_id for item in enterprise.renewal_past] == ["P1"]
    assert [item.account_id for item in smb.renewal_past] == ["P2"]


def test_passed_renewals_are_in_the_json_and_the_at_risk_summary(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=PAST_RENEWALS)
    result = plan(workspace, "at-risk accounts", as_of=AS_OF)

    document = plan_document(result)
    lines = at_risk_render.summary(build_at_risk(result, playbook=load_playbook()))

    assert document["summary"]["renewal_past"] == [
        {"account_id": "P2", "name": "Quarry", "renewal_date": "2026-10-01"},
        {"account_id": "P1", "name": "Pioneer", "renewal_date": "2026-11-20"},
    ]
    assert "Renewal date passed" in labels(lines)


def test_a_plan_without_passed_renewals_has_no_such_line() -> None:
    result = golden_plan()

    assert result.renewal_past == ()
    assert "Renewal date passed" not in labels(content.summary(result))
