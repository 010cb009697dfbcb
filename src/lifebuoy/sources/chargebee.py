"""Chargebee: customers, subscriptions and invoices, from API v2 list pages.

- ``GET /api/v2/invoices``: ``list`` of ``{"invoice": …}``. Statuses map to
  the canonical ones: ``paid``; ``posted`` (not paid, not yet due) is open;
  ``payment_due`` (not paid, due date passed, still being collected) is
  past_due; ``not_paid`` (collection given up) is failed; ``voided`` is void.
- ``GET /api/v2/subscriptions``: ``list`` of ``{"subscription", "customer"}``.
  Each customer becomes an account (company, else name; e-mail domain for
  matching). When no invoices are given, a subscription with
  ``due_invoices_count`` > 0 stands for its dues: one past_due invoice row
  ("dues:<subscription id>") of ``total_dues`` due since ``due_since``.

Amounts are in minor units (cents; zero-decimal currencies are not divided);
timestamps are epoch seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.payloads import epoch_date, epoch_text, items, major_units
from lifebuoy.sources.readers import read_json
from lifebuoy.sources.tabular import tabular_records

STATUSES = {"paid": "paid", "posted": "open", "payment_due": "past_due"}
STATUSES |= {"not_paid": "failed", "voided": "void", "pending": "open"}


class Chargebee(Source):
    name: ClassVar[str] = "chargebee"
    tables: ClassVar[tuple[str, ...]] = ("accounts", "invoices")
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {"source_id": ("id",)},
        "invoices": {"account_ref": ("accountref",)},
    }

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [
            (path, _entries(path, read_json(path)))
            for path in paths
            if path.suffix.lower() == ".json"
        ]
        has_invoices = any("invoice" in entry for _, page in pages for entry in page)

        seen: set[str] = set()
        for path, page in pages:
            context.start_file(path)
            yield from _customer_records(path, page, seen)
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


def _customer_records(
    path: Path, page: list[dict[str, Any]], seen: set[str]
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
        fields = {
            "id": customer.get("id"),
            "name": name or None,
            "email": customer.get("email"),
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
