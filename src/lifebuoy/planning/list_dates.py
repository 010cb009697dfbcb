"""The renewal dates of a team's list, read column by column.

A date such as "01.03.2027" reads as 1 March day-first and as 3 January
month-first. Alone it follows ``settings.imports.date_order``, as imports
do; but a column whose other dates can only be day-first ("15.01.2027") is
written day-first, so its dates that could be either are read day-first too,
and likewise month-first. A note says how each column's such dates were
read. ``parse_date`` tells which dates could be read either way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lifebuoy.planning.list_values import Cell, read_renewal
from lifebuoy.sources.values import DateOrder, Reading, parse_date

ORDER_WORDS: dict[Reading, str] = {"dmy": "day-first", "mdy": "month-first"}
SETTING = "settings.imports.date_order"


@dataclass
class RenewalDates:
    """The renewal dates read from one table, by the header of their column."""

    order: DateOrder
    readings: dict[str, Counter[Reading]] = field(default_factory=dict)
    first: dict[tuple[str, Reading], tuple[int, str]] = field(default_factory=dict)
    """The first line and text of each column's dates read each way."""
    either: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Each column's dates that could be read day-first or month-first."""

    def read(self, line: int, cell: Cell) -> tuple[date | None, str | None]:
        """The date in CELL (None when unknown) and a problem to say, if any."""
        parsed, problem = read_renewal(cell, order=self.order)
        if parsed is None:
            return None, problem

        self.readings.setdefault(cell.header, Counter())[parsed.reading] += 1
        self.first.setdefault((cell.header, parsed.reading), (line, cell.text))
        if parsed.reading == "ambiguous":
            self.either.setdefault(cell.header, []).append((line, cell.text))
        return parsed.value, None

    def settled(self, label: str) -> tuple[dict[int, date], list[str]]:
        """The dates read again in their column's order, by line, and a note
        for each column holding dates that could be read either way."""
        dates: dict[int, date] = {}
        notes = []
        for header, either in self.either.items():
            order = self._column_order(header)
            if order != self._default():
                dates |= {line: _read(text, order) for line, text in either}
            notes.append(self._note(label, header, order))
        return dates, notes

    def _default(self) -> Reading:
        """How a date that could be either is read by the setting ("ymd"
        settles only year-first dates; the others read day-first)."""
        return "mdy" if self.order == "mdy" else "dmy"

    def _column_order(self, header: str) -> Reading:
        readings = self.readings[header]
        if readings["dmy"] and not readings["mdy"]:
            return "dmy"
        if readings["mdy"] and not readings["dmy"]:
            return "mdy"
        return self._default()

    def _note(self, label: str, header: str, order: Reading) -> str:
        either = self.either[header]
        count = f"{len(either)} date{'s' if len(either) > 1 else ''}"
        where = f"{label}, column {header!r}: {count} could be read day-first or "
        where += f"month-first ({self._example(header, 'ambiguous')})"
        readings, words = self.readings[header], ORDER_WORDS[order]
        if readings["dmy"] and readings["mdy"]:
            return (
                f"{where}, and the column holds both day-first "
                f"({self._example(header, 'dmy')}) and month-first "
                f"({self._example(header, 'mdy')}) dates; read {words} by "
                f"{SETTING} ({self.order!r}). Check the column."
            )
        if readings[order]:
            return (
                f"{where}; read {words} like the column's dates that can only "
                f"be {words} ({self._example(header, order)})"
            )
        other: Reading = "dmy" if order == "mdy" else "mdy"
        return (
            f"{where}; read {words} by {SETTING} ({self.order!r}; set it to "
            f"{other!r} to read them {ORDER_WORDS[other]})"
        )

    def _example(self, header: str, reading: Reading) -> str:
        line, text = self.first[(header, reading)]
        return f"line {line}: {text!r}"


def _read(text: str, order: Reading) -> date:
    parsed = parse_date(text, order="dmy" if order == "dmy" else "mdy")
    assert parsed is not None
    return parsed.value
