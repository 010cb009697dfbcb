"""Shared fixtures: workspaces in temporary folders, built from plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from lifebuoy.workspace import Workspace, write_rows
from lifebuoy.workspace.schema import CANONICAL

Rows = Sequence[Mapping[str, Any]]
MakeWorkspace = Callable[..., Workspace]


def rows_to_arrow(table: str, rows: Rows) -> pa.Table:
    """Rows as an Arrow table typed like the canonical table's columns."""
    spec = CANONICAL[table]
    names = [name for name in spec.column_names if any(name in row for row in rows)]
    return pa.table({name: [row.get(name) for row in rows] for name in names})


@pytest.fixture
def environ() -> dict[str, str]:
    """An empty environment, so a developer's variables never leak into tests."""
    return {}


@pytest.fixture
def make_workspace(tmp_path: Path, environ: dict[str, str]) -> Iterator[MakeWorkspace]:
    """Build a workspace from rows per table: make_workspace(accounts=[...])."""
    opened: list[Workspace] = []

    def build(
        *, folder: str = "ws", config: str | None = None, **tables: Rows
    ) -> Workspace:
        path = tmp_path / folder
        path.mkdir(parents=True, exist_ok=True)
        if config is not None:
            (path / "config.toml").write_text(config, encoding="utf-8")
        workspace = Workspace.create(path, environ=environ)
        for table, rows in tables.items():
            if rows:
                write_rows(workspace, table, rows_to_arrow(table, rows))
        opened.append(workspace)
        return workspace

    yield build
    for workspace in opened:
        workspace.close()
