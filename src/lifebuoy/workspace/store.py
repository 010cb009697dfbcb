"""The workspace: a folder with the data plane, the control store and settings.

<workspace>/data.duckdb    canonical tables (see schema.py)
<workspace>/lifebuoy.db    runs and plans (SQLite, see control.py)
<workspace>/config.toml    settings that override the shipped defaults
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb

from lifebuoy.errors import WorkspaceError
from lifebuoy.log import logger
from lifebuoy.workspace.schema import ALL_TABLES, CANONICAL
from lifebuoy.workspace.settings import Settings, load_settings

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends.duckdb import Backend

DEFAULT_DIR = Path(".lifebuoy")
ENV_VARIABLE = "LIFEBUOY_WORKSPACE"
DATA_FILE = "data.duckdb"
CONTROL_FILE = "lifebuoy.db"
CONFIG_FILE = "config.toml"

CONFIG_TEMPLATE = """\
# lifebuoy settings for this workspace. Every key is optional; the shipped
# defaults apply to anything left out. Environment variables
# (LIFEBUOY_SECTION__KEY) and command options override this file.

# timezone = "UTC"
# reporting_currency = "USD"
# playbook = "playbook.toml"

# [currency_rates]          # units of the reporting currency per unit
# EUR = 1.08

# [calendar]
# country = "US"            # holidays for due dates; none by default
# working_days = ["mon", "tue", "wed", "thu", "fri"]

# [signals]
# escalation_days = 90
# competitors = ["Gainsight", "ChurnZero"]
"""


def resolve_path(
    option: Path | None = None, *, environ: Mapping[str, str] | None = None
) -> Path:
    """The workspace folder: the option, else $LIFEBUOY_WORKSPACE, else ./.lifebuoy."""
    if option is not None:
        return option
    env = os.environ if environ is None else environ
    if env.get(ENV_VARIABLE):
        return Path(env[ENV_VARIABLE])
    return DEFAULT_DIR


def open_failure(path: Path, exc: duckdb.Error) -> WorkspaceError:
    """Why the data file at PATH could not be opened, with what to do."""
    if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
        return WorkspaceError(
            f"cannot open {path}: another process is using it",
            hint=(
                "Wait for the other lifebuoy command on this workspace to finish, "
                f"then try again. ({exc})"
            ),
        )
    if "not a valid duckdb database" in str(exc).lower():
        return WorkspaceError(
            f"the data file {path} is damaged: it is not a DuckDB database",
            hint=(
                "Restore it from a backup, or move it aside and rebuild it with "
                "'lifebuoy import SOURCE FILE' (your data) or 'lifebuoy demo' "
                "(sample data)."
            ),
        )
    return WorkspaceError(
        f"cannot open {path}: {exc}",
        hint=(
            "Check that the file can be read and written; if it is damaged, "
            "restore it from a backup or rebuild it with 'lifebuoy import'."
        ),
    )


class Workspace:
    """An open workspace. Use ``Workspace.open`` or ``Workspace.create``."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._backend: Backend | None = None

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Workspace:
        """Open an existing workspace; fail with a hint when there is none."""
        folder = resolve_path(path, environ=environ)
        if not (folder / DATA_FILE).exists():
            raise WorkspaceError(
                f"no lifebuoy workspace at {folder}",
                hint=(
                    "Create one with 'lifebuoy demo' (sample data) or "
                    "'lifebuoy import SOURCE FILE', or point to an existing one "
                    f"with --workspace DIR or ${ENV_VARIABLE}."
                ),
            )
        settings = load_settings(
            config_file=folder / CONFIG_FILE, environ=environ, options=options
        )
        workspace = cls(folder, settings)
        workspace.ensure_tables()
        return workspace

    @classmethod
    def create(
        cls,
        path: Path | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        config_text: str = CONFIG_TEMPLATE,
    ) -> Workspace:
        """Open the workspace at PATH, creating the folder and files if needed.

        CONFIG_TEXT becomes ``config.toml`` when the workspace has none yet.
        """
        folder = resolve_path(path, environ=environ)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot create the workspace folder {folder}: {exc.strerror}"
            ) from exc
        config = folder / CONFIG_FILE
        if not config.exists():
            config.write_text(config_text, encoding="utf-8")
        settings = load_settings(config_file=config, environ=environ, options=options)
        workspace = cls(folder, settings)
        workspace.ensure_tables()
        logger.info("workspace ready at %s", folder)
        return workspace

    @property
    def data_path(self) -> Path:
        return self.path / DATA_FILE

    @property
    def control_path(self) -> Path:
        return self.path / CONTROL_FILE

    @property
    def config_path(self) -> Path:
        return self.path / CONFIG_FILE

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            try:
                self._connection = duckdb.connect(str(self.data_path))
            except duckdb.Error as exc:
                raise open_failure(self.data_path, exc) from exc
        return self._connection

    @property
    def backend(self) -> Backend:
        """The Ibis backend over the data plane."""
        if self._backend is None:
            import ibis

            self._backend = ibis.duckdb.from_connection(self.connection)
        return self._backend

    def ensure_tables(self) -> None:
        """Create missing canonical tables and add columns newer versions added."""
        present: dict[str, set[str]] = {}
        for table, column in self.connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall():
            present.setdefault(table, set()).add(column)

        for spec in ALL_TABLES.values():
            if spec.name not in present:
                self.connection.execute(spec.ddl())
                continue
            for name, kind in spec.columns:
                if name not in present[spec.name]:
                    kind = kind.replace(" NOT NULL", "")
                    self.connection.execute(
                        f'ALTER TABLE "{spec.name}" ADD COLUMN "{name}" {kind}'
                    )

    def count(self, table: str) -> int:
        """Rows in a canonical table."""
        if table not in ALL_TABLES:
            raise KeyError(table)
        row = self.connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    def table(self, name: str) -> ir.Table | None:
        """The Ibis table for a canonical table, or None when it holds no rows."""
        if name not in CANONICAL:
            raise KeyError(name)
        if self.count(name) == 0:
            return None
        return self.backend.table(name)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._backend = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
