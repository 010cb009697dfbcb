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
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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
    migrate(engine)
    return engine


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
