"""Window edges, defined once for every signal.

"In the last N days" is the as-of day and the N-1 days before it; "within
the next N days" runs from the as-of day to N days after it, both included.
Dates (due dates, renewal dates, usage days) are compared as they are.
Timestamps are stored in UTC without a zone: a window's local days are
turned into UTC instants here, in Python, and the stored timestamps are
compared against those instants, which every backend does the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import ibis

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class Window:
    """The local days FIRST to LAST, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def start(self, zone: ZoneInfo) -> datetime:
        """The UTC instant the first local day begins."""
        return utc_midnight(self.first, zone)

    def end(self, zone: ZoneInfo) -> datetime:
        """The UTC instant the day after the last local day begins (excluded)."""
        return utc_midnight(self.last + timedelta(days=1), zone)

    def holds_date(self, column: ir.DateValue) -> ir.BooleanValue:
        return (column >= ibis.literal(self.first)) & (
            column <= ibis.literal(self.last)
        )

    def holds_instant(
        self, column: ir.TimestampValue, zone: ZoneInfo
    ) -> ir.BooleanValue:
        start = ibis.literal(self.start(zone), type="timestamp")
        end = ibis.literal(self.end(zone), type="timestamp")
        return (column >= start) & (column < end)


def last_days(as_of: date, days: int) -> Window:
    """The as-of day and the DAYS-1 days before it."""
    return Window(as_of - timedelta(days=days - 1), as_of)


def days_before(window: Window, days: int) -> Window:
    """The DAYS days just before WINDOW."""
    return Window(window.first - timedelta(days=days), window.first - timedelta(1))


def next_days(as_of: date, days: int) -> Window:
    """From the as-of day to DAYS days after it, both included."""
    return Window(as_of, as_of + timedelta(days=days))


def known_by_date(column: ir.DateValue, as_of: date) -> ir.BooleanValue:
    """Dated on or before the as-of day: what was known then."""
    return column <= ibis.literal(as_of)


def known_by_instant(
    column: ir.TimestampValue, as_of: date, *, zone: ZoneInfo
) -> ir.BooleanValue:
    """Stamped before the end of the local as-of day."""
    end = utc_midnight(as_of + timedelta(days=1), zone)
    return column < ibis.literal(end, type="timestamp")


def utc_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant (without zone, as stored) that local DAY begins."""
    local = datetime.combine(day, time(), tzinfo=zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def local_date(stamp: datetime, zone: ZoneInfo) -> date:
    """The local day of a stored UTC timestamp."""
    return stamp.replace(tzinfo=UTC).astimezone(zone).date()
