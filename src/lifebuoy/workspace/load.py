"""The one path by which rows reach the canonical tables.

Importers and the demo both call :func:`write_rows`. Rows are upserted by
the table's key, so loading the same data twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from lifebuoy.log import logger
from lifebuoy.workspace.schema import ALL_TABLES

if TYPE_CHECKING:
    from lifebuoy.workspace.store import Workspace


@dataclass(frozen=True)
class LoadResult:
    table: str
    inserted: int
    updated: int


def write_rows(
    workspace: Workspace, table: str, rows: pa.Table, *, replace: bool = False
) -> LoadResult:
    """Upsert ROWS into TABLE by its key; with REPLACE, empty the table first.

    ROWS may hold any subset of the table's columns; the rest are left to
    their defaults. A column the table does not have is a programming error.
    """
    spec = ALL_TABLES[table]
    unknown = set(rows.column_names) - set(spec.column_names)
    if unknown:
        raise ValueError(f"{table} has no columns {sorted(unknown)}")

    con = workspace.connection
    columns = ", ".join(f'"{name}"' for name in rows.column_names)
    con.register("_staged_rows", rows)
    try:
        con.execute("BEGIN TRANSACTION")
        updated = 0
        if replace:
            con.execute(f'DELETE FROM "{table}"')
        elif spec.key:
            updated = _delete_matching(workspace, table, spec.key)
        con.execute(
            f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM _staged_rows'
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_staged_rows")

    result = LoadResult(table, rows.num_rows - updated, updated)
    logger.info("loaded %s: %d new, %d updated", table, result.inserted, result.updated)
    return result


def _delete_matching(workspace: Workspace, table: str, key: tuple[str, ...]) -> int:
    keys = ", ".join(f'"{name}"' for name in key)
    row = workspace.connection.execute(
        f'DELETE FROM "{table}" WHERE ({keys}) IN (SELECT ({keys}) FROM _staged_rows)'
    ).fetchone()
    return int(row[0]) if row else 0
