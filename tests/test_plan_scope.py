"""Every scope field filters the plan; a saved run's accounts restrict it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lifebuoy.errors import UsageError
from lifebuoy.planning import Scope, Tier, build_plan, load_playbook
from lifebuoy.planning.money import Converter
from lifebuoy.signals.model import SignalName as S
from plan_helpers import AS_OF, SETTINGS, account, report, signal

REPORT = report(
    account(
        "A1",
        signal(S.ESCALATION, "esc"),
        name="Acme",
        segment="Enterprise",
        region="EMEA",
        arr=Decimal(120000),
        renewal_date=date(2027, 3, 1),
        csm="Dana Lee",
    ),
    account(
        "A2",
        signal(S.LOW_HEALTH, "low"),
        name="Beta",
        segment="SMB",
        region="NA",
        arr=Decimal(40000),
        currency="EUR",
        renewal_date=date(2027, 1, 15),
        owner="Sam Ortiz",
    ),
    account(
        "A3",
        signal(S.PAYMENT_LATE, "late"),
        name="Gamma",
        segment="smb",
        region="NA",
        arr=Decimal(60000),
        renewal_date=date(2026, 12, 20),
    ),
    account(
        "A4",
        signal(S.RENEWAL_SOON, "renews"),
        name="Delta",
        segment="Enterprise",
        region="APAC",
        renewal_date=date(2026, 12, 30),
    ),
    account("A5", name="Echo", segment="SMB", arr=Decimal(5000)),
)


def _ids(scope: Scope, **kwargs: object) -> list[str]:
    result = build_plan(
        REPORT,
        scope=scope,
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
        **kwargs,  # type: ignore[arg-type]
    )
    return [item.account_id for item in result.accounts]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ["A1", "A2", "A3", "A4"]),
        ({"tiers": frozenset({Tier.CRITICAL, Tier.MEDIUM})}, ["A1", "A3"]),
        ({"segments": frozenset({"SMB"})}, ["A2", "A3"]),
        ({"regions": frozenset({"na"})}, ["A2", "A3"]),
        ({"owners": frozenset({"dana lee", "Sam Ortiz"})}, ["A1", "A2"]),
        (
            {"renewal_from": date(2026, 12, 20), "renewal_to": date(2026, 12, 31)},
            ["A3", "A4"],
        ),
        ({"renewal_to": date(2027, 1, 15)}, ["A2", "A3", "A4"]),
        ({"signals": frozenset({S.PAYMENT_LATE, S.LOW_HEALTH})}, ["A2", "A3"]),
        # Beta's €40,000 is $43,200 at the configured rate of 1.08.
        ({"arr_min": Decimal(43200)}, ["A1", "A2", "A3"]),
        ({"arr_min": Decimal(43201)}, ["A1", "A3"]),
        ({"arr_max": Decimal(60000)}, ["A2", "A3"]),
        ({"top_n": 2}, ["A1", "A3"]),
        ({"top_n": 2, "segments": frozenset({"SMB"})}, ["A2", "A3"]),
    ],
)
def test_scope_fields_filter(fields: dict[str, object], expected: list[str]) -> None:
    assert _ids(Scope(text="test", **fields)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("symbol", "arr_min", "expected"),
    [
        # €40,000 is $43,200: Beta (€40,000) is in, Gamma ($60,000) too
        ("€", Decimal(40000), ["A1", "A2", "A3"]),
        # €50,000 is $54,000: Beta is out, Gamma in
        ("€", Decimal(50000), ["A1", "A3"]),
        ("$", Decimal(50000), ["A1", "A3"]),
        ("", Decimal(43200), ["A1", "A2", "A3"]),
    ],
)
def test_arr_bounds_are_in_the_currency_written(
    symbol: str, arr_min: Decimal, expected: list[str]
) -> None:
    scope = Scope(text="test", arr_min=arr_min, arr_symbol=symbol)

    assert _ids(scope) == expected


def test_arr_bounds_in_a_currency_without_a_rate_are_refused() -> None:
    with pytest.raises(UsageError) as caught:
        _ids(Scope(text="ARR over £50k", arr_min=Decimal(50000), arr_symbol="£"))

    assert caught.value.message == (
        "the scope's ARR is in GBP, and settings.currency_rates has no rate for GBP"
    )
    assert caught.value.hint == (
        "Add one to config.toml, e.g. [currency_rates] GBP = 1.08 (USD per GBP), "
        "or write the amount in USD."
    )


def test_a_dollar_bound_is_in_a_dollar_reporting_currency() -> None:
    converter = Converter("CAD", {"USD": Decimal("1.36")})
    scope = Scope(text="ARR over $50k", arr_min=Decimal(50000), arr_symbol="$")

    assert converter.scope_bounds(scope) == scope
    assert Converter("EUR", {"USD": Decimal("0.9")}).scope_bounds(scope).arr_min == (
        Decimal(45000)
    )


def test_run_candidates_restrict_and_report_changes() -> None:
    scope = Scope(
        text="Critical and High from last at-risk list",
        tiers=frozenset({Tier.CRITICAL, Tier.HIGH}),
    )
    candidates = {
        "A1": Tier.HIGH,
        "A5": Tier.CRITICAL,
        "A3": Tier.CRITICAL,
        "A4": Tier.WATCH,
    }

    result = build_plan(
        REPORT,
        scope=scope,
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
        candidates=candidates,
    )

    assert [item.account_id for item in result.accounts] == ["A1", "A3"]
    assert [(c.account_id, c.was, c.now) for c in result.changes] == [
        ("A1", Tier.HIGH, Tier.CRITICAL),
        ("A3", Tier.CRITICAL, Tier.MEDIUM),
        ("A5", Tier.CRITICAL, None),
    ]


def test_outside_tiers_and_healthy_are_counted() -> None:
    result = build_plan(
        REPORT,
        scope=Scope(text="Critical", tiers=frozenset({Tier.CRITICAL})),
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
    )

    assert (result.outside_tiers, result.healthy) == (3, 1)
