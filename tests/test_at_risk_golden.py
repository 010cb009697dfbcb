"""The at-risk list of a hand-built signal report equals hand-written files."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from lifebuoy.planning import build_plan, load_playbook
from lifebuoy.planning.at_risk import AtRiskList, build_at_risk
from lifebuoy.planning.model import Scope
from lifebuoy.render import at_risk as render
from lifebuoy.signals.model import (
    Account,
    AccountSignals,
    DataGap,
    Evidence,
    Signal,
    SignalName,
    SignalReport,
)
from lifebuoy.workspace.settings import Settings

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 12, 3)
S = SignalName


def _signal(
    name: SignalName,
    reason: str,
    detail: str,
    *,
    ids: tuple[str, ...] = (),
    dates: tuple[date, ...] = (),
    source: str,
) -> Signal:
    evidence = Evidence(reason, detail, ids=ids, dates=dates, source=source)
    return Signal(name, evidence)


def _account(account_id: str, *signals: Signal, **fields: object) -> AccountSignals:
    return AccountSignals(Account(account_id=account_id, **fields), signals)  # type: ignore[arg-type]


def _report() -> SignalReport:
    renews = (date(2027, 1, 20), date(2026, 12, 9), date(2027, 1, 25))
    accounts = (
        _account(
            "A1",
            _signal(
                S.ESCALATION,
                "Escalation 25 Nov (#T1)",
                "Ticket #T1 escalated on 2026-11-25.",
                ids=("T1",),
                dates=(date(2026, 11, 25),),
                source="tickets",
            ),
            _signal(
                S.PAYMENT_LATE,
                "Invoice I7 8 days past due",
                "Invoice I7 due 2026-11-25 is unpaid.",
                ids=("I7",),
                dates=(date(2026, 11, 25),),
                source="invoices",
            ),
            name="Acme | Corp",
            segment="Enterprise",
            arr=Decimal("120000.00"),
            renewal_date=date(2027, 3, 31),
            csm="Dana Lee",
        ),
        _account(
            "A2",
            _signal(
                S.NPS_DETRACTOR,
                "NPS 3 on 10 Nov",
                "Latest NPS response N3: 3.",
                ids=("N3",),
                dates=(date(2026, 11, 10),),
                source="nps",
            ),
            _signal(
                S.RENEWAL_SOON,
                "Renews in 48 days (2027-01-20)",
                "Renewal date 2027-01-20.",
                dates=(renews[0],),
                source="accounts",
            ),
            name="=Globex",
            segment="Enterprise",
            arr=Decimal("80000.00"),
            currency="EUR",
            renewal_date=renews[0],
            strategic=True,
        ),
        _account(
            "A3",
            _signal(
                S.USAGE_DECLINE,
                "Usage −42% (30d)",
                "Active users down 42% against the 30 days before.",
                source="usage",
            ),
            _signal(
                S.RENEWAL_SOON,
                "Renews in 6 days (2026-12-09)",
                "Renewal date 2026-12-09.",
                dates=(renews[1],),
                source="accounts",
            ),
            name="Initech",
            segment="Mid-Market",
            arr=Decimal("50000.00"),
            renewal_date=renews[1],
        ),
        _account(
            "A4",
            _signal(
                S.NO_EXEC_TOUCH,
                "No exec meeting since 10 Jun",
                "Last executive meeting 2026-06-10.",
                dates=(date(2026, 6, 10),),
                source="activities",
            ),
            name="Umbrella",
            segment="Mid-Market",
            renewal_date=date(2027, 6, 30),
        ),
        _account(
            "A5",
            _signal(
                S.RENEWAL_SOON,
                "Renews in 53 days (2027-01-25)",
                "Renewal date 2027-01-25.",
                dates=(renews[2],),
                source="accounts",
            ),
            name="Hooli",
            segment="SMB",
            arr=Decimal("20000.00"),
            renewal_date=renews[2],
        ),
        _account("A6", name="Stark", segment="SMB", arr=Decimal("10000.00")),
    )
    gaps = (
        DataGap(S.CHAMPION_LEFT, "no contacts data"),
        DataGap(S.SLOW_RESPONSE, "no activities data"),
    )
    return SignalReport(AS_OF, accounts, gaps=gaps)


def _list() -> AtRiskList:
    playbook = load_playbook()
    result = build_plan(
        _report(),
        scope=Scope(text="all accounts", include_healthy=True),
        settings=Settings(currency_rates={"EUR": Decimal("1.08")}),
        playbook=playbook,
        as_of=AS_OF,
    )
    return build_at_risk(result, playbook=playbook, run_id=7)


def test_markdown_equals_the_hand_written_list() -> None:
    expected = (GOLDEN / "at_risk.md").read_text(encoding="utf-8")

    assert render.render_markdown(_list()) == expected


def test_json_equals_the_hand_written_list() -> None:
    expected = json.loads((GOLDEN / "at_risk.json").read_text(encoding="utf-8"))

    assert json.loads(render.render_json(_list())) == expected


def test_terminal_has_every_tier_and_no_owner_or_due_date_columns() -> None:
    text = render.render_terminal(_list(), colour=False, width=160)

    assert "\x1b[" not in text
    for title in ("Critical", "High", "Medium / Watch", "Summary", "Next steps"):
        assert title in text
    assert "Suggested action" in text
    assert "Owner" not in text and " By " not in text
