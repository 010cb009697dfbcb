"""What every signal computation shares: the workspace, the as-of day, settings.

Also the small helpers that turn fetched evidence rows into readable text:
day labels, money, snippets.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import ibis
import pyarrow as pa

from lifebuoy.signals.model import Contact, DataGap, Signal, SignalName
from lifebuoy.signals.windows import local_date
from lifebuoy.workspace.schema import shown_id

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir
    from ibis.backends.duckdb import Backend

    from lifebuoy.workspace.settings import SignalSettings
    from lifebuoy.workspace.store import Workspace

Fired = list[tuple[str, Signal]]
"""(account_id, signal) for every account where a signal fired."""

Outcome = Fired | DataGap
"""A signal's result: where it fired, or the data it lacks."""

MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
SNIPPET_CHARS = 120
EPOCH = date(1970, 1, 1)
"""Day 0 of Arrow's date32 values."""
CANONICAL_READ = (
    "tickets",
    "usage",
    "nps",
    "invoices",
    "activities",
    "contacts",
    "chat_messages",
)
"""The tables signals read besides accounts: looked up before work is shared out."""


@dataclass
class Context:
    """One signal run: the workspace, the as-of day and the signal settings.

    Computations may run on several threads at once. Each thread queries
    through its own cursor of the workspace's database (a DuckDB connection
    serves one thread at a time); everything else they share is looked up
    by prepare() before the work is shared out, or made once under a lock.
    """

    workspace: Workspace
    as_of: date
    _tables: dict[str, ir.Table | None] = field(default_factory=dict)
    _accounts: ir.Table | None = None
    _usage_end: tuple[date | None] | None = None
    _shared: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _making: dict[str, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)
    _cursors: list[duckdb.DuckDBPyConnection] = field(default_factory=list)

    @property
    def settings(self) -> SignalSettings:
        return self.workspace.settings.signals

    @property
    def zone(self) -> ZoneInfo:
        return self.workspace.settings.zone

    @property
    def accounts(self) -> ir.Table:
        """The accounts table, even when empty (looked up once)."""
        if self._accounts is None:
            self._accounts = self.workspace.backend.table("accounts")
        return self._accounts

    def prepare(self) -> None:
        """Look up every table on this thread, before other threads share them."""
        _ = self.accounts
        for name in CANONICAL_READ:
            self.table(name)
        self._cursor_backend()

    def table(self, name: str) -> ir.Table | None:
        """The canonical table, or None when it holds no rows (asked once).

        Tickets come without the deleted ones, which no signal counts.
        """
        if name not in self._tables:
            found = self.workspace.table(name)
            if name == "tickets" and found is not None:
                found = without_deleted(found)
            self._tables[name] = found
        return self._tables[name]

    def usage_end(self) -> date | None:
        """The last usage day of any account on or before the as-of day."""
        if self._usage_end is None:
            usage = self.table("usage")
            latest = None
            if usage is not None:
                query = last_usage_day_query(usage, self.as_of)
                latest = self._cursor_backend().to_pyarrow(query).as_py()
            self._usage_end = (latest,)
        return self._usage_end[0]

    def fetch(self, expr: ir.Table) -> list[dict[str, Any]]:
        """The rows of a small result (fired accounts only) as dictionaries."""
        columns = self.fetch_columns(expr)
        names = tuple(columns)
        # every row has one value per name by construction; a strict zip per
        # row would check that again and make each dictionary far slower
        return [
            dict(zip(names, row, strict=False))
            for row in zip(*columns.values(), strict=True)
        ]

    def fetch_columns(self, expr: ir.Table) -> dict[str, list[Any]]:
        """A result as lists per column: cheaper than rows for long results."""
        table = self.arrow(expr)
        return {name: python_values(table[name]) for name in table.column_names}

    def arrow(self, expr: ir.Table) -> pa.Table:
        """A result as an Arrow table, queried on this thread's cursor."""
        return self._cursor_backend().to_pyarrow(expr)

    def shared(
        self, key: str, make: Callable[[], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Rows read by more than one computation: made once, by whoever asks first."""
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            if key not in self._shared:
                self._shared[key] = make()
        return self._shared[key]

    def close(self) -> None:
        """Close the cursors the threads queried through."""
        with self._lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()

    def local_day(self, stamp: datetime | date) -> date:
        if isinstance(stamp, datetime):
            return local_date(stamp, self.zone)
        return stamp

    def _cursor_backend(self) -> Backend:
        backend: Backend | None = getattr(self._local, "backend", None)
        if backend is None:
            with self._lock:
                cursor = self.workspace.connection.cursor()
                self._cursors.append(cursor)
            backend = self._local.backend = ibis.duckdb.from_connection(cursor)
        return backend


def python_values(column: pa.ChunkedArray) -> list[Any]:
    """A column as Python values; dates made once per distinct day.

    Arrow makes a new date object for every value, slowly; a result holds
    few distinct days (renewals, activity days), so most are looked up.
    """
    if not pa.types.is_date32(column.type):
        values: list[Any] = column.to_pylist()
        return values
    made: dict[int, date] = {}
    days: list[date | None] = []
    for number in column.cast(pa.int32()).to_pylist():
        if number is None:
            days.append(None)
            continue
        day = made.get(number)
        if day is None:
            day = made[number] = EPOCH + timedelta(days=number)
        days.append(day)
    return days


def last_usage_day(usage: ir.Table, as_of: date) -> date | None:
    """The workspace's last usage day on or before AS_OF, over every account."""
    latest: date | None = last_usage_day_query(usage, as_of).to_pyarrow().as_py()
    return latest


def last_usage_day_query(usage: ir.Table, as_of: date) -> ir.DateScalar:
    known = usage.filter(usage.account_id.notnull(), usage.date <= ibis.literal(as_of))
    return known.date.max()


def without_deleted(tickets: ir.Table) -> ir.Table:
    """Tickets whose status is not "deleted" (a missing status is kept)."""
    status = tickets.status.lower().strip().fill_null("")
    return tickets.filter(status != "deleted")


def grouped_contacts(
    account_ids: list[str], names: list[str], *, role: str
) -> dict[str, list[Contact]]:
    """Each account's people in the order given, one Contact per distinct name.

    Contacts are immutable, so a person named for many accounts is one object.
    """
    people: dict[str, Contact] = {}
    contacts: dict[str, list[Contact]] = defaultdict(list)
    for account_id, name in zip(account_ids, names, strict=True):
        contact = people.get(name)
        if contact is None:
            contact = people[name] = Contact(name, role)
        contacts[account_id].append(contact)
    return contacts


def gap(name: SignalName, needs: str) -> DataGap:
    return DataGap(signal=name, needs=needs)


def day_label(day: date) -> str:
    """'12 Nov', the short form used in reasons."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def plural(count: int, word: str) -> str:
    """'1 ticket', '3 tickets'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def money(amount: Decimal | None, currency: str | None) -> str:
    """'$4,200' or 'CHF 4,200', rounded to whole units; '—' when unknown."""
    if amount is None:
        return "—"
    code = (currency or "USD").upper()
    whole = f"{amount.quantize(Decimal(1)):,}"
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{symbol}{whole}" if symbol else f"{code} {whole}"


def snippet(text: str, start: int, end: int) -> str:
    """About SNIPPET_CHARS of TEXT around the span START:END, one line."""
    room = max(SNIPPET_CHARS - (end - start), 0) // 2
    left = max(start - room, 0)
    right = min(end + room, len(text))
    piece = " ".join(text[left:right].split())
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    return f"{prefix}{piece}{suffix}"


def text_id(value: Any) -> str:
    return "" if value is None else str(value)


def own_id(value: Any) -> str:
    """An id for evidence text, as its system shows it ("zendesk:48213" → "48213")."""
    return "" if value is None else shown_id(str(value))


def ranked_per_account(rows: ir.Table, *order: ir.Value) -> ir.Table:
    """Every row, with ``first`` (first of its account by ORDER) and ``matches``.

    ORDER must end in a unique key so that ties never depend on row order.
    """
    first = ibis.row_number().over(group_by=rows.account_id, order_by=list(order))
    return rows.mutate(
        first=first == 0, matches=rows.count().over(group_by=rows.account_id)
    )


def latest_per_account(rows: ir.Table, *order: ir.Value) -> ir.Table:
    """The first row of each account by ORDER, with ``matches``, its row count.

    ORDER must end in a unique key so that ties never depend on row order.
    """
    ranked = rows.mutate(
        _rank=ibis.row_number().over(group_by=rows.account_id, order_by=list(order)),
        matches=rows.count().over(group_by=rows.account_id),
    )
    return ranked.filter(ranked._rank == 0).drop("_rank")
