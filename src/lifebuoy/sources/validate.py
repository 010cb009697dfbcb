"""The validate stage: each value of a mapped row typed for its canonical column.

Money, dates, timestamps, flags and numbers go through the parsers in
``values.py``; a value that does not parse rejects its row, naming the
file's own header. A web domain that does not parse is left empty and
noted instead, as is a date column that mixes day/month orders. Rows of
tables other than ``accounts`` get their account resolved here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from lifebuoy.errors import RowError
from lifebuoy.sources.base import RawRecord, Source
from lifebuoy.sources.mapping import fold
from lifebuoy.sources.matching import AccountMatcher
from lifebuoy.sources.values import (
    DateOrder,
    clean_text,
    parse_bool,
    parse_currency,
    parse_date,
    parse_domain,
    parse_float,
    parse_int,
    parse_money,
    parse_timestamp,
)
from lifebuoy.workspace.schema import CANONICAL, TableSpec

CENT = Decimal("0.01")
EVENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "tickets": ("created_at",),
    "usage": ("date",),
    "nps": ("responded_at",),
    "invoices": ("paid_at",),
    "activities": ("date",),
    "chat_messages": ("ts",),
    "contacts": ("departed_on",),
}
"""Columns saying when something happened: none can be after today (due and
renewal dates can)."""
LARGE_ARR = 10_000_000
"""ARR at or above this is worth a second look: few customers pay that much."""
COMPANY_REVENUE_HEADERS = frozenset({"annualrevenue", "revenue", "companyrevenue"})
"""CRM fields that usually hold the customer's own revenue (folded headers)."""

CHURNED_WORDS = frozenset({"churned", "cancelled", "canceled", "lost", "closed lost"})
PRIORITIES = {"low": "low", "normal": "normal", "medium": "normal", "high": "high"}
PRIORITIES |= {"urgent": "urgent", "critical": "urgent", "p1": "urgent"}
CREDIT_NOTE_WORDS = frozenset({"creditnote", "credit", "refund"})
"""A record whose type says one of these may have a negative amount."""
HELPER_COLUMNS = ("updated_at", "account_ref", "email_domain", "id_from_name")
"""Helper columns the pipeline still needs after typing (see mapping.py)."""


def base_type(spec: TableSpec, name: str) -> str:
    """The column's SQL type without NOT NULL or its default: "DECIMAL(18,2)"."""
    kind = dict(spec.columns)[name]
    return kind.split(" DEFAULT ")[0].replace(" NOT NULL", "").strip()


KINDS = {
    table: {name: base_type(spec, name) for name in spec.column_names}
    for table, spec in CANONICAL.items()
}
ALLOWED = {
    table: {*spec.column_names, *HELPER_COLUMNS} for table, spec in CANONICAL.items()
}


@dataclass(frozen=True)
class Unmatched:
    """A row kept without an account: no account in the workspace fits REFERENCE,
    or several do (CANDIDATES, by id), or the row names none (REFERENCE None;
    REASON says why when its source can tell)."""

    table: str
    file: str
    line: int | None
    reference: str | None
    reason: str | None = None
    candidates: tuple[str, ...] = ()


