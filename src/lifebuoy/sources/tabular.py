"""Any CSV, XLSX or Parquet file into one named canonical table (``--table``).

The plainest source: rows are taken as they are, ids are kept as given
(no "csv:" prefix), and the header synonyms decide the columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from lifebuoy.errors import UsageError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.readers import open_tabular
from lifebuoy.workspace.schema import CANONICAL


class Tabular(Source):
    name: ClassVar[str] = "csv"
    tables: ClassVar[tuple[str, ...]] = tuple(CANONICAL)
    prefix_ids: ClassVar[bool] = False

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        table = context.table
        if table not in CANONICAL:
            raise UsageError(
                "lifebuoy import csv needs --table"
                if table is None
                else f"unknown table {table!r}",
                hint=f"Use --table with one of: {', '.join(CANONICAL)}.",
            )
        for path in paths:
            yield from tabular_records(path, table, context)


def tabular_records(
    path: Path, table: str, context: ReadContext
) -> Iterator[RawRecord]:
    """One record per row of a CSV, XLSX or Parquet file, for TABLE."""
    context.start_file(path)
    tabular = open_tabular(path, progress=context.progress)
    context.notes.extend(tabular.notes)
    headers = tabular.headers
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
        )
    if not found:
        context.empty_files.append(path)
