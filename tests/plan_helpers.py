"""Hand-built signal reports for planning and rendering tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lifebuoy.planning.model import Scope
from lifebuoy.signals.model import (
    Account,
    AccountSignals,
    Contact,
    DataGap,
    DataWarning,
    Evidence,
    Signal,
    SignalName,
    SignalReport,
)
from lifebuoy.workspace.settings import Settings

AS_OF = date(2026, 12, 3)
"""A Thursday."""

SETTINGS = Settings(currency_rates={"EUR": Decimal("1.08")})


def signal(name: SignalName, reason: str, **evidence: object) -> Signal:
    return Signal(name, Evidence(reason=reason, detail=f"{reason}.", **evidence))


def account(
    account_id: str,
    *signals: Signal,
    contacts: tuple[Contact, ...] = (),
    **fields: object,
) -> AccountSignals:
    facts = Account(
        account_id=account_id, name=str(fields.pop("name", account_id)), **fields
    )
    return AccountSignals(facts, signals, contacts)


def report(*accounts: AccountSignals, **extra: object) -> SignalReport:
    return SignalReport(AS_OF, accounts, **extra)


def golden_report() -> SignalReport:
    """Eight accounts covering every tier, escaping, currencies and owners."""
    S = SignalName
    return report(
        account(
            "A1",
            signal(
                S.ESCALATION,
                "Escalation 12 Nov (#48213)",
                ids=("48213",),
                dates=(date(2026, 11, 12),),
                source="tickets",
            ),
            signal(
                S.PAYMENT_LATE,
                "Invoice INV-7 8 days past due",
                numbers={"days_past_due": 8, "amount": Decimal("1200.00")},
                source="invoices",
            ),
            contacts=(Contact("Riley Chen", "support assignee"),),
            name="Acme | Corp",
            arr=Decimal("120000.00"),
            renewal_date=date(2027, 3, 31),
            csm="Dana Lee",
            owner="Sam Ortiz",
            segment="Enterprise",
            region="EMEA",
        ),
        account(
            "A2",
            signal(S.NPS_DETRACTOR, "NPS 3 on 2026-11-10", snippet="Too slow"),
            signal(S.RENEWAL_SOON, "Renewal 2027-01-20 in 48 days"),
            contacts=(Contact("Pat Doe", "chat"),),
            name="=Globex",
            arr=Decimal("80000.00"),
            currency="EUR",
            renewal_date=date(2027, 1, 20),
            owner="Sam Ortiz",
            strategic=True,
            segment="Enterprise",
            region="EMEA",
        ),
        account(
            "A3",
            signal(S.USAGE_DECLINE, "Active users down 42% in 30 days"),
            signal(S.RENEWAL_SOON, "Renewal 2026-12-09 in 6 days"),
            name="Initech",
            arr=Decimal("50000.00"),
            renewal_date=date(2026, 12, 9),
            segment="Mid-Market",
            region="NA",
        ),
        account(
            "A4",
            signal(S.NO_EXEC_TOUCH, "No executive meeting in 120 days"),
            name="Umbrella",
            arr=Decimal("50000.00"),
            renewal_date=date(2027, 6, 30),
            csm="Kim Park",
            segment="Mid-Market",
            region="NA",
        ),
        account(
            "A5",
            signal(S.RENEWAL_SOON, "Renewal 2027-01-25 in 53 days"),
            name="Hooli",
            renewal_date=date(2027, 1, 25),
            csm="Kim Park",
            segment="SMB",
            region="NA",
        ),
        account(
            "A6",
            signal(S.SLOW_RESPONSE, "Outreach unanswered for 21 days"),
            name="Vandelay",
            arr=Decimal("50000.00"),
            renewal_date=date(2027, 2, 10),
            csm="Kim Park",
            segment="SMB",
            region="NA",
        ),
        account(
            "A7",
            name="Stark",
            arr=Decimal("10000.00"),
            csm="Kim Park",
            segment="SMB",
            region="NA",
        ),
        account(
            "A8",
            signal(S.LOW_HEALTH, "CRM health score 35"),
            name="Wayne",
            arr=Decimal("300000.00"),
            currency="GBP",
            csm="  ",
            owner="Bruce",
            health_score=35,
            segment="Enterprise",
            region="NA",
        ),
        gaps=(DataGap(S.CHAMPION_LEFT, "no contacts data"),),
        warnings=(
            DataWarning("A5", "CRM health score not updated in 120 days"),
            DataWarning("A7", "renewal date 2026-10-01 already past"),
        ),
    )


GOLDEN_SCOPE = Scope(text="at-risk accounts")
