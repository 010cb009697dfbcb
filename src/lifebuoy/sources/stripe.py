"""Stripe: invoices, from ``GET /v1/invoices`` lists and invoice webhook events.

- Lists: ``{"object": "list", "data": [invoice, …], "has_more": …}``.
- Events: a whole event (``{"type": "invoice.payment_failed", "data":
  {"object": invoice}}``), its ``data`` member alone (``{"object": invoice,
  "previous_attributes": …}``), or a ``GET /v1/events`` list of them.

Each invoice's customer becomes an account (its name, and its e-mail's
domain to match the CRM's account); the invoice links to it. Amounts are in
minor units: cents are divided by 100, zero-decimal currencies such as JPY
are not. An invoice is ``failed`` when a payment_failed event says so, or
when Stripe tried to charge it and it is still open; drafts are ``open``
and uncollectible ones ``failed``. The due date is Stripe's ``due_date``,
else (automatic charges) the day the invoice was finalized.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.origin import FileSample
from lifebuoy.sources.payloads import epoch_date, epoch_text, major_units
from lifebuoy.sources.readers import read_json
from lifebuoy.sources.tabular import tabular_records

STATUSES = {"draft": "open", "open": "open", "paid": "paid", "void": "void"}
STATUSES |= {"uncollectible": "failed"}
FAILED_EVENTS = frozenset({"invoice.payment_failed"})


class Stripe(Source):
    name: ClassVar[str] = "stripe"
    label: ClassVar[str] = "Stripe"
    tables: ClassVar[tuple[str, ...]] = ("accounts", "invoices")
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {"source_id": ("id",)},
        "invoices": {"account_ref": ("accountref",)},
    }

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        page = sample.page
        if not isinstance(page, dict):
            return None
        kind = page.get("object")
        if kind == "list" and str(page.get("url") or "").startswith("/v1/"):
            return f"it is a Stripe list ({page['url']})"
        if isinstance(kind, dict) and isinstance(kind.get("object"), str):
            return f"it is the data of a Stripe event (a {kind['object']})"
        if kind in {"event", "invoice"} and "id" in page:
            return f"it is a Stripe {kind}"
        return None

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        found: list[tuple[Path, int, dict[str, Any], str | None]] = []
        for path in paths:
            if path.suffix.lower() == ".json":
                found.extend(_invoices(path, read_json(path)))

        customers: dict[str, tuple[Path, int, dict[str, Any]]] = {}
        for path, position, invoice, _ in found:
            customers.setdefault(
                str(invoice.get("customer")), (path, position, invoice)
            )
        for path, position, invoice in customers.values():
            if invoice.get("customer") is not None:
                yield RawRecord("accounts", path, position, _customer(invoice))

        for path, position, invoice, event in found:
            context.start_file(path)
            yield RawRecord("invoices", path, position, _invoice(invoice, event))
        for path in paths:
            if path.suffix.lower() != ".json":
                yield from tabular_records(path, "invoices", context)


def _invoices(
    path: Path, page: Any
) -> Iterator[tuple[Path, int, dict[str, Any], str | None]]:
    """(file, place, invoice, event type) for each invoice in a list or event."""
    if isinstance(page, dict) and page.get("object") == "list":
        for position, item in enumerate(page.get("data") or [], 1):
            invoice, event = _unwrap(path, item)
            yield path, position, invoice, event
        return
    invoice, event = _unwrap(path, page)
    yield path, 1, invoice, event


def _unwrap(path: Path, item: Any) -> tuple[dict[str, Any], str | None]:
    if isinstance(item, dict) and item.get("object") == "invoice":
        return item, None
    if isinstance(item, dict) and item.get("object") == "event":
        return _unwrap(path, item.get("data"))[0], item.get("type")
    if isinstance(item, dict) and isinstance(item.get("object"), dict):
        return _unwrap(path, item["object"])[0], None
    raise SourceError(
        f"{path}: not a Stripe invoice list or invoice event",
        hint="Pass GET /v1/invoices or /v1/events responses, or webhook payloads.",
    )


def _customer(invoice: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": invoice.get("customer"),
        "name": invoice.get("customer_name"),
        "email": invoice.get("customer_email"),
    }


def _invoice(invoice: dict[str, Any], event: str | None) -> dict[str, Any]:
    currency = invoice.get("currency")
    transitions = invoice.get("status_transitions") or {}
    return {
        "invoice_id": invoice.get("id"),
        "account_ref": invoice.get("customer"),
        "due_date": epoch_date(
            invoice.get("due_date") or transitions.get("finalized_at")
        ),
        "paid_at": epoch_text(transitions.get("paid_at")),
        "amount": major_units(invoice.get("amount_due"), currency),
        "currency": str(currency).upper() if currency else None,
        "status": _status(invoice, event),
    }


def _status(invoice: dict[str, Any], event: str | None) -> str | None:
    status = str(invoice.get("status") or "").lower()
    if event in FAILED_EVENTS:
        return "failed"
    tried = bool(invoice.get("attempted")) and (invoice.get("attempt_count") or 0) > 0
    if status == "open" and tried and (invoice.get("amount_remaining") or 0) > 0:
        return "failed"
    return STATUSES.get(status, status or None)
