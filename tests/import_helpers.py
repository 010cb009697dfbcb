"""Helpers for the import tests: run an import, read a table back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lifebuoy.sources.pipeline import ImportReport, run_import
from lifebuoy.workspace import Workspace

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def do_import(
    workspace: Workspace,
    source: str,
    *paths: Path,
    table: str | None = None,
    mapping_file: Path | None = None,
    dry_run: bool = False,
) -> ImportReport:
    return run_import(
        workspace,
        source,
        list(paths),
        table=table,
        mapping_file=mapping_file,
        dry_run=dry_run,
    )


def rows(workspace: Workspace, sql: str) -> list[tuple[Any, ...]]:
    return workspace.connection.execute(sql).fetchall()


def snapshot(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every canonical table and the account links, sorted, for comparison."""
    tables = ("accounts", "tickets", "account_links", "usage", "contacts")
    return {
        table: sorted(
            rows(workspace, f'SELECT * FROM "{table}"'), key=lambda row: repr(row)
        )
        for table in tables
    }
