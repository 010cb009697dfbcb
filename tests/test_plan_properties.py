"""Invariants of every plan, over generated signal reports (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lifebuoy.planning import Scope, Tier, build_plan, load_playbook
from lifebuoy.planning.dates import WorkingCalendar
from lifebuoy.signals.model import (
    Account,
    AccountSignals,
    Evidence,
    Signal,
    SignalName,
    SignalReport,
)
from lifebuoy.workspace.settings import CalendarSettings, Settings

PLAYBOOK = load_playbook()
CALENDAR = CalendarSettings(country="US")
SETTINGS = Settings(calendar=CALENDAR, currency_rates={"EUR": Decimal("1.1")})
WORKING = WorkingCalendar(CALENDAR)


@st.composite
def accounts(draw: st.DrawFn, index: int, as_of: date) -> AccountSignals:
    names = draw(st.sets(st.sampled_from(list(SignalName)), max_size=4))
    offset = draw(st.none() | st.integers(min_value=-40, max_value=400))
    arr = draw(st.none() | st.integers(min_value=0, max_value=2_000_000))
    account = Account(
        account_id=f"A{index}",
        name=draw(st.sampled_from(["Acme", "acme", "Beta", "Zed", "=Eq", "B|C"])),
        arr=None if arr is None else Decimal(arr),
        currency=draw(st.sampled_from(["USD", "EUR"])),
        renewal_date=None if offset is None else as_of + timedelta(days=offset),
        csm=draw(st.none() | st.just("Dana")),
        strategic=draw(st.booleans()),
    )
    signals = tuple(
        Signal(name, Evidence(reason=name.value, detail=name.value))
        for name in sorted(names, key=lambda name: name.severity)
    )
    return AccountSignals(account, signals)


@st.composite
def reports(draw: st.DrawFn) -> SignalReport:
    as_of = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))
    count = draw(st.integers(min_value=0, max_value=25))
    items = tuple(draw(accounts(index, as_of)) for index in range(count))
    return SignalReport(as_of, items)


def _plan(report: SignalReport):  # type: ignore[no-untyped-def]
    return build_plan(
        report,
        scope=Scope(text="at-risk accounts"),
        settings=SETTINGS,
        playbook=PLAYBOOK,
        as_of=report.as_of,
    )


@settings(max_examples=150, deadline=None)
@given(reports())
def test_every_account_with_a_signal_has_one_tier_and_one_primary_action(
    report: SignalReport,
) -> None:
    result = _plan(report)

    ids = [item.account_id for item in result.accounts]
    assert len(ids) == len(set(ids))
    assert set(ids) == {
        item.account.account_id for item in report.accounts if item.signals
    }
    for item in result.accounts:
        assert isinstance(item.tier, Tier)
        assert item.primary_action
        assert 1 <= len(item.why) <= 2
    assert result.healthy == sum(1 for item in report.accounts if not item.signals)


@settings(max_examples=150, deadline=None)
@given(reports())
def test_due_dates_are_working_days_between_as_of_and_renewal(
    report: SignalReport,
) -> None:
    result = _plan(report)

    for item in result.accounts:
        renewal = item.account.account.renewal_date
        assert item.due_date >= report.as_of
        latest = (
            None
            if renewal is None
            else WORKING.previous_working(renewal - timedelta(days=1))
        )
        if latest is not None and latest < report.as_of:
            assert item.due_date == report.as_of
            continue
        assert WORKING.is_working(item.due_date)
        assert latest is None or item.due_date <= latest


@settings(max_examples=150, deadline=None)
@given(reports())
def test_order_is_tier_then_strategic_arr_renewal_name(report: SignalReport) -> None:
    result = _plan(report)

    def key(item):  # type: ignore[no-untyped-def]
        account = item.account.account
        arr = account.arr
        if arr is not None and account.currency == "EUR":
            arr = arr * Decimal("1.1")
        return (
            item.tier.rank,
            not account.strategic,
            arr is None,
            -(arr or 0),
            account.renewal_date or date.max,
            account.name.casefold(),
        )

    keys = [key(item) for item in result.accounts]
    assert keys == sorted(keys)
