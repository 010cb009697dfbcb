"""Rows of a team's list that name one account, read as one row.

Lists grow by hand: "Acme" is added again under this week's news. Rows that
resolve to one account (the same workspace account, or the same name once
normalised) are merged rather than the later ones dropped: the risk words
of every row are read, and each other column takes the first value written
in list order (an ARR with its currency). Where rows write different values
for a column (two owners, two ARRs), a warning names the lines, the values
and the one kept. The merged row keeps the first row's line and name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from lifebuoy.planning.list_values import shown
from lifebuoy.planning.model import Tier
from lifebuoy.planning.team_list import ListRow


@dataclass(frozen=True)
class _Column:
    name: str
    """The column as a warning names it, in the plural: "owners"."""
    fields: tuple[str, ...]
    """The row fields holding its value; a row writes it when any is set."""
    carried: tuple[str, ...] = ()
    """Fields taken from the same row with it: an ARR's currency."""


COLUMNS = (
    _Column("ids", ("source_id",)),
    _Column("domains", ("domain",)),
    _Column("ARRs", ("arr",), carried=("currency",)),
    _Column("renewal dates", ("renewal_date",)),
    _Column("segments", ("segment",)),
    _Column("regions", ("region",)),
    _Column("owners", ("owner",)),
    _Column("CSMs", ("csm",)),
    _Column("tiers", ("tier", "tier_text")),
    _Column("actions", ("action",)),
)
"""The columns a merge takes from the first row that writes them."""


def merge_rows(rows: Sequence[ListRow], *, label: str) -> tuple[ListRow, list[str]]:
    """ROWS of one account, in list order, as one row; warnings to give.

    LABEL names the list in the warnings.
    """
    first = rows[0]
    if len(rows) == 1:
        return first, []

    values: dict[str, Any] = {"signals": _signals(rows)}
    for column in COLUMNS:
        source = next((row for row in rows if _writes(row, column)), first)
        for name in (*column.fields, *column.carried):
            values[name] = getattr(source, name)
    warnings = [_merged(rows, label=label)]
    warnings += [
        warning for column in COLUMNS if (warning := _differ(rows, column, label))
    ]
    return replace(first, **values), warnings


def _signals(rows: Sequence[ListRow]) -> str:
    """The rows' risk words in list order, a text written twice read once."""
    found: dict[str, str] = {}
    for row in rows:
        key = " ".join(row.signals.casefold().split())
        if key:
            found.setdefault(key, row.signals)
    return "; ".join(found.values())


def _writes(row: ListRow, column: _Column) -> bool:
    return any(getattr(row, name) is not None for name in column.fields)


def _merged(rows: Sequence[ListRow], *, label: str) -> str:
    names = list(dict.fromkeys(row.name for row in rows))
    also = f" (also written {', '.join(map(repr, names[1:]))})" if names[1:] else ""
    return (
        f"{label} lines {_lines(row.line for row in rows)}: {names[0]!r}{also} is "
        f"listed {len(rows)} times; its rows are read as one account: the risk "
        "words of every row, and the first value written in each other column"
    )


def _differ(rows: Sequence[ListRow], column: _Column, label: str) -> str | None:
    """The warning for rows that write different values in COLUMN, if they do."""
    written: dict[str, tuple[str, list[int]]] = {}
    for row in rows:
        if _writes(row, column):
            text = _shown(row, column)
            key = " ".join(text.casefold().split())
            written.setdefault(key, (text, []))[1].append(row.line)
    if len(written) < 2:
        return None

    listed = "; ".join(
        f"{text!r} (line{'s' if len(lines) > 1 else ''} {_lines(lines)})"
        for text, lines in written.values()
    )
    kept = next(iter(written.values()))[0]
    return (
        f"{label}: {rows[0].name!r} has different {column.name} in its rows: "
        f"{listed}; {kept!r} is kept"
    )


def _shown(row: ListRow, column: _Column) -> str:
    """A row's value in COLUMN as written back: "EUR 30,000", "High"."""
    parts = [_text(getattr(row, name)) for name in (*column.carried, *column.fields)]
    return " ".join(part for part in parts if part)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return shown(value)
    if isinstance(value, Tier):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _lines(lines: Iterable[int]) -> str:
    """3 → "3"; 3, 4 → "3 and 4"; 3, 4, 9 → "3, 4 and 9"."""
    numbers = [str(line) for line in lines]
    if len(numbers) == 1:
        return numbers[0]
    return f"{', '.join(numbers[:-1])} and {numbers[-1]}"
