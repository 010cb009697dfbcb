"""The workspace: a folder with the data plane, the control store and settings.

<workspace>/data.duckdb    canonical tables (see schema.py)
<workspace>/lifebuoy.db    runs and plans (SQLite, see control.py)
<workspace>/config.toml    settings that override the shipped defaults
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
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


def is_locked(exc: duckdb.Error) -> bool:
    """Whether EXC says another process holds the data file."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def open_failure(
    path: Path, exc: duckdb.Error, *, waited: float = 0.0
) -> WorkspaceError:
    """Why the data file at PATH could not be opened, with what to do."""
    if is_locked(exc):
        after = f" (waited {waited:.0f} s)" if waited >= 1 else ""
        return WorkspaceError(
            f"cannot open {path}: another lifebuoy command is using it{after}",
            hint=(
                "Imports and 'lifebuoy demo' hold the workspace alone while they "
                "run; plans, at-risk lists and health checks can run side by side. "
                "Try again once the import has finished, or wait longer with "
                f"LIFEBUOY_LOCK_WAIT_SECONDS. ({exc})"
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


def _missing_folders(folder: Path) -> list[Path]:
    """FOLDER and those of its parents that do not exist yet, deepest first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    return missing


def _remove(paths: Sequence[Path]) -> None:
    """Remove PATHS in order, files then folders; stop at a folder that is not
    empty, since something other than lifebuoy put a file there."""
    for path in paths:
        try:
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        except OSError as exc:
            logger.warning("kept %s: %s", path, exc.strerror)
            return


class Workspace:
    """An open workspace. Use ``Workspace.open`` or ``Workspace.create``.

    A workspace opened read-only shares the data file with other readers (a
    plan and a health check at once); one opened for writing (an import)
    holds it alone. Either waits up to ``lock_wait_seconds`` for the file.
    """

    def __init__(
        self, path: Path, settings: Settings, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.settings = settings
        self.read_only = read_only
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._backend: Backend | None = None
        self.created: tuple[Path, ...] = ()
        """What ``create`` made for a workspace that was not there: its files,
        then its folders, deepest first; removed again if it stays empty."""

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        read_only: bool = False,
    ) -> Workspace:
        """Open an existing workspace; fail with a hint when there is none.

        READ_ONLY for commands that only read the data file (the control
        store and settings stay writable): any number may run at once.
        """
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
        workspace = cls(folder, settings, read_only=read_only)
        if not read_only:
            workspace.ensure_tables()
        elif not workspace.is_current():
            # a workspace from an older version gains its new columns first
            workspace.close()
            with cls(folder, settings) as upgraded:
                upgraded.ensure_tables()
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
        A workspace created here is removed again by ``close(discard_empty=True)``
        when nothing was written to it.
        """
        folder = resolve_path(path, environ=environ)
        is_new = not (folder / DATA_FILE).exists()
        folders = _missing_folders(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot create the workspace folder {folder}: {exc.strerror}"
            ) from exc

        config = folder / CONFIG_FILE
        files = [folder / DATA_FILE, folder / f"{DATA_FILE}.wal"]
        if not config.exists():
            config.write_text(config_text, encoding="utf-8")
            files.append(config)
        settings = load_settings(config_file=config, environ=environ, options=options)
        workspace = cls(folder, settings)
        if is_new:
            workspace.created = (*files, *folders)
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
            self._connection = self._connect()
        return self._connection

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """The data file's connection, once another process lets go of it."""
        path = str(self.data_path)
        wait = self.settings.lock_wait_seconds
        started = time.monotonic()
        pause = 0.05
        while True:
            try:
                return duckdb.connect(path, read_only=self.read_only)
            except duckdb.ConnectionException as exc:
                if not self.read_only or "different configuration" not in str(exc):
                    raise open_failure(self.data_path, exc) from exc
                # this process already has the file open for writing: share that
                return duckdb.connect(path)
            except duckdb.Error as exc:
                waited = time.monotonic() - started
                if not is_locked(exc) or waited + pause > wait:
                    raise open_failure(self.data_path, exc, waited=waited) from exc
                if pause == 0.05:
                    logger.warning(
                        "%s is in use by another lifebuoy command; waiting up to %g s",
                        self.data_path,
                        wait,
                    )
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def is_current(self) -> bool:
        """Whether every canonical table and column of this version is there."""
        return not self._missing()

    @property
    def backend(self) -> Backend:
        """The Ibis backend over the data plane."""
        if self._backend is None:
            import ibis

            self._backend = ibis.duckdb.from_connection(self.connection)
        return self._backend

    def ensure_tables(self) -> None:
        """Create missing canonical tables and add columns newer versions added."""
        for statement in self._missing():
            self.connection.execute(statement)

    def _missing(self) -> list[str]:
        """The statements that would bring the data file up to this version."""
        present: dict[str, set[str]] = {}
        for table, column in self.connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall():
            present.setdefault(table, set()).add(column)

        statements = []
        for spec in ALL_TABLES.values():
            if spec.name not in present:
                statements.append(spec.ddl())
                continue
            for name, kind in spec.columns:
                if name not in present[spec.name]:
                    kind = kind.replace(" NOT NULL", "")
                    statements.append(
                        f'ALTER TABLE "{spec.name}" ADD COLUMN "{name}" {kind}'
                    )
        return statements

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

    def close(self, *, discard_empty: bool = False) -> None:
        """Close the data file. With DISCARD_EMPTY, a workspace ``create`` made
        that still holds no rows is removed: files, then the folders made for it.
        """
        discard = discard_empty and bool(self.created) and self._is_empty()
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._backend = None
        if discard:
            logger.info("nothing was written: removing the new workspace %s", self.path)
            _remove(self.created)

    def _is_empty(self) -> bool:
        try:
            return not any(self.count(table) for table in ALL_TABLES)
        except duckdb.Error:
            return False

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
