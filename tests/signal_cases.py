"""Helpers for the signal tests: a fixed as-of day and short row builders."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from lifebuoy.signals import DataGap, Signal, SignalName, SignalReport, signals
from lifebuoy.sources.demo import build_demo
from lifebuoy.workspace import Workspace

AS_OF = date(2026, 12, 3)
"""A Thursday. Edges used by the tests, counted by hand from it:
last 90 days = 2026-09-05..2026-12-03; last 30 days = 2026-11-04..2026-12-03;
the 90 days before those 30 = 2026-08-06..2026-11-03; the 30 days before
them = 2026-10-05..2026-11-03; last 180 days = 2026-06-07..2026-12-03;
next 90 days = 2026-12-03..2027-03-03."""


def account(account_id: str = "A1", **fields: Any) -> dict[str, Any]:
    return {"account_id": account_id, "name": f"Account {account_id}", **fields}


def at(day: str, clock: str = "12:00") -> datetime:
    """A stored (UTC, zoneless) timestamp: at("2026-11-12", "23:59")."""
    return datetime.fromisoformat(f"{day}T{clock}")


def report(workspace: Workspace, as_of: date = AS_OF) -> SignalReport:
    return signals(workspace, as_of=as_of)


def fired(
    workspace: Workspace, name: SignalName, as_of: date = AS_OF
) -> dict[str, Signal]:
    """The accounts where NAME fired, with its signal."""
    found: dict[str, Signal] = {}
    for entry in report(workspace, as_of).accounts:
        for signal in entry.signals:
            if signal.name == name:
                found[entry.account.account_id] = signal
    return found


def gaps(workspace: Workspace, as_of: date = AS_OF) -> dict[SignalName, DataGap]:
    return {gap.signal: gap for gap in report(workspace, as_of).gaps}


def demo_workspace(folder: Path, *, accounts: int, seed: int) -> Path:
    """A demo book of ACCOUNTS built in FOLDER as of AS_OF; the folder, closed."""
    with Workspace.create(folder, environ={}) as workspace:
        build_demo(workspace, accounts=accounts, seed=seed, as_of=AS_OF)
    return folder
