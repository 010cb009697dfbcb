"""lifebuoy: plan interventions for customer accounts at risk of churning."""

from importlib.metadata import version

from lifebuoy.errors import (
    ConfigError,
    LifebuoyError,
    ScopeError,
    SourceError,
    UsageError,
    WorkspaceError,
)
from lifebuoy.workspace import Settings, Workspace

__version__ = version("lifebuoy")

__all__ = [
    "ConfigError",
    "LifebuoyError",
    "ScopeError",
    "Settings",
    "SourceError",
    "UsageError",
    "Workspace",
    "WorkspaceError",
    "__version__",
]
