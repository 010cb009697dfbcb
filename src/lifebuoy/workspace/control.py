"""The control store: runs and the accounts each run planned.

SQLite through SQLAlchemy by default (``lifebuoy.db`` in the workspace);
the schema sticks to portable types so PostgreSQL works for a team. The
schema is created and upgraded by the migrations in ``migrations/``.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    text,
)
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from lifebuoy.errors import ReadOnlyError, WorkspaceError

HEAD_REVISION = "0001"
"""The newest migration in ``migrations/versions`` (a test keeps them equal)."""


class Base(DeclarativeBase):
    pass


class Run(Base):
    """One at-risk or plan run: what was asked, as of when, with which settings."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    scope_text: Mapped[str] = mapped_column(Text)
    scope: Mapped[dict[str, object]] = mapped_column(JSON)
    as_of: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    config_hash: Mapped[str] = mapped_column(String(64))
    sources: Mapped[dict[str, object]] = mapped_column(JSON)
    accounts: Mapped[list[RunAccount]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="RunAccount.id"
    )


class RunAccount(Base):
    """One account of a run, with its tier, signals and evidence then."""

    __tablename__ = "run_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    tier: Mapped[str | None] = mapped_column(String(20))
    signals: Mapped[list[object]] = mapped_column(JSON)
    run: Mapped[Run] = relationship(back_populates="accounts")


def control_engine(path: Path | str) -> Engine:
    """An engine on the control store, migrated to the current schema.

    PATH is a SQLite file or a full database URL (``postgresql://…``).
    """
    url = str(path) if "://" in str(path) else f"sqlite:///{path}"
    engine = create_engine(url)
    where = str(path) if "://" not in str(path) else engine.url.render_as_string()

    def reraise(context: ExceptionContext) -> None:
        raise control_failure(where, context.sqlalchemy_exception)

    # A store already at the newest migration is used as it is: loading
    # Alembic to find that out would weigh on every command that reads a run.
    current = _revision(engine)
    event.listen(engine, "handle_error", reraise)
    try:
        if current != HEAD_REVISION:
            migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise control_failure(where, exc) from exc
    return engine


def control_failure(where: str, exc: BaseException | None) -> WorkspaceError:
    """The control store at WHERE failed with EXC: what happened and what to do."""
    reason = str(getattr(exc, "orig", None) or exc)
    if isinstance(exc, DatabaseError) and _damaged(reason):
        return WorkspaceError(
            f"the control store {where} is damaged: {reason}",
            hint=(
                "Restore it from a backup, or move it aside (for example "
                f"'mv {where} {where}.damaged'); lifebuoy then starts a new one "
                "and the run history starts anew."
            ),
        )
    kind = ReadOnlyError if _read_only(reason) else WorkspaceError
    return kind(
        f"cannot use the control store {where}: {reason}",
        hint="Check that it can be read and written, then try again.",
    )


def _damaged(reason: str) -> bool:
    words = ("not a database", "malformed", "corrupt", "no such table", "no such col")
    return any(word in reason.lower() for word in words)


def _read_only(reason: str) -> bool:
    words = ("readonly database", "read-only", "unable to open", "permission denied")
    return any(word in reason.lower() for word in words)


def clear_runs(path: Path | str) -> int:
    """Delete every saved run of the control store at PATH; how many there were."""
    engine = control_engine(path)
    try:
        with engine.begin() as connection:
            connection.execute(delete(RunAccount))
            return connection.execute(delete(Run)).rowcount
    finally:
        engine.dispose()


def migrate(engine: Engine) -> None:
    """Bring the control store's schema up to the newest migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    location = resources.files("lifebuoy.workspace") / "migrations"
    config.set_main_option("script_location", str(location))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _revision(engine: Engine) -> str | None:
    """The store's migration revision; None when it has none or cannot say.

    Read before the engine's error handler is attached: a new or damaged
    store is not an error here, ``migrate`` then creates it or says why not.
    """
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).first()
    except SQLAlchemyError:
        return None
    return str(row[0]) if row else None
