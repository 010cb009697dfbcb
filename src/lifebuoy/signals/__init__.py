"""Signals: what puts an account at risk, computed per account as of a date.

``signals(workspace, as_of=...)`` returns a :class:`SignalReport` that the
planner, the health report, the CLI and tests all read.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from lifebuoy.signals.model import (
    SIGNAL_TABLES,
    Account,
    AccountSignals,
    Contact,
    DataGap,
    DataWarning,
    Evidence,
    Signal,
    SignalName,
    SignalReport,
)

if TYPE_CHECKING:
    from lifebuoy.workspace.store import Workspace


def signals(workspace: Workspace, *, as_of: date) -> SignalReport:
    """Every active account's signals as of AS_OF, with data gaps and warnings.

    The engine (and Ibis with it) is imported on first use, so reading the
    result types stays cheap for commands that never compute signals.
    """
    from lifebuoy.signals.engine import signals as compute

    return compute(workspace, as_of=as_of)


__all__ = [
    "SIGNAL_TABLES",
    "Account",
    "AccountSignals",
    "Contact",
    "DataGap",
    "DataWarning",
    "Evidence",
    "Signal",
    "SignalName",
    "SignalReport",
    "signals",
]
