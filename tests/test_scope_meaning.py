"""Scopes and plans that mean what a CS lead means.

"with risk flags" leaves renewals alone out; a plan from a narrow last run says
so; an as-of day after the data or after today says what is unknown; due dates
on public holidays are named; all-zero health weights are refused; and the
words a team uses for tiers and numbers are read.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from lifebuoy.errors import ConfigError, ScopeError, UsageError
from lifebuoy.planning import Scope, Tier, build_plan, load_playbook
from lifebuoy.planning.as_of import read_as_of
from lifebuoy.planning.at_risk import build_at_risk
from lifebuoy.planning.model import TIER_WORDS, RunRef
from lifebuoy.planning.plan import Plan, plan
from lifebuoy.planning.plan_warnings import (
    AS_OF_AHEAD,
    HOLIDAYS,
    NARROW_RUN,
    holiday_warning,
    zone_country,
)
from lifebuoy.planning.scope import Vocabulary, parse_scope
from lifebuoy.planning.scope_errors import read_scope
from lifebuoy.planning.select import covers, has_risk_flag, in_scope
from lifebuoy.render import content
from lifebuoy.render.markdown import render_markdown
from lifebuoy.signals.model import SignalName as S
from lifebuoy.workspace import Workspace
from lifebuoy.workspace.runs import RunAccountRecord, save_run
from lifebuoy.workspace.settings import (
    CalendarSettings,
    HealthSettings,
    Settings,
    load_settings,
)
from plan_helpers import AS_OF, SETTINGS, account, report, signal

QUESTION = "Which accounts should I plan interventions for?"
VOCABULARY = Vocabulary(segments=("Enterprise", "SMB"), regions=("EMEA",))


def words(text: str) -> Scope:
    return parse_scope(text, vocabulary=VOCABULARY, as_of=AS_OF)


def planned(text: str) -> Plan:
    return build_plan(
        RENEWALS,
        scope=words(text),
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
    )


# -- "with risk flags": any signal but an upcoming renewal -------------------

RENEWALS = report(
    account(
        "R1",
        signal(S.RENEWAL_SOON, "Renews in 17 days"),
        name="Renewal only",
        arr=Decimal(10000),
        renewal_date=date(2026, 12, 20),
    ),
    account(
        "R2",
        signal(S.ESCALATION, "Escalation 20 Nov"),
        signal(S.RENEWAL_SOON, "Renews in 38 days"),
        name="Escalated",
        arr=Decimal(20000),
        renewal_date=date(2027, 1, 10),
    ),
    account("R3", name="Quiet", arr=Decimal(30000), renewal_date=date(2027, 1, 15)),
    account(
        "R4",
        signal(S.USAGE_DECLINE, "Usage down 40%"),
        name="Later",
        arr=Decimal(40000),
        renewal_date=date(2027, 6, 1),
    ),
    account(
        "R5",
        signal(S.RENEWAL_SOON, "Renews in 33 days"),
        name="Also renewal only",
        arr=Decimal(50000),
        renewal_date=date(2027, 1, 5),
    ),
)
"""Renewing within 60 days of 2026-12-03 (to 2027-02-01): R1, R2, R3 and R5."""


def test_a_renewal_alone_is_no_risk_flag() -> None:
    only_renewal, escalated, quiet, *_ = RENEWALS.accounts

    assert not has_risk_flag(only_renewal)
    assert has_risk_flag(escalated)
    assert not has_risk_flag(quiet)


@pytest.mark.parametrize(("index", "expected"), [(0, False), (1, True), (2, False)])
def test_health_tables_and_plans_share_the_risk_flag_filter(
    index: int, expected: bool
) -> None:
    flagged = Scope(text="with risk flags", any_signal=True)

    assert in_scope(RENEWALS.accounts[index], flagged, arr=None) is expected


def test_with_risk_flags_leaves_out_accounts_that_only_renew() -> None:
    result = planned("accounts renewing in next 60 days with risk flags")

    assert [item.account_id for item in result.accounts] == ["R2"]
    assert result.no_risk_flag == 2  # R1 and R5
    assert result.healthy == 1  # R3


def test_the_summary_counts_the_renewals_left_out() -> None:
    result = planned("accounts renewing in next 60 days with risk flags")

    markdown = render_markdown(result)

    assert "- **No risk flag:** 2 renewing with no risk flag, not planned\n" in markdown


def test_at_risk_accounts_still_plans_renewals_as_watch() -> None:
    result = planned("at-risk accounts")

    assert {item.account_id: item.tier for item in result.accounts} == {
        "R1": Tier.WATCH,
        "R2": Tier.CRITICAL,
        "R4": Tier.HIGH,
        "R5": Tier.WATCH,
    }
    assert result.no_risk_flag == 0


@pytest.mark.parametrize(
    ("text", "ids", "no_risk_flag"),
    [
        ("Critical renewing in next 60 days with risk flags", ["R2"], 0),
        ("top 1 by ARR with risk flags", ["R4"], 0),
        ("with risk flags", ["R2", "R4"], 2),
    ],
)
def test_renewals_left_out_are_counted_only_where_they_would_be_planned(
    text: str, ids: list[str], no_risk_flag: int
) -> None:
    result = planned(text)

    assert sorted(item.account_id for item in result.accounts) == ids
    assert result.no_risk_flag == no_risk_flag


# -- a plan from a narrow last run --------------------------------------------

ACCOUNTS = [
    {"account_id": "E1", "name": "Enterprise One", "segment": "Enterprise"},
    {"account_id": "S1", "name": "Small One", "segment": "SMB"},
]


def save_at_risk(make: MakeWorkspace, *scopes: Scope) -> Workspace:
    """A workspace with one at-risk run per scope, oldest first."""
    workspace = make(accounts=ACCOUNTS)
    for scope in scopes:
        save_run(
            workspace,
            kind="at-risk",
            scope=scope,
            as_of=AS_OF,
            settings=workspace.settings,
            sources={"accounts": 2},
            accounts=[RunAccountRecord("E1", "Enterprise One", Tier.HIGH, [])],
        )
    return workspace


ALL = Scope(text="all accounts", include_healthy=True)
ENTERPRISE = Scope(text="Enterprise", segments=frozenset({"Enterprise"}))


def narrow_warnings(result: Plan) -> list[str]:
    return [item.message for item in result.warnings if item.kind == NARROW_RUN]


def test_a_narrow_last_run_is_named_with_a_wider_one(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = save_at_risk(make_workspace, ALL, ENTERPRISE)

    result = plan(
        workspace, "Critical and High from last at-risk list", as_of=AS_OF, today=AS_OF
    )

    [message] = narrow_warnings(result)
    assert re.fullmatch(
        r"the last at-risk list \(run 2 of \w{3} \d{4}-\d\d-\d\d \d\d:\d\d UTC\) "
        r"covers "
        r'only "Enterprise": its accounts alone are planned, not every account '
        r'this scope names\. To plan from a wider list, say "from at-risk run 1" '
        r"\(all accounts, as of Thu 2026-12-03\) or make a new one: "
        r"lifebuoy at-risk 'all accounts'",
        message,
    )


def test_the_narrow_run_warning_sits_under_the_run_in_the_header(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = save_at_risk(make_workspace, ENTERPRISE)

    result = plan(workspace, "from last at-risk list", as_of=AS_OF, today=AS_OF)

    labels = [label for label, _ in content.header(result)]
    assert labels == ["Scope", "From", "Warning", "Date", "Tiers"]
    [message] = narrow_warnings(result)
    assert message.endswith(
        "To plan from a wider list, make one first: lifebuoy at-risk 'all accounts'"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Enterprise Critical from last at-risk list",
        "Critical from run 1",
    ],
)
def test_a_run_that_holds_the_scope_or_is_named_gives_no_warning(
    make_workspace: MakeWorkspace, text: str
) -> None:
    workspace = save_at_risk(make_workspace, ENTERPRISE)

    result = plan(workspace, text, as_of=AS_OF, today=AS_OF)

    assert narrow_warnings(result) == []


def scope(**fields: object) -> Scope:
    return Scope(text="", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("run", "planned_scope", "expected"),
    [
        (scope(), scope(tiers=frozenset({Tier.CRITICAL})), True),
        (ALL, scope(segments=frozenset({"SMB"})), True),
        (ENTERPRISE, scope(), False),
        (ENTERPRISE, scope(segments=frozenset({"Enterprise"})), True),
        (scope(tiers=frozenset({Tier.CRITICAL})), scope(), False),
        (
            scope(tiers=frozenset({Tier.CRITICAL, Tier.HIGH})),
            scope(tiers=frozenset({Tier.HIGH})),
            True,
        ),
        (scope(any_signal=True), scope(signals=frozenset({S.ESCALATION})), True),
        (scope(signals=frozenset({S.ESCALATION})), scope(any_signal=True), False),
        (scope(arr_min=Decimal(50000)), scope(arr_min=Decimal(40000)), False),
        (scope(arr_min=Decimal(50000)), scope(arr_min=Decimal(60000)), True),
        (
            scope(renewal_from=date(2026, 12, 1), renewal_to=date(2027, 1, 30)),
            scope(renewal_from=date(2026, 12, 3), renewal_to=date(2027, 1, 31)),
            False,
        ),
        (scope(top_n=10), scope(top_n=5), True),
        (scope(top_n=10), scope(), False),
        (scope(from_run=RunRef()), scope(), False),
    ],
)
def test_which_runs_hold_a_scope(
    run: Scope, planned_scope: Scope, expected: bool
) -> None:
    assert covers(run, planned_scope) is expected


# -- an as-of day after the data or after today --------------------------------

PAID = {
    "invoice_id": "INV-1",
    "account_id": "E1",
    "due_date": date(2026, 11, 20),
    "amount": Decimal("100.00"),
    "status": "paid",
}


def ticket(created_at: datetime) -> dict[str, object]:
    return {"ticket_id": "T1", "account_id": "E1", "created_at": created_at}


def as_of_warnings(result: Plan) -> list[str]:
    return [item.message for item in result.warnings if item.kind == AS_OF_AHEAD]


def test_a_future_as_of_names_the_newest_data(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=ACCOUNTS,
        tickets=[ticket(datetime(2026, 12, 3, 10, 0))],
        invoices=[{**PAID, "paid_at": datetime(2026, 11, 25, 9, 0)}],
    )

    result = plan(workspace, "Critical", as_of=date(2027, 1, 1), today=AS_OF)

    assert as_of_warnings(result) == [
        "as-of 2027-01-01 is 29 days after the newest data (2026-12-03): anything "
        "since is unknown, unpaid invoices count as overdue"
    ]
    header = content.header(result)
    assert header[header.index(("Date", "Fri 2027-01-01")) + 1][0] == "Warning"


def test_data_a_few_days_old_is_not_remarked(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=ACCOUNTS,
        invoices=[{**PAID, "paid_at": datetime(2026, 11, 26, 9, 0)}],
    )

    result = plan(workspace, "Critical", as_of=AS_OF, today=AS_OF)

    assert as_of_warnings(result) == []  # 7 days: a weekly import


def test_data_older_than_a_week_is_remarked(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(
        accounts=ACCOUNTS,
        invoices=[{**PAID, "paid_at": datetime(2026, 11, 20, 9, 0)}],
    )

    result = plan(workspace, "Critical", as_of=AS_OF, today=AS_OF)

    assert as_of_warnings(result) == [
        "as-of 2026-12-03 is 13 days after the newest data (2026-11-20): anything "
        "since is unknown, unpaid invoices count as overdue"
    ]


def test_without_dated_data_a_future_as_of_is_counted_from_today(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=ACCOUNTS)

    result = plan(workspace, "Critical", as_of=date(2026, 12, 10), today=AS_OF)

    assert as_of_warnings(result) == [
        "as-of 2026-12-10 is 7 days after today (2026-12-03): anything since is unknown"
    ]


def test_the_newest_record_is_dated_in_the_workspace_time_zone(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        config='timezone = "America/New_York"\n',
        accounts=ACCOUNTS,
        tickets=[ticket(datetime(2026, 12, 3, 3, 30))],  # 22:30 on the 2nd there
    )

    result = plan(workspace, "Critical", as_of=date(2026, 12, 20), today=AS_OF)

    assert as_of_warnings(result) == [
        "as-of 2026-12-20 is 18 days after the newest data (2026-12-02): anything "
        "since is unknown"
    ]


def test_an_as_of_before_any_data_says_nothing_was_on_record(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=ACCOUNTS,
        tickets=[ticket(datetime(2026, 3, 3, 10, 0))],
        invoices=[{**PAID, "paid_at": datetime(2026, 11, 25, 9, 0)}],
    )

    early = plan(workspace, "Critical", as_of=date(2026, 3, 2), today=AS_OF)
    on_the_day = plan(workspace, "Critical", as_of=date(2026, 3, 3), today=AS_OF)

    assert as_of_warnings(early) == [
        "as-of 2026-03-02 is before the oldest data (2026-03-03): nothing was on "
        "record yet, so the signals see no tickets, usage, surveys, invoices or "
        "meetings"
    ]
    assert as_of_warnings(on_the_day) == []


def test_an_as_of_more_than_five_years_ahead_is_still_refused() -> None:
    with pytest.raises(UsageError, match="more than 5 years from today"):
        read_as_of("2032-01-01", today=AS_OF)


# -- due dates on public holidays without a calendar --------------------------


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("US/Eastern", "US"),
        ("America/Toronto", "CA"),
        ("Europe/Berlin", "DE"),
        ("Asia/Calcutta", "IN"),
        ("UTC", None),
        ("Etc/GMT+5", None),
    ],
)
def test_a_time_zone_names_its_country(zone: str, country: str | None) -> None:
    assert zone_country(zone) == country


def test_christmas_is_named_even_in_utc() -> None:
    warning = holiday_warning([date(2026, 12, 24), date(2026, 12, 25)], Settings())

    assert warning is not None
    assert warning.message == (
        'due dates ignore public holidays: set calendar.country (e.g. "US"); '
        "due on one: Fri 2026-12-25 (Christmas Day)"
    )


def test_a_holiday_of_the_zones_country_is_named() -> None:
    settings = Settings(timezone="America/Chicago")

    # Thanksgiving 2026 is Thursday 26 November.
    warning = holiday_warning([date(2026, 11, 26)], settings)

    assert warning is not None
    assert warning.message.startswith(
        'due dates ignore public holidays: set calendar.country (e.g. "US"); '
        "due on one: Thu 2026-11-26 (Thanksgiving"
    )


def test_a_country_outside_the_us_is_offered_as_the_example() -> None:
    settings = Settings(timezone="Europe/Berlin")

    # 1 May is Labour Day in Germany, a Friday in 2026.
    warning = holiday_warning([date(2026, 5, 1)], settings)

    assert warning is not None
    assert '(e.g. "DE"); due on one: Fri 2026-05-01 (' in warning.message


@pytest.mark.parametrize(
    ("settings", "due"),
    [
        (Settings(calendar=CalendarSettings(country="US")), date(2026, 12, 25)),
        (Settings(), date(2026, 12, 24)),
        (Settings(timezone="Europe/Berlin"), date(2026, 11, 26)),
    ],
)
def test_no_note_with_a_calendar_or_without_a_holiday(
    settings: Settings, due: date
) -> None:
    assert holiday_warning([due], settings) is None


def test_a_plan_keeps_its_holiday_due_dates_and_notes_them_once() -> None:
    # Watch is due 30 days before renewal: 2027-01-24 gives Fri 2026-12-25, and
    # 2027-01-31 gives Fri 2027-01-01.
    renewals = report(
        account("H1", signal(S.RENEWAL_SOON, "r"), renewal_date=date(2027, 1, 24)),
        account("H2", signal(S.RENEWAL_SOON, "r"), renewal_date=date(2027, 1, 31)),
    )

    result = build_plan(
        renewals,
        scope=Scope(text="at-risk accounts"),
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
    )

    assert [item.due_date for item in result.accounts] == [
        date(2026, 12, 25),
        date(2027, 1, 1),
    ]
    notes = [item for item in result.warnings if item.kind == HOLIDAYS]
    assert [note.message for note in notes] == [
        'due dates ignore public holidays: set calendar.country (e.g. "US"); '
        "due on one: Fri 2026-12-25 (Christmas Day), Fri 2027-01-01 "
        "(New Year's Day)"
    ]
    assert ("Note", notes[0].message) in content.summary(result)
    listed = build_at_risk(result, playbook=load_playbook())
    assert HOLIDAYS not in {item.kind for item in listed.plan.warnings}


# -- health weights ---------------------------------------------------------


def test_weights_that_sum_to_zero_are_refused_naming_the_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[health.weights]\nusage = 0\nsupport = 0\n", encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        load_settings(config_file=config, environ={})

    assert (
        f"setting 'health.weights' = {{'usage': 0, 'support': 0}} from {config}: "
        "the weights must sum to more than 0" in caught.value.message
    )


def test_zero_weights_in_the_environment_name_the_variable() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"LIFEBUOY_HEALTH__WEIGHTS": "usage=0"})

    assert "from environment variable LIFEBUOY_HEALTH__WEIGHTS: the weights must" in (
        caught.value.message
    )


def test_a_segments_zero_weights_name_the_segment() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            options={"health.segment_weights": {"Enterprise": {"usage": 0}}},
            environ={},
        )

    assert "setting 'health.segment_weights'" in caught.value.message
    assert "the weights of segment 'Enterprise' must sum to more than 0" in (
        caught.value.message
    )


def test_weights_with_one_dimension_weighted_are_accepted() -> None:
    weights = {"usage": Decimal(1), "support": Decimal(0)}

    assert HealthSettings(weights=weights).weights == weights


# -- the words a team uses ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("crit and high", {Tier.CRITICAL, Tier.HIGH}),
        ("Crit/Med", {Tier.CRITICAL, Tier.MEDIUM}),
        ("red accounts", {Tier.CRITICAL}),
        ("P1 accounts", {Tier.CRITICAL}),
        ("amber and yellow", {Tier.HIGH, Tier.MEDIUM}),
        ("green accounts", {Tier.WATCH}),
        ("Enterprise reds", {Tier.CRITICAL}),
    ],
)
def test_tier_words_of_a_team_list_name_tiers(text: str, tiers: set[Tier]) -> None:
    assert words(text).tiers == tiers


def test_every_tier_word_but_low_means_the_same_in_a_scope() -> None:
    for word, tier in TIER_WORDS.items():
        if word != "low":
            assert words(f"{word} accounts").tiers == {tier}, word


def test_low_keeps_naming_a_signal() -> None:
    scope = words("with low health")

    assert scope.signals == {S.LOW_HEALTH}
    assert scope.tiers == set()


@pytest.mark.parametrize(
    ("text", "top_n", "renewal_to"),
    [
        ("top ten by ARR", 10, None),
        ("top twenty by ARR", 20, None),
        ("top Three", 3, None),
        ("renewing in next two weeks", None, date(2026, 12, 17)),
        ("renewing within one month", None, date(2027, 1, 3)),
    ],
)
def test_numbers_up_to_twenty_may_be_words(
    text: str, top_n: int | None, renewal_to: date | None
) -> None:
    scope = words(text)

    assert scope.top_n == top_n
    assert scope.renewal_to == renewal_to


def test_a_number_word_is_quoted_as_written() -> None:
    with pytest.raises(ScopeError, match='"ten" is not a year'):
        words("renewing in ten")


def test_at_risk_of_churning_means_at_risk_accounts() -> None:
    assert words("accounts at risk of churning").describe() == "at-risk accounts"


def unread(text: str) -> ScopeError:
    with pytest.raises(ScopeError) as caught:
        read_scope(text, workspace=None, as_of=AS_OF, vocabulary=VOCABULARY)
    return caught.value


def test_churned_accounts_are_said_never_to_be_planned() -> None:
    error = unread("churned accounts")

    assert error.message == QUESTION
    assert error.hint == (
        "  churned accounts\n"
        "  ^^^^^^^\n"
        "churned accounts are never planned: a plan is for accounts that can "
        "still be kept\n"
        "A plan's summary counts the churned accounts its other words select. "
        'For the active ones, try "at-risk accounts" or "all accounts".\n'
        'For example: "Critical/High from last at-risk run", "accounts renewing '
        'in next 60 days with risk flags", "Enterprise at-risk accounts", "owned '
        'by Dana Ruiz, ARR over $50k", "all accounts".'
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [("risky Enterprise accounts", "risky"), ("with risk", "risk")],
)
def test_risk_alone_is_asked_about_wherever_it_stands(text: str, word: str) -> None:
    error = unread(text)

    assert f'"{word}" does not say which accounts' in (error.hint or "")
    assert error.suggestions == ("at-risk accounts", "with risk flags")


def test_at_risk_before_an_unread_word_is_not_taken_for_risky() -> None:
    error = unread("at risk 5")

    assert "does not say which accounts" not in (error.hint or "")


def test_the_risky_ones_is_asked_about_in_plain_words() -> None:
    error = unread("the risky ones")

    assert error.message == QUESTION
    assert error.hint == (
        "  the risky ones\n"
        "      ^^^^^\n"
        '"risky" does not say which accounts\n'
        'Did you mean "at-risk accounts" (every account with a tier) or "with '
        'risk flags" (a signal other than an upcoming renewal)?\n'
        'For example: "Critical/High from last at-risk run", "accounts renewing '
        'in next 60 days with risk flags", "Enterprise at-risk accounts", "owned '
        'by Dana Ruiz, ARR over $50k", "all accounts".'
    )
