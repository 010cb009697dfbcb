"""Stripe and Chargebee: the real sample payloads and small fixtures.

Counted with jq and `date -u -d @EPOCH`, independently of lifebuoy:

- stripe/invoices_list.json: 9 invoices (2 draft, 1 open, 5 paid, 1 void) of
  2 customers (cus_Uae6TTxHlP2hxk: 7, cus_Uae07nJucy33Kr: 2); amount_due
  sums to 10000 cents; none was attempted while still open.
- stripe/invoice_payment_failed_event_data.json: invoice in_1234 of
  cus_1234 ("Example Customer", customer@example.org), status open,
  attempt_count 1, amount_due 24900 usd, due_date null, finalized at
  1745437578 = 2025-04-23.
- chargebee/invoices_list.json: 6 invoices, all payment_due, of 3 customers;
  totals 1900, 49000, 4900, 1899, 1900, 1900 (cents); due dates 1781856401…
  1781857235, all 2026-06-19 UTC.
- chargebee/subscriptions_list.json: 5 subscriptions of the same 3 customers
  (Acme Corp, Initech LLC, Globex Inc), each with due_invoices_count >= 1.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import MakeWorkspace
from import_helpers import SAMPLES, do_import, rows, write
from lifebuoy.sources.pipeline import TableCounts

STRIPE = SAMPLES / "stripe"
CHARGEBEE = SAMPLES / "chargebee"

samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared samples")


@samples
def test_every_stripe_sample(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "stripe", *sorted(STRIPE.glob("*.json")))

    assert report.tables == {
        "accounts": TableCounts(read=3, loaded=3),
        "invoices": TableCounts(read=10, loaded=10),
    }
    assert report.exit_code == 0
    assert rows(
        workspace, "SELECT status, count(*) FROM invoices GROUP BY 1 ORDER BY 1"
    ) == [("failed", 1), ("open", 3), ("paid", 5), ("void", 1)]
    assert rows(
        workspace,
        "SELECT i.invoice_id, a.name, i.amount, i.currency, i.due_date "
        "FROM invoices i JOIN accounts a USING (account_id) WHERE i.status = 'failed'",
    ) == [
        ("stripe:in_1234", "Example Customer", Decimal("249.00"), "USD",
         date(2025, 4, 23)),
    ]  # fmt: skip
    assert rows(
        workspace,
        "SELECT sum(amount) FROM invoices WHERE invoice_id <> 'stripe:in_1234'",
    ) == [(Decimal("100.00"),)]


def _invoice(invoice_id: str, **fields: object) -> dict[str, object]:
    return {
        "object": "invoice",
        "id": invoice_id,
        "customer": "cus_1",
        "customer_name": "Acme",
        "customer_email": "billing@acme.io",
        "status": "open",
        "amount_due": 1000,
        "amount_remaining": 1000,
        "currency": "usd",
        "attempted": False,
        "attempt_count": 0,
        "due_date": 1767225600,
        "status_transitions": {"paid_at": None, "finalized_at": None},
        **fields,
    }


def test_minor_units_and_zero_decimal_currencies(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace()
    page = {
        "object": "list",
        "data": [
            _invoice("in_usd", amount_due=24900),
            _invoice("in_jpy", amount_due=5000, currency="jpy"),
            _invoice("in_kwd", amount_due=12340, currency="kwd"),
        ],
    }
    path = write(tmp_path, "invoices.json", json.dumps(page))

    do_import(workspace, "stripe", path)

    assert rows(
        workspace,
        "SELECT invoice_id, amount, currency, due_date FROM invoices ORDER BY 1",
    ) == [
        ("stripe:in_jpy", Decimal("5000.00"), "JPY", date(2026, 1, 1)),
        ("stripe:in_kwd", Decimal("12.34"), "KWD", date(2026, 1, 1)),
        ("stripe:in_usd", Decimal("249.00"), "USD", date(2026, 1, 1)),
    ]


def test_a_full_payment_failed_event_and_a_matched_customer(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(
        accounts=[{"account_id": "A", "name": "Acme Rockets", "domain": "acme.io"}]
    )
    event = {
        "object": "event",
        "type": "invoice.payment_failed",
        "data": {"object": _invoice("in_9", attempted=False)},
    }
    path = write(tmp_path, "event.json", json.dumps(event))

    report = do_import(workspace, "stripe", path)

    assert report.matched_by == {"domain": 1}
    assert rows(workspace, "SELECT account_id, status FROM invoices") == [
        ("A", "failed")
    ]


def test_a_page_that_is_not_stripe_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.json", json.dumps({"tickets": []}))

    with pytest.raises(Exception, match="not a Stripe invoice"):
        do_import(make_workspace(), "stripe", path)


@samples
def test_every_chargebee_sample(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "chargebee", *sorted(CHARGEBEE.glob("*.json")))

    assert report.tables == {
        "accounts": TableCounts(read=3, loaded=3),
        "invoices": TableCounts(read=6, loaded=6),
    }
    assert rows(
        workspace,
        "SELECT a.name, count(*), sum(i.amount), min(i.due_date), max(i.status) "
        "FROM invoices i JOIN accounts a USING (account_id) GROUP BY 1 ORDER BY 1",
    ) == [
        ("Acme Corp", 3, Decimal("57.00"), date(2026, 6, 19), "past_due"),
        ("Globex Inc", 2, Decimal("67.99"), date(2026, 6, 19), "past_due"),
        ("Initech LLC", 1, Decimal("490.00"), date(2026, 6, 19), "past_due"),
    ]


@samples
def test_chargebee_subscriptions_alone_stand_for_their_dues(
    make_workspace: MakeWorkspace,
) -> None:
    workspace = make_workspace()

    report = do_import(workspace, "chargebee", CHARGEBEE / "subscriptions_list.json")

    assert report.tables == {
        "accounts": TableCounts(read=3, loaded=3),
        "invoices": TableCounts(read=5, loaded=5),
    }
    assert rows(
        workspace,
        "SELECT invoice_id, amount, status FROM invoices "
        "WHERE invoice_id = 'chargebee:dues:AzqW60VMyW1TpaXK'",
    ) == [("chargebee:dues:AzqW60VMyW1TpaXK", Decimal("490.00"), "past_due")]


def test_invoices_csv_through_the_generic_path(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(accounts=[{"account_id": "A", "name": "Acme"}])
    path = write(
        tmp_path,
        "invoices.csv",
        "Invoice number,Customer,Due date,Amount,Status\n"
        'INV-1,Acme,2026-02-01,"$1,200.50",failed\n',
    )

    report = do_import(workspace, "csv", path, table="invoices")

    assert report.tables == {"invoices": TableCounts(read=1, loaded=1)}
    assert rows(workspace, "SELECT account_id, amount, status FROM invoices") == [
        ("A", Decimal("1200.50"), "failed")
    ]
