"""The keys one import has written already, for a table that fills several batches.

An import writes a table batch by batch, so a key a large file holds twice,
far apart, may be written from its first copy before the second is read.
:class:`SeenKeys` remembers, per key written, how its kept copy ranks and
how the write was counted (with a fingerprint of the row it replaced), in a
temporary table of the workspace's connection: memory grows with the keys
only, never with the rows. A later copy then replaces the earlier one when
it ranks higher, and the count is settled against the row as it was before
the import, so importing the same file again counts nothing as updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from lifebuoy.workspace.schema import TableSpec

Rank = tuple[bool, datetime, int]
"""A copy's rank: whether it has an update time, the time, its place."""
Entry = tuple[tuple[Any, ...], Rank, int | None, str, str, int | None]
"""A key to remember and what was done with it: its key, then the fields of
:class:`Earlier` in order (tuples, as large batches are remembered)."""


@dataclass(frozen=True)
class Earlier:
    """What the import did with a key before: the kept copy's rank, the
    fingerprint of the row it replaced (None when the key was new), how it was
    counted (loaded, updated or unchanged), and where the key was first read."""

    rank: Rank
    before: int | None
    counted: str
    file: str
    line: int | None


class SeenKeys:
    """The keys of one table written so far in one import."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, spec: TableSpec, *, types: Any
    ) -> None:
        self.connection = connection
        self.spec = spec
        self.types = types
        """Per key column, its Arrow type."""
        self.name = f"_seen_{spec.name}"
        self.files: dict[str, int] = {}
        self.created = False

    def earlier(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Earlier]:
        """The keys among KEYS written before, with what was done with them."""
        if not self.created or not keys:
            return {}
        names = self.spec.key
        columns = ", ".join(f'"{name}"' for name in names)
        self.connection.register("_seen_keys", self._keys(keys))
        try:
            found = self.connection.execute(
                f"SELECT {columns}, _time, _place, _before, _counted, _file, _line "
                f'FROM "{self.name}" JOIN _seen_keys USING ({columns})'
            ).fetchall()
        finally:
            self.connection.unregister("_seen_keys")

        files = list(self.files)
        width = len(names)
        earlier = {}
        for row in found:
            time, place, before, counted, file, line = row[width:]
            rank = (time is not None, time or datetime.min, place)
            earlier[tuple(row[:width])] = Earlier(
                rank, before, counted, files[file], line
            )
        return earlier

    def remember(self, entries: list[Entry]) -> None:
        """Add keys written for the first time."""
        if not entries:
            return
        self.connection.register("_seen_batch", self._table(entries))
        try:
            if self.created:
                self.connection.execute(
                    f'INSERT INTO "{self.name}" SELECT * FROM _seen_batch'
                )
            else:
                self.connection.execute(
                    f'CREATE OR REPLACE TEMP TABLE "{self.name}" AS '
                    "SELECT * FROM _seen_batch"
                )
                self.created = True
        finally:
            self.connection.unregister("_seen_batch")

    def replace(self, entries: list[Entry]) -> None:
        """Record that later copies of these keys are now the kept ones."""
        if not entries:
            return
        condition = " AND ".join(
            f'"{self.name}"."{name}" = _seen_batch."{name}"' for name in self.spec.key
        )
        self.connection.register("_seen_batch", self._table(entries))
        try:
            self.connection.execute(
                f'UPDATE "{self.name}" SET _time = _seen_batch._time, '
                "_place = _seen_batch._place, "
                f"_counted = _seen_batch._counted FROM _seen_batch WHERE {condition}"
            )
        finally:
            self.connection.unregister("_seen_batch")

    def close(self) -> None:
        if self.created:
            self.connection.execute(f'DROP TABLE IF EXISTS "{self.name}"')
            self.created = False

    def _keys(self, keys: list[tuple[Any, ...]]) -> pa.Table:
        return pa.table(
            {
                name: pa.array([key[place] for key in keys], self.types[name])
                for place, name in enumerate(self.spec.key)
            }
        )

    def _table(self, entries: list[Entry]) -> pa.Table:
        keys, ranks, befores, counted, files, lines = zip(*entries, strict=True)
        table = self._keys(list(keys))
        times = [rank[1] if rank[0] else None for rank in ranks]
        columns = {
            "_time": pa.array(times, pa.timestamp("us")),
            "_place": pa.array([rank[2] for rank in ranks], pa.int64()),
            "_before": pa.array(befores, pa.int64()),
            "_counted": pa.array(counted, pa.string()),
            "_file": pa.array([self._file(file) for file in files], pa.int32()),
            "_line": pa.array(lines, pa.int64()),
        }
        for name, values in columns.items():
            table = table.append_column(name, values)
        return table

    def _file(self, file: str) -> int:
        return self.files.setdefault(file, len(self.files))
