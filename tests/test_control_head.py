"""The control store's newest migration, as the fast path knows it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from lifebuoy.workspace.control import HEAD_REVISION, control_engine


def test_head_revision_is_the_newest_migration() -> None:
    config = Config()
    location = resources.files("lifebuoy.workspace") / "migrations"
    config.set_main_option("script_location", str(location))

    heads = ScriptDirectory.from_config(config).get_heads()

    assert heads == [HEAD_REVISION]


def test_a_new_store_is_created_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "lifebuoy.db"

    for _ in range(2):
        engine = control_engine(path)
        with engine.connect() as connection:
            version = connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar_one()
            tables = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table'")
            ).scalars()
            names = set(tables)
        engine.dispose()

        assert version == "0001"
        assert {"runs", "run_accounts"} <= names
