"""The workspace: canonical tables, control store and settings."""

from lifebuoy.workspace.load import LoadResult, write_rows
from lifebuoy.workspace.settings import Settings, load_settings
from lifebuoy.workspace.store import Workspace, resolve_path

__all__ = [
    "LoadResult",
    "Settings",
    "Workspace",
    "load_settings",
    "resolve_path",
    "write_rows",
]