@dataclass
class Validator:
    """Types rows for one import and remembers what is worth a note."""

    source: Source
    matcher: AccountMatcher
    date_order: DateOrder = "mdy"
    readings: defaultdict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    bad_domains: dict[tuple[str, str], list[tuple[int | None, str]]] = field(
        default_factory=dict
    )
    large_arr: dict[tuple[str, str], list[tuple[int | None, str, Decimal]]] = field(
        default_factory=dict
    )
    """Accounts whose ARR is at least LARGE_ARR, by file and ARR header."""
    future: dict[tuple[str, str], list[tuple[int | None, date]]] = field(
        default_factory=dict
    )
    """Records dated after today (event columns only), by file and header."""
    latest_day: date = field(
        default_factory=lambda: datetime.now(UTC).date() + timedelta(days=1)
    )
    """The last day a record can have happened on: tomorrow in UTC, so that no
    time zone makes today's records look ahead."""
    unmatched: Counter[str] = field(default_factory=Counter)
    """Rows per table whose account is not (yet) in the workspace."""
    unmatched_rows: list[Unmatched] = field(default_factory=list)
    """Each of those rows: its file, line and the reference that matched nothing."""

    def row(
        self, record: RawRecord, row: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        """ROW typed; RowError naming the header and value that failed."""
        return _RowTyper(self, record, headers).row(row)

    def notes(self) -> list[str]:
        """Columns worth a look: mixed day/month orders, values left empty,
        ARR too large to be what one customer pays."""
        notes = [
            _large_arr_note(file, header, found)
            for (file, header), found in sorted(self.large_arr.items())
        ]
        for (file, header), found in sorted(self.bad_domains.items()):
            examples = ", ".join(f"line {line}: {value!r}" for line, value in found[:3])
            notes.append(
                f"{file}, column {header!r}: {_not_domains(len(found))} left "
                f"empty ({examples})"
            )
        notes += [
            _future_note(file, header, found)
            for (file, header), found in sorted(self.future.items())
        ]
        order = self.date_order
        other = "dmy" if order == "mdy" else "mdy"
        for (file, header), readings in sorted(self.readings.items()):
            if readings[other] and (readings["ambiguous"] or readings[order]):
                notes.append(
                    f"{file}, column {header!r}: {readings[other]} dates can only be "
                    f"read {other} but {readings['ambiguous'] + readings[order]} are "
                    f"{order} or ambiguous; ambiguous ones were read {order} "
                    f"(settings.imports.date_order). Check the column."
                )
        return notes


class _RowTyper:
    """Types one mapped row: each column by its type in the canonical table."""

    def __init__(
        self, run: Validator, record: RawRecord, headers: dict[str, str]
    ) -> None:
        self.run = run
        self.record = record
        self.headers = headers
        self.spec = CANONICAL[record.table]
        self.kinds = KINDS[record.table]
        self.currency: str | None = None
        self.row_currency: str | None = None

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        # A three-decimal currency's "12.340" is 12.34, not twelve thousand.
        self.row_currency = clean_text(row.get("currency"))
        typed: dict[str, Any] = {}
        for column, value in row.items():
            typed[column] = self._value(column, value)
        typed = self._complete(typed)
        typed["source"] = self.run.source.name
        allowed = ALLOWED[self.record.table]
        return {name: value for name, value in typed.items() if name in allowed}

    def _value(self, column: str, value: Any) -> Any:
        try:
            return self._parse(column, value)
        except ValueError as exc:
            raise RowError(
                str(exc), column=self.headers.get(column, column), value=value
            ) from None

    def _parse(self, column: str, value: Any) -> Any:
        if column == "domain":
            return self._soft_domain(value)
        if column == "email":
            return (
                self._soft_domain(value)
                if self.record.table == "accounts"
                else (clean_text(value))
            )
        if column == "updated_at":
            return parse_timestamp(value)
        if column in {"source_id", "account_ref", "owner_id"}:
            return _identifier(value)
        if column == "currency":
            return parse_currency(value)
        kind = self.kinds.get(column, "VARCHAR")
        if kind == "DECIMAL(18,2)":
            return self._money(column, value)
        if kind == "DATE":
            return self._happened(column, self._date(column, value))
        if kind == "TIMESTAMP":
            stamp = parse_timestamp(value, order=self.run.date_order)
            return self._happened(column, stamp)
        if kind == "BOOLEAN":
            return parse_bool(value)
        if kind in {"INTEGER", "BIGINT"}:
            return parse_int(value)
        if kind == "DOUBLE":
            return parse_float(value)
        return clean_text(value)

    def _soft_domain(self, value: Any) -> str | None:
        try:
            return parse_domain(value)
        except ValueError:
            header = self.headers.get("domain", "domain")
            found = self.run.bad_domains.setdefault((str(self.record.file), header), [])
            found.append((self.record.line, str(value)))
            return None

    def _money(self, column: str, value: Any) -> Decimal | None:
        money = parse_money(
            value, decimal_comma=self.record.decimal_comma, currency=self.row_currency
        )
        if money is None:
            return None
        if money.amount < 0:
            self._check_negative(column, money.amount)
        if money.currency:
            self.currency = money.currency
        return money.amount.quantize(CENT)

    def _check_negative(self, column: str, amount: Decimal) -> None:
        table = self.record.table
        if table == "accounts" and column == "arr":
            raise ValueError(
                "ARR cannot be negative; fix the value in the source system, or "
                "leave it empty if the account has no ARR"
            )
        if table == "invoices" and not _is_credit_note(self.record):
            raise ValueError(
                "an invoice amount cannot be negative (only a credit note can); "
                "fix the value, or import credit notes with a type column "
                "saying credit_note"
            )

    def _date(self, column: str, value: Any) -> Any:
        parsed = parse_date(value, order=self.run.date_order)
        if parsed is None:
            return None
        header = self.headers.get(column, column)
        self.run.readings[(str(self.record.file), header)][parsed.reading] += 1
        return parsed.value

    def _happened(self, column: str, value: Any) -> Any:
        """VALUE, noted when an event column dates it after today."""
        if column not in EVENT_COLUMNS.get(self.record.table, ()):
            return value
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and day > self.run.latest_day:
            header = self.headers.get(column, column)
            found = self.run.future.setdefault((str(self.record.file), header), [])
            found.append((self.record.line, day))
        return value

    def _complete(self, row: dict[str, Any]) -> dict[str, Any]:
        table = self.record.table
        currency = self.currency
        if currency and not row.get("currency") and "currency" in self.kinds:
            row["currency"] = currency
        if row.get("currency"):
            row["currency"] = str(row["currency"]).upper()
        if table == "accounts":
            row = _account_row(self.run.source, row, headers=self.headers)
            self._check_arr(row)
            return row
        return _linked_row(self, row)

    def _check_arr(self, row: dict[str, Any]) -> None:
        arr = row.get("arr")
        if arr is None or arr < LARGE_ARR:
            return
        header = self.headers.get("arr", "arr")
        found = self.run.large_arr.setdefault((str(self.record.file), header), [])
        found.append((self.record.line, str(row.get("name") or ""), arr))


def _large_arr_note(
    file: str, header: str, found: list[tuple[int | None, str, Decimal]]
) -> str:
    examples = "; ".join(
        f"{_where(line)}{name}: {arr:,.0f}"
        for line, name, arr in sorted(found, key=lambda item: -item[2])[:3]
    )
    note = (
        f"{file}, column {header!r} (read as ARR): {len(found)} "
        f"{'account has' if len(found) == 1 else 'accounts have'} ARR of "
        f"{LARGE_ARR:,} or more ({examples})."
    )
    fix = (
        "map your contract value column to arr in a --map file "
        '([columns] "Contract Value" = "arr"), or clear these values.'
    )
    if fold(header) in COMPANY_REVENUE_HEADERS:
        return note + (
            " A CRM's annual revenue field often holds the customer's own company "
            f"revenue, not what it pays you. If so, {fix}"
        )
    return note + f" If that is not what these customers pay, {fix}"


def _not_domains(count: int) -> str:
    if count == 1:
        return "1 value is not a web domain and was"
    return f"{count} values are not web domains and were"


def _future_note(file: str, header: str, found: list[tuple[int | None, date]]) -> str:
    examples = ", ".join(
        day.isoformat() if line is None else f"line {line}: {day.isoformat()}"
        for line, day in found[:3]
    )
    count = f"{len(found)} {'date is' if len(found) == 1 else 'dates are'}"
    return (
        f"{file}, column {header!r}: {count} after today ({examples}); "
        "a plan sees a record only from its day on, so check the dates"
    )


def _where(line: int | None) -> str:
    return "" if line is None else f"line {line} "


def _is_credit_note(record: RawRecord) -> bool:
    """Whether the record's own type (type, object, document type) is a credit."""
    for header, value in record.fields.items():
        kind = fold(str(header)) in {"type", "object", "documenttype", "invoicetype"}
        if kind and fold(str(value or "")) in CREDIT_NOTE_WORDS:
            return True
    return False


def _identifier(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _account_row(
    source: Source, row: dict[str, Any], *, headers: dict[str, str]
) -> dict[str, Any]:
    if row.get("email") and not row.get("domain"):
        row["email_domain"] = row["email"]
    if "account_ref" in row and not row.get("source_id"):
        return row
    if not row.get("name"):
        row["name"] = row.get("domain") or row.get("email_domain")
    if not row.get("name"):
        raise RowError(
            "the account has neither a name nor a domain", column="name", value=None
        )
    if not row.get("source_id"):
        if source.prefix_ids:
            raise RowError("the record has no id", column="id", value=None)
        row["source_id"] = row["name"]
        row["id_from_name"] = True
    if row.get("status"):
        row["status"] = (
            "churned" if row["status"].lower() in CHURNED_WORDS else "active"
        )
    score = row.get("health_score")
    if score is not None and not 0 <= score <= 100:
        column = headers.get("health_score", "health_score")
        raise RowError("a health score is 0 to 100", column=column, value=score)
    return row


def _linked_row(typer: _RowTyper, row: dict[str, Any]) -> dict[str, Any]:
    spec = typer.spec
    source = typer.run.source
    key = spec.key[0]
    if key != "account_id":
        if not row.get(key):
            raise RowError(f"the record has no id ({key})", column=key, value=None)
        if source.prefix_ids:
            row[key] = f"{source.name}:{row[key]}"

    reference = row.pop("account_ref", None)
    account_id = None
    if reference:
        account_id = typer.run.matcher.resolve(reference, source=source.name)
    if account_id is None:
        typer.run.unmatched[typer.record.table] += 1
        typer.run.unmatched_rows.append(
            Unmatched(
                typer.record.table,
                str(typer.record.file),
                typer.record.line,
                reference,
                None if reference else typer.record.unlinked,
            )
        )
        if reference and source.prefix_ids:
            account_id = f"{source.name}:{reference}"
        else:
            account_id = reference
    row["account_id"] = account_id
    if "account_id" in spec.key and not account_id:
        raise RowError("the row names no account", column="account", value=None)

    if typer.record.table == "tickets" and row.get("status"):
        row["status"] = row["status"].lower()
    if typer.record.table == "tickets" and row.get("priority"):
        priority = PRIORITIES.get(row["priority"].lower())
        if priority is None:
            raise RowError(
                "unknown priority (expected low, normal, high or urgent)",
                column=typer.headers.get("priority", "priority"),
                value=row["priority"],
            )
        row["priority"] = priority
    score = row.get("score") if typer.record.table == "nps" else None
    if score is not None and not 0 <= score <= 10:
        raise RowError("an NPS score is 0 to 10", column="score", value=score)
    return row
