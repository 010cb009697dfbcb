"""Chargebee: customers, subscriptions and invoices, from API v2 list pages.

- ``GET /api/v2/invoices``: ``list`` of ``{"invoice": …}``. Statuses map to
  the canonical ones: ``paid``; ``posted`` (not paid, not yet due) is open;
  ``payment_due`` (not paid, due date passed, still being collected) is
  past_due; ``not_paid`` (collection given up) is failed; ``voided`` is void.
- ``GET /api/v2/subscriptions``: ``list`` of ``{"subscription", "customer"}``.
  Each customer becomes an account (company, else name; e-mail domain for
  matching). Its ARR is 12 × the ``mrr`` of its active and non-renewing
  subscriptions, in their currency; a customer whose live subscriptions are
  in several currencies gets no ARR, and a note says so. Like every billing
  source, Chargebee only fills an ARR the CRM left blank. When no invoices
  are given, a subscription with ``due_invoices_count`` > 0 stands for its
  dues: one past_due invoice row ("dues:<subscription id>") of
  ``total_dues`` due since ``due_since``.

Amounts, ``mrr`` included, are in minor units (cents; zero-decimal
currencies are not divided); timestamps are epoch seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.origin import FileSample, listed
from lifebuoy.sources.payloads import epoch_date, epoch_text, items, major_units
from lifebuoy.sources.readers import read_json
from lifebuoy.sources.tabular import tabular_records

STATUSES = {"paid": "paid", "posted": "open", "payment_due": "past_due"}
STATUSES |= {"not_paid": "failed", "voided": "void", "pending": "open"}
LIVE = frozenset({"active", "non_renewing"})
"""Subscription statuses still paid for: non_renewing ones until their term ends."""
MONTHS = 12


class Chargebee(Source):
    name: ClassVar[str] = "chargebee"
    label: ClassVar[str] = "Chargebee"
    tables: ClassVar[tuple[str, ...]] = ("accounts", "invoices")
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {"source_id": ("id",)},
        "invoices": {"account_ref": ("accountref",)},
    }

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        entries = sample.objects("list") if isinstance(sample.page, dict) else []
        kinds = {
            key
            for entry in entries
            for key, value in entry.items()
            if isinstance(value, dict) and value.get("object") == key
        }
        if kinds and all(kinds & entry.keys() for entry in entries):
            return f"it is a Chargebee list of {listed(sorted(kinds))} entries"
        return None

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [
            (path, _entries(path, read_json(path)))
            for path in paths
            if path.suffix.lower() == ".json"
        ]
        has_invoices = any("invoice" in entry for _, page in pages for entry in page)
        arr = _arr_by_customer([entry for _, page in pages for entry in page])
        mixed = sorted(customer for customer, found in arr.items() if found is None)
        if mixed:
            context.notes.append(
                f"{len(mixed)} Chargebee customers have live subscriptions in "
                f"several currencies ({', '.join(mixed[:5])}); their ARR was not "
                "read. Give their ARR in the CRM."
            )

        seen: set[str] = set()
        for path, page in pages:
            context.start_file(path)
            yield from _customer_records(path, page, seen=seen, arr=arr)
        for path, page in pages:
            for position, entry in enumerate(page, 1):
                if "invoice" in entry:
                    fields = _invoice(entry["invoice"])
                    yield RawRecord("invoices", path, position, fields)
                elif "subscription" in entry and not has_invoices:
                    dues = _dues(entry["subscription"])
                    if dues is not None:
                        yield RawRecord("invoices", path, position, dues)
        for path in paths:
            if path.suffix.lower() != ".json":
                yield from tabular_records(path, "invoices", context)


def _entries(path: Path, page: Any) -> list[dict[str, Any]]:
    entries = items(path, page, "list")
    if not all(
        {"invoice", "subscription", "customer"} & entry.keys() for entry in entries
    ):
        raise SourceError(
            f"{path}: not a Chargebee list of invoices, subscriptions or customers",
            hint="Pass /api/v2/invoices or /subscriptions responses as returned.",
        )
    return entries


def _arr_by_customer(
    entries: list[dict[str, Any]],
) -> dict[str, tuple[str, str | None] | None]:
    """Per customer with live subscriptions: (ARR in major units, currency),
    or None when those subscriptions are in several currencies."""
    mrr: dict[str, dict[str | None, int]] = {}
    for entry in entries:
        subscription = entry.get("subscription") or {}
        amount = _live_mrr(subscription)
        if amount is None:
            continue
        by_currency = mrr.setdefault(str(subscription.get("customer_id")), {})
        currency = subscription.get("currency_code")
        by_currency[currency] = by_currency.get(currency, 0) + amount

    arr: dict[str, tuple[str, str | None] | None] = {}
    for customer, by_currency in mrr.items():
        if len(by_currency) > 1:
            arr[customer] = None
            continue
        [(currency, amount)] = by_currency.items()
        monthly = major_units(amount, currency)
        arr[customer] = (str(Decimal(str(monthly)) * MONTHS), currency)
    return arr


def _live_mrr(subscription: dict[str, Any]) -> int | None:
    """The subscription's mrr (minor units) while it is paid for; else None."""
    amount = subscription.get("mrr")
    if subscription.get("status") not in LIVE or isinstance(amount, bool):
        return None
    return amount if isinstance(amount, int) else None


def _customer_records(
    path: Path,
    page: list[dict[str, Any]],
    *,
    seen: set[str],
    arr: dict[str, tuple[str, str | None] | None],
) -> Iterator[RawRecord]:
    for position, entry in enumerate(page, 1):
        customer = entry.get("customer")
        if not customer or str(customer.get("id")) in seen:
            continue
        seen.add(str(customer.get("id")))
        name = customer.get("company") or " ".join(
            str(part)
            for part in (customer.get("first_name"), customer.get("last_name"))
            if part
        )
        amount, currency = arr.get(str(customer.get("id"))) or (None, None)
        fields = {
            "id": customer.get("id"),
            "name": name or None,
            "email": customer.get("email"),
            "arr": amount,
            "currency": currency,
            "updated_at": epoch_text(customer.get("updated_at")),
        }
        yield RawRecord("accounts", path, position, fields)


def _invoice(invoice: dict[str, Any]) -> dict[str, Any]:
    currency = invoice.get("currency_code")
    status = str(invoice.get("status") or "").lower()
    return {
        "invoice_id": invoice.get("id"),
        "account_ref": invoice.get("customer_id"),
        "due_date": epoch_date(invoice.get("due_date")),
        "paid_at": epoch_text(invoice.get("paid_at")),
        "amount": major_units(invoice.get("total"), currency),
        "currency": currency,
        "status": STATUSES.get(status, status or None),
    }


def _dues(subscription: dict[str, Any]) -> dict[str, Any] | None:
    if not subscription.get("due_invoices_count"):
        return None
    currency = subscription.get("currency_code")
    return {
        "invoice_id": f"dues:{subscription.get('id')}",
        "account_ref": subscription.get("customer_id"),
        "due_date": epoch_date(subscription.get("due_since")),
        "amount": major_units(subscription.get("total_dues"), currency),
        "currency": currency,
        "status": "past_due",
    }
