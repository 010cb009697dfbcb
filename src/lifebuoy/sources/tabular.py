"""Any CSV, XLSX or Parquet file into one named canonical table (``--table``).

The plainest source: rows are taken as they are, ids are kept as given
(no "csv:" prefix), and the header synonyms decide the columns. A
workbook's header row is looked for below title rows and past cover sheets
(``readers.read_xlsx``). A file that plainly comes from a system with its
own importer is still read, with a note naming that importer.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from lifebuoy.errors import UsageError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.readers import open_tabular
from lifebuoy.workspace.schema import CANONICAL


class Tabular(Source):
    name: ClassVar[str] = "csv"
    label: ClassVar[str] = "CSV"
    tables: ClassVar[tuple[str, ...]] = tuple(CANONICAL)
    prefix_ids: ClassVar[bool] = False
    generic: ClassVar[bool] = True

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        table = _table(context.table)
        for path in paths:
            yield from tabular_records(path, table, context)


def _table(name: str | None) -> str:
    """The canonical table --table names (any case); a usage error with close
    matches when it names none."""
    hint = f"Use --table with one of: {', '.join(CANONICAL)}."
    if name is None:
        raise UsageError("lifebuoy import csv needs --table", hint=hint)
    table = name.strip().lower()
    if table in CANONICAL:
        return table

    close = difflib.get_close_matches(table, list(CANONICAL), n=1)
    suggestion = f" Did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"unknown table {name!r}.{suggestion}", hint=hint)


def tabular_records(
    path: Path, table: str, context: ReadContext
) -> Iterator[RawRecord]:
    """One record per row of a CSV, XLSX or Parquet file, for TABLE."""
    context.start_file(path)
    score = None
    if context.known_headers is not None:
        score = functools.partial(context.known_headers, table)
    tabular = open_tabular(path, progress=context.progress, header_score=score)
    context.notes.extend(tabular.notes)
    opened_notes = len(tabular.notes)
    headers = tabular.headers
    header_row = tuple(headers)
    width = len(headers)
    found = False
    for line, values in tabular.rows:
        found = True
        problem = None
        if len(values) != width:
            problem = f"the row has {len(values)} values but the header has {width}"
        yield RawRecord(
            table,
            path,
            line,
            dict(zip(headers, values, strict=False)),
            decimal_comma=tabular.decimal_comma,
            problem=problem,
            headers=header_row,
        )
    # reading the rows may add notes (formulas saved without values)
    context.notes.extend(tabular.notes[opened_notes:])
    if not found:
        context.empty_files.append(path)
