"""payment_failed and payment_late, at every edge of days past due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from conftest import MakeWorkspace
from lifebuoy.signals import SignalName
from signal_cases import account, at, fired, gaps


def invoice(due: str, status: str = "open", **fields: Any) -> dict[str, Any]:
    return {
        "invoice_id": "INV-1",
        "account_id": "A1",
        "due_date": date.fromisoformat(due),
        "amount": Decimal("100.00"),
        "status": status,
        **fields,
    }


# As of 2026-12-03: due 2026-11-19 is 14 days past due, 2026-11-18 is 15.
@pytest.mark.parametrize(
    ("row", "failed", "late"),
    [
        (
            invoice("2026-11-02", "failed", invoice_id="INV-88", amount=Decimal(4200)),
            "Payment failed: INV-88 $4,200 (31 days past due)",
            None,
        ),
        # a failure on an invoice not yet due is not known as of the day
        (invoice("2026-12-20", "failed"), None, None),
        (invoice("2026-12-03", "failed"), "Payment failed: INV-1 $100", None),
        (invoice("2026-11-18"), "Invoice INV-1 $100 (15 days past due)", None),
        (
            invoice("2026-11-18", "past_due"),
            "Invoice INV-1 $100 (15 days past due)",
            None,
        ),
        (invoice("2026-11-19"), None, "Invoice INV-1 14 days late"),
        (invoice("2026-12-02"), None, "Invoice INV-1 1 day late"),
        (invoice("2026-12-03"), None, None),
        (invoice("2026-12-10"), None, None),
        (invoice("2026-10-01", "paid"), None, None),
        (invoice("2026-10-01", "void"), None, None),
        (invoice("2026-10-01", "paid", paid_at=at("2026-11-30")), None, None),
        # paid after the as-of day: still unpaid as of then
        (
            invoice("2026-10-01", "paid", paid_at=at("2026-12-04", "00:00")),
            "Invoice INV-1 $100 (63 days past due)",
            None,
        ),
        (
            invoice("2026-11-25", "paid", paid_at=at("2026-12-04", "00:00")),
            None,
            "Invoice INV-1 8 days late",
        ),
        (
            invoice("2026-11-25", currency="EUR", amount=Decimal("80.4")),
            None,
            "Invoice INV-1 8 days late",
        ),
    ],
)
def test_payment_signals(
    make_workspace: MakeWorkspace,
    row: dict[str, Any],
    failed: str | None,
    late: str | None,
) -> None:
    workspace = make_workspace(accounts=[account()], invoices=[row])

    found_failed = fired(workspace, SignalName.PAYMENT_FAILED)
    found_late = fired(workspace, SignalName.PAYMENT_LATE)

    assert (found_failed["A1"].evidence.reason if found_failed else None) == failed
    assert (found_late["A1"].evidence.reason if found_late else None) == late


def test_payment_failed_evidence_prefers_the_failed_invoice(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=[account()],
        invoices=[
            invoice("2026-08-01", invoice_id="INV-2"),
            invoice("2026-11-30", "failed", invoice_id="INV-3", currency="EUR"),
        ],
    )

    evidence = fired(workspace, SignalName.PAYMENT_FAILED)["A1"].evidence

    assert evidence.reason == "Payment failed: INV-3 €100 (3 days past due)"
    assert evidence.ids == ("INV-3",)
    assert evidence.dates == (date(2026, 11, 30),)
    assert evidence.numbers == {
        "invoices": 2,
        "amount": Decimal("100.00"),
        "days_past_due": 3,
    }
    assert evidence.detail == (
        "Invoice INV-3 for €100 payment failed, due 2026-11-30, 3 days past due "
        "(2 such invoices)"
    )


def test_the_overdue_threshold_comes_from_the_settings(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        config="[signals]\npayment_failed_overdue_days = 30\n",
        accounts=[account()],
        invoices=[invoice("2026-11-03")],
    )

    assert fired(workspace, SignalName.PAYMENT_FAILED) == {}
    reason = fired(workspace, SignalName.PAYMENT_LATE)["A1"].evidence.reason
    assert reason == "Invoice INV-1 30 days late"


def test_without_invoices_both_signals_are_data_gaps(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(accounts=[account()])

    found = gaps(workspace)

    assert found[SignalName.PAYMENT_FAILED].needs == "no invoices data"
    assert found[SignalName.PAYMENT_LATE].needs == "no invoices data"


def test_evidence_text_shows_the_id_its_system_shows(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace(
        accounts=[account()],
        invoices=[invoice("2026-11-02", "failed", invoice_id="stripe:in_1TbSq5")],
    )

    evidence = fired(workspace, SignalName.PAYMENT_FAILED)["A1"].evidence

    assert evidence.reason == "Payment failed: in_1TbSq5 $100 (31 days past due)"
    assert evidence.detail.startswith("Invoice in_1TbSq5 for $100 payment failed")
    # the stored id still finds the row in the workspace
    assert evidence.ids == ("stripe:in_1TbSq5",)
