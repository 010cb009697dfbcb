"""Signals: what puts an account at risk, computed per account as of a date.

``signals(workspace, as_of=...)`` returns a :class:`SignalReport` that the
planner, the health report, the CLI and tests all read.
"""

from lifebuoy.signals.engine import signals
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
