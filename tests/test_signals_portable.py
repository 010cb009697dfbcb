"""Every query the signal engine runs is plain Ibis: it compiles for Spark SQL
(Databricks) and warehouses too, not only for the embedded DuckDB it runs on
here. Compiling is what can be checked without those engines: an operation a
dialect lacks fails here, at compile time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pytest
from ibis.backends.duckdb import Backend

from lifebuoy.signals import signals
from lifebuoy.workspace import Workspace
from signal_cases import AS_OF, demo_workspace

DIALECTS = ("databricks", "snowflake", "bigquery", "postgres")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portable") / "ws"
    return demo_workspace(folder, accounts=120, seed=5)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_signal_query_compiles_for_another_engine(
    demo: Path, dialect: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []
    run = Backend.to_pyarrow

    def compiling(backend: Backend, expr: ir.Expr, /, **options: Any) -> Any:
        compiled.append(ibis.to_sql(expr, dialect=dialect))
        return run(backend, expr, **options)

    monkeypatch.setattr(Backend, "to_pyarrow", compiling)
    with Workspace.open(demo, environ={}) as workspace:
        report = signals(workspace, as_of=AS_OF)

    fired = {signal.name for account in report.accounts for signal in account.signals}
    assert len(fired) == 12
    # the accounts, the twelve signals (two pairs share one query), the usage
    # end, the filled columns, contacts and warnings
    assert len(compiled) >= 15
    assert all(
        query.lstrip().upper().startswith(("SELECT", "WITH")) for query in compiled
    )
