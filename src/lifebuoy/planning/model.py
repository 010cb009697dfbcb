"""Tiers and the parsed scope: the shared vocabulary of planning."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from lifebuoy.signals.model import SignalName


class Tier(StrEnum):
    """Intervention tiers, most urgent first."""

    CRITICAL = "Critical"
    HIGH = "High"
    MEDIUM = "Medium"
    WATCH = "Watch"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


@dataclass(frozen=True)
class RunRef:
    """A saved run a scope draws its accounts from."""

    kind: Literal["at-risk", "plan", "any"] = "at-risk"
    run_id: int | None = None
    """None means the most recent run of that kind."""


@dataclass(frozen=True)
class Scope:
    """Which accounts to plan, as parsed from the user's words.

    Empty collections and None mean "no filter". All dates are absolute,
    resolved against the as-of date when the scope was parsed.
    """

    text: str
    tiers: frozenset[Tier] = frozenset()
    from_run: RunRef | None = None
    segments: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    renewal_from: date | None = None
    renewal_to: date | None = None
    signals: frozenset[SignalName] = frozenset()
    """Accounts with any of these signals."""
    any_signal: bool = False
    """"with risk flags": accounts with at least one signal."""
    arr_min: Decimal | None = None
    arr_max: Decimal | None = None
    top_n: int | None = None
    include_healthy: bool = False
    """"all accounts" lists healthy accounts too (health, at-risk summaries)."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        for key, value in data.items():
            if isinstance(value, frozenset):
                data[key] = sorted(str(item) for item in value)
            elif isinstance(value, date | Decimal):
                data[key] = str(value)
        return data
