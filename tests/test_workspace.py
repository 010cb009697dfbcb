"""Workspace creation, canonical tables and the loading path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import MakeWorkspace, rows_to_arrow
from lifebuoy.errors import WorkspaceError
from lifebuoy.sources.registry import SOURCES
from lifebuoy.workspace import Workspace, resolve_path, write_rows
from lifebuoy.workspace.control import control_engine
from lifebuoy.workspace.schema import CANONICAL, ID_PREFIXES, shown_id


def test_create_makes_the_three_files(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "ws", environ={})
    control_engine(workspace.control_path)

    assert workspace.data_path.exists()
    assert workspace.control_path.exists()
    assert "timezone" in workspace.config_path.read_text()
    workspace.close()


def test_create_holds_every_canonical_table_with_typed_columns(
    tmp_path: Path,
) -> None:
    workspace = Workspace.create(tmp_path / "ws", environ={})
    types = dict(
        workspace.connection.execute(
            "SELECT table_name || '.' || column_name, data_type "
            "FROM information_schema.columns"
        ).fetchall()
    )

    assert set(CANONICAL) <= {name.split(".")[0] for name in types}
    assert types["accounts.arr"] == "DECIMAL(18,2)"
    assert types["accounts.renewal_date"] == "DATE"
    assert types["accounts.strategic"] == "BOOLEAN"
    assert types["tickets.created_at"] == "TIMESTAMP"
    assert types["invoices.amount"] == "DECIMAL(18,2)"
    workspace.close()


def test_open_without_a_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as caught:
        Workspace.open(tmp_path / "missing", environ={})

    assert "no lifebuoy workspace at" in caught.value.message
    assert "lifebuoy demo" in str(caught.value.hint)


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (Path("a"), {"LIFEBUOY_WORKSPACE": "b"}, Path("a")),
        (None, {"LIFEBUOY_WORKSPACE": "b"}, Path("b")),
        (None, {}, Path(".lifebuoy")),
    ],
)
def test_workspace_path_layers(
    option: Path | None, environ: dict[str, str], expected: Path
) -> None:
    assert resolve_path(option, environ=environ) == expected


def test_write_rows_upserts_by_key(make_workspace: MakeWorkspace) -> None:
    account = {"account_id": "a1", "name": "Acme", "arr": Decimal("1200.50")}
    workspace = make_workspace(accounts=[account])

    again = write_rows(
        workspace,
        "accounts",
        rows_to_arrow("accounts", [{**account, "renewal_date": date(2027, 1, 31)}]),
    )

    assert (again.inserted, again.updated) == (0, 1)
    assert workspace.connection.execute(
        "SELECT name, arr, renewal_date FROM accounts"
    ).fetchall() == [("Acme", Decimal("1200.50"), date(2027, 1, 31))]


def test_empty_table_reads_as_missing(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(accounts=[{"account_id": "a1", "name": "Acme"}])

    assert workspace.table("tickets") is None
    assert workspace.table("accounts") is not None


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("zendesk:48213", "48213"),
        ("slack:C024BE91L:1700000000.1", "C024BE91L:1700000000.1"),
        ("chargebee:dues:sub_1", "dues:sub_1"),
        ("INV-2024:7", "INV-2024:7"),
        ("zd:12", "zd:12"),
        ("stripe:", "stripe:"),
        ("48213", "48213"),
    ],
)
def test_a_stored_id_is_shown_as_its_system_shows_it(stored: str, shown: str) -> None:
    assert shown_id(stored) == shown


def test_every_system_that_prefixes_its_ids_is_known() -> None:
    prefixing = {name for name, source in SOURCES.items() if source.prefix_ids}

    assert prefixing == set(ID_PREFIXES)
