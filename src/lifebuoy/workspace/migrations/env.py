"""Alembic environment: migrations run on the connection lifebuoy passes in."""

from __future__ import annotations

from alembic import context

from lifebuoy.workspace.control import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
